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
    "collective_award": "Danh hiệu, hình thức cho tập thể (nếu khác cá nhân)",
    "collectives.name": "Tên tập thể",
    "collectives.unit": "Thuộc đơn vị",
    "amounts_in_list": "Thêm cột số tiền vào danh sách kèm theo",
    "sort_names": "Xếp danh sách cá nhân theo tên",
    "fund": "Nguồn tiền thưởng",
    "executors": "Người thi hành quyết định (Điều 3)",
    # Papers with a type name, công văn, biên bản.
    "type": "Loại văn bản",
    "to": "Kính gửi",
    "unit_symbol": "Ký hiệu đơn vị soạn thảo",
    "about": "Trích yếu (V/v)",
    "secretary": "Thư ký (ký bên trái)",
    "secretary.authority": "Thẩm quyền ký của thư ký",
    "secretary.on_behalf": "Thư ký ký thay cho",
    "secretary.title": "Chức vụ thư ký",
    "secretary.name": "Họ và tên thư ký",
    # Phụ lục (Mẫu 2.1) of the papers that have them.
    "appendices": "Phụ lục kèm theo",
    "appendices.title": "Tên phụ lục",
    "appendices.body": "Nội dung phụ lục",
    # A decision issuing or approving a text (Mẫu 1.3).
    "action": "Ban hành hay phê duyệt",
    "text": "Văn bản được ban hành, phê duyệt kèm theo",
    "text.type": "Loại văn bản kèm theo",
    "text.subject": "Trích yếu (viết tiếp sau tên loại)",
    "text.body": "Nội dung văn bản kèm theo",
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
    # The commendation round (minutes and proposals take the round document).
    "title": "Tên đợt xét khen thưởng",
    "council": "Hội đồng Thi đua - Khen thưởng",
    "council.name": "Tên Hội đồng",
    "council.established_by": "Quyết định thành lập Hội đồng",
    "council.members": "Thành viên Hội đồng",
    "members.name": "Họ và tên",
    "members.position": "Chức vụ",
    "role": "Vai trò trong Hội đồng",
    "meeting": "Cuộc họp",
    "meeting.number": "Số biên bản",
    "meeting.start": "Thời gian bắt đầu (NNNN-TT-NNTgg:pp)",
    "meeting.end": "Thời gian kết thúc (NNNN-TT-NNTgg:pp)",
    "meeting.place": "Địa điểm họp",
    "chair": "Chủ tọa",
    "secretary.position": "Chức vụ thư ký",
    "absent": "Thành viên vắng mặt",
    "absent.name": "Họ và tên",
    "absent.reason": "Lý do vắng mặt",
    "written_opinion": "Có ý kiến bằng văn bản",
    "ballots": "Phiếu bầu",
    "ballots.issued": "Số phiếu phát ra",
    "ballots.returned": "Số phiếu thu về",
    "ballots.valid": "Số phiếu hợp lệ",
    "nominations": "Các đề nghị khen thưởng",
    "proposed_by": "Đơn vị đề nghị",
    "person": "Cá nhân",
    "person.name": "Họ và tên",
    "person.gender": "Giới tính",
    "person.position": "Chức vụ",
    "person.unit": "Đơn vị công tác",
    "recruited": "Ngày tuyển dụng",
    "collective": "Tập thể",
    "collective.name": "Tên tập thể",
    "collective.unit": "Thuộc đơn vị",
    "report": "Báo cáo thành tích",
    "votes": "Số phiếu đồng ý",
    "written_votes": "Trong đó: ý kiến đồng ý bằng văn bản",
    "proposal.to_higher": "Kính gửi (cấp trên)",
    "proposal.signer": "Thủ trưởng cơ quan (ký tờ trình lên cấp trên và quyết định)",
    "proposal.number": "Số tờ trình lên cấp trên",
    "proposal.date": "Ngày tờ trình lên cấp trên",
    "council_number": "Số tờ trình của Hội đồng",
    "council_date": "Ngày tờ trình của Hội đồng",
    "council_signer": "Người ký tờ trình của Hội đồng",
    "proposal_to": "Tờ trình",
    # Achievement report.
    "for": "Báo cáo của",
    "place": "Địa danh (ghi ở dòng ngày tháng)",
    "born": "Ngày sinh",
    "hometown": "Quê quán",
    "residence": "Nơi thường trú",
    "qualification": "Trình độ chuyên môn, nghiệp vụ",
    "political_theory": "Trình độ lý luận chính trị",
    "party_member": "Là đảng viên",
    "features": "Đặc điểm, tình hình",
    "duties": "Nhiệm vụ được giao",
    "achievements": "Thành tích đạt được",
    "titles": "Danh hiệu thi đua đã nhận",
    "titles.title": "Danh hiệu thi đua",
    "titles.decision": "Quyết định (số, ngày, cơ quan)",
    "awards": "Hình thức khen thưởng đã nhận",
    "awards.form": "Hình thức khen thưởng",
    "awards.decision": "Quyết định (số, ngày, cơ quan)",
    "certifier": "Thủ trưởng đơn vị xác nhận",
    "certifier.unit": "Đơn vị của người xác nhận",
    "head": "Thủ trưởng tập thể báo cáo",
    "certifier.authority": "Thẩm quyền ký của người xác nhận",
    "certifier.on_behalf": "Người xác nhận ký thay cho",
    "certifier.title": "Chức vụ người xác nhận",
    "certifier.name": "Họ và tên người xác nhận",
    "head.authority": "Thẩm quyền ký của thủ trưởng tập thể",
    "head.on_behalf": "Thủ trưởng tập thể ký thay cho",
    "head.title": "Chức vụ thủ trưởng tập thể",
    "head.name": "Họ và tên thủ trưởng tập thể",
    "council_signer.authority": "Thẩm quyền ký của người ký tờ trình của Hội đồng",
    "council_signer.on_behalf": "Người ký tờ trình của Hội đồng ký thay cho",
    "council_signer.title": "Chức vụ người ký tờ trình của Hội đồng",
    "council_signer.name": "Họ và tên người ký tờ trình của Hội đồng",
}

