"""The one service every face calls: validate, compose and render a paper.

Library-shaped: plain data in, bytes out; the API, the web pages, the CLI, batch jobs and
the registry all go through these functions. It knows nothing of the faces: a face that
must ration renders (the HTTP face keeps pages answered by letting one render at a time per
process) sets ``render_gate`` for the work it does on behalf of one caller.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from docgen.catalog import Catalog, load_catalog
from docgen.kinds import get_kind
from docgen.model.round import RoundInput
from docgen.model.validation import validate_input
from docgen.rounds.check import PriorAwards, RoundResult, check
from docgen.rounds.dossier import dossier_zip
from docgen.telemetry import timed_render

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "zip": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


#: What a render waits for before it starts, set by a face for one caller's work: the HTTP
#: face sets one of its process's render slots for each request (``docgen.http.serving``).
#: Unset, as for the command line, batch threads and workers: a render starts at once.
#: A context variable, so the threads a request starts (batch jobs) do not inherit it.
render_gate: ContextVar[Callable[[], AbstractContextManager[None]] | None] = ContextVar(
    "docgen_render_gate", default=None)


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

    Timed into the render metrics; it first passes the ``render_gate`` its face set.
    """
    renderer = get_kind(kind).renderer(fmt)
    gate = render_gate.get()
    with gate() if gate is not None else nullcontext(), timed_render(kind, fmt):
        content = renderer(document)
    return RenderedFile(content, MEDIA_TYPES[fmt], f"{document.file_stem}.{fmt}",
                        document.title, dict(document.meta))


def render_paper(kind: str, payload: Mapping[str, Any] | str | bytes | BaseModel, fmt: str,
                 *, catalog: Catalog | None = None) -> RenderedFile:
    """Validate, compose and render in one call."""
    get_kind(kind).renderer(fmt)  # an unknown kind or format fails before any work
    return render_document(kind, compose_paper(kind, payload, catalog=catalog), fmt)


# -- the commendation round, stateless ----------------------------------------------------

#: Where a validated round's earlier years come from, as its caller can tell: the registry
#: of the round's agency when the caller may read it
#: (``docgen.services.registry.awarded.round_prior``), else None (each earlier year a rule
#: needs is then noted as not compared).
PriorFor = Callable[[RoundInput], PriorAwards | None]


def check_round(payload: Mapping[str, Any] | str | bytes, *,
                catalog: Catalog | None = None, prior_for: PriorFor | None = None
                ) -> RoundResult:
    """Validate a round (the shape of ``award-round.json``) and apply the catalog's rules
    to each nomination: passed or not, votes, percentage, reasons in Vietnamese."""
    catalog = catalog or load_catalog()
    data = validate_input(RoundInput, payload, context={"catalog": catalog})
    return check(data, catalog, prior=prior_for(data) if prior_for is not None else None)


def round_dossier(payload: Mapping[str, Any] | str | bytes, *,
                  catalog: Catalog | None = None, prior_for: PriorFor | None = None
                  ) -> RenderedFile:
    """The round's whole dossier as one ZIP: the minutes, the proposal(s), one decision
    draft per award with exactly the nominees who passed, the achievement reports given,
    each as DOCX and PDF, and the check's result."""
    catalog = catalog or load_catalog()
    data = validate_input(RoundInput, payload, context={"catalog": catalog})
    content = dossier_zip(data, catalog,
                          lambda kind, doc, fmt: render_document(kind, doc, fmt).content,
                          prior=prior_for(data) if prior_for is not None else None)
    year = data.year
    return RenderedFile(content, MEDIA_TYPES["zip"], f"ho-so-khen-thuong-{year}.zip",
                        f"Hồ sơ xét khen thưởng năm {year}")
