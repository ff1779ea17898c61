"""RFC 3161 timestamps from a configured authority (a local one here) and the validation
data embedded with them (PAdES B-LT)."""

from __future__ import annotations

import io

import pikepdf
import pytest

from docgen.signing.sign import SigningError
from docgen.signing.verify import verify_pdf
from tests.helpers import free_port
from tests.signing.helpers import sign_as, unnumbered_pdf


@pytest.fixture(scope="module")
def draft() -> bytes:
    from tests.conftest import load_sample

    return unnumbered_pdf(load_sample, "directive")


@pytest.mark.slow
def test_timestamped_signature_carries_its_validation_data(draft, pki, tsa_url, trust_roots):
    signed = sign_as(draft, pki.leader, "signer", timestamp_url=tsa_url,
                     trust_roots=tuple(trust_roots))
    (sig,) = verify_pdf(signed, trust_roots).signatures
    assert sig.ok and sig.timestamped and sig.signing_time.endswith("+07:00")
    with pikepdf.open(io.BytesIO(signed)) as pdf:
        certs = pdf.Root.DSS.Certs
        assert len(certs) >= 2  # the signer's chain and the TSA's, for long-term validation


def test_an_unreachable_timestamp_authority_is_a_clear_error(draft, pki, trust_roots):
    port = free_port()  # nothing listens there
    with pytest.raises(SigningError) as err:
        sign_as(draft, pki.leader, "signer", timestamp_url=f"http://127.0.0.1:{port}/",
                trust_roots=tuple(trust_roots))
    assert "dấu thời gian" in err.value.message
