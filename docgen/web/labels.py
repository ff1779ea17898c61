"""Vietnamese labels of form fields, by field name (the form builder falls back to the
model's own description). Interface wording of the pages, not of the papers."""

from __future__ import annotations

LABELS: dict[str, str] = {
    "issuer": "Cơ quan ban hành", "name": "Họ và tên / Tên", "parent": "Cơ quan chủ quản",
    "symbol": "Ký hiệu", "place": "Địa danh", "number": "Số văn bản", "date": "Ngày",
    "subject": "Trích yếu", "body": "Nội dung", "signer": "Người ký",
    "title": "Chức vụ", "authority": "Thẩm quyền ký (TM., KT., Q., TL., TUQ.)",
    "on_behalf": "Ký thay cho (chức vụ/tập thể)", "recipients": "Nơi nhận",
    "archive": "Lưu", "drafter": "Người soạn thảo, số bản", "draft": "Bản dự thảo",
    "draft_label": "Nhãn dự thảo", "year": "Năm thi đua", "theme": "Chủ đề",
    "motto": "Phương châm", "bases": "Căn cứ", "members": "Đơn vị ký giao ước",
    "unit": "Đơn vị", "role": "Vai trò (Khối trưởng, Khối phó…)", "witness": "Chứng kiến",
    "heading": "Tiêu đề", "award": "Hình thức khen thưởng", "period": "Thời gian",
    "achievement": "Thành tích", "proposal": "Xét đề nghị của",
    "individuals": "Cá nhân", "collectives": "Tập thể", "fund": "Nguồn tiền thưởng",
    "executors": "Người thi hành (Điều 3)", "gender": "Giới tính", "position": "Chức vụ",
    "amounts_in_list": "Thêm cột số tiền vào danh sách",
    "sort_names": "Xếp danh sách theo tên", "decision": "Quyết định khen thưởng",
    "register_start": "Số sổ vàng đầu tiên", "paper": "Khổ giấy",
    "design": "Kiểu in (full: in cả mẫu; blank: in lên phôi)", "collective": "Là tập thể",
}
