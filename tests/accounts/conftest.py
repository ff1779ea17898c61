"""Helpers for the sign-in tests: the CSRF token of a page, a sign-in through the form."""

from __future__ import annotations

import re

import pytest

from tests.conftest import TEST_PASSWORD


def page_token(client, path: str = "/login") -> str:  # type: ignore[no-untyped-def]
    html = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', html) or \
        re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


@pytest.fixture
def sign_in():  # type: ignore[no-untyped-def]
    """Sign a test client in through the form; returns the response."""
    def do(client, login: str, password: str = TEST_PASSWORD, **extra):  # type: ignore[no-untyped-def]
        return client.post("/login", data={"login": login, "password": password,
                                           "csrf_token": page_token(client), **extra})
    return do
