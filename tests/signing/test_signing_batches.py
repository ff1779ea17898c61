"""Certificate batches sealed over HTTP: a records office asks for a ZIP in which each
certificate carries the agency's seal signature; who may ask, and what is refused at once."""

from __future__ import annotations

import io
import zipfile

import pytest
from flask.testing import FlaskClient

from docgen.config import Settings
from docgen.http.app import create_app
from docgen.signing.verify import verify_pdf
from tests.conftest import CHEAP_HASHING
from tests.helpers import load_json_sample
from tests.jobs.conftest import wait_state
from tests.signing.conftest import P12_PASSWORD


@pytest.fixture
def office(tmp_path, pki, seal_png):  # type: ignore[no-untyped-def]
    """VKSTC has its seal configured; VKS Hưng Yên has none."""
    from docgen.http.auth import accounts

    (tmp_path / "van-thu.p12").write_bytes(pki.agency.p12())
    (tmp_path / "mat-khau").write_text(P12_PASSWORD.decode() + "\n", encoding="utf-8")
    (tmp_path / "dau.png").write_bytes(seal_png)
    config = tmp_path / "ky-so.yaml"
    config.write_text("agencies:\n  vkstc:\n    seal_image: dau.png\n    pkcs12: van-thu.p12\n"
                      "    password_file: mat-khau\n", encoding="utf-8")
    app = create_app(Settings(data_dir=tmp_path / "data", secret_key="k",
                              trust_roots=pki.trust_file(tmp_path), signing_config=config, **CHEAP_HASHING))
    app.config.update(TESTING=True)
    svc = accounts(app)
    tokens = {}
    for login, agency, role in (("vanthu", "VKSTC", "records"), ("chuyenvien", "VKSTC", "clerk"),
                                ("vanthu-hy", "VKSHY", "records")):
        svc.add_user(login, login, agency, [role], "mat-khau-thu-nghiem")
        tokens[login] = svc.issue_token(login).secret

    def client(login: str) -> FlaskClient:
        c = app.test_client()
        c.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {tokens[login]}"
        return c

    return client


@pytest.mark.slow
def test_records_office_gets_every_certificate_sealed(office, pki):
    client = office("vanthu")
    resp = client.post("/api/v1/batches?format=zip&seal=1", json=load_json_sample("certificate"))
    assert resp.status_code == 202, resp.json
    assert resp.json["sealed"] is True
    done = wait_state(client, resp.json["id"])
    assert done["state"] == "done", done
    with zipfile.ZipFile(io.BytesIO(client.get(done["links"]["result"]).data)) as z:
        pdfs = [z.read(n) for n in z.namelist() if n.endswith(".pdf")]
    assert len(pdfs) == 3
    for pdf in pdfs:
        (sig,) = verify_pdf(pdf, [pki.root.cert_der]).signatures
        assert sig.ok and sig.trusted and sig.field == "agency"


def test_a_clerk_cannot_seal(office):
    resp = office("chuyenvien").post("/api/v1/batches?format=zip&seal=1",
                                     json=load_json_sample("certificate"))
    assert resp.status_code == 403
    assert "văn thư" in resp.json["message"]


def test_the_print_file_is_never_sealed(office):
    resp = office("vanthu").post("/api/v1/batches?format=pdf&seal=1",
                                 json=load_json_sample("certificate"))
    assert resp.status_code == 422
    assert resp.json["errors"][0]["loc"] == ["seal"]


@pytest.mark.slow
def test_only_the_agencys_own_seal(office):
    resp = office("vanthu-hy").post("/api/v1/batches?format=zip&seal=1",
                                    json=load_json_sample("certificate"))  # issued by VKSTC
    assert resp.status_code == 422
    assert resp.json["errors"][0]["loc"] == ["issuer", "symbol"]


def test_an_agency_without_a_configured_seal_is_told_so_at_once(office):
    data = load_json_sample("certificate")
    data["issuer"] = {"name": "Viện kiểm sát nhân dân tỉnh Hưng Yên", "symbol": "VKSHY",
                      "place": "Hưng Yên"}
    data["award"] = "giay_khen"
    resp = office("vanthu-hy").post("/api/v1/batches?format=zip&seal=1", json=data)
    assert resp.status_code == 422, resp.json
    assert resp.json["errors"][0]["loc"] == ["seal"]
    assert "chưa được cấu hình ký số" in resp.json["errors"][0]["msg"]
