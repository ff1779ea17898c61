"""Every route x {anonymous, clerk, leader, records, admin, a user of another agency} ->
the expected status, from one table. A route the table does not list fails the test, so a
new endpoint cannot be forgotten."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from docgen.catalog import load_catalog
from docgen.config import Settings
from docgen.http.app import create_app
from docgen.http.context import services
from docgen.imports.nominations import template_xlsx
from docgen.services.accounts.identity import Actor
from tests.conftest import CHEAP_HASHING
from tests.helpers import load_json_sample

ACTORS = ("anon", "clerk", "leader", "records", "admin", "other")
HY = "vks-hung-yen"


@dataclass
class World:
    """One app with a user per role of VKS Hưng Yên, an admin, and a VKSTC user holding
    every office role (so only the agency differs), and a way to make papers."""

    app: Flask
    tokens: dict[str, str]
    batch_id: str
    clusters: int = 0
    made: dict[tuple[str, ...], Any] = field(default_factory=dict)

    def client(self, who: str) -> FlaskClient:
        c = self.app.test_client()
        if who != "anon":
            c.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {self.tokens[who]}"
        return c

    def new(self, what: str, *args: str) -> Any:
        """A new ``what`` (``paper``, ``cluster``, ``round``, ``template``) made by the
        method of that name."""
        return getattr(self, what)(*args)

    def kept(self, what: str, *args: str) -> Any:
        """The ``what`` made once for all the reading routes."""
        key = (what, *args)
        if key not in self.made:
            self.made[key] = self.new(what, *args)
        return self.made[key]

    def paper(self, state: str) -> int:
        """A VKS Hưng Yên award decision drafted by the clerk, taken to ``state``."""
        reg = services(self.app).registry
        people = {r: Actor(login=r, name=r, agency=HY, roles=frozenset({r}))
                  for r in ("clerk", "leader", "records")}
        p = reg.create_draft("award-decision", load_json_sample("award-decision"),
                             people["clerk"])
        steps: dict[str, Callable[[], Any]] = {
            "submitted": lambda: reg.submit(p.id, people["clerk"]),
            "approved": lambda: reg.approve(p.id, people["leader"]),
            "issued": lambda: reg.issue(p.id, people["records"]),
        }
        for name, step in steps.items():
            if state == "draft":
                break
            step()
            if name == state:
                break
        return p.id

    def cluster(self, state: str) -> int:
        """A new cluster year organised by VKS Hưng Yên (its khối trưởng) with VKS Gia Lai,
        taken to ``state``: scoring (v1), scored (v3), reviewed (v4), locked (v4), met (v5)."""
        svc = services(self.app).clusters
        hy = {r: Actor(login=r, name=r, agency=HY, roles=frozenset({r}))
              for r in ("clerk", "leader")}
        gl = Actor(login="gl", name="gl", agency="vks-gia-lai", roles=frozenset({"clerk"}))
        self.clusters += 1
        made = svc.create({"members": CLUSTER_MEMBERS,
                           "document": cluster_year(f"Cụm thi đua số {self.clusters}")},
                          hy["clerk"])
        steps: list[Callable[[int], Any]] = [
            lambda v: svc.score(made.row.id, {"version": v, "member": "HY",
                                              "results": {"1": True}}, hy["clerk"]),
            lambda v: svc.score(made.row.id, {"version": v, "member": "GL",
                                              "results": {"1": True}}, gl),
        ]
        if state == "reviewed":
            steps.append(lambda v: svc.review(made.row.id, {
                "version": v, "member": "GL", "criterion": "1", "value": False,
                "comment": "chưa đạt"}, hy["leader"]))
        if state in ("locked", "met"):
            steps.append(lambda v: svc.lock(made.row.id, {"version": v}, hy["leader"]))
        if state == "met":
            steps.append(lambda v: svc.record_meeting(made.row.id, {
                "version": v, "meeting": CLUSTER_MEETING, "proposal": {
                    "award": "co_thi_dua_nganh", "to": "Hội đồng Thi đua - Khen thưởng"}},
                hy["leader"]))
        version = 1
        for step in steps if state != "scoring" else []:
            version = step(version).row.version
        return made.row.id

    def round(self, state: str) -> tuple[int, int]:
        """A VKS Hưng Yên round opened by its records office with one nomination of the
        clerk's unit (Phòng 1), in ``state``: ``open`` or ``meeting`` (votes recorded)."""
        rounds = services(self.app).rounds
        records = Actor(login="records", name="records", agency=HY,
                        roles=frozenset({"records"}))
        ex = load_json_sample("council-minutes")
        rid = rounds.create({"year": 2026, "title": ex["title"], "council": ex["council"],
                             "proposal": ex["proposal"]}, records).id
        row = rounds.add_nomination(rid, _nomination(), records)
        if state == "meeting":
            rounds.record_meeting(rid, {"version": 2, "meeting": ex["meeting"],
                                        "votes": [{"nomination": row.id, "votes": 7}]},
                                  records)
        return rid, row.id

    def template(self) -> int:
        """A VKS Hưng Yên template (not shared), saved by its records office."""
        records = Actor(login="records", name="records", agency=HY, roles=frozenset({"records"}))
        t, _ = services(self.app).templates.create(load_json_sample("template-official-letter"),
                                                   records)
        return t.id


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    from docgen.http.auth import accounts

    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("matrix"), secret_key="m",
                              **CHEAP_HASHING))
    app.config.update(TESTING=True)
    svc = accounts(app)
    roles = {"clerk": ["clerk"], "leader": ["leader"], "records": ["records"],
             "admin": ["admin"], "other": ["clerk", "leader", "records"]}
    tokens = {}
    for who, r in roles.items():
        svc.add_user(who, who, "VKSTC" if who == "other" else "VKSHY", r, "mat-khau-ma-tran",
                     unit="Phòng 1" if who in ("clerk", "other") else None)
        tokens[who] = svc.issue_token(who).secret
    c = app.test_client()
    c.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {tokens['clerk']}"
    batch = c.post("/api/v1/batches", json=_certificate()).json
    app.extensions["docgen"].batches.executor.wait(batch["id"], timeout=120)
    world = World(app, tokens, batch["id"])
    # The sổ vàng's first entries (certificate 1): a decision's certificates, printed.
    printed = world.client("records").post(
        f"/api/v1/papers/{world.paper('issued')}/certificates").json
    app.extensions["docgen"].batches.executor.wait(printed["id"], timeout=120)
    yield world


