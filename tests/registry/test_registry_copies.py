"""Copies of issued papers (sao y, sao lục, trích sao; Decree 30, Articles 25-27, Mẫu 3.1):
made by the records office of the owning agency, numbered in the agency's one sequence of
copies, issued like any paper, stored, verifiable and naming the paper they copy. On
SQLite and PostgreSQL."""

from __future__ import annotations

import io
from datetime import date

import pytest

from docgen.errors import ConflictError, ForbiddenError, InputError, NotFoundError
from docgen.http.views import public_view
from docgen.services.accounts.identity import Actor
from docgen.services.registry.registers import outgoing_register
from tests.helpers import issue_via_api, load_json_sample, pdf_text
from tests.registry.conftest import SYS

HY = "vks-hung-yen"
RECORDS = Actor(login="vt", name="Văn thư", agency=HY, roles=frozenset({"records"}))
CLERK = Actor(login="cv", name="Chuyên viên", agency=HY, roles=frozenset({"clerk"}))
GL_RECORDS = Actor(login="vt-gl", name="Văn thư", agency="vks-gia-lai",
                   roles=frozenset({"records"}))
SIGNER = {"title": "Chánh Văn phòng", "name": "Trần Thị Bình", "authority": "TL.",
          "on_behalf": "Viện trưởng"}
ON = date(2026, 1, 5)


def paper_copy(form: str = "sao-y", **more):  # type: ignore[no-untyped-def]
    return {"copy": form, "signer": SIGNER, "recipients": ["Ông Nguyễn Văn An"], **more}


@pytest.fixture
def decision(issue_paper):  # type: ignore[no-untyped-def]
    return issue_paper("award-decision", on=ON)


def issued_copy(registry, paper_id: int, body: dict, on: date = date(2026, 1, 6)):  # type: ignore[no-untyped-def]
    made = registry.create_copy(paper_id, body, RECORDS)
    return registry.issue(made.id, RECORDS, on=on)


@pytest.mark.slow
def test_three_forms_share_one_sequence_of_their_own(registry, decision):
    sy = issued_copy(registry, decision.id, paper_copy("sao-y"))
    ts = issued_copy(registry, decision.id, paper_copy("trich-sao", parts=["Điều 1"]))
    sl = issued_copy(registry, sy.id, paper_copy("sao-luc"))
    # The decision's own sequence goes on: the next decision is 02/QĐ, the copies 01-03.
    assert [(c.number, c.symbol) for c in (sy, ts, sl)] == [
        (1, "SY-VKSHY"), (2, "TrS-VKSHY"), (3, "SL-VKSHY")]
    assert decision.number == 1 and decision.symbol == "QĐ-VKSHY"
    assert {c.sequence for c in (sy, ts, sl)} == {"copy"}
    assert sy.title == "Bản sao y số 01/SY-VKSHY của Quyết định số 01/QĐ-VKSHY"
    assert sl.copy_of == sy.id and ts.copy_of == decision.id


def test_the_sequence_restarts_each_year(registry, decision):
    issued_copy(registry, decision.id, paper_copy(), on=date(2026, 12, 31))
    nxt = issued_copy(registry, decision.id, paper_copy(), on=date(2027, 1, 2))
    assert (nxt.year, nxt.number) == (2027, 1)


def test_a_paper_copy_prints_its_block_under_the_original(registry, decision):
    sy = issued_copy(registry, decision.id, paper_copy())
    pdf = registry.store.get(sy.pdf_sha256)
    text = pdf_text(pdf)
    original = pdf_text(registry.store.get(decision.pdf_sha256))
    # Every page of the original, then on its last page the block (Mẫu 3.1).
    assert "Số: 01/QĐ-VKSHY" in text and "Điều 3." in text and "DANH SÁCH" in text
    last = text.split("\f")[-1]
    for line in ("SAO Y", "Số: 01/SY-VKSHY", "Hưng Yên, ngày 06 tháng 01 năm 2026",
                 "TL. VIỆN TRƯỞNG", "CHÁNH VĂN PHÒNG", "Trần Thị Bình", "Nơi nhận:",
                 "- Ông Nguyễn Văn An;", "- Lưu: VT.", f"Mã xác minh: {sy.verify_code}"):
        assert line in last, line
    assert last.index("DANH SÁCH") < last.index("SAO Y")  # under the last part
    assert text.count("\f") == original.count("\f")  # on the same sheet: no page added
    assert sy.docx_sha256 is None
    with pytest.raises(NotFoundError, match="chỉ có tệp PDF"):
        registry.file(sy.id, "docx", RECORDS)


