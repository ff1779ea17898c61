"""What the clerks' forms call each field, and in which order they show them: interface
wording of the pages (not of the papers), in one place.

The form builder (``web/static/schemaform.js``) draws a form from the model's JSON Schema; it
asks this table for a field's label by the field's path, most specific first: for
``witness.signer.name`` it tries ``witness.signer.name``, then ``signer.name``, then
``name`` (row numbers are left out of paths). A page gets the common table merged with its
kind's own (``labels_for``), so "Ngày" can be "Ngày ban hành" on a directive and "Ngày ký
bằng" on a certificate without the model knowing.

Order follows the paper, top to bottom (Decree 30/2020 layout: issuer, number, date,
title and summary, bases, body or award and recipients, money, signer, ``Nơi nhận``,
archive); the models keep their own field order because the API's JSON Schema is a contract.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

#: Labels by dotted path suffix; the longest matching suffix wins.
LABELS: dict[str, str] = {
    # Header of every paper.
    "issuer": "Cơ quan ban hành",
    "issuer.parent": "Cơ quan cấp trên",
    "issuer.name": "Tên cơ quan ban hành",
    "issuer.symbol": "Ký hiệu cơ quan",
    "issuer.place": "Địa danh (ghi ở dòng ngày tháng)",
    "number": "Số văn bản",
    "date": "Ngày ban hành",
    "symbol": "Ký hiệu văn bản",
    "subject": "Trích yếu",
    "body": "Nội dung",
    "bases": "Căn cứ",
    # Signature.
    "signer": "Người ký",
    "signer.authority": "Thẩm quyền ký (TM., KT., Q., TL., TUQ.)",
    "signer.on_behalf": "Ký thay cho (chức vụ hoặc tập thể)",
    "signer.title": "Chức vụ người ký",
    "signer.name": "Họ và tên người ký",
    # Foot of the paper.
    "recipients": "Nơi nhận",
    "archive": "Lưu",
    "drafter": "Ký hiệu người soạn thảo, số bản",
    "draft": "Đây là bản dự thảo",
    "draft_label": "Dòng dự thảo",
    # The registry's steps and searches (pages and API alike).
    "page": "Trang",
    "state": "Trạng thái",
    "q": "Từ khóa tìm",
    "reason": "Lý do thu hồi",
    "comment": "Ý kiến",
    # Pledge.
    "year": "Năm thi đua",
    "theme": "Chủ đề thi đua",
    "motto": "Phương châm",
    "members": "Đơn vị ký giao ước",
    "members.unit": "Tên đơn vị",
    "members.role": "Vai trò trong Cụm, Khối",
    "members.signer": "Người ký cho đơn vị",
    "witness": "Lãnh đạo chứng kiến",
    "witness.heading": "Tiêu đề phần chứng kiến",
    "witness.unit": "Đơn vị của người chứng kiến",
    "witness.signer": "Người chứng kiến",
    "witness.signer.authority": "Thẩm quyền ký của người chứng kiến",
    "witness.signer.on_behalf": "Người chứng kiến ký thay cho",
    "witness.signer.title": "Chức vụ người chứng kiến",
    "witness.signer.name": "Họ và tên người chứng kiến",
    # Award decision.
    "award": "Hình thức khen thưởng",
    "period": "Thời gian lập thành tích",
    "authority": "Thẩm quyền ban hành (dòng trên phần căn cứ)",
    "proposal": "Xét đề nghị của",
    "achievement": "Thành tích",
    "individuals": "Cá nhân được khen thưởng",
    "individuals.name": "Họ và tên",
    "individuals.gender": "Giới tính",
    "individuals.position": "Chức vụ",
    "individuals.unit": "Đơn vị công tác",
    "collectives": "Tập thể được khen thưởng",
    "collectives.name": "Tên tập thể",
    "collectives.unit": "Thuộc đơn vị",
    "amounts_in_list": "Thêm cột số tiền vào danh sách kèm theo",
    "sort_names": "Xếp danh sách cá nhân theo tên",
    "fund": "Nguồn tiền thưởng",
    "executors": "Người thi hành quyết định (Điều 3)",
    # Certificate.
    "decision": "Theo quyết định khen thưởng",
    "decision.number": "Số quyết định",
    "decision.symbol": "Ký hiệu quyết định",
    "decision.date": "Ngày ký quyết định",
    "recipients.name": "Họ và tên hoặc tên tập thể",
    "recipients.gender": "Giới tính",
    "recipients.position": "Chức vụ",
    "recipients.unit": "Đơn vị",
    "recipients.collective": "Là tập thể",
    "recipients.achievement": "Thành tích riêng (nếu khác thành tích chung)",
    "register_start": "Số sổ vàng của bằng đầu tiên",
    "registered": "Đăng ký vào sổ: hệ thống cấp số sổ vàng và mã xác minh cho từng bằng",
    "external_decision": "Quyết định ngoài hệ thống (do nơi khác ban hành, không có trong sổ)",
    "paper": "Khổ giấy",
    "design": "Cách in",
}

#: Kind-specific labels, over the common ones (the same field means something else there).
KIND_LABELS: dict[str, dict[str, str]] = {
    "pledge": {"number": "Số giao ước", "symbol": "Ký hiệu giao ước", "date": "Ngày ký"},
    "award-decision": {"number": "Số quyết định", "date": "Ngày ký quyết định"},
    "certificate": {
        "recipients": "Người, tập thể được khen",
        "achievement": "Thành tích chung",
        "date": "Ngày ký bằng (để trống: ngày quyết định)",
    },
}
#: The batch page's common part is a certificate without its recipients; the batch's own
#: choices (the result file, the seal) can be named in its errors too.
KIND_LABELS["certificate-meta"] = {**KIND_LABELS["certificate"], "format": "Kết quả",
                                   "seal": "Ký số con dấu của cơ quan"}

#: What the clerk reads in a choice list, by field name and value.
CHOICES: dict[str, dict[str, str]] = {
    "design": {"full": "In cả hình trang trí (giấy trắng)",
               "blank": "Chỉ in chữ lên phôi đã in sẵn"},
    "paper": {"A4": "Khổ A4", "A3": "Khổ A3"},
    "authority": {"TM.": "TM. (thay mặt tập thể)", "KT.": "KT. (ký thay người đứng đầu)",
                  "Q.": "Q. (quyền)", "TL.": "TL. (thừa lệnh)", "TUQ.": "TUQ. (thừa ủy quyền)"},
    "gender": {"nam": "Nam", "nữ": "Nữ"},
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
                       "amounts_in_list", "sort_names", "fund", "executors", *_PAPER_FOOT),
    "certificate": ("issuer", "award", "recipients", "achievement", "decision", "date",
                    "signer", "register_start", "registered", "external_decision", "paper",
                    "design"),
    "certificate-meta": ("issuer", "award", "achievement", "decision", "date", "signer",
                         "register_start", "registered", "external_decision", "paper",
                         "design"),
}

#: Where an error the model raises about a whole object (several fields at once) sends the
#: clerk, by the error's type: the field it concerns, relative to the error's path.
ERROR_TARGETS: dict[str, str] = {
    "no_one_awarded": "individuals",
    "award_not_for_collectives": "collectives",
    "award_not_for_persons": "individuals",
    "date_not_in_year": "date",
    "one_numbering": "register_start",
    "authority_needs_on_behalf": "on_behalf",
    "gender_needed": "gender",
}


def labels_for(kind: str) -> dict[str, Any]:
    """Everything the form builder of one page needs: labels, choices, order, targets."""
    order = {**ORDER, "": KIND_ORDER.get(kind, ())}
    return {"labels": {**LABELS, **KIND_LABELS.get(kind, {})}, "choices": CHOICES,
            "order": order, "targets": ERROR_TARGETS}


def _lookup(table: dict[str, str], names: list[str]) -> str | None:
    """The most specific entry for a path: ``a.b.c``, then ``b.c``, then ``c``."""
    for i in range(len(names)):
        key = ".".join(names[i:])
        if key in table:
            return table[key]
    return None


def field_label(loc: Sequence[str | int], kind: str | None = None) -> str:
    """A field's path as a clerk reads it: ``("individuals", 3, "name")`` ->
    ``Cá nhân được khen thưởng 4 › Họ và tên`` (rows counted from 1). The pages' form builder
    applies the same rule in the browser."""
    labels = {**LABELS, **KIND_LABELS.get(kind or "", {})}
    names: list[str] = []
    words: list[str] = []
    for part in loc:
        if isinstance(part, int):
            if words:
                words[-1] = f"{words[-1]} {part + 1}"
            continue
        names.append(part)
        words.append(_lookup(labels, names) or part)
    return " › ".join(words)
