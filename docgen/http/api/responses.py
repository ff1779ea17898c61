"""Helpers shared by the API views: reading a bounded JSON body, sending a file."""

from __future__ import annotations

from typing import Any, TypeVar

import pydantic_core
from flask import Response, request
from pydantic import BaseModel, ValidationError

from docgen.errors import FieldError, InputError, TooLargeError
from docgen.http.context import settings
from docgen.model.validation import field_errors, validate_input
from docgen.service import RenderedFile
from docgen.vn.files import content_disposition

M = TypeVar("M", bound=BaseModel)


def json_body(*, allow_empty: bool = False) -> bytes:
    """The raw request body, refused with 413 past ``max_body_bytes`` and 422 when empty
    (unless ``allow_empty``).

    Parsing is left to pydantic (``model_validate_json``), so malformed JSON becomes a
    field-level 422 like any other input problem.
    """
    limit = settings().max_body_bytes
    if request.content_length is not None and request.content_length > limit:
        raise TooLargeError(f"dữ liệu gửi lên lớn hơn giới hạn {limit} byte")
    data = request.stream.read(limit + 1)
    if len(data) > limit:
        raise TooLargeError(f"dữ liệu gửi lên lớn hơn giới hạn {limit} byte")
    if not data.strip() and not allow_empty:
        raise InputError([FieldError((), "thiếu dữ liệu JSON trong thân yêu cầu", "missing")])
    return data


def parse_json(data: str | bytes, loc: tuple[str, ...] = ()) -> Any:
    """Parsed JSON, or a 422 naming where it broke.

    pydantic-core's parser is used rather than :func:`json.loads` because it refuses, as
    plain parse errors, what ``json`` turns into a 500: bytes that are not UTF-8 and
    nesting deeper than a sane input (its recursion limit, 200 levels; no paper nests more
    than 5). ``NaN`` and ``Infinity`` are not JSON and are refused too.
    """
    try:
        return pydantic_core.from_json(data, allow_inf_nan=False)
    except ValueError as exc:
        raise InputError([FieldError(loc, f"JSON không hợp lệ: {_json_reason(str(exc))}",
                                     "json_invalid")]) from None


#: pydantic-core's parse errors, in the clerk's words (the position is kept as given).
_JSON_REASONS = (
    ("recursion limit exceeded", "lồng nhau quá sâu"),
    ("invalid unicode", "không phải văn bản UTF-8"),
    ("EOF while parsing", "dữ liệu bị cắt giữa chừng"),
    ("expected value", "thiếu giá trị"),
    ("trailing characters", "có ký tự thừa sau dữ liệu"),
    ("key must be a string", "tên trường phải là chuỗi"),
)


def _json_reason(message: str) -> str:
    where = ""
    if " at line " in message:
        message, _, position = message.partition(" at line ")
        line, _, column = position.partition(" column ")
        where = f" (dòng {line}, cột {column})"
    for english, vietnamese in _JSON_REASONS:
        if english in message:
            return vietnamese + where
    return message + where


def json_payload() -> Any:
    """The request's JSON body, parsed (413 past the limit, 422 when empty or malformed)."""
    return parse_json(json_body())


def json_model(model: type[M], *, optional: bool = False) -> M:
    """The request's JSON body validated into ``model`` (422 with field errors).

    With ``optional``, an empty body means an empty object (``POST …/issue`` alone).
    """
    data = json_body(allow_empty=optional)
    return validate_input(model, parse_json(data) if data.strip() else {})


def query_model(model: type[M]) -> M:
    """The query string validated into ``model``; errors are located under ``query``."""
    try:
        return model.model_validate(request.args.to_dict())
    except ValidationError as exc:
        raise InputError(field_errors(exc, prefix=("query",))) from None


def file_response(rendered: RenderedFile, *, inline: bool = False) -> Response:
    """The file with its media type, a safe Content-Disposition, and its facts as headers."""
    ext = rendered.filename.rsplit(".", 1)[-1]
    readable = rendered.title.replace("/", "-") + f".{ext}"
    resp = Response(rendered.content, mimetype=rendered.media_type)
    resp.headers["Content-Disposition"] = content_disposition(
        readable, ascii_name=rendered.filename, inline=inline)
    resp.headers["Content-Length"] = str(len(rendered.content))
    for key, value in rendered.meta.items():
        # e.g. X-Docgen-Base-Salary: 2340000 — the figures a clerk must be able to check.
        resp.headers["X-Docgen-" + key.replace("_", "-").title()] = value
    return resp
