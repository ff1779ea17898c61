"""Settings come from one place, and the secret key is shared by every process."""

from __future__ import annotations

import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from docgen.catalog.loader import PACKAGED_CATALOG
from docgen.config import SECRET_KEY_FILE, Settings, persisted_secret_key
from docgen.http.app import create_app
from tests.helpers import ROOT

#: Environment reads that are not settings: the test-only crash hook of the registry, and
#: the metrics folder prometheus-client itself reads.
#: Fault injection of the tests (crash or pause a process at a named point) and the
#: Prometheus client's own variable: not settings of docgen.
_NOT_SETTINGS = {"DOCGEN_TEST_CRASH_AT", "DOCGEN_TEST_PAUSE_AT", "DOCGEN_TEST_PAUSE_SECONDS",
                 "PROMETHEUS_MULTIPROC_DIR"}


def test_only_the_settings_module_reads_docgen_variables():
    readers: dict[str, set[str]] = {}
    for path in (ROOT / "docgen").rglob("*.py"):
        if path.name == "config.py":
            continue
        text = path.read_text(encoding="utf-8")
        for name in re.findall(r"os\.environ(?:\.get)?[\[(]\"([A-Z_]+)\"", text):
            if name not in _NOT_SETTINGS:
                readers.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    assert readers == {}


def test_environment_variables_fill_the_settings(tmp_path):
    s = Settings.from_env({"DOCGEN_DATA_DIR": str(tmp_path), "DOCGEN_CATALOG": "/etc/c.yaml",
                           "DOCGEN_CERTIFICATE_EMBLEM": "/etc/quoc-huy.svg",
                           "DOCGEN_WEB_WORKERS": "4", "DOCGEN_LOG_FORMAT": "text",
                           "DOCGEN_RENDER_WAIT": "2.5"})
    assert (s.data_dir, s.catalog_path, s.certificate_emblem) == (
        tmp_path, Path("/etc/c.yaml"), Path("/etc/quoc-huy.svg"))
    assert (s.web_workers, s.log_format, s.render_wait_s) == (4, "text", 2.5)
    assert s.secret_key == ""  # not invented here: persisted by with_secret_key


def test_the_apps_catalog_setting_is_the_one_used(tmp_path, sample):
    data = yaml.safe_load(PACKAGED_CATALOG.read_text(encoding="utf-8"))
    data["base_salary"].append({"from": "2099-01-01", "amount": 9_999_000})
    edited = tmp_path / "catalog.yaml"
    edited.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    app = create_app(Settings(data_dir=tmp_path, secret_key="x", catalog_path=edited))
    amounts = [s["amount"] for s in app.test_client().get("/api/v1/catalog").get_json()[
        "base_salary"]]
    assert 9_999_000 in amounts


def test_the_secret_key_is_persisted_privately_and_shared_by_two_apps(tmp_path):
    first = create_app(Settings(data_dir=tmp_path))
    second = create_app(Settings(data_dir=tmp_path))
    key = first.config["SECRET_KEY"]
    assert len(key) == 64 and second.config["SECRET_KEY"] == key
    assert stat.S_IMODE((tmp_path / SECRET_KEY_FILE).stat().st_mode) == 0o600

    from docgen.http.auth import public

    @first.get("/test-set")
    @public
    def _set() -> str:
        from flask import session

        session["office"] = "vks-hung-yen"
        return "ok"

    @second.get("/test-get")
    @public
    def _get() -> str:
        from flask import session

        return session.get("office", "none")

    c1, c2 = first.test_client(), second.test_client()
    c1.get("/test-set")
    c2.set_cookie("session", c1.get_cookie("session").value)
    assert c2.get("/test-get").get_data(as_text=True) == "vks-hung-yen"


@pytest.mark.slow  # six Python processes
def test_processes_starting_together_agree_on_one_key(tmp_path):
    code = ("import sys; from pathlib import Path; from docgen.config import "
            "persisted_secret_key; print(persisted_secret_key(Path(sys.argv[1])))")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path)],
                              stdout=subprocess.PIPE, text=True) for _ in range(6)]
    keys = {p.communicate(timeout=60)[0].strip() for p in procs}
    assert len(keys) == 1 and len(keys.pop()) == 64
    assert [p.name for p in tmp_path.iterdir()] == [SECRET_KEY_FILE]  # no temporary left


def test_a_configured_secret_key_wins_and_nothing_is_written(tmp_path):
    app = create_app(Settings(data_dir=tmp_path, secret_key="from-the-environment"))
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert not (tmp_path / SECRET_KEY_FILE).exists()
    assert persisted_secret_key(tmp_path) != "from-the-environment"


def test_folders_given_as_text_are_paths(tmp_path):
    made = Settings(data_dir=str(tmp_path / "data"), trust_roots=str(tmp_path / "roots.pem"))
    assert made.data_dir == tmp_path / "data" and isinstance(made.data_dir, Path)
    assert made.trust_roots == tmp_path / "roots.pem"
    assert made.effective_database_url == f"sqlite:///{tmp_path / 'data' / 'docgen.sqlite3'}"
