"""A pledge is signed by each member in its own field, in any order, then by the witness;
every signature stays valid. An award decision's appendix (same file) has no field."""

from __future__ import annotations

import random

import pytest

from docgen.signing.sign import signature_fields
from docgen.signing.verify import verify_pdf
from tests.signing.helpers import sign_as


@pytest.mark.slow
def test_ten_members_in_any_order_then_the_witness_all_valid(sample, pki, signature_png,
                                                             trust_roots):
    from docgen.render import pdf as pdf_renderer
    from docgen.service import compose_paper

    data = sample("pledge")
    base = data["members"][0]
    data["members"] = [dict(base, unit=f"Phòng {i}") for i in range(1, 11)]
    pdf = pdf_renderer.render(compose_paper("pledge", data))
    members = [f"member-{i:02d}" for i in range(1, 11)]
    assert signature_fields(pdf) == {name: False for name in [*members, "witness"]}
    order = random.Random(7).sample(members, len(members))  # not the printed order
    for field in [*order, "witness"]:
        pdf = sign_as(pdf, pki.leader, field, image=signature_png)
    report = verify_pdf(pdf, trust_roots)
    assert len(report.signatures) == 11 and report.ok
    assert [s.field for s in report.signatures] == [*order, "witness"]
    assert report.signatures[0].certifying and not report.signatures[1].certifying


def test_award_decision_appendix_is_not_signed_separately(pdf_files):
    assert set(signature_fields(pdf_files["award-decision"])) == {"signer", "agency"}