def test_the_copy_carries_none_of_the_originals_form_fields(registry, decision):
    from pypdf import PdfReader

    sy = issued_copy(registry, decision.id, paper_copy())
    reader = PdfReader(io.BytesIO(registry.store.get(sy.pdf_sha256)))
    assert "/AcroForm" not in reader.trailer["/Root"]
    assert not any(a.get_object().get("/Subtype") == "/Widget"
                   for page in reader.pages for a in page.get("/Annots") or [])


@pytest.mark.slow
def test_trich_sao_takes_the_chosen_parts_in_the_originals_format(registry, decision):
    assert [p.key for p in registry.copy_parts(decision.id, RECORDS)] == [
        "Điều 1", "Điều 2", "Điều 3", "Danh sách kèm theo"]
    ts = issued_copy(registry, decision.id, paper_copy("trich-sao", parts=["Điều 1"]))
    text = pdf_text(registry.store.get(ts.pdf_sha256))
    assert "QUYẾT ĐỊNH" in text and "Số: 01/QĐ-VKSHY" in text and "Căn cứ" in text
    assert "Điều 1." in text and "Điều 2." not in text and "DANH SÁCH" not in text
    assert "./." in text.split("Điều 1.")[1]  # the extract is closed
    assert "TRÍCH SAO" in text and "Số: 01/TrS-VKSHY" in text


def test_trich_sao_refuses_a_part_the_paper_does_not_have(registry, decision):
    with pytest.raises(InputError) as refused:
        registry.create_copy(decision.id, paper_copy("trich-sao", parts=["Điều 9"]), RECORDS)
    assert refused.value.errors[0].loc == ("parts", 0)
    assert "Điều 1, Điều 2, Điều 3, Danh sách kèm theo" in refused.value.errors[0].msg


def test_only_an_issued_paper_is_copied(registry, issue_paper):
    draft = registry.create_draft("award-decision", load_json_sample("award-decision"), SYS)
    with pytest.raises(ConflictError, match="chỉ sao được văn bản đã ban hành"):
        registry.create_copy(draft.id, paper_copy(), RECORDS)
    revoked = issue_paper("award-decision", on=ON)
    registry.revoke(revoked.id, "nhầm", SYS)
    with pytest.raises(ConflictError, match="đã bị thu hồi"):
        registry.create_copy(revoked.id, paper_copy(), RECORDS)


@pytest.mark.slow
def test_a_copy_is_only_copied_as_sao_luc_of_a_sao_y(registry, decision):
    ts = issued_copy(registry, decision.id, paper_copy("trich-sao", parts=["Điều 2"]))
    with pytest.raises(InputError) as refused:
        registry.create_copy(ts.id, paper_copy("sao-luc"), RECORDS)
    assert "chỉ làm được bản sao lục" in refused.value.errors[0].msg
    sy = issued_copy(registry, decision.id, paper_copy())
    with pytest.raises(InputError) as refused:
        registry.create_copy(sy.id, paper_copy("sao-y"), RECORDS)
    assert refused.value.errors[0].loc == ("copy",)


def test_who_may_copy(registry, decision):
    with pytest.raises(ForbiddenError):
        registry.create_copy(decision.id, paper_copy(), CLERK)
    with pytest.raises(NotFoundError):  # another agency's paper is not found
        registry.create_copy(decision.id, paper_copy(), GL_RECORDS)


def test_a_paper_copy_needs_its_signer_an_electronic_one_the_agencys_key(registry, decision):
    with pytest.raises(InputError) as refused:
        registry.create_copy(decision.id, {"copy": "sao-y"}, RECORDS)
    assert refused.value.errors[0].loc == ("signer",)
    with pytest.raises(InputError) as refused:
        registry.create_copy(decision.id, {"copy": "sao-y", "electronic": True}, RECORDS)
    assert refused.value.errors[0].loc == ("electronic",)
    assert "chưa được cấu hình ký số" in refused.value.errors[0].msg


def test_copy_is_dated_on_or_after_its_original(registry, decision):
    made = registry.create_copy(decision.id, paper_copy(), RECORDS)
    with pytest.raises(InputError) as refused:
        registry.issue(made.id, RECORDS, on=date(2026, 1, 4))
    assert refused.value.errors[0].loc == ("date",)
    assert "không được trước ngày ban hành" in refused.value.errors[0].msg
    with pytest.raises(InputError) as refused:
        registry.issue(made.id, RECORDS, on=ON, number=7)
    assert refused.value.errors[0].loc == ("number",)


