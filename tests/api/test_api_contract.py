"""The published OpenAPI document and the server agree: every route is described, and
Schemathesis, generating requests from the document (a bounded number per operation),
finds no server error, no status or body the document does not list, no method answered
without an ``Allow`` header, and no value the document allows that the server refuses."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import positive_data_acceptance

from docgen.http.api.openapi import openapi_document, undocumented
from docgen.kinds import KINDS

pytestmark = pytest.mark.slow


def test_every_api_route_is_described(app):
    assert undocumented(app) == []


def test_routes_are_in_the_document(app):
    with app.app_context():
        paths = openapi_document()["paths"]
    assert {"/api/v1/batches/check", "/api/v1/kinds", "/api/v1/papers/{paper_id}",
            "/api/v1/award-decision/render"} <= set(paths)
    assert all("x-undocumented" not in op for ops in paths.values() for op in ops.values())


def test_an_undescribed_route_is_reported(app):
    app.add_url_rule("/api/v1/secret", "secret", lambda: "")
    assert undocumented(app) == ["GET /api/v1/secret"]


def test_wrong_method_is_405_with_allow(client):
    resp = client.delete("/api/v1/catalog")
    assert resp.status_code == 405
    assert set(resp.headers["Allow"].split(", ")) >= {"GET"}


def _contract_app():  # type: ignore[no-untyped-def]
    """A fresh app with its own data folder (the schema is loaded when the module is), and
    a token of a user holding the office roles, so calls reach the views, not only 401."""
    import atexit
    import shutil
    import tempfile
    from pathlib import Path

    from docgen.config import Settings
    from docgen.http.app import create_app
    from docgen.http.auth import accounts
    from tests.conftest import CHEAP_HASHING, TEST_PASSWORD

    data = Path(tempfile.mkdtemp(prefix="docgen-contract-"))
    atexit.register(shutil.rmtree, data, True)  # made at import, before any fixture
    app = create_app(Settings(data_dir=data, secret_key="contract", **CHEAP_HASHING))
    app.config.update(TESTING=True)
    accounts(app).add_user("hopdong", "Cán bộ hợp đồng", "VKSHY",
                           ["clerk", "leader", "records"], TEST_PASSWORD)
    return app, accounts(app).issue_token("hopdong").secret


CONTRACT_APP, TOKEN = _contract_app()


#: Operations whose body carries a paper's input (see test_api_keeps_its_contract).
PAPER_INPUT_PATHS = {*(f"/api/v1/{kind}/render" for kind in KINDS), "/api/v1/papers",
                     "/api/v1/papers/{paper_id}", "/api/v1/batches", "/api/v1/batches/check",
                     # a round and a cluster's year: the same kind of rules (a chair among
                     # the members, a nominee a person or a collective, results per member)
                     "/api/v1/rounds/check", "/api/v1/rounds/papers", "/api/v1/scoring/check",
                     # a template is checked as a whole: its kind exists, its placeholders
                     # are declared, its declared fields used, its code safe
                     "/api/v1/templates", "/api/v1/templates/{template_id}",
                     # a cluster's year stored: results fit their criterion, the version
                     # is the stored one, the step follows the year's state
                     "/api/v1/clusters", *(f"/api/v1/clusters/{{year_id}}/{step}" for step in (
                         "scores", "reviews", "explanations", "lock", "meeting")),
                     # a round kept in the registry: the same rules as its check, and a
                     # state (a version read, a meeting recorded, the minutes issued)
                     "/api/v1/rounds", "/api/v1/rounds/{round_id}",
                     "/api/v1/rounds/{round_id}/nominations",
                     "/api/v1/rounds/{round_id}/nominations/{nomination_id}",
                     "/api/v1/rounds/{round_id}/meeting", "/api/v1/rounds/{round_id}/drafts",
                     # a copy: a trích sao needs parts, a paper copy its signer
                     "/api/v1/papers/{paper_id}/copies"}
#: Operations taking a file whose content must be a real PDF, PNG or key (a schema says
#: "binary", not "a PDF that opens"): random bytes rightly get a 422 naming the file.
FILE_CONTENT_PATHS = {"/api/v1/verify", "/api/v1/me/signature-image",
                      "/api/v1/papers/{paper_id}/sign", "/api/v1/papers/{paper_id}/sign/prepare",
                      "/api/v1/papers/{paper_id}/sign/complete"}

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", CONTRACT_APP)


@schema.parametrize()
@settings(max_examples=2, deadline=None, derandomize=True, database=None,
          phases=[Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_api_keeps_its_contract(case):  # type: ignore[no-untyped-def]
    excluded = []
    if case.operation.path in PAPER_INPUT_PATHS | FILE_CONTENT_PATHS:
        # A paper's input has rules across fields and against the catalog (KT. needs
        # on_behalf, an award for persons only, a pledge date in its year) that JSON Schema
        # cannot state, so a schema-valid input may rightly get a 422 with the reason.
        excluded.append(positive_data_acceptance)
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"},
                           excluded_checks=excluded)


def test_a_new_papers_input_is_typed_by_its_kind(app):
    """``POST /api/v1/papers`` is described as it is checked: each kind with its own input
    model, and any object only when kept ``incomplete``."""
    from docgen.kinds import get_kind
    from docgen.services.registry.papers import REGISTRABLE

    with app.app_context():
        doc = openapi_document()
    body = doc["paths"]["/api/v1/papers"]["post"]["requestBody"]["content"]
    branches = body["application/json"]["schema"]["anyOf"]
    typed = {b["properties"]["kind"]["const"]: b["properties"]["input"]["$ref"]
             for b in branches if "const" in b["properties"]["kind"]}
    assert typed == {k: f"#/components/schemas/{get_kind(k).model.__name__}"
                     for k in REGISTRABLE}
    assert all(ref.rsplit("/", 1)[1] in doc["components"]["schemas"] for ref in typed.values())
    kept = [b for b in branches if "enum" in b["properties"]["kind"]]
    assert kept[0]["properties"]["incomplete"] == {"const": True}


def test_the_rules_across_fields_are_described_for_every_kind(app):
    """What JSON Schema cannot say (someone awarded, a gender for a certificate, KT. needs
    whom it signs for …) is published as ``x-rules`` with the error type a refused input
    answers with; each type is one the models raise."""
    import pathlib

    import docgen.model

    with app.app_context():
        schemas = openapi_document()["components"]["schemas"]
    source = "".join(p.read_text("utf-8")
                     for p in pathlib.Path(docgen.model.__file__).parent.glob("*.py"))
    for kind in KINDS.values():
        rules = schemas[kind.model.__name__]["x-rules"]
        assert rules and all(r["rule"] for r in rules), kind.name
        assert all(f'"{r["type"]}"' in source for r in rules), kind.name
    decision = {r["type"] for r in schemas["AwardDecisionInput"]["x-rules"]}
    assert {"no_one_awarded", "authority_needs_on_behalf"} <= decision
    assert "gender_needed" in {r["type"] for r in schemas["CertificateInput"]["x-rules"]}