CLUSTER_MEMBERS = {"HY": HY, "GL": "vks-gia-lai"}
CLUSTER_MEETING = {"date": "2026-12-15", "place": "Hưng Yên",
                   "chair": {"title": "Viện trưởng", "name": "Bùi Thanh Tùng"},
                   "secretary": {"title": "Chuyên viên", "name": "Phạm Thu Hà"},
                   "votes_for_leader": {"HY": 2}}


def cluster_year(name: str) -> dict[str, Any]:
    """A Cụm of two provincial procuracies, VKS Hưng Yên its head, one criterion."""
    def member(code: str) -> dict[str, Any]:
        return {"code": code, "name": f"Viện kiểm sát nhân dân {code}",
                "leader": {"title": "Viện trưởng", "name": f"Nguyễn Văn {code}"}}
    return {"cluster": {"name": name, "place": "Hưng Yên", "year": 2026, "head": "HY"},
            "members": [member("HY"), member("GL")],
            "criteria": [{"code": "I", "name": "Chuyên môn", "children": [
                {"code": "1", "name": "Hoàn thành chỉ tiêu", "type": "pass", "max": 10}]}]}


def _certificate() -> dict[str, Any]:
    """One certificate in VKS Hưng Yên's name: a user prints for their own agency only
    (the VKSTC user of the table is refused with 422)."""
    data = load_json_sample("certificate")
    data["recipients"] = data["recipients"][:1]
    data["issuer"] = load_json_sample("award-decision")["issuer"]
    return data


def _nomination() -> dict[str, Any]:
    """The example's first nomination (Phòng 1), without the votes a unit does not give."""
    first = load_json_sample("council-minutes")["nominations"][0]
    return {k: v for k, v in first.items() if k != "votes"}


def _nominations_xlsx() -> dict[str, Any]:
    return {"file": (io.BytesIO(template_xlsx(load_catalog())), "de-nghi.xlsx")}


def _report() -> dict[str, Any]:
    sample = load_json_sample("achievement-report")
    return {k: sample[k] for k in ("place", "achievements", "certifier")}


def _report_file() -> dict[str, Any]:
    return {"file": (io.BytesIO(b"%PDF-1.4\ntrailer << >>\n%%EOF\n"), "bao-cao.pdf")}


