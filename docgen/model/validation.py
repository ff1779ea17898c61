"""Turn pydantic's errors into field-level Vietnamese messages (``docgen.errors.InputError``).

pydantic keeps the error *type* and *context* machine-readable; the text a clerk reads is
chosen here, once, for every face (API 422 body, CLI lines, web form messages).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from docgen.errors import FieldError, InputError
from docgen.model.labels import field_name

M = TypeVar("M", bound=BaseModel)

#: Messages by pydantic error type; ``{…}`` are filled from the error's context.
MESSAGES: dict[str, str] = {
    "string_too_long": "dài quá {max_length} ký tự",
    "string_too_short": "quá ngắn",
    "too_short": "cần ít nhất {min_length} mục",
    "too_long": "nhiều nhất {max_length} mục",
    "literal_error": "giá trị không hợp lệ; chỉ nhận: {expected}",
    "enum": "giá trị không hợp lệ; chỉ nhận: {expected}",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "float_parsing": "phải là số",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "greater_than": "phải lớn hơn {gt}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "less_than": "phải nhỏ hơn {lt}",
    "date_parsing": "ngày không hợp lệ (viết theo dạng NNNN-TT-NN, ví dụ 2026-01-05)",
    "date_from_datetime_parsing": "ngày không hợp lệ (viết theo dạng NNNN-TT-NN, ví dụ 2026-01-05)",
    "date_from_datetime_inexact": "ngày không được kèm giờ",
    "date_type": "ngày không hợp lệ (viết theo dạng NNNN-TT-NN, ví dụ 2026-01-05)",
    "datetime_parsing": "thời điểm không hợp lệ (viết theo dạng NNNN-TT-NNTgg:pp, ví dụ "
                        "2026-12-18T14:00)",
    "datetime_from_date_parsing": "thời điểm không hợp lệ (viết theo dạng NNNN-TT-NNTgg:pp, "
                                  "ví dụ 2026-12-18T14:00)",
    "datetime_type": "thời điểm không hợp lệ (viết theo dạng NNNN-TT-NNTgg:pp, ví dụ "
                     "2026-12-18T14:00)",
    "extra_forbidden": "trường này không được hỗ trợ",
    "string_type": "phải là chuỗi ký tự",
    "bool_parsing": "phải là true hoặc false",
    "bool_type": "phải là true hoặc false",
    "model_type": "phải là một đối tượng (JSON object)",
    "model_attributes_type": "phải là một đối tượng (JSON object)",
    "dict_type": "phải là một đối tượng (JSON object)",
    "list_type": "phải là một danh sách",
    "json_invalid": "JSON không hợp lệ",
    "json_type": "JSON không hợp lệ",
    "none_required": "phải để trống",
}


def _label(loc: tuple[str | int, ...], kind: str | None) -> str:
    """What a missing field is called: the forms' label of it (one table for every face)."""
    return field_name(loc, kind) or "trường bắt buộc"


def _message(err: Mapping[str, Any], kind: str | None) -> str:
    etype = err["type"]
    loc = tuple(err.get("loc", ()))
    ctx = dict(err.get("ctx") or {})
    if etype == "missing":
        return f"thiếu {_label(loc, kind)}"
    if etype == "value_error":
        # Our own validators raise ValueError with a Vietnamese sentence.
        error = ctx.get("error")
        return str(error) if error else err["msg"].removeprefix("Value error, ")
    if etype == "too_long" and isinstance(err.get("input"), str):
        etype = "string_too_long"  # length constraints on annotated strings report "too_long"
    if "expected" in ctx:
        ctx["expected"] = str(ctx["expected"]).replace(" or ", " hoặc ")
    if etype in MESSAGES:
        try:
            return MESSAGES[etype].format(**ctx)
        except (KeyError, IndexError):
            return MESSAGES[etype]
    # PydanticCustomError raised by our types already carries a Vietnamese message.
    return str(err["msg"])


def field_errors(exc: ValidationError, *, prefix: tuple[str | int, ...] = (),
                 kind: str | None = None) -> list[FieldError]:
    """Every problem of a ``ValidationError`` as a :class:`FieldError` with a Vietnamese msg;
    ``kind`` chooses whose labels name the fields (``docgen.model.labels``)."""
    out: list[FieldError] = []
    for err in exc.errors(include_url=False):
        # Drop pydantic's internal tags ("function-after[...]") from the path.
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
        out.append(FieldError(prefix + loc, _message(err, kind), err["type"]))
    return out


def validate_input(model: type[M], data: Any, *, context: dict[str, Any] | None = None) -> M:
    """Validate ``data`` (a mapping or a JSON string/bytes) into ``model`` or raise InputError."""
    try:
        if isinstance(data, str | bytes | bytearray):
            return model.model_validate_json(data, context=context)
        if not isinstance(data, Mapping):
            raise InputError([FieldError((), "dữ liệu phải là một đối tượng JSON", "model_type")])
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        errors = field_errors(exc, kind=getattr(model, "labels_kind", None))
        # Rules about the whole input run in pydantic only once every field is valid: a
        # model that can check them on the input as sent (``whole_form_problems``) has
        # them reported now too, so the clerk sees every problem at once.
        check = getattr(model, "whole_form_problems", None)
        if check is not None and isinstance(data, Mapping):
            seen = {e.type for e in errors}
            errors += [FieldError((), p.message(), p.type) for p in check(data, context)
                       if p.type not in seen]
        raise InputError(errors) from None