def test_a_copy_is_verifiable_and_names_its_original(registry, decision):
    sy = issued_copy(registry, decision.id, paper_copy())
    found = registry.by_code(sy.verify_code)
    assert found is not None and found.id == sy.id
    assert registry.by_pdf(registry.store.get(sy.pdf_sha256)).id == sy.id
    view = public_view(found, registry.copy_view(found))
    assert view["kind"] == "Bản sao y" and view["number"] == 1 and view["symbol"] == "SY-VKSHY"
    assert view["copy_of"] == {"title": "Quyết định số 01/QĐ-VKSHY", "number": "01/QĐ-VKSHY",
                               "date": "2026-01-05", "verify_code": decision.verify_code,
                               "status": "issued"}


def test_copies_are_in_the_outgoing_register(registry, decision):
    sy = issued_copy(registry, decision.id, paper_copy())
    rows = outgoing_register(registry.sessions, HY, 2026).rows
    row = next(r for r in rows if r["id"] == sy.id)
    assert row["number_symbol"] == "01/SY-VKSHY"
    assert row["type_summary"] == "Bản sao y số 01/SY-VKSHY của Quyết định số 01/QĐ-VKSHY"
    assert row["signer"] == "Trần Thị Bình" and row["recipients"] == "Ông Nguyễn Văn An"


def test_a_copy_before_issue_shows_its_blanks(registry, decision):
    made = registry.create_copy(decision.id, paper_copy(), RECORDS)
    assert (made.status, made.number) == ("approved", None)
    text = pdf_text(registry.file(made.id, "pdf", RECORDS).content)
    assert "SAO Y" in text and "Số:      /SY-VKSHY" in text


# -- over HTTP ---------------------------------------------------------------------------


@pytest.mark.slow
def test_api_copies_of_an_issued_decision_end_to_end(client, anon):
    decision = issue_via_api(client, "award-decision", load_json_sample("award-decision"),
                             date="2026-01-05")
    parts = client.get(f"/api/v1/papers/{decision['id']}/parts")
    assert [p["key"] for p in parts.json["items"]] == [
        "Điều 1", "Điều 2", "Điều 3", "Danh sách kèm theo"]
    made = {}
    for form, more in (("sao-y", {}), ("trich-sao", {"parts": ["Danh sách kèm theo"]})):
        resp = client.post(f"/api/v1/papers/{decision['id']}/copies", json=paper_copy(form, **more))
        assert resp.status_code == 201, resp.json
        assert (resp.json["status"], resp.json["kind"], resp.json["copy_of"]) == (
            "approved", "copy", decision["id"])
        assert resp.json["copy"]["of"]["number"] == "01/QĐ-VKSHY"
        issued = client.post(f"/api/v1/papers/{resp.json['id']}/issue",
                             json={"date": "2026-01-06"})
        assert issued.status_code == 200, issued.json
        made[form] = issued.json
    # A sao lục from the sao y.
    sl = client.post(f"/api/v1/papers/{made['sao-y']['id']}/copies",
                     json=paper_copy("sao-luc"))
    assert sl.status_code == 201, sl.json
    made["sao-luc"] = client.post(f"/api/v1/papers/{sl.json['id']}/issue",
                                  json={"date": "2026-01-07"}).json  # 2026's sequence
    assert [(made[f]["number"], made[f]["symbol"]) for f in ("sao-y", "trich-sao", "sao-luc")] \
        == [(1, "SY-VKSHY"), (2, "TrS-VKSHY"), (3, "SL-VKSHY")]
    found = client.get("/api/v1/papers", query_string={"kind": "copy"}).json
    assert found["total"] == 3 and {p["kind"] for p in found["items"]} == {"copy"}
    listed = client.get(f"/api/v1/papers/{decision['id']}/copies").json["items"]
    assert [c["id"] for c in listed] == [made["sao-y"]["id"], made["trich-sao"]["id"]]
    got = client.get(f"/api/v1/papers/{made['sao-luc']['id']}").json
    assert got["copy"]["copy"] == "sao-luc" and got["copy"]["of"]["id"] == made["sao-y"]["id"]
    # Anyone verifies an uploaded copy: it is registered and names what it copies.
    pdf = client.get(f"/api/v1/papers/{made['trich-sao']['id']}/file.pdf").data
    assert "TRÍCH SAO" in pdf_text(pdf) and "Số: 02/TrS-VKSHY" in pdf_text(pdf)
    checked = anon.post("/api/v1/verify", data={"file": (io.BytesIO(pdf), "ts.pdf")},
                        content_type="multipart/form-data")
    assert checked.status_code == 200 and checked.json["registered"] is True
    assert checked.json["paper"]["kind"] == "Bản trích sao"
    assert checked.json["paper"]["copy_of"]["number"] == "01/QĐ-VKSHY"
    assert checked.json["paper"]["parts"] == ["Danh sách kèm theo"]
    page = anon.get(f"/verify/{made['trich-sao']['verify_code']}").get_data(as_text=True)
    assert "Sao từ văn bản" in page and decision["verify_code"] in page
    assert client.get(f"/api/v1/papers/{made['sao-y']['id']}/file.docx").status_code == 404