def _meeting() -> dict[str, Any]:
    return {"version": 1, "meeting": load_json_sample("council-minutes")["meeting"]}


def _decision_draft() -> dict[str, Any]:
    return {"kind": "award-decision", "input": load_json_sample("award-decision")}


@dataclass(frozen=True)
class Row:
    endpoint: str
    method: str
    path: str  # {paper} is replaced by a paper in ``state``, {batch} by the batch id,
    # {round} by a round in ``state`` (default ``open``), {nomination} by its nomination
    expect: tuple[int, int, int, int, int, int]  # in the order of ACTORS
    state: str | None = None
    json: Callable[[], Any] | None = None
    form: Callable[[], dict[str, Any]] | None = None
    cluster: str | None = None  # {cluster} is replaced by a new cluster year in this state
    slow: bool = False  # renders a whole dossier per actor: left out of the quick lane


DECISION = load_json_sample("award-decision")
TEMPLATE_VALUES = {"nam": 2026, "han_nop": "2026-12-05", "ho_so": [{"ten": "Tờ trình", "so_ban": 1}]}
#   anon clerk leader records admin other
PAGE = (302, 200, 200, 200, 200, 200)
PUBLIC = (200, 200, 200, 200, 200, 200)
RENDER = (302, 200, 200, 200, 403, 200)

