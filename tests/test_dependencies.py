"""The installed libraries are the ones the code is written against: every version meets
pyproject.toml's bounds, and the library internals docgen relies on are there."""

from __future__ import annotations

import inspect
import tomllib
from importlib.metadata import version

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.helpers import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
REQUIREMENTS = [Requirement(r) for r in PROJECT["dependencies"]]
#: What scripts/setup installs: constraints.txt's pinned versions (name -> version).
PINS = {canonicalize_name(name): pinned for name, pinned in (
    line.split("==") for line in (ROOT / "constraints.txt").read_text("utf-8").splitlines()
    if line and not line.startswith("#"))}


@pytest.mark.parametrize("requirement", REQUIREMENTS, ids=[r.name for r in REQUIREMENTS])
def test_installed_version_is_within_bounds(requirement):
    assert requirement.specifier.contains(version(requirement.name), prereleases=True), \
        f"{requirement.name} {version(requirement.name)} is outside {requirement.specifier}"


@pytest.mark.parametrize("requirement", [
    Requirement(r) for r in [*PROJECT["dependencies"], *PROJECT["optional-dependencies"]["test"]]],
    ids=str)
def test_constraints_pin_a_version_within_bounds(requirement):
    # scripts/setup installs with -c constraints.txt: a pin outside pyproject.toml's range
    # would make the set-up fail on a fresh machine.
    name = canonicalize_name(requirement.name)
    assert name in PINS, f"constraints.txt pins no version of {name} (scripts/lock)"
    assert requirement.specifier.contains(PINS[name], prereleases=True), \
        f"constraints.txt pins {name}=={PINS[name]}, outside {requirement.specifier}"


def test_weasyprint_fetcher_restricts_protocols():
    # docgen.render.pdf builds URLFetcher(allowed_protocols={"file"}) and overrides fetch.
    from weasyprint.urls import URLFetcher

    assert "allowed_protocols" in inspect.signature(URLFetcher.__init__).parameters
    assert list(inspect.signature(URLFetcher.fetch).parameters)[:3] == ["self", "url", "headers"]


def test_docxtpl_internals_the_renderer_overrides():
    # docgen.render.docx memoises DocxTemplate.patch_xml and renders with its own Jinja
    # environment (autoescape on); RichTextParagraph carries the body paragraphs.
    from docxtpl import DocxTemplate, RichTextParagraph  # noqa: F401

    assert list(inspect.signature(DocxTemplate.patch_xml).parameters) == ["self", "src_xml"]
    assert {"context", "jinja_env", "autoescape"} <= set(
        inspect.signature(DocxTemplate.render).parameters)


def test_weasyprint_user_agent_stylesheet_hook():
    # docgen.render.pdf lays papers out with a scoped copy of the user-agent stylesheet,
    # given through HTML._ua_stylesheets and read from weasyprint.html.UA, and builds the
    # document from its own parse: the attributes HTML.__init__ sets must stay these.
    import re

    import cssselect2
    from weasyprint import HTML
    from weasyprint.css.counters import CounterStyle  # noqa: F401
    from weasyprint.html import UA, UA_STYLESHEET  # noqa: F401

    assert isinstance(UA, str)
    assert list(inspect.signature(HTML._ua_stylesheets).parameters) == ["self", "forms"]
    assert hasattr(cssselect2.ElementWrapper, "from_html_root")
    assigned = set(re.findall(r"self\.(\w+) =", inspect.getsource(HTML.__init__)))
    assert assigned == {"base_url", "url_fetcher", "media_type", "wrapper_element",
                        "etree_element"}


def test_pydyf_objects_serialise_through_a_data_property():
    # docgen.render.pdf keeps the first result of each object's ``data``.
    import pydyf

    for cls in (pydyf.Stream, pydyf.Dictionary, pydyf.Array):
        assert isinstance(inspect.getattr_static(cls, "data"), property)
    assert "identifier" in inspect.signature(pydyf.PDF.write).parameters


def test_weasyprint_font_configuration_copies_into_its_folder_attribute():
    # docgen.render.fonts gives the configuration its folder before any @font-face.
    from weasyprint.text.fonts import FontConfiguration

    source = inspect.getsource(FontConfiguration.add_font_face)
    assert "if self._folder is None:" in source
    assert "font_path = self._folder / " in source


@pytest.mark.parametrize("compress", [True, False])
def test_pydyf_stream_serialisation_is_the_one_docgen_repeats(monkeypatch, compress):
    # docgen.render.pdf writes streams as pydyf does, at its own zlib level: at pydyf's
    # level (9) the bytes must be pydyf's own.
    import pydyf

    from docgen.render import pdf

    monkeypatch.setattr(pdf, "FLATE_LEVEL", 9)
    stream = pydyf.Stream([b"BT", 12.5, 3.0, pydyf.Dictionary({"A": 1})],
                          pydyf.Dictionary({"N": 3}), compress=compress)
    assert pdf._stream_data(stream) == stream.data


def test_python_docx_internals_the_fragments_use():
    # docgen.render.docx_fragment: a bare body as a block container, style ids set on the
    # paragraph and table elements.
    from docx.document import _Body
    from docx.oxml.table import CT_TblPr
    from docx.oxml.text.paragraph import CT_P

    assert list(inspect.signature(_Body.__init__).parameters) == ["self", "body_elm", "parent"]
    assert isinstance(inspect.getattr_static(CT_P, "style"), property)
    assert inspect.getattr_static(CT_TblPr, "style").fset is not None


def test_json_parser_refuses_nan_and_deep_nesting():
    # docgen.http.api.responses.parse_json relies on pydantic-core's parser for both.
    import pydantic_core

    with pytest.raises(ValueError):
        pydantic_core.from_json(b"[NaN]", allow_inf_nan=False)
    with pytest.raises(ValueError, match="recursion"):
        pydantic_core.from_json(b"[" * 10_000)


@pytest.mark.slow
def test_signing_imports_print_no_warning_of_other_libraries():
    # A clerk running `docgen sign` sees docgen's messages only: cryptography 51's DSA
    # deprecation, raised when pyHanko imports its DSA module, is silenced by docgen.signing
    # (whose modules import pyHanko inside their functions, after the package).
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-W", "default", "-c",
                           "import docgen.signing, pyhanko.sign.signers"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
