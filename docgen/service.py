"""The one service every face calls: validate, compose and render a paper.

Library-shaped: plain data in, bytes out; the API, the web pages, the CLI, batch jobs and
the registry all go through these functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from docgen.catalog import Catalog, load_catalog
from docgen.kinds import get_kind
from docgen.model.validation import validate_input

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "zip": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class RenderedFile:
    """A rendered paper: its bytes, media type, file name and facts worth telling."""

    content: bytes
    media_type: str
    filename: str  # ASCII slug + extension: "quyet-dinh-15-qd-vkshy.pdf"
    title: str  # readable title, used for the UTF-8 file name: "Quyết định số 15/QĐ-VKSHY"
    meta: dict[str, str] = field(default_factory=dict)


def validate(kind: str, payload: Mapping[str, Any] | str | bytes | BaseModel,
             *, catalog: Catalog | None = None) -> BaseModel:
    """Validated input of ``kind`` (raises InputError with field-level messages)."""
    k = get_kind(kind)
    if isinstance(payload, k.model):
        return payload
    if isinstance(payload, BaseModel):
        payload = payload.model_dump(mode="json")
    return validate_input(k.model, payload, context={"catalog": catalog or load_catalog()})


def compose_paper(kind: str, payload: Mapping[str, Any] | str | bytes | BaseModel,
                  *, catalog: Catalog | None = None) -> Any:
    """Validate and compose: the neutral Document of the paper."""
    catalog = catalog or load_catalog()
    data = validate(kind, payload, catalog=catalog)
    return get_kind(kind).compose(data, catalog)


def render_document(kind: str, document: Any, fmt: str) -> RenderedFile:
    """Draw an already composed Document in ``fmt`` ("docx" or "pdf").

    Timed into the render metrics; on behalf of a web request it first takes one of the
    process's render slots (``docgen.serving.render_slot``) so pages stay answered.
    """
    from docgen.observability import timed_render

    renderer = get_kind(kind).renderer(fmt)
    with _slot(), timed_render(kind, fmt):
        content = renderer(document)
    return RenderedFile(content, MEDIA_TYPES[fmt], f"{document.file_stem}.{fmt}",
                        document.title, dict(document.meta))


def _slot() -> AbstractContextManager[None]:
    from flask import has_request_context

    if not has_request_context():  # the command line, batch threads, workers: no web pages
        return nullcontext()
    from docgen.config import current
    from docgen.serving import render_slot

    return render_slot(current())


def render_paper(kind: str, payload: Mapping[str, Any] | str | bytes | BaseModel, fmt: str,
                 *, catalog: Catalog | None = None) -> RenderedFile:
    """Validate, compose and render in one call."""
    get_kind(kind).renderer(fmt)  # an unknown kind or format fails before any work
    return render_document(kind, compose_paper(kind, payload, catalog=catalog), fmt)