MATRIX: list[Row] = [
    # -- sign-in, public pages ---------------------------------------------------------------
    Row("auth.login", "GET", "/login", (200, 302, 302, 302, 302, 302)),
    Row("auth.login", "POST", "/login", (400, 400, 400, 400, 400, 400)),  # no CSRF token
    Row("auth.logout", "POST", "/logout", (400, 400, 400, 400, 400, 400)),  # no CSRF token
    Row("verify.start", "GET", "/verify/", (200,) * 6),
    Row("verify.show", "GET", "/verify/ZZZZZZZZZZ", (404,) * 6),
    Row("verify.show", "POST", "/verify/ZZZZZZZZZZ", (400,) * 6),  # no CSRF token
    # -- operations: probes are open; metrics need a signed-in caller (open_metrics is off) --
    Row("ops.healthz", "GET", "/healthz", PUBLIC),
    Row("ops.readyz", "GET", "/readyz", PUBLIC),
    Row("ops.metrics", "GET", "/metrics", (401, 200, 200, 200, 200, 200)),  # a scraper
    # -- clerks' pages -----------------------------------------------------------------------
    Row("web.home", "GET", "/", PAGE),
    Row("web.form", "GET", "/papers/award-decision", RENDER),
    Row("web.schema", "GET", "/papers/award-decision/schema.json", PAGE),
    Row("web.sample", "GET", "/papers/award-decision/sample.json", PAGE),
    Row("web.preview", "POST", "/papers/award-decision/preview", (400,) * 6),  # CSRF first
    Row("web.download", "POST", "/papers/award-decision/download", (400,) * 6),
    Row("web.reward", "GET", "/reward?award=bang-khen-vkstc", PAGE),
    Row("web.defaults", "GET", "/papers/award-decision/defaults.json?date=2026-01-05", PAGE),
    Row("web.batch", "GET", "/batch", (302, 200, 403, 200, 403, 200)),
    Row("web.meta_schema", "GET", "/batch/meta-schema.json", PAGE),
    Row("web.meta_sample", "GET", "/batch/meta-sample.json", PAGE),
    Row("web.batch_template", "GET", "/batch/mau-danh-sach.xlsx", PAGE),
    # -- stateless API -------------------------------------------------------------------------
    Row("api_render.render", "POST", "/api/v1/certificate/render?format=pdf",
        (401, 200, 200, 200, 403, 200), json=_certificate),
    Row("api_render.schema", "GET", "/api/v1/directive/schema", PUBLIC),
    Row("api_render.kinds", "GET", "/api/v1/kinds", PUBLIC),
    Row("api_render.catalog", "GET", "/api/v1/catalog", PUBLIC),
    Row("api_render.openapi", "GET", "/api/v1/openapi.json", PUBLIC),
    Row("api_scoring.scoring_check", "POST", "/api/v1/scoring/check",
        (401, 200, 200, 200, 403, 200), json=lambda: load_json_sample("cluster-scores")),
    Row("api_rounds.rounds_check", "POST", "/api/v1/rounds/check",
        (401, 200, 200, 200, 403, 200), json=lambda: load_json_sample("council-minutes")),
    Row("api_rounds.rounds_papers", "POST", "/api/v1/rounds/papers?format=zip",
        (401, 200, 200, 200, 403, 200), json=lambda: load_json_sample("council-minutes"),
        slow=True),
    # -- batches: run by clerks and records; seen within the agency ----------------------------
    Row("api_batches.create", "POST", "/api/v1/batches", (401, 202, 403, 202, 403, 422),
        json=_certificate),
    Row("api_batches.check", "POST", "/api/v1/batches/check", (401, 200, 403, 200, 403, 422),
        json=_certificate),
    Row("api_batches.status", "GET", "/api/v1/batches/{batch}", (401, 200, 200, 200, 200, 404)),
    Row("api_batches.result", "GET", "/api/v1/batches/{batch}/result",
        (401, 200, 200, 200, 200, 404)),
    # -- the cluster's year: members score their own unit, the khối trưởng's unit (VKS Hưng
    #    Yên's leader) reviews, locks and records the meeting, the organiser's clerk drafts
    #    the papers; the VKSTC user, in no cluster, is told nothing ---------------------------
    Row("api_clusters.index", "GET", "/api/v1/clusters", (401, 200, 200, 200, 200, 200)),
    Row("api_clusters.create", "POST", "/api/v1/clusters", (401, 201, 403, 403, 403, 201),
        json=lambda: {"members": CLUSTER_MEMBERS, "document": cluster_year("Cụm số 90")}),
    Row("api_clusters.get", "GET", "/api/v1/clusters/{cluster}",
        (401, 200, 200, 200, 200, 404), cluster="scoring"),
    Row("api_clusters.score", "POST", "/api/v1/clusters/{cluster}/scores",
        (401, 200, 403, 403, 403, 404), cluster="scoring",
        json=lambda: {"version": 1, "member": "HY", "results": {"1": True}}),
    Row("api_clusters.review", "POST", "/api/v1/clusters/{cluster}/reviews",
        (401, 403, 200, 403, 403, 404), cluster="scored",
        json=lambda: {"version": 3, "member": "GL", "criterion": "1", "value": True}),
    Row("api_clusters.explain", "POST", "/api/v1/clusters/{cluster}/explanations",
        (401, 403, 403, 403, 403, 404), cluster="reviewed",  # GL explains, not HY
        json=lambda: {"version": 4, "member": "GL", "criterion": "1", "explanation": "vì"}),
    Row("api_clusters.explain", "POST", "/api/v1/clusters/{cluster}/explanations",
        (401, 422, 403, 403, 403, 404), cluster="reviewed",  # no explanation sent: 422
        json=lambda: {"version": 4, "member": "HY", "criterion": "1"}),
    Row("api_clusters.lock", "POST", "/api/v1/clusters/{cluster}/lock",
        (401, 403, 200, 403, 403, 404), cluster="scored", json=lambda: {"version": 3}),
    Row("api_clusters.meeting", "PUT", "/api/v1/clusters/{cluster}/meeting",
        (401, 403, 200, 403, 403, 404), cluster="locked",
        json=lambda: {"version": 4, "meeting": CLUSTER_MEETING}),
    # The table of criteria: the organiser's clerk or the khối trưởng's leader edits it.
    Row("api_clusters.criteria", "GET", "/api/v1/clusters/{cluster}/criteria",
        (401, 200, 200, 200, 200, 404), cluster="scoring"),
    Row("api_clusters.edit_criteria", "PUT", "/api/v1/clusters/{cluster}/criteria",
        (401, 200, 200, 403, 403, 404), cluster="scoring", json=lambda: {
            "version": 1, "criteria": [{"code": "I", "name": "Chuyên môn", "children": [
                {"code": "1", "name": "Hoàn thành chỉ tiêu", "type": "pass", "max": 20}]}]}),
    Row("api_clusters.edit_members", "PUT", "/api/v1/clusters/{cluster}/members",
        (401, 200, 200, 403, 403, 404), cluster="scoring", json=lambda: {
            "version": 1, "agencies": CLUSTER_MEMBERS, "members": [
                m | {"leader": {"title": "Phó Viện trưởng", "name": "Lê Văn Mới"}}
                for m in cluster_year("x")["members"]]}),
    Row("api_clusters.minutes", "POST", "/api/v1/clusters/{cluster}/minutes",
        (401, 201, 403, 403, 403, 404), cluster="met"),
    Row("api_clusters.proposal", "POST", "/api/v1/clusters/{cluster}/proposal",
        (401, 201, 403, 403, 403, 404), cluster="met"),
    # -- the registry: a paper's life ----------------------------------------------------------
    Row("api_papers.create", "POST", "/api/v1/papers", (401, 201, 403, 403, 403, 422),
        json=_decision_draft),
    Row("api_papers.search", "GET", "/api/v1/papers", (401, 200, 200, 200, 200, 200)),
    Row("api_papers.get", "GET", "/api/v1/papers/{paper}", (401, 200, 200, 200, 200, 404),
        state="draft"),
    Row("api_papers.update", "PUT", "/api/v1/papers/{paper}", (401, 200, 403, 403, 403, 404),
        state="draft", json=lambda: {"input": DECISION}),
    Row("api_papers.submit", "POST", "/api/v1/papers/{paper}/submit",
        (401, 200, 403, 403, 403, 404), state="draft"),
    Row("api_papers.approve", "POST", "/api/v1/papers/{paper}/approve",
        (401, 403, 200, 403, 403, 404), state="submitted"),
    Row("api_papers.return_paper", "POST", "/api/v1/papers/{paper}/return",
        (401, 403, 200, 403, 403, 404), state="submitted", json=lambda: {"comment": "sửa"}),
    Row("api_papers.issue", "POST", "/api/v1/papers/{paper}/issue",
        (401, 403, 403, 200, 403, 404), state="approved"),
    Row("api_papers.revoke", "POST", "/api/v1/papers/{paper}/revoke",
        (401, 403, 403, 200, 403, 404), state="issued", json=lambda: {"reason": "nhầm"}),
    Row("api_papers.file", "GET", "/api/v1/papers/{paper}/file.pdf",
        (401, 200, 200, 200, 200, 404), state="draft"),
    Row("api_papers.copy", "POST", "/api/v1/papers/{paper}/copy",
        (401, 201, 403, 403, 403, 404), state="issued"),
    # -- copies (sao y, sao lục, trích sao): made by the records office of the agency -------
    Row("api_papers.make_copy", "POST", "/api/v1/papers/{paper}/copies",
        (401, 403, 403, 201, 403, 404), state="issued", json=lambda: {
            "copy": "sao-y", "signer": {"title": "Chánh Văn phòng", "name": "Trần Thị Bình"}}),
    Row("api_papers.copies", "GET", "/api/v1/papers/{paper}/copies",
        (401, 200, 200, 200, 200, 404), state="issued"),
    Row("api_papers.parts", "GET", "/api/v1/papers/{paper}/parts",
        (401, 200, 200, 200, 200, 404), state="issued"),
    # -- templates: managed by the records office of their agency, used by whoever renders ---
    Row("api_templates.create", "POST", "/api/v1/templates", (401, 403, 403, 201, 403, 201),
        json=lambda: load_json_sample("template-official-letter")),
    Row("api_templates.index", "GET", "/api/v1/templates", (401, 200, 200, 200, 200, 200)),
    Row("api_templates.get", "GET", "/api/v1/templates/{template}",
        (401, 200, 200, 200, 200, 404)),
    Row("api_templates.update", "PUT", "/api/v1/templates/{template}",
        (401, 403, 403, 200, 403, 404),
        json=lambda: load_json_sample("template-official-letter") | {"name": "Mẫu sửa"}),
    Row("api_templates.use", "POST", "/api/v1/templates/{template}/use",
        (401, 403, 403, 200, 403, 404), json=lambda: {"version": 1}),
    Row("api_templates.render", "POST", "/api/v1/templates/{template}/render?format=docx",
        (401, 200, 200, 200, 403, 404), json=lambda: {"values": TEMPLATE_VALUES}),
    # -- the sổ vàng and the books: entries for every reader of the agency, books for the
    #    records office and administrators, printing a decision's certificates for records --
    Row("api_registers.certificates", "GET", "/api/v1/certificates",
        (401, 200, 200, 200, 200, 200)),
    Row("api_registers.certificate", "GET", "/api/v1/certificates/1",
        (401, 200, 200, 200, 200, 404)),
    Row("api_registers.book", "GET", "/api/v1/registers/so-vang?agency=vks-hung-yen",
        (401, 403, 403, 200, 200, 404)),
    Row("api_registers.book_file", "GET",
        "/api/v1/registers/di/export.pdf?agency=vks-hung-yen",
        (401, 403, 403, 200, 200, 404)),
    # -- the year's figures: leaders, the records office, administrators; their agency -------
    Row("api_figures.figures", "GET", "/api/v1/figures?year=2026",
        (401, 403, 200, 200, 200, 200)),
    Row("api_figures.figures", "GET", "/api/v1/figures?year=2026&agency=vks-hung-yen",
        (401, 403, 200, 200, 200, 404)),
    Row("api_registers.print_decision", "POST", "/api/v1/papers/{paper}/certificates",
        (401, 403, 403, 202, 403, 404), state="issued"),
    # -- signatures: the leader signs an approved paper; anyone verifies a PDF -----------------
    Row("api_signing.sign", "POST", "/api/v1/papers/{paper}/sign",
        (401, 403, 422, 403, 403, 404), state="approved"),  # the leader sent no key
    Row("api_signing.sign_prepare", "POST", "/api/v1/papers/{paper}/sign/prepare",
        (401, 403, 200, 403, 403, 404), state="approved"),
    Row("api_signing.sign_complete", "POST", "/api/v1/papers/{paper}/sign/complete",
        (401, 403, 422, 403, 403, 404), state="approved", json=lambda: {}),
    Row("api_signing.signatures", "GET", "/api/v1/papers/{paper}/signatures",
        (401, 200, 200, 200, 200, 404), state="approved"),
    Row("api_signing.verify", "POST", "/api/v1/verify", (422,) * 6),  # public; no file sent
    Row("api_signing.put_signature_image", "PUT", "/api/v1/me/signature-image",
        (401, 403, 422, 403, 403, 422)),  # leaders only; no image sent
    Row("api_signing.get_signature_image", "GET", "/api/v1/me/signature-image",
        (401, 403, 404, 403, 403, 404)),  # none stored yet
    # -- commendation rounds: opened and recorded by the records office (and the council's
    #    standing members, tests/rounds), nominated by a unit's clerk for their unit, read
    #    by every office role; the drafts are the council's (none of these roles) ---------
    Row("api_rounds.create_round", "POST", "/api/v1/rounds", (401, 403, 403, 201, 403, 201),
        json=lambda: {"year": 2026, "title": "Đợt xét"}),
    Row("api_rounds.list_rounds", "GET", "/api/v1/rounds", (401, 200, 200, 200, 200, 200)),
    Row("api_rounds.get_round", "GET", "/api/v1/rounds/{round}", (401, 200, 200, 200, 200, 404)),
    Row("api_rounds.update_round", "PUT", "/api/v1/rounds/{round}",
        (401, 403, 403, 200, 403, 404), json=lambda: {"version": 2, "title": "Đợt sửa"}),
    Row("api_rounds.add_nomination", "POST", "/api/v1/rounds/{round}/nominations",
        (401, 201, 403, 201, 403, 404), json=_nomination),
    Row("api_rounds.nominations_template", "GET",
        "/api/v1/rounds/{round}/nominations/template.xlsx", (401, 200, 200, 200, 200, 404)),
    Row("api_rounds.import_nominations", "POST", "/api/v1/rounds/{round}/nominations/import",
        (401, 201, 403, 201, 403, 404), form=_nominations_xlsx),  # the template's example row
    Row("api_rounds.update_nomination", "PUT", "/api/v1/rounds/{round}/nominations/{nomination}",
        (401, 200, 403, 200, 403, 404), json=_nomination),
    Row("api_rounds.remove_nomination", "DELETE",
        "/api/v1/rounds/{round}/nominations/{nomination}", (401, 204, 403, 204, 403, 404)),
    Row("api_rounds.set_nomination_report", "PUT",
        "/api/v1/rounds/{round}/nominations/{nomination}/report",
        (401, 200, 403, 200, 403, 404), json=_report),
    Row("api_rounds.remove_nomination_report", "DELETE",
        "/api/v1/rounds/{round}/nominations/{nomination}/report",
        (401, 200, 403, 200, 403, 404)),
    Row("api_rounds.attach_report_file", "PUT",
        "/api/v1/rounds/{round}/nominations/{nomination}/report-file",
        (401, 200, 403, 200, 403, 404), form=_report_file),
    Row("api_rounds.get_report_file", "GET",  # none attached to a new round's nomination
        "/api/v1/rounds/{round}/nominations/{nomination}/report-file", (401,) + (404,) * 5),
    Row("api_rounds.remove_report_file", "DELETE",
        "/api/v1/rounds/{round}/nominations/{nomination}/report-file",
        (401, 404, 403, 404, 403, 404)),
    Row("api_rounds.kept_round_dossier", "GET", "/api/v1/rounds/{round}/dossier",
        (401, 200, 200, 200, 200, 404), state="meeting", slow=True),
    Row("api_rounds.record_meeting", "PUT", "/api/v1/rounds/{round}/meeting",
        (401, 403, 403, 409, 403, 404), json=_meeting),  # version 1 read, the round is at 2
    Row("api_rounds.check_kept_round", "GET", "/api/v1/rounds/{round}/check",
        (401, 200, 200, 200, 200, 404), state="meeting"),
    Row("api_rounds.make_drafts", "POST", "/api/v1/rounds/{round}/drafts",
        (401, 403, 403, 403, 403, 404), state="meeting"),
    Row("rounds_web.index", "GET", "/rounds/", (302, 200, 200, 200, 200, 200)),
    Row("rounds_web.open_round", "POST", "/rounds/", (400,) * 6),  # CSRF first
    Row("rounds_web.show", "GET", "/rounds/{round}", (302, 200, 200, 200, 200, 404)),
    # -- the registry pages (steps and admin forms need the page's CSRF token: each role's
    #    answer to them is in tests/web/test_web_office.py, signed in through the form) ----
    Row("office.papers", "GET", "/registry/", PAGE),
    Row("office.papers", "GET", "/registry/?kind=certificate", PAGE),
    Row("office.paper", "GET", "/registry/{paper}", (302, 200, 200, 200, 200, 404),
        state="draft"),
    Row("office.act", "POST", "/registry/{paper}/submit", (400,) * 6, state="draft"),
    # -- signing from the paper's page (forms need the CSRF token: each role's answer to
    #    them is in tests/web/test_web_signing.py) ---------------------------------------
    Row("office_signing.sign", "POST", "/registry/{paper}/sign", (400,) * 6, state="approved"),
    Row("office_signing.prepare", "POST", "/registry/{paper}/sign/prepare", (400,) * 6,
        state="approved"),
    Row("office_signing.complete", "POST", "/registry/{paper}/sign/complete", (400,) * 6,
        state="approved"),
    Row("office_signing.session_file", "GET", "/registry/{paper}/sign/session/abc.json",
        (302, 403, 404, 403, 403, 404), state="approved"),  # leaders only; no such session
    Row("office_signing.signed_pdf", "GET", "/registry/{paper}/signed.pdf",
        (302, 404, 404, 404, 404, 404), state="approved"),  # not signed yet
    Row("office.book", "GET", "/registry/books/di", (302, 403, 403, 200, 200, 200)),
    Row("office.book", "GET", "/registry/books/so-vang?agency=vks-hung-yen",
        (302, 403, 403, 200, 200, 404)),
    Row("office.book_xlsx", "GET", "/registry/books/so-vang/export.xlsx",
        (302, 403, 403, 200, 200, 200)),
    Row("office.copy", "POST", "/registry/{paper}/copy", (400,) * 6, state="draft"),
    Row("clusters.index", "GET", "/clusters/", RENDER),  # the menu offers it (needs)
    Row("clusters.new", "GET", "/clusters/new", (302, 200, 403, 403, 403, 200)),
    Row("clusters.year", "GET", "/clusters/{cluster}", (302, 200, 200, 200, 200, 404),
        cluster="scoring"),
    # Its form needs the CSRF token: each role's answer is in tests/web/test_web_copies.py.
    Row("office.make_copy", "POST", "/registry/{paper}/copies", (400,) * 6, state="issued"),
    Row("templates.index", "GET", "/templates/", RENDER),
    Row("templates.new", "GET", "/templates/new", (302, 403, 403, 200, 403, 200)),
    Row("templates.edit", "GET", "/templates/{template}/edit", (302, 403, 403, 200, 403, 404)),
    Row("templates.save", "POST", "/templates/save", (400,) * 6),
    Row("templates.use", "POST", "/templates/{template}/use", (400,) * 6),
    Row("templates.fill_form", "GET", "/templates/{template}/fill",
        (302, 200, 200, 200, 403, 404)),
    Row("templates.fill", "POST", "/templates/{template}/fill", (400,) * 6),
    Row("office.book_xlsx", "GET", "/registry/books/so-vang/export.xlsx?agency=vks-hung-yen",
        (302, 403, 403, 200, 200, 404)),
    Row("printing.book_pdf", "GET", "/registry/books/so-vang/export.pdf",
        (302, 403, 403, 200, 200, 200)),
    Row("printing.decision_certificates", "GET", "/registry/{paper}/certificates",
        (302, 200, 200, 200, 200, 404), state="issued"),
    Row("printing.print_decision", "POST", "/registry/{paper}/certificates", (400,) * 6,
        state="issued"),  # CSRF first: each role's answer in tests/web/test_web_printing.py
    Row("admin.users", "GET", "/admin/users", (302, 403, 403, 403, 200, 403)),
    Row("admin.add_user", "POST", "/admin/users", (400,) * 6),
    Row("admin.disable", "POST", "/admin/users/clerk/disable", (400,) * 6),
    Row("admin.set_email", "POST", "/admin/users/clerk/email", (400,) * 6),
    Row("admin.new_token", "POST", "/admin/users/clerk/tokens", (400,) * 6),
    Row("admin.revoke_token", "POST", "/admin/users/clerk/tokens/1/revoke", (400,) * 6),
]


