"""Checking a template when it is saved: every problem named with its place (the field or
preset value, the line and column in its text, the placeholder).

Refused: syntax errors; placeholders not declared as fields; declared fields never used;
reading another file (``include``, ``import``, ``extends``); attributes of Python's
internals (``''.__class__.__mro__``, ``x['__globals__']``); calling anything but ``range``,
``caller`` and the template's own macros (so no method of a value can be reached); filters
and tests docgen does not offer. Then the template is filled once with the fields' sample
values, in the sandbox and its limits, so what only shows when it runs (a loop over a
column that is not there, a limit) is reported too, with its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from jinja2 import TemplateSyntaxError, nodes
from pydantic import ValidationError

from docgen.errors import InputError
from docgen.kinds import KINDS
from docgen.model.validation import field_errors
from docgen.templates.fill import Problem, fill_template, preview_values
from docgen.templates.sandbox import FILTERS, GLOBALS, LIMITS, TESTS, Limits, parse
from docgen.templates.spec import TemplateSpec

Loc = tuple[str | int, ...]


def locate(source: str, line: int | None, needle: str) -> int | None:
    """The column (from 1) of ``needle`` on ``line`` of ``source``, inside a tag when it
    is there; else the first tag of the line; else 1."""
    if line is None:
        return None
    lines = source.split("\n")
    if not 1 <= line <= len(lines):
        return None
    text = lines[line - 1]
    if needle:
        pattern = (r"(?<![\w])" + re.escape(needle) + r"(?![\w])") if needle[:1].isalnum() \
            or needle[:1] == "_" else re.escape(needle)
        tags = [m.span() for m in re.finditer(r"\{[{%].*?(?:[}%]\}|$)", text)]
        hits = [m.start() for m in re.finditer(pattern, text)]
        inside = [h for h in hits if any(a <= h < b for a, b in tags)]
        if inside or hits:
            return (inside or hits)[0] + 1
    tag = re.search(r"\{[{%]", text)
    return tag.start() + 1 if tag else 1


_SYNTAX = (
    (re.compile(r"Encountered unknown tag '([^']+)'"), "không có thẻ '{{% {0} %}}'"),
    (re.compile(r"expected token '([^']+)', got '([^']*)'"), "thiếu '{0}' (gặp '{1}')"),
    (re.compile(r"unexpected char '(.)'"), "ký tự '{0}' không đúng chỗ"),
    (re.compile(r"unexpected '([^']+)'"), "'{0}' không đúng chỗ"),
    (re.compile(r"unexpected end of template", re.I), "mẫu kết thúc khi còn khối chưa đóng"),
    (re.compile(r"Expected an expression", re.I), "thiếu biểu thức"),
)


def _syntax_message(msg: str) -> tuple[str, str]:
    """(the clerk's message, the token to find on the line) of a Jinja syntax error."""
    first = msg.split("\n")[0]
    innermost = re.search(r"innermost block that needs to be closed is '([^']+)'", msg)
    if innermost:
        return (f"khối '{{% {innermost[1]} %}}' chưa được đóng bằng "
                f"'{{% end{innermost[1]} %}}'", "")
    for pattern, words in _SYNTAX:
        m = pattern.search(first)
        if m:
            return f"lỗi cú pháp: {words.format(*m.groups())}", m.groups()[-1] if m.groups() \
                else ""
    return f"lỗi cú pháp: {first}", ""


def _walk(node: nodes.Node) -> Iterator[nodes.Node]:
    yield node
    for child in node.iter_child_nodes():
        yield from _walk(child)


def _code_problems(source: str, loc: Loc, declared: set[str], used: set[str]
                   ) -> list[Problem]:
    """What is wrong in one text of the template; the fields it reads go into ``used``."""
    try:
        tree = parse(source)
    except TemplateSyntaxError as exc:
        msg, needle = _syntax_message(exc.message or "")
        line = exc.lineno
        if "chưa được đóng" in msg or "kết thúc" in msg:
            line = source.count("\n") + 1
        column = locate(source, line, needle)
        if "chưa được đóng" in msg:
            column = len(source.split("\n")[-1]) + 1
        return [Problem(loc, msg, "template_syntax", line, column)]
    out: list[Problem] = []

    def problem(node: nodes.Node, msg: str, needle: str, kind: str) -> None:
        out.append(Problem(loc, msg, kind, node.lineno, locate(source, node.lineno, needle)))

    macros = {m.name for m in tree.find_all(nodes.Macro)}
    assigned = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    known = declared | assigned | macros | set(GLOBALS)
    for node in _walk(tree):
        if isinstance(node, nodes.Extends | nodes.Include | nodes.Import | nodes.FromImport):
            word = type(node).__name__.lower().replace("fromimport", "from")
            problem(node, "mẫu không được đọc tệp hay mẫu khác", word, "template_file")
        elif isinstance(node, nodes.EvalContextModifier):
            problem(node, "không được tắt việc thoát ký tự (autoescape)", "autoescape",
                    "template_unsafe")
        elif isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            problem(node, f"không được đọc thuộc tính nội bộ '{node.attr}' của Python",
                    node.attr, "template_unsafe")
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) \
                and isinstance(node.arg.value, str) and node.arg.value.startswith("_"):
            problem(node, f"không được đọc thuộc tính nội bộ '{node.arg.value}' của Python",
                    node.arg.value, "template_unsafe")
        elif isinstance(node, nodes.Call) and not _callable(node.node, macros):
            name = node.node.attr if isinstance(node.node, nodes.Getattr) else \
                getattr(node.node, "name", "")
            problem(node, "chỉ được gọi range(), caller() và macro của chính mẫu; không gọi "
                          f"được '{name}'", name, "template_unsafe")
        elif isinstance(node, nodes.Filter | nodes.FilterBlock):
            flt = node if isinstance(node, nodes.Filter) else node.filter
            if flt.name not in FILTERS:
                problem(node, f"không có bộ lọc '{flt.name}'; chỉ dùng: "
                        + ", ".join(FILTERS), flt.name, "template_filter")
            for arg in (*flt.args, *(k.value for k in flt.kwargs)):
                if isinstance(arg, nodes.Const) and str(arg.value).startswith("_"):
                    problem(node, f"không được đọc thuộc tính nội bộ '{arg.value}' của Python",
                            str(arg.value), "template_unsafe")
        elif isinstance(node, nodes.Test) and node.name not in TESTS:
            problem(node, f"không có phép thử '{node.name}'; chỉ dùng: " + ", ".join(TESTS),
                    node.name, "template_filter")
        elif isinstance(node, nodes.Name) and node.ctx == "load":
            if node.name in declared:
                used.add(node.name)
            elif node.name not in known:
                problem(node, f"chỗ trống '{node.name}' chưa được khai báo là trường của mẫu",
                        node.name, "template_undeclared")
    return out


