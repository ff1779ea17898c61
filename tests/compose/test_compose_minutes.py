"""Biên bản (Mẫu 1.9): BB symbol, two signatures (THƯ KÝ left, CHỦ TỌA right)."""

from __future__ import annotations

from docgen.service import compose_paper


def test_minutes_title_symbol_and_signatures(sample):
    doc = compose_paper("minutes", sample("minutes"))
    assert doc.type_name == "BIÊN BẢN"
    assert doc.header.number_line == "Số: 05/BB-VKSHY"
    assert (doc.left_signature.title_lines, doc.left_signature.name) == (("THƯ KÝ",),
                                                                        "Phạm Thị Thu")
    assert (doc.signature.title_lines, doc.signature.name) == (("CHỦ TỌA",), "Nguyễn Văn Hùng")
    assert doc.signature_fields == ("secretary", "signer")
    assert any(b.role == "table" for b in doc.body)
