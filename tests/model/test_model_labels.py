"""Field-level errors name a field the way its form labels it (one table,
docgen/model/labels.py): a clerk reads "thiếu họ và tên người ký" beside the box called
"Họ và tên người ký", never "thiếu trường bắt buộc"."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from docgen.errors import InputError
from docgen.kinds import KINDS
from docgen.model.labels import field_label, field_name
from docgen.model.validation import validate_input
from tests.helpers import PAPER_KINDS, edited, load_json_sample


def keys(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """The path of every key of a sample (a list's first row stands for its rows)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield (*path, k)
            yield from keys(v, (*path, k))
    elif isinstance(value, list) and value:
        yield from keys(value[0], (*path, 0))


@pytest.mark.parametrize("kind", PAPER_KINDS)
def test_every_missing_field_is_named_by_its_label(kind, catalog):
    sample = load_json_sample(kind)
    unnamed = []
    for path in keys(sample):
        try:
            validate_input(KINDS[kind].model, edited(sample, path),
                           context={"catalog": catalog})
        except InputError as exc:
            unnamed += [e.loc for e in exc.errors
                        if e.type == "missing" and e.msg == "thiếu trường bắt buộc"]
    assert unnamed == []


def test_the_error_and_the_path_read_the_same_label():
    loc = ("individuals", 3, "name")
    assert field_label(loc) == "Cá nhân được khen thưởng 4 › Họ và tên"
    assert field_name(loc) == "họ và tên"
    assert field_name(("signer", "name")) == "họ và tên người ký"
    assert field_name(("date",), "certificate") == "ngày ký bằng (để trống: ngày quyết định)"
    assert field_name(("no_such_field",)) is None