def _callable(node: nodes.Node, macros: set[str]) -> bool:
    if isinstance(node, nodes.Name):
        return node.name in ("range", "caller") or node.name in macros
    return isinstance(node, nodes.Getattr) and node.attr == "cycle" \
        and isinstance(node.node, nodes.Name) and node.node.name == "loop"


def _strings(value: Any, path: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, (*path, i))


def check_template(data: Any, *, limits: Limits = LIMITS) -> tuple[TemplateSpec | None,
                                                                     list[Problem]]:
    """The template (when its shape is right) and every problem found in it; no problem
    means it may be saved."""
    try:
        spec = TemplateSpec.model_validate(data)
    except ValidationError as exc:
        return None, [Problem(e.loc, e.msg, e.type) for e in field_errors(exc)]
    problems: list[Problem] = []
    kind = KINDS.get(spec.kind)
    if kind is None:
        problems.append(Problem(("kind",), f"không có loại văn bản '{spec.kind}'"))
        return spec, problems
    model_fields = kind.model.model_fields
    if spec.body.strip() and "body" not in model_fields:
        problems.append(Problem(("body",), f"{kind.label} không có phần nội dung: để trống, "
                                           "đặt chỗ trống trong các giá trị đặt sẵn"))
    for key in spec.defaults:
        if key not in model_fields:
            problems.append(Problem(("defaults", key), f"{kind.label} không có trường '{key}'"))
    seen: set[str] = set()
    for i, f in enumerate(spec.fields):
        if f.name in seen:
            problems.append(Problem(("fields", i, "name"), f"trường '{f.name}' khai báo hai lần"))
        seen.add(f.name)
        if f.target and f.target.split(".")[0] not in model_fields:
            problems.append(Problem(("fields", i, "target"),
                                    f"{kind.label} không có trường '{f.target}'"))
    used: set[str] = set()
    for loc, text in (*_strings(spec.defaults, ("defaults",)), (("body",), spec.body)):
        problems.extend(_code_problems(text, loc, seen, used))
    # A text that does not parse may use any field: only a template that parses whole
    # can say a field is never used.
    unparsed = any(p.type == "template_syntax" for p in problems)
    for i, f in enumerate(spec.fields):
        if f.name not in used and not f.target and not unparsed:
            problems.append(Problem(("fields", i, "name"),
                                    f"trường '{f.name}' ({f.label}) được khai báo nhưng không "
                                    "dùng trong mẫu", "template_unused"))
    if problems:
        return spec, problems
    # Filled once with the samples: what only shows when the code runs.
    try:
        fill_template(spec, preview_values(spec), limits=limits, locate=locate)
    except InputError as exc:
        problems.extend(
            e if isinstance(e, Problem) else Problem(
                ("fields", _index(spec, e.loc), "sample", *e.loc[2:]),
                f"giá trị mẫu không dùng được: {e.msg}", e.type)
            for e in exc.errors)
    return spec, problems


def _index(spec: TemplateSpec, loc: Loc) -> int:
    name = loc[1] if len(loc) > 1 else None
    return next((i for i, f in enumerate(spec.fields) if f.name == name), 0)
