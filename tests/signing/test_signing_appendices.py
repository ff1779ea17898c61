"""A draft with several parts after its signature (a nghị quyết and its Phụ lục I and II,
Decree 30 Mẫu 2.1): each part's reference line has its own number and date fields, and
issuing fills every one of them with the paper's number and date."""

from __future__ import annotations

import datetime as dt

from docgen.render import pdf as pdf_renderer
from docgen.service import compose_paper
from docgen.signing.forms import base_name, fill_number_date, number_date_values, text_fields
from tests.helpers import pdf_text


def test_every_phu_luc_gets_its_fields_and_issuing_fills_them(sample):
    data = sample("resolution")
    del data["number"], data["date"]
    draft = pdf_renderer.render(compose_paper("resolution", data))
    fields = text_fields(draft)
    assert set(fields) == {f"{prefix}{name}" for prefix in ("", "appendix-", "appendix2-")
                           for name in ("number", "day", "month")}
    filled = fill_number_date(draft, number_date_values(7, dt.date(2026, 1, 5)))
    values = text_fields(filled)
    assert {name: values[name] for name in values} == {
        name: {"number": "07", "day": "05", "month": "01"}[base_name(name)] for name in values}
    assert "(Kèm theo Nghị quyết số" in pdf_text(draft)
