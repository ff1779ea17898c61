"""Parts shared by several kinds: issuing agency, signer, person, collective, archive."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator, model_validator
from pydantic_core import PydanticCustomError

from docgen.model.types import Day, Line, PaperNumber, Short, TwoLines

Gender = Literal["nam", "nữ"]
Authority = Literal["TM.", "KT.", "Q.", "TL.", "TUQ."]

_GENDER_ALIASES = {"nam": "nam", "nu": "nữ", "nữ": "nữ", "male": "nam", "female": "nữ",
                   "m": "nam", "f": "nữ", "ông": "nam", "bà": "nữ"}


class Strict(BaseModel):
    """Base of every input model: unknown fields are refused, strings stay as given."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    #: Whose own labels (``docgen.model.labels.KIND_LABELS``) name this model's fields in
    #: its errors, over the common ones: a pledge's ``number`` is "Số giao ước".
    labels_kind: ClassVar[str | None] = None


class Issuer(Strict):
    """The issuing agency: its name (``\\n`` splits header lines), parent, symbol, place."""

    name: TwoLines = Field(description="Tên cơ quan ban hành; xuống dòng bằng \\n",
                           examples=["VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO"])
    parent: TwoLines | None = Field(default=None, description="Tên cơ quan chủ quản",
                                    examples=["VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO"])
    symbol: Short | None = Field(default=None, description="Ký hiệu cơ quan, ví dụ VKSTC",
                                 examples=["VKSTC"])
    place: Line = Field(description="Địa danh ghi ở dòng ngày tháng", examples=["Hà Nội"])


class Signer(Strict):
    """Who signs: title, name, and an optional authority prefix (KT., TM., …)."""

    title: Line = Field(description="Chức vụ người ký, ví dụ Viện trưởng",
                        examples=["Phó Viện trưởng"])
    name: Line = Field(description="Họ và tên người ký", examples=["Nguyễn Văn An"])
    authority: Authority | None = Field(default=None, description="TM., KT., Q., TL., TUQ.")
    on_behalf: Line | None = Field(
        default=None, description="Chức vụ/tập thể được ký thay, ví dụ Viện trưởng (với KT.)",
        examples=["Viện trưởng"])

    @model_validator(mode="after")
    def _authority_needs_on_behalf(self) -> Signer:
        if self.authority in ("KT.", "TM.", "TL.", "TUQ.") and not self.on_behalf:
            # A typed error: the form sends the clerk to the "ký thay cho" field.
            raise PydanticCustomError(
                "authority_needs_on_behalf",
                "thẩm quyền {authority} cần ghi chức vụ hoặc tập thể được ký thay",
                {"authority": self.authority})
        return self


class Person(Strict):
    """An individual in an award list."""

    name: Line = Field(description="Họ và tên", examples=["Nguyễn Thị Hoa"])
    gender: Gender | None = Field(default=None, description="nam hoặc nữ")
    position: Line | None = Field(default=None, description="Chức vụ",
                                  examples=["Kiểm sát viên trung cấp"])
    unit: Line | None = Field(default=None, description="Đơn vị công tác",
                              examples=["Phòng 2, Viện kiểm sát nhân dân tỉnh Nam Định"])

    @field_validator("gender", mode="before")
    @classmethod
    def _gender_alias(cls, v: object) -> object:
        if isinstance(v, str):
            key = v.strip().lower()
            return _GENDER_ALIASES.get(key, key)
        return v


class Unit(Strict):
    """A collective (tập thể) in an award list."""

    name: Line = Field(description="Tên tập thể", examples=["Phòng Thống kê tội phạm"])
    unit: Line | None = Field(default=None, description="Thuộc đơn vị",
                              examples=["Viện kiểm sát nhân dân tỉnh Nam Định"])


class PaperBase(Strict):
    """Fields every numbered administrative paper has (Decree 30 elements 1-4, 7-9)."""

    issuer: Issuer
    number: PaperNumber | None = Field(default=None,
                               description="Số văn bản; để trống khi chưa cấp số")
    date: Day | None = Field(default=None, description="Ngày ban hành; để trống khi chưa ký")
    signer: Signer
    recipients: list[Line] = Field(default_factory=list, max_length=200,
                                   description="Nơi nhận (không gồm dòng Lưu)")
    archive: list[Short] = Field(default_factory=lambda: ["VT"], min_length=1, max_length=10,
                                 description="Lưu: VT, đơn vị soạn thảo, số bản")
    drafter: Short | None = Field(default=None, description="Ký hiệu người soạn thảo, số bản: PL.(30)",
                                  examples=["PL.(30)"])
    draft: StrictBool = Field(default=False, description="Bản dự thảo (có dấu DỰ THẢO)")
    draft_label: Line | None = Field(default=None, description="Ví dụ: Dự thảo lần 2",
                                     examples=["Dự thảo lần 2"])
