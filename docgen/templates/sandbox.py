"""Where a template's code runs: Jinja2's ``ImmutableSandboxedEnvironment`` with
autoescaping, only the filters and tests docgen offers, no loader (no file can be read or
included), and limits on time and size.

Escaping targets what the output is. A body is Markdown (docs/format-rules.md, "The
body"), and HTML is not interpreted there, so Jinja's HTML escaping would print ``&amp;``
in the paper; instead every value a ``{{ … }}`` prints passes ``finalize``, which escapes
the Markdown punctuation (a clerk's ``**`` or ``|`` stays text, never a heading, a bold run
or a table cell) and returns it marked safe, so autoescaping leaves it as it is. Dates
print ``05/12/2026`` and decimals ``28,5`` as papers write them; whole numbers print as
they are (a year is ``2026``; ``|number`` groups thousands: ``1.500``). Preset strings
(``defaults``) are plain text: their values are printed as they are.

Limits: the sandbox already refuses attributes that start with ``_`` and methods that
change lists or dictionaries; here each attribute read, item read, call, ``range`` step
and row of a list checks the time limit, ``*``, ``**``, ``+`` and ``%`` are refused when
they would build something larger than the output limit, and the output is counted as it
is produced.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from jinja2 import StrictUndefined, nodes
from jinja2 import filters as jf
from jinja2 import tests as jt
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from docgen.vn.dates import date_words, short_date
from docgen.vn.money import format_decimal, format_money, format_number, money_words, number_words
from docgen.vn.text import capitalize_first, upper


@dataclass(frozen=True)
class Limits:
    """How long one filling may take, and how much it may produce."""

    seconds: float = 2.0
    output_chars: int = 200_000
    range_steps: int = 10_000


LIMITS = Limits()


class TemplateLimitError(SecurityError):
    """A template went past its time or size limit."""


_deadline: ContextVar[tuple[float, Limits] | None] = ContextVar("docgen_template_deadline",
                                                                 default=None)


def _tick() -> None:
    state = _deadline.get()
    if state is not None and time.monotonic() > state[0]:
        raise TemplateLimitError(f"mẫu chạy quá {state[1].seconds:g} giây: đã dừng")


def _limits() -> Limits:
    state = _deadline.get()
    return state[1] if state is not None else LIMITS


@contextmanager
def limited(limits: Limits = LIMITS) -> Iterator[None]:
    """Run template code within ``limits`` (the time limit starts now)."""
    token = _deadline.set((time.monotonic() + limits.seconds, limits))
    try:
        yield
    finally:
        _deadline.reset(token)


def _too_large(value: Any) -> bool:
    return isinstance(value, str | list | tuple | dict) and len(value) > _limits().output_chars


class Rows(list):
    """A list of rows given to a template: iterating it checks the time limit, so nested
    loops over a long list stop in time."""

    def __iter__(self) -> Iterator[Any]:
        for item in super().__iter__():
            _tick()
            yield item


def _range(*args: int) -> Iterator[int]:
    """``range`` with the sandbox's bounds and a look at the clock on every step."""
    r = range(*args)
    if len(r) > _limits().range_steps:
        raise TemplateLimitError(f"range() quá {_limits().range_steps} bước")
    for i in r:
        _tick()
        yield i


_MD_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def markdown_escape(text: str) -> str:
    """``text`` as literal Markdown: every ASCII punctuation mark backslash-escaped (the
    CommonMark rule), line breaks as spaces so a value never opens a block."""
    return _MD_PUNCTUATION.sub(r"\\\1", " ".join(text.splitlines()))


