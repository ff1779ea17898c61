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
    #: May be too large to render inside a request (thousands of certificates, a decision
    #: awarding hundreds): past the configured size the API renders it as a job.
    large: bool = False
    #: Rendered once by a server before it forks, so that every template, stylesheet and
    #: font its papers use is loaded in the shared parent (one kind per template is enough).
    warm_up: bool = False
    #: Drawn as a form page from its JSON Schema. A cluster's year is a grid of results per
    #: member, which that form cannot draw: it is kept in a file or sent to the API.
    form: bool = True
    #: The types of Decree 30, Article 7 the kind makes, by their abbreviation in Appendix
    #: III (``KH``, ``BC`` …); a công văn has none and is the kind ``official-letter``.
    types: tuple[str, ...] = ()
    #: ``(input, catalog) -> PaperSymbol``: the paper's symbol and the sequence of its type,
    #: the one rule the composer prints and the registry numbers by.
    symbol_ref: str = ""
    #: ``(catalog, on) -> {field: value}``: what the paper says for a field left out, on its
    #: date ``on`` (an award decision's legal bases), for the form to show as editable rows.
    defaults_ref: str = ""
    #: ``(input, number, on) -> input``: where issuing writes the number and the date when
    #: the kind keeps them elsewhere than in ``number`` and ``date`` (the council's minutes
    #: in its meeting, a round's proposal in its ``proposal``).
    numbered_ref: str = ""

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

    def symbol(self, data: BaseModel, catalog: Any) -> tuple[str | None, str | None]:
        """(the paper's symbol, the sequence its type draws from when its agency numbers
        each type apart); a kind without a symbol rule has neither."""
        if not self.symbol_ref:
            return None, None
        return tuple(_resolve(self.symbol_ref)(data, catalog))

    def defaults(self, catalog: Any, on: Any) -> dict[str, Any]:
        """The values the paper takes, dated ``on``, for the fields left out (none when the
        kind has no such rule)."""
        if not self.defaults_ref:
            return {}
        return dict(_resolve(self.defaults_ref)(catalog, on))

    def numbered(self, payload: dict[str, Any], number: int | None, on: Any
                 ) -> dict[str, Any]:
        """``payload`` with the number (if any) and the date issuing gives it, where the
        kind keeps them; the draft mark goes."""
        payload = {k: v for k, v in payload.items() if k != "draft_label"}
        payload["draft"] = False
        if self.numbered_ref:
            return dict(_resolve(self.numbered_ref)(payload, number, on))
        payload["date"] = on.isoformat()
        if number is not None:
            payload["number"] = number
        return payload

    def renderer(self, fmt: str) -> Callable[[Any], bytes]:
        if fmt not in self.renderer_refs:
            raise NotFoundError(f"không hỗ trợ định dạng '{fmt}' cho loại '{self.name}'")
        return _resolve(self.renderer_refs[fmt])

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(self.renderer_refs)


#: The types of the kind ``administrative`` (the same as its input's ``type`` choices,
#: ``docgen.model.administrative.AdministrativeType``): Mẫu 1.4 and the forms laid out alike.
ADMINISTRATIVE_TYPES = ("CTr", "KH", "PA", "ĐA", "DA", "BC", "TB", "HD", "QC", "QyĐ", "TC",
                        "TTr", "GUQ", "PG", "PC", "PB", "GM", "GGT", "GNP", "CĐ")

_PAPER_RENDERERS = {"docx": "docgen.render.docx:render", "pdf": "docgen.render.pdf:render"}

KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("directive", "Chỉ thị", "Chỉ thị phát động phong trào thi đua",
             "docgen.model.directive:DirectiveInput", "docgen.compose.directive:compose",
             _PAPER_RENDERERS, "directive.json", registered=True, warm_up=True, types=("CT",),
             symbol_ref="docgen.compose.directive:symbol"),
        Kind("pledge", "Giao ước thi đua", "Giao ước thi đua của Cụm, Khối thi đua",
             "docgen.model.pledge:PledgeInput", "docgen.compose.pledge:compose",
             _PAPER_RENDERERS, "pledge.json", registered=True, own_symbol=True, warm_up=True,
             symbol_ref="docgen.compose.pledge:symbol"),
        Kind("award-decision", "Quyết định khen thưởng",
             "Quyết định tặng Bằng khen, Giấy khen, công nhận danh hiệu thi đua",
             "docgen.model.award_decision:AwardDecisionInput",
             "docgen.compose.award_decision:compose", _PAPER_RENDERERS, "award-decision.json",
             registered=True, issue_notes_ref="docgen.compose.award_decision:issue_notes",
             large=True, warm_up=True,
             types=("QĐ",), symbol_ref="docgen.compose.award_decision:symbol",
             defaults_ref="docgen.compose.award_decision:defaults"),
        Kind("resolution", "Nghị quyết",
             "Nghị quyết (cá biệt) của tập thể lãnh đạo (Mẫu 1.1): căn cứ, QUYẾT NGHỊ:, các "
             "điều; phụ lục kèm theo",
             "docgen.model.resolution:ResolutionInput", "docgen.compose.resolution:compose",
             _PAPER_RENDERERS, "resolution.json", registered=True, types=("NQ",),
             symbol_ref="docgen.compose.resolution:symbol"),
        Kind("issuing-decision", "Quyết định ban hành, phê duyệt văn bản",
             "Quyết định ban hành quy chế, quy định hoặc phê duyệt kế hoạch, đề án … (Mẫu "
             "1.3), văn bản kèm theo trong cùng tệp",
             "docgen.model.issuing_decision:IssuingDecisionInput",
             "docgen.compose.issuing_decision:compose", _PAPER_RENDERERS,
             "issuing-decision.json", registered=True, types=("QĐ",),
             symbol_ref="docgen.compose.issuing_decision:symbol"),
        Kind("administrative", "Văn bản có tên loại",
             "Kế hoạch, báo cáo, tờ trình, thông báo, hướng dẫn, quy chế, giấy mời … (Mẫu 1.4 "
             "và các mẫu cùng bố cục: 1.6, 1.7, 1.8, 1.10)",
             "docgen.model.administrative:AdministrativeInput",
             "docgen.compose.administrative:compose", _PAPER_RENDERERS, "administrative.json",
             registered=True, types=ADMINISTRATIVE_TYPES,
             symbol_ref="docgen.compose.administrative:symbol"),
        Kind("official-letter", "Công văn", "Công văn (Mẫu 1.5): V/v, Kính gửi",
             "docgen.model.official_letter:OfficialLetterInput",
             "docgen.compose.official_letter:compose", _PAPER_RENDERERS,
             "official-letter.json", registered=True,
             symbol_ref="docgen.compose.official_letter:symbol"),
        Kind("minutes", "Biên bản", "Biên bản họp (Mẫu 1.9): thư ký và chủ tọa ký",
             "docgen.model.minutes:MinutesInput", "docgen.compose.minutes:compose",
             _PAPER_RENDERERS, "minutes.json", registered=True, types=("BB",),
             symbol_ref="docgen.compose.minutes:symbol"),
        Kind("cluster-scores", "Bảng tổng hợp điểm thi đua",
             "Bảng tổng hợp kết quả chấm điểm thi đua của Khối, Cụm (khổ ngang; cả XLSX)",
             "docgen.model.scoring:ScoringYear", "docgen.compose.cluster_scores:compose",
             {**_PAPER_RENDERERS, "xlsx": "docgen.render.xlsx:render"},
             "cluster-scores.json", form=False),
        Kind("cluster-minutes", "Biên bản họp Khối thi đua",
             "Biên bản họp Khối, Cụm thi đua: bình xét, suy tôn đơn vị dẫn đầu",
             "docgen.model.scoring:ClusterMinutesInput", "docgen.compose.cluster_minutes:compose",
             _PAPER_RENDERERS, "cluster-minutes.json", types=("BB",), form=False,
             # Kept in the registry as the organising agency's paper (drafted from the
             # cluster's year, issued by its records office); the cluster numbers no
             # minutes: it has no symbol, so issuing gives date and code, no number.
             registered=True, own_symbol=True),
        Kind("certificate", "Bằng khen, Giấy khen",
             "Bằng khen, Giấy khen, giấy chứng nhận danh hiệu: in một hoặc hàng nghìn bản",
             "docgen.model.certificate:CertificateInput", "docgen.compose.certificate:compose",
             {"pdf": "docgen.render.certificate_pdf:render",
              "docx": "docgen.render.certificate_docx:render"}, "certificate.json",
             large=True),
        # The commendation round (docs/format-rules.md, "The commendation round"): the
        # minutes and the proposal take the round document itself as their input.
        Kind("council-minutes", "Biên bản họp Hội đồng Thi đua - Khen thưởng",
             "Biên bản họp Hội đồng Thi đua - Khen thưởng bình xét một đợt khen thưởng: "
             "thành phần, phiếu bầu, kết quả từng đề nghị, kết luận",
             "docgen.model.round:RoundInput", "docgen.compose.council_minutes:compose",
             _PAPER_RENDERERS, "council-minutes.json", registered=True,
             symbol_ref="docgen.compose.council_minutes:symbol",
             numbered_ref="docgen.compose.council_minutes:numbered"),
        Kind("award-proposal", "Tờ trình đề nghị khen thưởng",
             "Tờ trình của Hội đồng trình Thủ trưởng cơ quan, hoặc của cơ quan lên cấp trên, "
             "với danh sách đề nghị khen thưởng kèm theo",
             "docgen.model.round:AwardProposalInput", "docgen.compose.award_proposal:compose",
             _PAPER_RENDERERS, "award-proposal.json", registered=True,
             symbol_ref="docgen.compose.award_proposal:symbol",
             numbered_ref="docgen.compose.award_proposal:numbered"),
        Kind("achievement-report", "Báo cáo thành tích",
             "Báo cáo thành tích đề nghị khen thưởng của cá nhân hoặc tập thể",
             "docgen.model.achievement_report:AchievementReportInput",
             "docgen.compose.achievement_report:compose", _PAPER_RENDERERS,
             "achievement-report.json"),
    )
}


def get_kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise NotFoundError(f"không có loại văn bản '{name}'") from None
