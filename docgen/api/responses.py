"""Helpers shared by the API views: reading a bounded JSON body, sending a file."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, current_app, request

from docgen.config import Settings
from docgen.errors import FieldError, InputError, TooLargeError
from docgen.service import RenderedFile
from docgen.vn.files import content_disposition


def settings() -> Settings:
    return current_app.config["DOCGEN_SETTINGS"]  # type: ignore[no-any-return]


def json_body() -> bytes:
    """The raw request body, refused with 413 past ``max_body_bytes`` and 422 when empty.

    Parsing is left to pydantic (``model_validate_json``), so malformed JSON becomes a
    field-level 422 like any other input problem.
    """
    limit = settings().max_body_bytes
    if request.content_length is not None and request.content_length > limit:
        raise TooLargeError(f"dữ liệu gửi lên lớn hơn giới hạn {limit} byte")
    data = request.stream.read(limit + 1)
    if len(data) > limit:
        raise TooLargeError(f"dữ liệu gửi lên lớn hơn giới hạn {limit} byte")
    if not data.strip():
        raise InputError([FieldError((), "thiếu dữ liệu JSON trong thân yêu cầu", "missing")])
    return data


def parse_json(data: str | bytes, loc: tuple[str, ...] = ()) -> Any:
    """Parsed JSON, or a 422 naming where it broke."""
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        raise InputError([FieldError(loc, f"JSON không hợp lệ: {exc.msg} (dòng {exc.lineno}, "
                                     f"cột {exc.colno})", "json_invalid")]) from None


def json_payload() -> Any:
    """The request's JSON body, parsed (413 past the limit, 422 when empty or malformed)."""
    return parse_json(json_body())


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
