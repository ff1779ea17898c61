"""Filling a template: the values a clerk gives, checked against the declared fields (each
problem named by the field's label), then the kind's input: the preset values (their
strings filled too), the body filled as Markdown, the values a field sends straight to an
input field (``target``), and what the caller gives on top (``input``). The result goes
through the kind's own validation and composition like any other input (docgen.service):
the template never words the paper's frame itself.
"""

from __future__ import annotations

import copy
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Annotated, Any

from jinja2 import TemplateError as JinjaError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from docgen.errors import FieldError, InputError
from docgen.model.types import Day, Line
from docgen.model.validation import field_errors
from docgen.templates.sandbox import LIMITS, MARKDOWN, PLAIN, Limits, Rows, Sandbox, limited, render
from docgen.templates.spec import ColumnSpec, FieldSpec, TemplateSpec
from docgen.vn.dates import today

#: Most rows a list field takes.
MAX_ROWS = 500
Number = Annotated[Decimal, Field(ge=Decimal("-1e12"), le=Decimal("1e12"), allow_inf_nan=False)]
_TYPES: dict[str, Any] = {"text": Line, "number": Number, "date": Day}
_FORBID = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class Problem(FieldError):
    """A problem of a template (or of the values it was given), located: ``loc`` as every
    field error, and the line and column (from 1) in the body or preset text when it is
    there."""

    type: str = "template_error"
    line: int | None = None
    column: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "line": self.line, "column": self.column}


def _values_model(spec: TemplateSpec) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for f in spec.fields:
        if f.type == "rows":
            row = create_model(f"Row_{f.name}", __config__=_FORBID, **{  # type: ignore[call-overload]
                c.name: _typed(_TYPES[c.type], c.required) for c in f.columns})
            typ: Any = Annotated[list[row], Field(max_length=MAX_ROWS)]  # type: ignore[valid-type]
        else:
            typ = _TYPES[f.type]
        fields[f.name] = _typed(typ, f.required)
    return create_model("TemplateValues", __config__=_FORBID, **fields)


def _typed(typ: Any, required: bool) -> tuple[Any, Any]:
    return (typ, ...) if required else (typ | None, None)


def _label_of(spec: TemplateSpec, loc: tuple[str | int, ...]) -> str:
    """``Danh sách đơn vị, dòng 2, Tên đơn vị`` for ``("don_vi", 1, "ten")``."""
    if not loc or not isinstance(loc[0], str):
        return ""
    f = spec.field(loc[0])
    if f is None:
        return ""
    words = [f.label]
    if len(loc) > 1 and isinstance(loc[1], int):
        words.append(f"dòng {loc[1] + 1}")
        if len(loc) > 2:
            col = next((c for c in f.columns if c.name == loc[2]), None)
            words.append(col.label if col else str(loc[2]))
    return ", ".join(words)


def validate_values(spec: TemplateSpec, values: Any) -> dict[str, Any]:
    """The values checked against the declared fields, as the template reads them (dates
    as dates, whole numbers as ``int``, lists of rows). Each problem names its field by
    its label (``Hạn nộp hồ sơ: chưa điền``), under ``("values", name, …)``."""
    if not isinstance(values, Mapping):
        raise InputError([FieldError(("values",), "giá trị phải là một đối tượng JSON",
                                     "model_type")])
    try:
        checked = _values_model(spec).model_validate(dict(values))
    except ValidationError as exc:
        errors = []
        for e in field_errors(exc):
            label = _label_of(spec, e.loc)
            if e.type == "extra_forbidden":
                msg = f"mẫu không có trường '{e.loc[-1]}'"
            elif e.type == "missing":
                msg = f"{label}: chưa điền"
            else:
                msg = f"{label}: {e.msg}" if label else e.msg
            errors.append(FieldError(("values", *e.loc), msg, e.type))
        raise InputError(errors) from None
    return {f.name: _for_template(getattr(checked, f.name)) for f in spec.fields}


