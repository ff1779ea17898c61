"""What the clerks' forms need besides the fields' labels: the choices' wording, the order
of the fields, and where an error about a whole object sends the clerk; interface wording of
the pages (not of the papers). The labels themselves live in ``docgen.model.labels``, the one
table the forms, the field-level errors and the pages' paths all read; ``labels_for`` hands
a page everything its form builder (``web/static/schemaform.js``) needs.

Order follows the paper, top to bottom (Decree 30/2020 layout: issuer, number, date,
title and summary, bases, body or award and recipients, money, signer, ``Nơi nhận``,
archive); the models keep their own field order because the API's JSON Schema is a contract.
"""

from __future__ import annotations

from typing import Any

from docgen.model.labels import KIND_LABELS, LABELS, field_label, labels_of

__all__ = ["CHOICES", "ERROR_TARGETS", "KIND_LABELS", "KIND_ORDER", "LABELS", "ORDER",
           "field_label", "labels_for"]

#: What the clerk reads in a choice list, by field name and value.
CHOICES: dict[str, dict[str, str]] = {
    "design": {"full": "In cả hình trang trí (giấy trắng)",
               "blank": "Chỉ in chữ lên phôi đã in sẵn"},
    "paper": {"A4": "Khổ A4", "A3": "Khổ A3"},
    "authority": {"TM.": "TM. (thay mặt tập thể)", "KT.": "KT. (ký thay người đứng đầu)",
                  "Q.": "Q. (quyền)", "TL.": "TL. (thừa lệnh)", "TUQ.": "TUQ. (thừa ủy quyền)"},
    "gender": {"nam": "Nam", "nữ": "Nữ"},
    # Decree 30, Appendix III: the types a paper with a type name can be.
    "type": {"CTr": "Chương trình (CTr)", "KH": "Kế hoạch (KH)", "PA": "Phương án (PA)",
             "ĐA": "Đề án (ĐA)", "DA": "Dự án (DA)", "BC": "Báo cáo (BC)",
             "TB": "Thông báo (TB)", "HD": "Hướng dẫn (HD)", "QC": "Quy chế (QC)",
             "QyĐ": "Quy định (QyĐ)", "TC": "Thông cáo (TC)", "TTr": "Tờ trình (TTr)",
             "GUQ": "Giấy ủy quyền (GUQ)", "PG": "Phiếu gửi (PG)", "PC": "Phiếu chuyển (PC)",
             "PB": "Phiếu báo (PB)", "GM": "Giấy mời (GM)", "GGT": "Giấy giới thiệu (GGT)",
             "GNP": "Giấy nghỉ phép (GNP)", "CĐ": "Công điện (CĐ)",
             # The kinds of criterion of a cluster's scoring table.
             "target": "Định lượng (so với chỉ tiêu)", "pass": "Định tính (đạt, không đạt)",
             "count": "Chấm thẳng (điểm mỗi lần)", "bonus": "Điểm thưởng",
             "penalty": "Điểm trừ"},
    "action": {"ban hành": "Ban hành (quy chế, quy định …)",
               "phê duyệt": "Phê duyệt (kế hoạch, đề án …)"},
    "proposal_to": {"agency": "Của Hội đồng trình Thủ trưởng cơ quan",
                    "higher": "Của cơ quan trình cấp trên"},
    "for": {"person": "Cá nhân", "collective": "Tập thể"},
}