def test_every_route_is_in_the_matrix() -> None:
    app = create_app(Settings(secret_key="x"))
    routes = {(rule.endpoint, m) for rule in app.url_map.iter_rules()
              for m in rule.methods - {"HEAD", "OPTIONS"} if rule.endpoint != "static"}
    listed = {(r.endpoint, r.method) for r in MATRIX}
    assert routes - listed == set(), "routes missing from the permission matrix"
    assert listed - routes == set(), "matrix rows for routes that no longer exist"


@pytest.mark.parametrize("row", [pytest.param(r, marks=pytest.mark.slow) if r.slow else r
                                 for r in MATRIX], ids=lambda r: f"{r.method} {r.endpoint}")
def test_route_answers_each_actor_as_the_table_says(world: World, row: Row) -> None:
    got = []
    for who in ACTORS:
        path = row.path
        # A GET changes nothing, so its actors share the objects it reads; any other
        # method gets new ones for each actor (a step one actor took must not decide
        # what the next one is answered).
        make = world.kept if row.method == "GET" else world.new
        if row.state is not None and "{paper}" in path:
            path = path.replace("{paper}", str(make("paper", row.state)))
        path = path.replace("{batch}", world.batch_id)
        if row.cluster is not None:
            path = path.replace("{cluster}", str(make("cluster", row.cluster)))
        if "{round}" in path:
            rid, nid = make("round", row.state or "open")
            path = path.replace("{round}", str(rid)).replace("{nomination}", str(nid))
        if "{template}" in path:
            path = path.replace("{template}", str(make("template")))
        kwargs: dict[str, Any] = {}
        if row.json is not None:
            kwargs["json"] = row.json()
        if row.form is not None:
            kwargs["data"] = row.form()
        resp = world.client(who).open(path, method=row.method, **kwargs)
        got.append(resp.status_code)
        if resp.status_code == 202:  # let a queued batch finish before the app goes
            world.app.extensions["docgen"].batches.executor.wait(resp.json["id"], timeout=120)
    assert dict(zip(ACTORS, got, strict=True)) == dict(zip(ACTORS, row.expect, strict=True))


def test_a_cookie_api_call_without_csrf_token_is_refused(world: World) -> None:
    """The cross-origin text/plain draft of the attack run: refused with a session cookie
    and no CSRF token, refused without any credentials."""
    c = world.app.test_client()
    page = c.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert c.post("/login", data={"login": "clerk", "password": "mat-khau-ma-tran",
                                  "csrf_token": token}).status_code == 302
    body = io.BytesIO(b'{"kind": "award-decision", "input": {}}')
    forged = c.post("/api/v1/papers", data=body, content_type="text/plain")
    assert forged.status_code == 400 and "CSRF" in forged.json["message"]
    # The session is new after sign-in: the page's token is the one to send.
    token = re.search(r'name="csrf-token" content="([^"]+)"',
                      c.get("/").get_data(as_text=True)).group(1)
    ok = c.post("/api/v1/papers", json=_decision_draft(), headers={"X-CSRFToken": token})
    assert ok.status_code == 201
    assert world.app.test_client().post("/api/v1/papers", data=b"{}",
                                        content_type="text/plain").status_code == 401
