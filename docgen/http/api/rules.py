"""The rules across fields that JSON Schema cannot state, described for integrators: each
model's rules with the error ``type`` a refused input answers with (``422``, one error per
field), published in the OpenAPI document as ``x-rules`` on the model's schema.

The rules themselves live in the models (``docgen.model``) and the catalog; this table
only says them in words, and ``tests/api/test_api_contract.py`` checks that each type here
is one a model raises and that every kind's input is described.
"""

from __future__ import annotations

from typing import Any

#: Every paper signed by someone: the signer block.
_SIGNER = [("authority_needs_on_behalf",
            "Thẩm quyền KT., TM., TL., TUQ. cần ghi chức vụ hoặc tập thể được ký thay "
            "(signer.on_behalf).")]
_TEXT = [("undrawable_char", "Chữ phải là chữ phông Times New Roman vẽ được; không có ký "
                             "tự điều khiển (control_char)."),
         ("date_range", "Ngày trong khoảng docgen nhận (năm 1945 đến năm 2100).")]
_APPENDICES = [("appendix_not_cited", "Có phụ lục thì nội dung văn bản phải nhắc đến "
                                      "\"phụ lục\".")]
_AWARD = [("award_not_for_persons", "Hình thức chỉ dành cho tập thể: không có cá nhân."),
          ("award_not_for_collectives", "Hình thức chỉ dành cho cá nhân: không có tập thể.")]
_ROUND = [("chair_not_member", "Chủ tọa là thành viên Hội đồng."),
          ("absent_not_member", "Người vắng mặt là thành viên Hội đồng."),
          ("absent_twice", "Mỗi người ghi vắng mặt một lần."),
          ("chair_absent", "Chủ tọa không vắng mặt."),
          ("meeting_end", "Cuộc họp kết thúc sau khi bắt đầu."),
          ("ballots_issued", "Số phiếu phát ra không nhiều hơn số thành viên có mặt."),
          ("ballots_order", "Phiếu hợp lệ ≤ phiếu thu về ≤ phiếu phát ra."),
          ("votes_over_ballots", "Số phiếu đồng ý không nhiều hơn số phiếu hợp lệ."),
          ("written_votes_over", "Ý kiến bằng văn bản không nhiều hơn số người vắng mặt."),
          ("one_nominee", "Mỗi đề nghị là một cá nhân hoặc một tập thể, không cả hai."),
          ("unknown_award", "Mã hình thức khen thưởng có trong danh mục."), *_AWARD]
_SCORING = [("section_with_type", "Phần (có tiêu chí con) không có loại, điểm của riêng nó."),
            ("empty_section", "Phần có ít nhất một tiêu chí."),
            ("criterion_type", "Tiêu chí có loại (target, pass, count, bonus, penalty)."),
            ("criterion_max", "Tiêu chí có điểm tối đa."),
            ("criterion_points", "Tiêu chí đếm, thưởng, trừ có số điểm mỗi lần."),
            ("rule_not_target", "Cách chấm riêng chỉ cho tiêu chí định lượng."),
            ("zero_target", "Chỉ tiêu của tiêu chí định lượng lớn hơn 0."),
            ("review_without_comment", "Khối trưởng chấm khác thì ghi ý kiến."),
            ("unknown_member", "Kết quả, chấm lại, khối trưởng, khối phó là đơn vị thành "
                               "viên."),
            ("unknown_criterion", "Kết quả theo số thứ tự tiêu chí có trong bảng.")]

#: Model name -> [(error type, the rule in words)].
CROSS_FIELD_RULES: dict[str, list[tuple[str, str]]] = {
    "AwardDecisionInput": [
        ("no_one_awarded", "Cần ít nhất một cá nhân hoặc tập thể được khen thưởng."),
        ("period_required", "Danh hiệu và cờ thi đua cần thời gian lập thành tích (period)."),
        *_AWARD,
        ("collective_award_without_collectives",
         "Hình thức riêng cho tập thể (collective_award) cần danh sách tập thể."),
        ("collective_award_without_individuals",
         "Hình thức riêng cho tập thể đi cùng danh sách cá nhân."),
        ("collective_award_not_for_collectives",
         "Hình thức riêng cho tập thể phải là hình thức dành cho tập thể."),
        *_SIGNER, *_TEXT],
    "CertificateInput": [
        ("gender_needed", "Bằng của cá nhân cần giới tính (nam, nữ) để ghi Ông/Bà."),
        ("one_numbering", "Đăng ký vào sổ vàng thì để trống số sổ vàng (hệ thống cấp)."),
        *_TEXT],
    "PledgeInput": [("date_not_in_year", "Ngày ký giao ước thuộc năm thi đua."), *_TEXT],
    "DirectiveInput": [*_SIGNER, *_TEXT],
    "MinutesInput": [*_SIGNER, *_TEXT],
    "AdministrativeInput": [
        ("addressees_not_for_type", "Chỉ tờ trình, báo cáo gửi cấp trên … ghi \"Kính gửi\"."),
        ("addressees_required", "Loại văn bản bắt buộc \"Kính gửi\" cần ít nhất một nơi."),
        *_APPENDICES, *_SIGNER, *_TEXT],
    "OfficialLetterInput": [*_APPENDICES, *_SIGNER, *_TEXT],
    "ResolutionInput": [*_APPENDICES, *_SIGNER, *_TEXT],
    "IssuingDecisionInput": [
        ("first_article_written", "Điều 1 (ban hành kèm theo) do docgen viết; các điều nhập "
                                  "từ Điều 2."),
        *_APPENDICES, *_SIGNER, *_TEXT],
    "AchievementReportInput": [
        ("report_person", "Báo cáo của cá nhân có phần cá nhân, không có phần tập thể."),
        ("report_collective", "Báo cáo của tập thể có phần tập thể, không có phần cá nhân."),
        *_AWARD, *_TEXT],
    "RoundInput": [*_ROUND, *_TEXT],
    "AwardProposalInput": [*_ROUND, *_TEXT],
    "ScoringYear": [*_SCORING, *_TEXT],
    "ClusterMinutesInput": [*_SCORING, *_TEXT],
}


def with_rules(schemas: dict[str, Any]) -> dict[str, Any]:
    """The component schemas with each described model's ``x-rules``."""
    return {name: ({**schema, "x-rules": [{"type": t, "rule": r}
                                          for t, r in CROSS_FIELD_RULES[name]]}
                   if name in CROSS_FIELD_RULES else schema)
            for name, schema in schemas.items()}
