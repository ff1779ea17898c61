"""The catalog: figures in force on a date, rewards rounded up, bases by date, and an
administrator's edited copy."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from docgen.catalog import CatalogError, load_catalog
from docgen.catalog.loader import PACKAGED_CATALOG


@pytest.mark.parametrize(("on", "amount"), [
    (date(2023, 6, 30), 1_490_000), (date(2023, 7, 1), 1_800_000),
    (date(2024, 7, 1), 2_340_000), (date(2026, 6, 30), 2_340_000),
    (date(2026, 7, 1), 2_530_000),
])
def test_base_salary_in_force_on_a_date(catalog, on, amount):
    assert catalog.base_salary_on(on).amount == amount


def test_unverified_base_salary_is_flagged(catalog):
    assert catalog.base_salary_on(date(2026, 7, 1)).verified is False
    assert catalog.reward("giay_khen", date(2026, 8, 1)).meta()["figures_verified"] == "false"


@pytest.mark.parametrize(("code", "individual", "collective"), [
    ("lao_dong_tien_tien", 710_000, None),
    ("tap_the_lao_dong_tien_tien", None, 1_880_000),
    ("chien_si_thi_dua_co_so", 2_340_000, None),
    ("giay_khen", 710_000, 1_410_000),
    ("bang_khen_vien_truong_vkstc", 3_510_000, 7_020_000),
])
def test_rewards_at_2_340_000(catalog, code, individual, collective):
    reward = catalog.reward(code, date(2025, 12, 1))
    assert (reward.individual, reward.collective) == (individual, collective)


def test_bang_khen_coefficient_changes_with_decree_152(catalog):
    assert catalog.reward("bang_khen_vien_truong_vkstc", date(2025, 6, 30)).individual == 2_340_000
    assert catalog.reward("bang_khen_vien_truong_vkstc", date(2025, 7, 1)).individual == 3_510_000


def test_no_reward_before_any_coefficient(catalog):
    assert catalog.reward("giay_khen", date(2023, 1, 1)) is None


@pytest.mark.parametrize(("on", "decree"), [(date(2025, 6, 30), "98/2023"),
                                            (date(2025, 7, 1), "152/2025")])
def test_bases_follow_the_decree_in_force(catalog, on, decree):
    bases = catalog.bases_on(on)
    assert sum("Nghị định" in b for b in bases) == 1
    assert any(decree in b for b in bases)


def test_circular_cited_only_once_in_force(catalog):
    assert not any("02/2024/TT-VKSTC" in b for b in catalog.bases_on(date(2024, 9, 30)))
    assert any("02/2024/TT-VKSTC" in b for b in catalog.bases_on(date(2024, 10, 1)))


def edited(tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(PACKAGED_CATALOG.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_administrator_copy_via_environment(tmp_path, monkeypatch):
    path = edited(tmp_path, lambda d: d["base_salary"].append(
        {"from": date(2027, 1, 1), "amount": 3_000_000}))
    monkeypatch.setenv("DOCGEN_CATALOG", str(path))
    assert load_catalog().base_salary_on(date(2027, 2, 1)).amount == 3_000_000


def test_a_broken_catalog_says_where(tmp_path):
    path = edited(tmp_path, lambda d: d["awards"]["giay_khen"].update(category="huy_chuong"))
    with pytest.raises(CatalogError) as exc:
        load_catalog(path)
    assert "awards.giay_khen.category" in exc.value.message


def test_missing_catalog_file_is_a_clear_error(tmp_path):
    with pytest.raises(CatalogError):
        load_catalog(tmp_path / "none.yaml")
