"""The browser libraries shipped with the app (web/static/vendor): each with its licence and
its version in the folder's README, each served by the app itself (no CDN)."""

from __future__ import annotations

import re

from tests.helpers import ROOT

VENDOR = ROOT / "web" / "static" / "vendor"


def test_every_vendored_library_has_its_licence_and_a_readme_line():
    readme = (VENDOR / "README.md").read_text("utf-8")
    folders = sorted(p.name for p in VENDOR.iterdir() if p.is_dir())
    assert folders == ["markdown-it", "quill", "turndown", "turndown-plugin-gfm"]
    for name in folders:
        assert (VENDOR / name / "LICENSE").stat().st_size > 500, name
        row = re.search(rf"^\| `{re.escape(name)}/` \| `([^`]+)` \| (\d+\.\d+\.\d+) \| "
                        rf"(MIT|BSD-3-Clause) \|.*\| `([0-9a-f]{{64}})` \|$", readme, re.M)
        assert row, name
    # The Quill file is the release the README names, with the licence note it points to.
    assert 'version="2.0.3"' in (VENDOR / "quill" / "quill.js").read_text("utf-8")
    assert "Quill Editor v2.0.3" in (VENDOR / "quill" / "quill.js.LICENSE.txt").read_text("utf-8")


def test_the_paper_form_loads_the_editor_from_this_site_only(client):
    html = client.get("/papers/official-letter").get_data(as_text=True)
    sources = re.findall(r'<(?:script src|link rel="stylesheet" href)="([^"]+)"', html)
    vendored = [s for s in sources if "/vendor/" in s]
    assert len(vendored) == 5
    assert all(s.startswith("/static/") for s in sources), sources
    for src in vendored:
        with client.get(src) as answer:
            assert answer.status_code == 200, src
            assert len(answer.get_data()) > 1_000, src
    assert "/static/bodyeditor.js" in sources