def _for_template(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value
    if isinstance(value, list):
        return Rows(_for_template(v) for v in value)
    if isinstance(value, BaseModel):
        return {k: _for_template(v) for k, v in value}
    return value


def _json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    return value


def _sample(typ: str, label: str, i: int = 0) -> Any:
    if typ == "number":
        return i + 1
    if typ == "date":
        return (today() + timedelta(days=7 * (i + 1))).isoformat()
    return f"[{label}]" if not i else f"[{label} {i + 1}]"


def _sample_of(f: FieldSpec) -> Any:
    if f.sample is not None:
        return f.sample
    if f.type == "rows":
        return [{c.name: _column_sample(c, i) for c in f.columns} for i in range(2)]
    return _sample(f.type, f.label)


def _column_sample(c: ColumnSpec, i: int) -> Any:
    return _sample(c.type, c.label, i)


def preview_values(spec: TemplateSpec) -> dict[str, Any]:
    """The fields' sample values (a made-up one where the template gives none), for the
    preview a template shows before anyone uses it."""
    return {f.name: _sample_of(f) for f in spec.fields}


# -- running the template's code ------------------------------------------------------------

def template_line(exc: BaseException) -> int | None:
    """The line of the template where ``exc`` happened (Jinja rewrites tracebacks so the
    template's frames carry its own line numbers)."""
    if getattr(exc, "lineno", None):
        return int(exc.lineno)  # type: ignore[attr-defined]
    lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__)
             if f.filename == "<template>"]
    return lines[-1] if lines else None


def run(env: Sandbox, source: str, context: Mapping[str, Any], loc: tuple[str | int, ...],
        locate: Callable[[str, int | None, str], int | None]) -> str:
    """``source`` filled, or an ``InputError`` with the located problem."""
    try:
        return render(env, source, context)
    except (JinjaError, ArithmeticError, TypeError, ValueError, RecursionError,
            OverflowError, MemoryError) as exc:
        line = template_line(exc)
        msg = str(exc).split("\n")[0]
        raise InputError([Problem(loc, runtime_message(exc, msg), "template_runtime", line,
                                  locate(source, line, _needle(msg)))]) from None


def _needle(msg: str) -> str:
    """The name a runtime message is about (``'__class__'`` of ``access to attribute
    '__class__' of 'str' object is unsafe``), to find its column."""
    parts = msg.split("'")
    return parts[1] if len(parts) > 2 else ""


def runtime_message(exc: BaseException, msg: str) -> str:
    from_jinja = {
        "SecurityError": "bị chặn vì không an toàn",
        "TemplateLimitError": "vượt giới hạn",
        "UndefinedError": "không có giá trị này",
    }
    kind = type(exc).__name__
    if kind == "TemplateLimitError":
        return msg
    if kind == "SecurityError" and "unsafe" in msg:
        return f"truy cập '{_needle(msg)}' bị chặn: không được đọc thuộc tính nội bộ của Python"
    if kind == "RecursionError":
        return "macro gọi lại chính nó quá sâu"
    return f"{from_jinja.get(kind, 'lỗi khi chạy mẫu')}: {msg}"


def _strings(value: Any, path: tuple[str | int, ...]) -> list[tuple[tuple[str | int, ...], str]]:
    """Every string of the preset values with its path."""
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(v, (*path, k))]
    if isinstance(value, list):
        return [s for i, v in enumerate(value) for s in _strings(v, (*path, i))]
    return []


def _set(target: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    node: Any = target
    for p in path[:-1]:
        node = node.setdefault(p, {}) if isinstance(node, dict) else node[p]
    node[path[-1]] = value


def _merge(base: dict[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    """``top`` over ``base``: objects merged key by key, anything else replaced."""
    out = dict(base)
    for k, v in top.items():
        out[k] = _merge(out[k], v) if isinstance(v, Mapping) and isinstance(out.get(k), dict) \
            else copy.deepcopy(v)
    return out


def fill_template(spec: TemplateSpec, values: Any, overrides: Mapping[str, Any] | None = None,
                  *, limits: Limits = LIMITS,
                  locate: Callable[[str, int | None, str], int | None] = lambda s, n, t: None
                  ) -> dict[str, Any]:
    """The kind's input made from ``spec`` and ``values`` (and ``overrides`` on top), not
    yet validated by the kind."""
    context = validate_values(spec, values)
    out = copy.deepcopy(spec.defaults)
    with limited(limits):
        for path, text in _strings(out, ()):
            if "{" in text:
                _set(out, path, run(PLAIN, text, context, ("defaults", *path), locate))
        if spec.body:
            out["body"] = run(MARKDOWN, spec.body, context, ("body",), locate).strip()
    for f in spec.fields:
        if f.target and context.get(f.name) is not None:
            _set(out, tuple(f.target.split(".")), _json(context[f.name]))
    return _merge(out, overrides or {})
