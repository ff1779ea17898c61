"""Never a 500: fields of every sample replaced by values of the wrong kind give either a
paper (200) or field-level errors (422). Every field of a small sample is tried; of a
large one (a round, a cluster's year: hundreds of fields of a few shapes) an even spread
of ``MAX_PATHS``, so the suite keeps its time."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.helpers import PAPER_KINDS, edited, load_json_sample

WRONG_VALUES: list[Any] = [None, 12345, [], {"x": 1}, "", "\u0000", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ✓ 🇻🇳"]


def leaves(value: Any, path: tuple = ()) -> Iterator[tuple]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from leaves(v, (*path, k))
    elif isinstance(value, list) and value:
        yield from leaves(value[0], (*path, 0))
        yield path
    else:
        yield path


MAX_PATHS = 24


def spread(paths: list[tuple]) -> list[tuple]:
    """At most ``MAX_PATHS`` of ``paths``, evenly spread, the first and the last included."""
    if len(paths) <= MAX_PATHS:
        return paths
    step = (len(paths) - 1) / (MAX_PATHS - 1)
    return [paths[round(i * step)] for i in range(MAX_PATHS)]


CASES = [(kind, path, i) for kind in PAPER_KINDS
         for path in spread(list(leaves(load_json_sample(kind))))
         for i in range(len(WRONG_VALUES))]


@pytest.mark.parametrize(("kind", "path", "i"), CASES,
                         ids=[f"{k}:{'.'.join(map(str, p))}:{i}" for k, p, i in CASES])
def test_wrong_value_is_never_a_server_error(shared_client, kind, path, i):
    client = shared_client  # a render stores nothing: one app serves every case
    body = edited(load_json_sample(kind), path, WRONG_VALUES[i])
    resp = client.post(f"/api/v1/{kind}/render?format=docx",
                       data=json.dumps(body, ensure_ascii=False), content_type="application/json")
    assert resp.status_code in (200, 422), resp.data[:300]
    if resp.status_code == 422:
        assert all(e["msg"] for e in resp.json["errors"])