#: Kind-specific labels, over the common ones (the same field means something else there).
KIND_LABELS: dict[str, dict[str, str]] = {
    "pledge": {"number": "Số giao ước", "symbol": "Ký hiệu giao ước", "date": "Ngày ký"},
    "award-decision": {"number": "Số quyết định", "date": "Ngày ký quyết định"},
    "resolution": {"number": "Số nghị quyết",
                   "authority": "Thẩm quyền ban hành: tập thể ra nghị quyết",
                   "proposal": "Dòng cuối phần căn cứ (Xét đề nghị …, Theo kết quả phiên họp …)",
                   "body": "Các điều của nghị quyết"},
    "issuing-decision": {"number": "Số quyết định", "date": "Ngày ký quyết định",
                         "proposal": "Theo đề nghị của",
                         "body": "Các điều từ Điều 2 (Điều 1 do hệ thống ghi)"},
    "minutes": {"signer": "Chủ tọa (ký bên phải)", "signer.title": "Chức vụ chủ tọa",
                "signer.name": "Họ và tên chủ tọa"},
    "cluster-scores": (_cluster := {
        "cluster": "Khối, Cụm thi đua", "cluster.parent": "Cơ quan tổ chức Khối, Cụm",
        "cluster.name": "Tên Khối, Cụm thi đua", "cluster.place": "Địa danh (dòng ngày tháng)",
        "cluster.head": "Đơn vị Khối trưởng (mã)", "cluster.deputy": "Đơn vị Khối phó (mã)",
        "cluster.year": "Năm", "members": "Đơn vị thành viên", "members.code": "Mã đơn vị",
        "members.name": "Tên đơn vị", "members.leader": "Thủ trưởng đơn vị",
        "members.leader.title": "Chức vụ", "members.leader.name": "Họ và tên",
        "criteria": "Bảng tiêu chí", "criteria.code": "Số thứ tự (I, 1, 1.1 …)",
        "criteria.name": "Nội dung tiêu chí", "criteria.max": "Điểm tối đa",
        "criteria.points": "Điểm mỗi lần", "criteria.unit": "Đơn vị tính",
        "criteria.rule": "Cách chấm", "criteria.children": "Tiêu chí con",
        "criteria.kind": "Loại tiêu chí", "results": "Kết quả của các đơn vị",
        "reviews": "Khối trưởng chấm lại", "reviews.member": "Đơn vị (mã)",
        "reviews.criterion": "Tiêu chí (số thứ tự)", "reviews.self": "Điểm đơn vị tự chấm",
        "reviews.review": "Điểm Khối trưởng chấm", "reviews.comment": "Ý kiến Khối trưởng",
        "reviews.explanation": "Giải trình của đơn vị", "reviews.final": "Kết quả chốt",
        "reviews.reviewer": "Người chấm lại", "reviews.reviewed_at": "Thời điểm chấm lại",
        "reviews.explained_at": "Thời điểm giải trình", "reviews.finalised_at": "Thời điểm chốt",
        "changes": "Lịch sử sửa kết quả", "changes.member": "Đơn vị (mã)",
        "changes.criterion": "Tiêu chí (số thứ tự)", "changes.value": "Giá trị mới",
        "changes.by": "Người sửa", "changes.at": "Thời điểm sửa", "changes.why": "Lý do",
        "setup_changes": "Lịch sử sửa bảng tiêu chí, đơn vị thành viên",
        "setup_changes.by": "Người sửa", "setup_changes.at": "Thời điểm sửa",
        "setup_changes.reason": "Lý do", "setup_changes.summary": "Những gì thay đổi",
        "rules": "Quy tắc chấm", "rules.target": "Cách chấm tiêu chí định lượng",
        "rules.tie_break": "Cách tách điểm bằng nhau", "locked": "Đã chốt, khóa sửa",
        "meeting": "Cuộc họp bình xét, suy tôn", "meeting.date": "Ngày họp",
        "meeting.place": "Địa điểm họp", "meeting.chair": "Chủ trì",
        "meeting.chair.title": "Chức vụ", "meeting.chair.name": "Họ và tên",
        "meeting.secretary": "Thư ký", "meeting.attended": "Đơn vị dự họp (mã)",
        "meeting.votes_for_leader": "Số phiếu suy tôn đơn vị dẫn đầu",
        "proposal": "Đề nghị tặng Cờ thi đua",
    }),
    "cluster-minutes": _cluster,
    "certificate": {
        "recipients": "Người, tập thể được khen",
        "achievement": "Thành tích chung",
        "date": "Ngày ký bằng (để trống: ngày quyết định)",
    },
}
#: A copy's request (docgen.model.copy.CopyInput), as the paper page's copy form names it.
KIND_LABELS["copy"] = {"copy": "Hình thức sao", "electronic": "Bản sao điện tử",
                       "parts": "Phần trích sao", "signer": "Người ký bản sao",
                       "signer.title": "Chức vụ người ký", "signer.name": "Họ và tên người ký",
                       "signer.on_behalf": "Ký thay cho", "recipients": "Nơi nhận bản sao",
                       "number": "Số bản sao", "date": "Ngày sao"}
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