def _shown(value: Any) -> str:
    """A value as papers print it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, date):
        return short_date(value)
    if isinstance(value, Decimal | float) and value != int(value):
        return format_decimal(Decimal(str(value)))
    return str(value)


def _finalize_markdown(value: Any) -> Any:
    if isinstance(value, Markup):  # a macro's or caller's output: escaped already
        return value
    return Markup(markdown_escape(_shown(value)))


def _finalize_plain(value: Any) -> Any:
    return value if isinstance(value, Markup) else Markup(_shown(value))


def _as_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _as_int(value: Any) -> int:
    return int(Decimal(str(value)).to_integral_value())


def _number(value: Any, places: int = 2) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return format_number(value)
    return format_decimal(Decimal(str(value)), places)


#: The filters docgen offers templates, with what each does (the help of the page says so).
FILTERS: dict[str, tuple[Any, str]] = {
    "upper": (lambda s: upper(str(s)), "chữ hoa, giữ dấu"),
    "lower": (lambda s: str(s).lower(), "chữ thường"),
    "capitalize": (lambda s: capitalize_first(str(s)), "viết hoa chữ đầu"),
    "trim": (jf.do_trim, "bỏ khoảng trắng hai đầu"),
    "date": (lambda d: short_date(_as_date(d)), "ngày dạng 05/12/2026"),
    "date_words": (lambda d: date_words(_as_date(d)), "ngày 05 tháng 12 năm 2026"),
    "number": (_number, "số dạng 1.500 hoặc 28,5"),
    "money": (lambda n: format_money(_as_int(n)), "1.410.000 đồng"),
    "money_words": (lambda n: money_words(_as_int(n)), "số tiền bằng chữ"),
    "number_words": (lambda n: number_words(_as_int(n)), "số bằng chữ"),
    "default": (jf.do_default, "giá trị khi trống"),
    "length": (len, "số phần tử"),
    "count": (len, "số phần tử"),
    "join": (jf.do_join, "nối các phần tử"),
    "first": (jf.do_first, "phần tử đầu"),
    "last": (jf.do_last, "phần tử cuối"),
    "sum": (jf.do_sum, "tổng"),
    "min": (jf.do_min, "nhỏ nhất"),
    "max": (jf.do_max, "lớn nhất"),
    "sort": (jf.do_sort, "sắp xếp"),
    "unique": (jf.do_unique, "bỏ trùng"),
    "map": (jf.do_map, "lấy một cột của các dòng"),
    "selectattr": (jf.do_selectattr, "lọc dòng theo cột"),
    "rejectattr": (jf.do_rejectattr, "bỏ dòng theo cột"),
    "round": (jf.do_round, "làm tròn"),
    "int": (jf.do_int, "số nguyên"),
    "list": (lambda v: Rows(v), "thành danh sách"),
    "replace": (jf.do_replace, "thay chữ"),
}
TESTS = ("defined", "undefined", "none", "number", "string", "even", "odd", "divisibleby",
         "eq", "ne", "lt", "le", "gt", "ge", "in", "sequence")
#: Names every template may read besides its fields.
GLOBALS = ("range", "loop", "caller")


class Sandbox(ImmutableSandboxedEnvironment):
    """The environment every template runs in."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _tick()
        if operator == "**" and isinstance(right, int | float | Decimal) \
                and abs(Decimal(str(right))) > 64:
            raise TemplateLimitError("số mũ quá lớn")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(n, int) and \
                        len(seq) * n > _limits().output_chars:
                    raise TemplateLimitError("kết quả phép nhân quá lớn")
        result = super().call_binop(context, operator, left, right)
        if _too_large(result):
            raise TemplateLimitError("kết quả quá lớn")
        return result

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        _tick()
        if any(_too_large(a) for a in (*args, *kwargs.values())):
            raise TemplateLimitError("giá trị truyền vào quá lớn")
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        _tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _tick()
        return super().getitem(obj, argument)


def _environment(finalize: Any) -> Sandbox:
    env = Sandbox(autoescape=True, finalize=finalize, undefined=StrictUndefined,
                  keep_trailing_newline=False, trim_blocks=True, lstrip_blocks=True)
    env.filters = {name: f for name, (f, _) in FILTERS.items()}
    env.tests = {name: jt.TESTS[name] for name in TESTS}
    env.globals = {"range": _range}
    return env


MARKDOWN = _environment(_finalize_markdown)
PLAIN = _environment(_finalize_plain)


def parse(source: str) -> nodes.Template:
    """The syntax tree of ``source`` (raises ``TemplateSyntaxError``)."""
    return MARKDOWN.parse(source)


def render(env: Sandbox, source: str, context: Mapping[str, Any]) -> str:
    """``source`` filled from ``context`` inside the current limits (``limited``): the
    output is counted as it is produced."""
    template = env.from_string(source)
    out: list[str] = []
    size = 0
    for chunk in template.generate(dict(context)):
        _tick()
        size += len(chunk)
        if size > _limits().output_chars:
            raise TemplateLimitError(f"mẫu tạo ra quá {_limits().output_chars} ký tự")
        out.append(chunk)
    return "".join(out)
