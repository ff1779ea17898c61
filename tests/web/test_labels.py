"""The forms' wording table (docgen/http/web/labels.py): every field of every form has a
Vietnamese label, the paper order names real fields, and paths read as a clerk says them."""

from __future__ import annotations

from typing import Any

import pytest

from docgen.http.web.labels import (
    CHOICES,
    ERROR_TARGETS,
    KIND_ORDER,
    ORDER,
    field_label,
    labels_for,
)
from docgen.kinds import KINDS
from docgen.model.certificate import CertificateMeta

FORMS = {**{k.name: k.model for k in KINDS.values()}, "certificate-meta": CertificateMeta}


def _paths(schema: dict[str, Any], node: dict[str, Any], names: tuple[str, ...] = (),
           seen: frozenset[str] = frozenset()
           ) -> list[tuple[tuple[str, ...], dict[str, Any]]]:
    """Every field path of a JSON Schema (list rows share their list's path; a model that
    contains itself, as a tree of criteria, is walked once: its rows share its labels)."""
    refs: set[str] = set()

    def resolve(s: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in s:
            refs.add(s["$ref"])
            s = schema["$defs"][s["$ref"].split("/")[-1]]
        options = [x for x in s.get("anyOf", []) if x.get("type") != "null"]
        return resolve(options[0]) if len(options) == 1 else s

    node = resolve(node)
    if refs & seen:
        return []
    seen = seen | refs
    out: list[tuple[tuple[str, ...], dict[str, Any]]] = []
    if node.get("type") == "array":
        return _paths(schema, node.get("items", {}), names, seen)
    for key, prop in node.get("properties", {}).items():
        out.append(((*names, key), resolve(prop)))
        out.extend(_paths(schema, prop, (*names, key), seen))
    return out


def _lookup(labels: dict[str, str], names: tuple[str, ...]) -> str | None:
    return next((labels[".".join(names[i:])] for i in range(len(names))
                 if ".".join(names[i:]) in labels), None)


@pytest.mark.parametrize("form", list(FORMS))
def test_every_field_has_a_vietnamese_label_and_choice_names(form):
    schema = FORMS[form].model_json_schema()
    labels = labels_for(form)["labels"]
    for names, prop in _paths(schema, schema):
        assert _lookup(labels, names), f"{form}: no label for {'.'.join(names)}"
        for value in prop.get("enum", []):
            # Choices a clerk could not read as they are need a name.
            if not str(value).isupper() and value not in ("nam", "nữ"):
                assert value in CHOICES.get(names[-1], {}), f"{form}: {names} {value}"


@pytest.mark.parametrize("form", list(FORMS))
def test_paper_order_lists_every_field_of_the_form(form):
    assert list(KIND_ORDER[form]) == sorted(FORMS[form].model_json_schema()["properties"],
                                            key=KIND_ORDER[form].index)


def test_nested_order_names_real_fields():
    pairs = {(names[-2], names[-1]) for model in FORMS.values()
             for names, _ in _paths(model.model_json_schema(), model.model_json_schema())
             if len(names) > 1}
    for parent, order in ORDER.items():
        assert {(parent, child) for child in order} <= pairs, parent


@pytest.mark.slow
def test_error_targets_name_fields_of_the_forms():
    fields = {names[-1] for model in FORMS.values()
              for names, _ in _paths(model.model_json_schema(), model.model_json_schema())}
    assert set(ERROR_TARGETS.values()) <= fields


def test_a_path_reads_as_the_clerk_says_it():
    assert field_label(("individuals", 3, "name")) == "Cá nhân được khen thưởng 4 › Họ và tên"
    assert field_label(("witness", "signer", "name")) == \
        "Lãnh đạo chứng kiến › Người chứng kiến › Họ và tên người chứng kiến"
    assert field_label(("recipients", 0), "certificate") == "Người, tập thể được khen 1"
    assert field_label(("recipients", 0), "directive") == "Nơi nhận 1"
