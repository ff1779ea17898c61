"""What each field of a paper's input is called, in one table: the forms' labels, the
names field-level errors give (``thiếu họ và tên người ký``), the paths the pages show
(``Cá nhân được khen thưởng 4 › Họ và tên``).

A field is looked up by its dotted path, most specific first: for ``witness.signer.name``
the table is asked ``witness.signer.name``, then ``signer.name``, then ``name`` (row
numbers are left out of paths). A kind's own table (``KIND_LABELS``) goes over the common
one, so "Ngày" can be "Ngày ban hành" on a directive and "Ngày ký bằng" on a certificate
without the model knowing. The browser's form builder (``web/static/schemaform.js``) gets
these tables from the page (``docgen.http.web.labels.labels_for``) and applies the same
rule; ``tests/web`` checks the two agree.
"""

from __future__ import annotations

from collections.abc import Sequence

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
    "unit": "Đơn vị",
    "name": "Họ và tên",
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
    "proposal": "Đơn vị đề nghị (Xét đề nghị của …)",
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
    "decision": "Quyết định khen thưởng",
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
        "criteria": "Bảng tiêu chí", "criteria.children": "Tiêu chí con",
        # A criterion's fields, at the top of the tree and in its children alike.
        **{f"{where}.{name}": label for where in ("criteria", "children")
           for name, label in (("code", "Số thứ tự (I, 1, 1.1 …)"),
                               ("name", "Nội dung tiêu chí"), ("max", "Điểm tối đa"),
                               ("points", "Điểm mỗi lần"), ("unit", "Đơn vị tính"),
                               ("rule", "Cách chấm"), ("kind", "Loại tiêu chí"))},
        # A result sits under the member's and the criterion's codes (results.TT.1.actual).
        "results": "Kết quả của các đơn vị", "actual": "Kết quả đạt được",
        "target": "Chỉ tiêu được giao", "value": "Kết quả (đạt, số lần)",
        "evidence": "Minh chứng",
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

def lookup(table: dict[str, str], names: Sequence[str]) -> str | None:
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
    labels = labels_of(kind)
    names: list[str] = []
    words: list[str] = []
    for part in loc:
        if isinstance(part, int):
            if words:
                words[-1] = f"{words[-1]} {part + 1}"
            continue
        names.append(part)
        words.append(lookup(labels, names) or part)
    return " › ".join(words)


def labels_of(kind: str | None) -> dict[str, str]:
    """The labels of one kind's form: the common table with the kind's own over it."""
    return {**LABELS, **KIND_LABELS.get(kind or "", {})}


def field_name(loc: Sequence[str | int], kind: str | None = None) -> str | None:
    """How an error names the field at ``loc`` inside a sentence: its label with a small
    first letter (``thiếu họ và tên người ký``); None for a field the table does not know."""
    label = lookup(labels_of(kind), [p for p in loc if isinstance(p, str)])
    return label[:1].lower() + label[1:] if label else None
