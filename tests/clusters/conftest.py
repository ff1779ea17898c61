"""A catalog whose agencies include the member units of VKSND tỉnh Gia Lai's Khối thi đua
số 2 (the contract's example), the example year without its results, and people of each."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from docgen.catalog.loader import PACKAGED_CATALOG, use_catalog
from docgen.config import Settings
from docgen.services.accounts.identity import Actor
from docgen.services.registry.papers import Registry
from docgen.services.scoring.service import ClusterService, Loaded
from tests.conftest import new_settings
from tests.helpers import SAMPLES

#: Member code of the example -> the agency (catalog code) that acts for it.
UNITS = {"VP": "gl-vp", "TT": "gl-tt", "P8": "gl-p8", "P11": "gl-p11", "P15": "gl-p15"}
ORGANISER = "vks-gia-lai"


def cluster_catalog(path: Path) -> Path:
    """The packaged catalog with the five units of the example as agencies under VKSND
    tỉnh Gia Lai (a Khối's members act each for its own unit)."""
    data = yaml.safe_load(PACKAGED_CATALOG.read_text(encoding="utf-8"))
    for code, agency in UNITS.items():
        data["agencies"].append({"code": agency, "name": f"Đơn vị {code}\nViện kiểm sát nhân "
                                 "dân tỉnh Gia Lai", "above": ORGANISER,
                                 "symbol": f"{code}-VKSGL", "place": "Gia Lai"})
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def units_catalog(tmp_path: Path) -> Iterator[Path]:
    path = cluster_catalog(tmp_path / "catalog.yaml")
    use_catalog(path)
    yield path
    use_catalog(None)


@pytest.fixture
def example() -> dict[str, Any]:
    return json.loads((SAMPLES / "cluster-scores.json").read_text(encoding="utf-8"))


@pytest.fixture
def fresh_year(example: dict[str, Any]) -> dict[str, Any]:
    """The example's cluster, members and criteria, nothing scored, no meeting."""
    doc = copy.deepcopy(example)
    for key in ("results", "reviews", "meeting"):
        doc.pop(key, None)
    return doc


@pytest.fixture
def person() -> Callable[..., Actor]:
    """``person("TT", "clerk")``: someone of a member unit (or ``"organiser"``,
    ``"other"``: VKSND tỉnh Hưng Yên, in no cluster)."""
    def make(unit: str, *roles: str) -> Actor:
        agency = {"organiser": ORGANISER, "other": "vks-hung-yen"}.get(unit) or UNITS[unit]
        login = f"{unit.lower()}-{'-'.join(roles)}"
        return Actor(login=login, name=f"Cán bộ {unit}", agency=agency,
                     roles=frozenset(roles))
    return make


@pytest.fixture
def settings(tmp_path: Path, migrated_sqlite: Path) -> Settings:
    """The app's settings (as tests/conftest.py's) with the catalog of the Khối's units."""
    return new_settings(tmp_path, migrated_sqlite,
                        catalog_path=cluster_catalog(tmp_path / "catalog.yaml"))


@pytest.fixture
def clusters(registry: Registry, units_catalog: Path) -> ClusterService:
    return ClusterService(registry.sessions, registry)


@pytest.fixture
def started(clusters: ClusterService, fresh_year: dict[str, Any],
            person: Callable[..., Actor]) -> Loaded:
    return clusters.create({"members": UNITS, "document": fresh_year},
                           person("organiser", "clerk"))
