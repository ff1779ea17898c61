"""Input of a certified copy of an issued paper (Decree 30/2020/NĐ-CP, Articles 25-27 and
Appendix I, Part II): its form (sao y, sao lục, trích sao), paper or electronic, the parts
a trích sao takes, and for a paper copy who signs its copy block and who receives it."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field, StrictBool, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from docgen.model.common import Signer, Strict
from docgen.model.types import Line, Short

CopyForm = Literal["sao-y", "sao-luc", "trich-sao"]


class CopyInput(Strict):
    """What the records office asks for when it makes a copy of an issued paper."""

    labels_kind = "copy"

    copy_form: CopyForm = Field(alias="copy", description="Hình thức sao: sao-y, sao-luc, "
                                "trich-sao")
    electronic: StrictBool = Field(
        default=False, description="Bản sao điện tử (Mẫu 3.2: chữ ký số của cơ quan ở góc "
                                   "trên bên phải trang đầu) thay cho bản sao giấy (Mẫu 3.1)")
    parts: list[Line] = Field(
        default_factory=list, max_length=100, validate_default=True,
        description="Trích sao: các phần được trích, theo tên phần của văn bản gốc "
                    "(\"Điều 1\", \"II\", \"Danh sách kèm theo\")")
    signer: Signer | None = Field(
        default=None, validate_default=True, description="Người ký bản sao giấy (bắt buộc với bản sao giấy)")
    recipients: list[Line] = Field(default_factory=list, max_length=200,
                                   description="Nơi nhận bản sao (không gồm dòng Lưu)")
    archive: list[Short] = Field(default_factory=lambda: ["VT"], min_length=1, max_length=10,
                                 description="Lưu: VT, …")

    model_config = ConfigDict(populate_by_name=True)

    @field_validator("parts")
    @classmethod
    def _parts_of_trich_sao(cls, parts: list[str], info: ValidationInfo) -> list[str]:
        form = info.data.get("copy_form")
        if form == "trich-sao" and not parts:
            raise PydanticCustomError("copy_parts", "trích sao cần chọn ít nhất một phần "
                                      "của văn bản")
        if form in ("sao-y", "sao-luc") and parts:
            raise PydanticCustomError("copy_parts", "chỉ trích sao mới chọn phần; sao y và "
                                      "sao lục sao toàn văn")
        return parts

    @field_validator("signer")
    @classmethod
    def _signer_of_paper_copy(cls, signer: Signer | None, info: ValidationInfo
                              ) -> Signer | None:
        if signer is None and info.data.get("electronic") is False:
            raise PydanticCustomError("copy_signer", "bản sao giấy cần người ký (chức vụ, "
                                      "họ và tên)")
        return signer
