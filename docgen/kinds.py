"""The kinds of paper docgen makes, each tied to its input model, its composer and its
renderers. Views and commands look a kind up here by its URL name.

Modules are named as strings and imported on first use, so that listing kinds (or
validating input) does not import WeasyPrint.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from importlib import import_module
from typing import Any

from pydantic import BaseModel

from docgen.errors import NotFoundError


def _resolve(ref: str) -> Any:
    module, _, attr = ref.partition(":")
    return getattr(import_module(module), attr)


@dataclass(frozen=True)
class Kind:
    """One kind of paper."""

    name: str  # URL name: "award-decision"
    label: str  # Vietnamese name for people
    description: str
    model_ref: str  # "docgen.model.directive:DirectiveInput"
    compose_ref: str  # "docgen.compose.directive:compose"
    renderer_refs: dict[str, str] = field(default_factory=dict)  # format -> "module:render"
    sample: str = ""  # file name in samples/
    #: Numbered and issued through the registry (drafts, numbers, stored files).
    registered: bool = False
    #: The input gives the paper's whole symbol (a pledge: ``GƯTĐ-K2``, or none, and then
    #: no number); otherwise the symbol is the type's abbreviation + the agency's symbol.
    own_symbol: bool = False
    #: ``(input, catalog, on) -> [str]``: what issuing on a date changes from the approved
    #: draft (an award decision's reward follows the base salary of its date).
    issue_notes_ref: str = ""
    #: ``(catalog, on) -> {field: value}``: what the paper says for a field left out, on its
    #: date ``on`` (an award decision's legal bases), for the form to show as editable rows.
    defaults_ref: str = ""

    @cached_property
    def model(self) -> type[BaseModel]:
        return _resolve(self.model_ref)

    @cached_property
    def compose(self) -> Callable[..., Any]:
        return _resolve(self.compose_ref)

    def issue_notes(self, data: BaseModel, catalog: Any, on: Any) -> list[str]:
        """What issuing this paper dated ``on`` changes from its draft (none when the kind
        has no such rule)."""
        if not self.issue_notes_ref:
            return []
        return _resolve(self.issue_notes_ref)(data, catalog, on)

    def defaults(self, catalog: Any, on: Any) -> dict[str, Any]:
        """The values the paper takes, dated ``on``, for the fields left out (none when the
        kind has no such rule)."""
        if not self.defaults_ref:
            return {}
        return dict(_resolve(self.defaults_ref)(catalog, on))

    def renderer(self, fmt: str) -> Callable[[Any], bytes]:
        if fmt not in self.renderer_refs:
            raise NotFoundError(f"không hỗ trợ định dạng '{fmt}' cho loại '{self.name}'")
        return _resolve(self.renderer_refs[fmt])

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(self.renderer_refs)


_PAPER_RENDERERS = {"docx": "docgen.render.docx:render", "pdf": "docgen.render.pdf:render"}

KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("directive", "Chỉ thị", "Chỉ thị phát động phong trào thi đua",
             "docgen.model.directive:DirectiveInput", "docgen.compose.directive:compose",
             _PAPER_RENDERERS, "directive.json", registered=True),
        Kind("pledge", "Giao ước thi đua", "Giao ước thi đua của Cụm, Khối thi đua",
             "docgen.model.pledge:PledgeInput", "docgen.compose.pledge:compose",
             _PAPER_RENDERERS, "pledge.json", registered=True, own_symbol=True),
        Kind("award-decision", "Quyết định khen thưởng",
             "Quyết định tặng Bằng khen, Giấy khen, công nhận danh hiệu thi đua",
             "docgen.model.award_decision:AwardDecisionInput",
             "docgen.compose.award_decision:compose", _PAPER_RENDERERS, "award-decision.json",
             registered=True, issue_notes_ref="docgen.compose.award_decision:issue_notes",
             defaults_ref="docgen.compose.award_decision:defaults"),
        Kind("certificate", "Bằng khen, Giấy khen",
             "Bằng khen, Giấy khen, giấy chứng nhận danh hiệu: in một hoặc hàng nghìn bản",
             "docgen.model.certificate:CertificateInput", "docgen.compose.certificate:compose",
             {"pdf": "docgen.render.certificate_pdf:render",
              "docx": "docgen.render.certificate_docx:render"}, "certificate.json"),
    )
}


def get_kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise NotFoundError(f"không có loại văn bản '{name}'") from None
