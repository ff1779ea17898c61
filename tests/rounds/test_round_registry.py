"""A round's earlier years from the registry: the Bằng khen of the sample round needs the
collective's "Tập thể lao động xuất sắc" of 2025, found in the agency's issued decisions
(passes), missing from a 2025 decision that names others (fails, saying why), or not held
(noted); names compare the registry's way; only what the caller may read is used."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from click.testing import CliRunner

from docgen.catalog import Catalog
from docgen.cli.commands import main
from docgen.config import Settings
from docgen.http.context import services
from docgen.rounds.check import NominationResult, RoundResult
from docgen.service import check_round
from docgen.services.accounts.identity import Actor, system_actor
from docgen.services.registry.awarded import period_year, round_prior
from docgen.services.registry.papers import Registry
from tests.helpers import load_json_sample

SYS = system_actor()
TEAM = "Phòng Kiểm sát thi hành án hình sự (Phòng 7)"
TTLDXS = "tap_the_lao_dong_xuat_sac"
GIA_LAI = {"name": "Viện kiểm sát nhân dân\ntỉnh Gia Lai", "symbol": "VKSGL", "place": "Gia Lai"}
MISSING = 'thiếu điều kiện: năm 2025 không đạt "Tập thể lao động xuất sắc" (theo sổ khen thưởng)'
NOT_HELD = 'chưa đối chiếu được "Tập thể lao động xuất sắc" năm 2025'


def decide(reg: Registry, collectives: list[str], *, award: str = TTLDXS,
           period: str = "năm 2025", on: date = date(2026, 1, 8),
           issuer: dict[str, str] | None = None) -> int:
    data: dict[str, Any] = load_json_sample("award-decision") | {
        "award": award, "period": period, "individuals": [],
        "collectives": [{"name": n} for n in collectives]}
    data.pop("number", None)
    if issuer is not None:
        data["issuer"] = issuer
    draft = reg.create_draft("award-decision", data, SYS)
    reg.submit(draft.id, SYS)
    reg.approve(draft.id, SYS)
    return reg.issue(draft.id, SYS, on=on).id


def bang_khen(result: RoundResult) -> NominationResult:
    return next(r for r in result.results
                if r.nomination.award == "bang_khen_vien_truong_vkstc")


def check(reg: Registry, catalog: Catalog, actor: Actor = SYS) -> NominationResult:
    return bang_khen(check_round(load_json_sample("council-minutes"), catalog=catalog,
                                 prior_for=round_prior(reg.sessions, actor, catalog)))


def test_the_year_in_the_registry_lets_the_nomination_pass(registry: Registry,
                                                           catalog: Catalog) -> None:
    # Spelled in capitals with a double space: the same collective.
    decide(registry, ["Văn phòng", "PHÒNG KIỂM SÁT THI HÀNH ÁN HÌNH SỰ  (PHÒNG 7)"])
    result = check(registry, catalog)
    assert result.passed and result.notes == []


def test_a_held_year_without_the_nominee_fails_with_the_reason(registry: Registry,
                                                               catalog: Catalog) -> None:
    decide(registry, ["Văn phòng"])
    # A title of another year, or another award, does not stand in for it.
    decide(registry, [TEAM], period="năm 2024", on=date(2025, 1, 8))
    decide(registry, [TEAM], award="tap_the_lao_dong_tien_tien")
    result = check(registry, catalog)
    assert not result.passed and result.reasons == [MISSING]


def test_a_year_the_registry_does_not_hold_is_noted(registry: Registry,
                                                    catalog: Catalog) -> None:
    revoked = decide(registry, [TEAM])
    registry.revoke(revoked, "ban hành nhầm", SYS)
    decide(registry, [TEAM], issuer=GIA_LAI)  # another agency's registry is not this one's
    result = check(registry, catalog)
    assert result.passed and result.notes[0].startswith(NOT_HELD)


def test_only_a_reader_of_the_agency_gets_the_registry(registry: Registry,
                                                       catalog: Catalog) -> None:
    decide(registry, ["Văn phòng"])
    other = Actor("vkstc", "VKSTC", "vkstc", frozenset({"clerk", "leader", "records"}))
    assert check(registry, catalog, other).notes[0].startswith(NOT_HELD)
    own = Actor("hy", "HY", "vks-hung-yen", frozenset({"clerk"}))
    assert check(registry, catalog, own).reasons == [MISSING]


def test_the_year_an_award_is_for() -> None:
    assert period_year("năm 2025", date(2026, 1, 5)) == 2025
    assert period_year("giai đoạn 2021 - 2025", date(2026, 1, 5)) == 2025
    assert period_year(None, date(2026, 6, 1)) == 2026


# -- the faces ---------------------------------------------------------------------------


@pytest.fixture
def app_2025(app):  # type: ignore[no-untyped-def]
    decide(services(app).registry, ["Văn phòng"])
    return app


def test_api_uses_the_signed_in_callers_registry(app_2025, client_as: Callable[..., Any]
                                                 ) -> None:
    body = load_json_sample("council-minutes")
    data = client_as(["clerk"]).post("/api/v1/rounds/check", json=body).json
    team = [n for n in data["nominations"] if n["award"] == "bang_khen_vien_truong_vkstc"][0]
    assert team["passed"] is False and team["reasons"] == [MISSING]
    # A caller of another agency checks the same round without Hưng Yên's registry.
    data = client_as(["clerk"], "VKSTC").post("/api/v1/rounds/check", json=body).json
    team = [n for n in data["nominations"] if n["award"] == "bang_khen_vien_truong_vkstc"][0]
    assert team["passed"] is True and team["notes"][0].startswith(NOT_HELD)


def test_cli_uses_the_registry_unless_told_not_to(app_2025, settings: Settings, tmp_path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCGEN_DATA_DIR", str(settings.data_dir))
    path = tmp_path / "round.json"
    path.write_text(json.dumps(load_json_sample("council-minutes")), "utf-8")
    used = CliRunner().invoke(main, ["rounds", "check", str(path)])
    assert used.exit_code == 0, used.output
    assert MISSING in used.output
    unused = CliRunner().invoke(main, ["rounds", "check", str(path), "--no-registry"])
    assert unused.exit_code == 0 and MISSING not in unused.output
    assert NOT_HELD in unused.output


def test_cli_without_a_registry_makes_none(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("DOCGEN_DATA_DIR", str(data))
    path = tmp_path / "round.json"
    path.write_text(json.dumps(load_json_sample("council-minutes")), "utf-8")
    result = CliRunner().invoke(main, ["rounds", "check", str(path)])
    assert result.exit_code == 0 and NOT_HELD in result.output
    assert not (data / "docgen.sqlite3").exists()