#: The order of fields on each object, as on the paper; fields not listed follow, in the
#: model's order. Keys are path suffixes like the labels'; ``""`` is the whole form.
_PAPER_FOOT = ("signer", "recipients", "archive", "drafter", "draft", "draft_label")
ORDER: dict[str, tuple[str, ...]] = {
    "issuer": ("parent", "name", "symbol", "place"),
    "signer": ("authority", "on_behalf", "title", "name"),
    "decision": ("number", "symbol", "date"),
    "members": ("unit", "role", "signer"),
    "witness": ("heading", "unit", "signer"),
    # A certificate's recipient: first whether it is a collective (no Ông/Bà, no gender).
    "recipients": ("collective", "name", "gender", "position", "unit", "achievement"),
}
KIND_ORDER: dict[str, tuple[str, ...]] = {
    "directive": ("issuer", "number", "date", "subject", "body", *_PAPER_FOOT),
    "pledge": ("issuer", "number", "symbol", "date", "year", "theme", "motto", "bases", "body",
               "members", "witness", "draft", "draft_label"),
    "award-decision": ("issuer", "number", "date", "award", "period", "authority", "bases",
                       "proposal", "achievement", "individuals", "collectives",
                       "collective_award",
                       "amounts_in_list", "sort_names", "fund", "executors", *_PAPER_FOOT),
    "resolution": ("issuer", "number", "date", "subject", "authority", "bases", "proposal",
                   "body", "appendices", *_PAPER_FOOT),
    "issuing-decision": ("issuer", "number", "date", "action", "authority", "bases",
                         "proposal", "body", "text", "appendices", *_PAPER_FOOT),
    "administrative": ("issuer", "number", "date", "type", "subject", "to", "body",
                       "appendices", *_PAPER_FOOT),
    "official-letter": ("issuer", "unit_symbol", "number", "date", "about", "to", "body",
                        "appendices", *_PAPER_FOOT),
    "minutes": ("issuer", "number", "date", "subject", "body", "secretary", *_PAPER_FOOT),
    "cluster-scores": (_cluster_order := (
        "cluster", "members", "criteria", "results", "reviews", "changes", "setup_changes",
        "rules", "locked", "meeting", "proposal", "draft", "draft_label")),
    # The minutes' date: the registry sets it when the records office issues them.
    "cluster-minutes": (*_cluster_order[:-2], "date", *_cluster_order[-2:]),
    "certificate": ("issuer", "award", "recipients", "achievement", "decision", "date",
                    "signer", "register_start", "registered", "external_decision", "paper",
                    "design"),
    "certificate-meta": ("issuer", "award", "achievement", "decision", "date", "signer",
                         "register_start", "registered", "external_decision", "paper",
                         "design"),
    "council-minutes": ("issuer", "year", "title", "council", "meeting", "nominations",
                        "proposal", "draft", "draft_label"),
    "award-proposal": ("proposal_to", "issuer", "year", "title", "council", "meeting",
                       "nominations", "proposal", "draft", "draft_label"),
    "achievement-report": ("for", "award", "year", "issuer", "place", "date", "person",
                           "collective", "duties", "achievements", "titles", "awards",
                           "certifier", "head", "draft", "draft_label"),
}

#: Where an error the model raises about a whole object (several fields at once) sends the
#: clerk, by the error's type: the field it concerns, relative to the error's path.
ERROR_TARGETS: dict[str, str] = {
    "no_one_awarded": "individuals",
    "award_not_for_collectives": "collectives",
    "award_not_for_persons": "individuals",
    "collective_award_not_for_collectives": "collective_award",
    "collective_award_without_collectives": "collectives",
    "collective_award_without_individuals": "individuals",
    "date_not_in_year": "date",
    "one_numbering": "register_start",
    "authority_needs_on_behalf": "on_behalf",
    "gender_needed": "gender",
    "addressees_not_for_type": "to",
    "addressees_required": "to",
    "appendix_not_cited": "appendices",
    "first_article_written": "body",
    "chair_not_member": "chair",
    "chair_absent": "chair",
    "absent_not_member": "absent",
    "absent_twice": "absent",
    "ballots_issued": "ballots",
    "ballots_order": "valid",
    "meeting_end": "end",
    "votes_over_ballots": "nominations",
    "written_votes_over": "nominations",
    "written_votes": "written_votes",
    "one_nominee": "person",
    "report_person": "person",
    "report_collective": "collective",
}


def labels_for(kind: str) -> dict[str, Any]:
    """Everything the form builder of one page needs: labels, choices, order, targets."""
    order = {**ORDER, "": KIND_ORDER.get(kind, ())}
    return {"labels": labels_of(kind), "choices": CHOICES,
            "order": order, "targets": ERROR_TARGETS}
