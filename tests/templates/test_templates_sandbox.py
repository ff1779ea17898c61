"""The template engine: the sandbox refuses escapes when a template is saved (with line
and column), stops runaway code at its limits, escapes values for Markdown, and fills the
kind's input."""

from __future__ import annotations

import time
from typing import Any

import pytest

from docgen.errors import InputError
from docgen.templates import check_template, fill_template
from docgen.templates.sandbox import Limits, markdown_escape

BASE: dict[str, Any] = {"kind": "official-letter", "name": "Thử",
                        "fields": [{"name": "nam", "label": "Năm", "type": "number"}]}


def problems(body: str, **changes: Any) -> list[tuple[str, int | None, int | None]]:
    _, found = check_template({**BASE, **changes, "body": body})
    return [(p.msg, p.line, p.column) for p in found]


@pytest.mark.parametrize(("body", "needle", "line", "column"), [
    ("{{ nam }}\n{{ ''.__class__.__mro__ }}", "__class__", 2, 7),
    ("{{ nam }}{{ nam.__class__.__base__.__subclasses__() }}", "__class__", 1, 17),
    ("{{ nam }}{{ nam['__class__'] }}", "__class__", 1, 18),
    ("{{ nam }}{{ nam|attr('__class__') }}", "attr", 1, 17),
    ("{{ nam }}{{ nam|map(attribute='__class__')|list }}", "__class__", 1, 32),
    ("{{ nam }}{{ range.__self__ }}", "__self__", 1, 19),
    ("{{ nam }}{{ ('{0.__class__}').format(nam) }}", "format", 1, 31),
    ("{{ nam }}{{ cycler.__init__.__globals__ }}", "cycler", 1, 13),
    ("{{ nam }}{{ lipsum }}{{ self }}", "lipsum", 1, 13),
    ("{{ nam }}{{ config }}", "config", 1, 13),
    ("{{ nam }}\n\n{% include '/etc/passwd' %}", "tệp", 3, 4),
    ("{{ nam }}{% import 'x.html' as x %}", "tệp", 1, 13),
    ("{% extends 'base.html' %}{{ nam }}", "tệp", 1, 4),
    ("{{ nam }}{% autoescape false %}x{% endautoescape %}", "autoescape", 1, 13),
    ("{{ nam }}{{ nam|safe }}", "safe", 1, 17),
])
def test_escapes_are_refused_when_saved_with_their_place(body: str, needle: str, line: int,
                                                           column: int) -> None:
    found = problems(body)
    hit = next((p for p in found if needle in p[0]), None)
    assert hit is not None, found
    assert hit[1:] == (line, column)


def test_a_key_built_at_run_time_is_stopped_by_the_sandbox() -> None:
    found = problems("{{ nam }}\n{% set k = '_' ~ '_class__' %}{{ nam[k] }}")
    assert found and "__class__" in found[0][0] and found[0][1] == 2


@pytest.mark.parametrize("body", [
    "{{ nam }}{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
    "{{ nam }}{{ 'a' * 10**9 }}",
    "{{ nam }}{{ 2 ** 100000 }}",
    "{{ nam }}{% macro f(s) %}{{ f(s ~ s) }}{% endmacro %}{{ f('ab') }}",
    "{{ nam }}{% for i in range(1000000) %}{% endfor %}",
])
def test_runaway_code_stops_at_the_limits(body: str) -> None:
    start = time.monotonic()
    _, found = check_template({**BASE, "body": body}, limits=Limits(seconds=0.5))
    assert found and found[0].line == 1
    assert time.monotonic() - start < 3


@pytest.mark.parametrize(("body", "message", "line", "column"), [
    ("{{ nam }}\n{% for x in y %}", "chưa được đóng", 2, 17),
    ("{{ nam }}\n{% fro x %}", "fro", 2, 4),
    ("{{ nam }}\n{{ han_nop }}", "han_nop", 2, 4),
])
def test_syntax_errors_and_undeclared_placeholders_are_located(body: str, message: str,
                                                                line: int, column: int) -> None:
    found = problems(body)
    assert any(message in m and (ln, col) == (line, column) for m, ln, col in found), found


def test_a_declared_field_never_used_is_named() -> None:
    _, found = check_template({**BASE, "body": "Không có chỗ trống"})
    assert [(p.loc, p.type) for p in found] == [(("fields", 0, "name"), "template_unused")]
    assert "Năm" in found[0].msg


def test_preset_strings_are_templates_too_and_located() -> None:
    _, found = check_template({**BASE, "body": "", "defaults": {"about": "Năm {{ nam.__dict__ }}"}})
    assert found[0].loc == ("defaults", "about") and found[0].column == 12


def test_values_are_escaped_for_markdown_and_printed_as_papers_do() -> None:
    spec, found = check_template({
        **BASE, "fields": [*BASE["fields"],
                           {"name": "ten", "label": "Tên", "type": "text"},
                           {"name": "han", "label": "Hạn", "type": "date"}],
        "defaults": {"about": "Năm {{ nam }} của {{ ten }}"},
        "body": "# Năm {{ nam }}\n\n{{ ten }}, hạn {{ han }} ({{ han|date_words }}), {{ 1500|number }}"})
    assert not found and spec is not None
    data = fill_template(spec, {"nam": 2026, "ten": "# A | **B** &amp;", "han": "2026-12-05"})
    assert data["about"] == "Năm 2026 của # A | **B** &amp;"
    # Every punctuation mark of a value is escaped (CommonMark drops the backslashes when
    # it reads them); what the template writes itself, constants included, stays Markdown.
    assert data["body"] == ("# Năm 2026\n\n\\# A \\| \\*\\*B\\*\\* \\&amp\\;, hạn 05\\/12\\/2026 "
                            "(ngày 05 tháng 12 năm 2026), 1.500")
    assert markdown_escape("a\nb") == "a b"


def test_wrong_values_are_named_by_their_label() -> None:
    spec, _ = check_template({**BASE, "body": "{{ nam }}"})
    assert spec is not None
    with pytest.raises(InputError) as err:
        fill_template(spec, {"nam": "nhiều", "khac": 1})
    msgs = {e.loc: e.msg for e in err.value.errors}
    assert msgs[("values", "nam")].startswith("Năm: ")
    assert msgs[("values", "khac")] == "mẫu không có trường 'khac'"
