"""Input of certificates (Bằng khen, Giấy khen, certificate of a title), docs/format-rules.md, "The kinds of paper".

``CertificateInput`` is the contract of ``samples/certificate.json``: the fields common to
a batch plus ``recipients``. ``CertificateMeta`` is the same without recipients (the
``--meta`` file of a spreadsheet batch); ``CertificateRecipient`` is one row.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, StrictBool, model_validator
from pydantic_core import PydanticCustomError

from docgen.model.common import Issuer, Person, Signer, Strict
from docgen.model.types import AwardCode, Day, Line, PaperNumber, RegisterNumber, Sentence

#: Most recipients in one certificate input (a batch's rows are bounded by settings too).
MAX_RECIPIENTS = 20_000


class DecisionRef(Strict):
    """The award decision the certificates carry out."""

    number: PaperNumber = Field(description="Số quyết định")
    date: Day = Field(description="Ngày ký quyết định")
    symbol: Line | None = Field(default=None,
                                description="Ký hiệu, mặc định QĐ-<ký hiệu cơ quan>",
                                examples=["QĐ-VKSTC"])


class CertificateRecipient(Person):
    """A person (``Ông``/``Bà`` by gender) or, with ``collective``, a collective."""

    collective: StrictBool = Field(default=False, description="Tập thể (không phải cá nhân)")
    achievement: Sentence | None = Field(default=None,
                                         description="Thành tích riêng (thay thành tích chung)")

    @model_validator(mode="after")
    def _person_has_gender(self) -> CertificateRecipient:
        if not self.collective and self.gender is None:
            raise PydanticCustomError("gender_needed",
                                      "thiếu giới tính (nam hoặc nữ) để ghi Ông/Bà")
        return self


class CertificateMeta(Strict):
    """What all certificates of a batch share."""

    labels_kind = "certificate-meta"

    issuer: Issuer
    award: AwardCode
    decision: DecisionRef
    achievement: Sentence = Field(description="Thành tích chung",
                                  examples=["Đã có thành tích xuất sắc trong công tác "
                                            "kiểm sát năm 2025"])
    signer: Signer
    register_start: RegisterNumber | None = Field(default=None,
                                       description="Số sổ vàng của giấy đầu tiên")
    paper: Literal["A4", "A3"] = "A4"
    design: Literal["full", "blank"] = Field(
        default="full", description="full: in cả hình trang trí; blank: chỉ in chữ lên phôi")
    date: Day | None = Field(default=None, description="Ngày ký bằng; mặc định ngày quyết định")
    registered: StrictBool = Field(
        default=False, description="Đăng ký vào sổ: cấp số sổ vàng và mã xác minh (QR) cho "
        "từng bằng; khi đó để trống số sổ vàng của bằng đầu tiên")
    external_decision: StrictBool = Field(
        default=False, description="Quyết định ngoài hệ thống: quyết định khen thưởng do nơi "
        "khác ban hành, không có trong sổ của hệ thống (trang xác minh ghi rõ như vậy); "
        "không chọn thì bằng đăng ký vào sổ phải theo một quyết định đã ban hành trong sổ")

    @model_validator(mode="after")
    def _one_numbering(self) -> CertificateMeta:
        if self.registered and self.register_start is not None:
            raise PydanticCustomError(
                "one_numbering", "đã chọn đăng ký vào sổ (số sổ vàng do hệ thống cấp): để "
                "trống số sổ vàng của bằng đầu tiên")
        return self



class CertificateInput(CertificateMeta):
    """Certificates for a list of recipients (one page each)."""

    labels_kind = "certificate"

    recipients: list[CertificateRecipient] = Field(min_length=1, max_length=MAX_RECIPIENTS)