def test_api_refusals_are_json_in_vietnamese(client):
    draft = client.post("/api/v1/papers", json={
        "kind": "award-decision", "input": load_json_sample("award-decision")}).json
    resp = client.post(f"/api/v1/papers/{draft['id']}/copies", json=paper_copy())
    assert resp.status_code == 409
    assert "chỉ sao được văn bản đã ban hành" in resp.json["message"]
    decision = issue_via_api(client, "award-decision", load_json_sample("award-decision"))
    for body, loc in (({"copy": "sao-y"}, ["signer"]), ({"copy": "ban-chup"}, ["copy"]),
                      (paper_copy("trich-sao"), ["parts"]),
                      (paper_copy(extra=1), ["extra"])):
        resp = client.post(f"/api/v1/papers/{decision['id']}/copies", json=body)
        assert resp.status_code == 422, resp.json
        assert resp.json["errors"][0]["loc"] == loc
    assert client.post(f"/api/v1/papers/{decision['id']}/copies", data="x",
                       content_type="application/json").status_code in (400, 422)
    assert client.post("/api/v1/papers/999999/copies", json=paper_copy()).status_code == 404


@pytest.mark.slow
def test_a_backup_carries_copies_and_the_sequence_goes_on(registry, decision, new_db_url,
                                                         tmp_path):
    from docgen.services.registry.backup import export, restore
    from docgen.services.registry.db import make_engine, session_factory
    from docgen.services.registry.papers import Registry
    from docgen.services.registry.storage import DiskStore

    sy = issued_copy(registry, decision.id, paper_copy())
    archive = tmp_path / "backup.tar.gz"
    counts = export(registry.sessions.kw["bind"], registry.store, archive)
    engine = make_engine(new_db_url(migrated=True))
    try:
        target = Registry(session_factory(engine), DiskStore(tmp_path / "restored"))
        assert restore(engine, target.store, archive) == counts
        again = target.get(sy.id, SYS)
        assert (again.copy_of, again.number, again.symbol) == (decision.id, 1, "SY-VKSHY")
        assert target.store.get(again.pdf_sha256) == registry.store.get(sy.pdf_sha256)
        nxt = target.issue(target.create_copy(decision.id, paper_copy(), RECORDS).id,
                           RECORDS, on=date(2026, 1, 8))
        assert nxt.number == 2
    finally:
        engine.dispose()


@pytest.mark.slow
def test_parallel_copies_never_take_a_number_twice(registry, decision):
    from concurrent.futures import ThreadPoolExecutor

    forms = [paper_copy("sao-y"), paper_copy("trich-sao", parts=["Điều 1"])] * 3
    made = [registry.create_copy(decision.id, body, RECORDS).id for body in forms]
    with ThreadPoolExecutor(max_workers=3) as pool:
        issued = list(pool.map(lambda i: registry.issue(i, RECORDS, on=date(2026, 2, 1)),
                               made))
    assert sorted(c.number for c in issued) == [1, 2, 3, 4, 5, 6]
    assert {c.symbol for c in issued} == {"SY-VKSHY", "TrS-VKSHY"}


@pytest.mark.slow
def test_a_catalog_may_give_each_form_its_own_sequence(registry, decision, tmp_path):
    """The sequence is the catalog's (copy_forms.<form>.sequence): an agency keeping one
    book per form numbers each form from 01."""
    import yaml

    from docgen.catalog import use_catalog
    from docgen.catalog.loader import PACKAGED_CATALOG

    data = yaml.safe_load(PACKAGED_CATALOG.read_text("utf-8"))
    for key, form in data["copy_forms"].items():
        form["sequence"] = f"copy-{key}"
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    use_catalog(path)
    sy = issued_copy(registry, decision.id, paper_copy("sao-y"))
    ts = issued_copy(registry, decision.id, paper_copy("trich-sao", parts=["Điều 1"]))
    sy2 = issued_copy(registry, decision.id, paper_copy("sao-y"))
    assert [(c.number, c.symbol, c.sequence) for c in (sy, ts, sy2)] == [
        (1, "SY-VKSHY", "copy-sao-y"), (1, "TrS-VKSHY", "copy-trich-sao"),
        (2, "SY-VKSHY", "copy-sao-y")]
