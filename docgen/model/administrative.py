"""Input of a paper with a type name (văn bản có tên loại, Decree 30, Appendix III sample
1.4, and the papers laid out the same way: giấy mời 1.7, giấy giới thiệu 1.8, giấy nghỉ
phép 1.10, công điện 1.6), its type named by its abbreviation (``"type": "KH"``);
docs/format-rules.md, "The kinds of paper"."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from docgen.model.appendix import Appendices, check_cited
from docgen.model.common import PaperBase
from docgen.model.types import Line, Markup, Sentence

#: The types this kind makes, by their abbreviation in Appendix III (kinds.py lists the
#: same as the kind's ``types``; a test keeps the two and the catalog in step).
AdministrativeType = Literal[
    "CTr", "KH", "PA", "ĐA", "DA", "BC", "TB", "HD", "QC", "QyĐ", "TC", "TTr", "GUQ",
    "PG", "PC", "PB", "GM", "GGT", "GNP", "CĐ",
]


class AdministrativeInput(PaperBase):
    """A plan, report, proposal, notice … : type name, summary, body."""

    type: AdministrativeType = Field(
        description="Loại văn bản theo chữ viết tắt của Phụ lục III Nghị định 30: KH (kế "
                    "hoạch), BC (báo cáo), TTr (tờ trình), TB (thông báo) …",
        examples=["KH"])
    subject: Sentence | None = Field(
        default=None, description="Trích yếu nội dung, ghi dưới tên loại văn bản",
        examples=["Công tác thi đua, khen thưởng năm 2026"])
    to: list[Line] = Field(
        default_factory=list, max_length=30,
        description="Kính gửi: cơ quan nhận (tờ trình, báo cáo gửi cấp trên); với công điện: "
                    "nơi nhận điện")
    body: Markup = Field(description="Nội dung (Markdown: đề mục, đoạn văn, **đậm**, *nghiêng*, "
                                     "danh sách, bảng)")
    appendices: Appendices

    @model_validator(mode="after")
    def _appendices_cited(self) -> AdministrativeInput:
        check_cited(self.appendices, self.body)
        return self

    @model_validator(mode="after")
    def _addressees_where_the_type_has_them(self, info: ValidationInfo
                                            ) -> AdministrativeInput:
        catalog = (info.context or {}).get("catalog")
        kind = catalog.document_types.get(self.type) if catalog is not None else None
        if kind is None:
            return self
        if self.to and not kind.address:
            raise PydanticCustomError(
                "addressees_not_for_type",
                "{name} không ghi phần Kính gửi; để trống danh sách này", {"name": kind.name})
        if not self.to and kind.address_required:
            raise PydanticCustomError(
                "addressees_required", "{name} cần ít nhất một nơi nhận ở phần đầu",
                {"name": kind.name})
        return self
