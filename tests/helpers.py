"""Assertion helpers for the files docgen writes: text of a PDF or DOCX, NFC-normalised."""

from __future__ import annotations

import copy
import io
import os
import socket
import unicodedata
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
PAPER_KINDS = ("directive", "pledge", "award-decision", "resolution", "issuing-decision",
               "administrative", "official-letter",
               "minutes", "cluster-scores", "cluster-minutes", "council-minutes", "award-proposal",
               "achievement-report")
#: Papers that are one wide table, laid out on A4 landscape (docgen.style.LANDSCAPE).
LANDSCAPE_KINDS = ("cluster-scores",)


def page_mm(kind: str) -> tuple[int, int]:
    """(width, height) of a kind's pages in mm: A4, portrait or landscape."""
    return (297, 210) if kind in LANDSCAPE_KINDS else (210, 297)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def pdf_text(data: bytes) -> str:
    """All text of a PDF, NFC-normalised, pages joined by form feeds."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return nfc("\f".join(page.extract_text() or "" for page in reader.pages))


def page_numbers(data: bytes) -> list[str]:
    """What each page of a PDF prints in its top margin (the page number, or ``""``): the
    words above the text block (20 mm), which holds nothing else."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [" ".join(w["text"] for w in page.extract_words() if w["bottom"] < 50)
                for page in pdf.pages]


def docx_text(data: bytes) -> str:
    """All paragraph text of a DOCX (body, tables, headers), one paragraph a line."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    lines: list[str] = []

    def walk(container: Any) -> None:
        for block in container.iter_inner_content():
            if hasattr(block, "rows"):
                for row in block.rows:
                    seen = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:
                            continue
                        seen.add(id(cell._tc))
                        walk(cell)
            else:
                lines.append(block.text)

    walk(doc)
    return nfc("\n".join(lines))


def docx_paragraph(doc: Any, text: str) -> Any:
    """The first paragraph (body, tables, nested) whose text is ``text``."""
    def walk(container: Any) -> Any:
        for block in container.iter_inner_content():
            if hasattr(block, "rows"):
                for row in block.rows:
                    for cell in row.cells:
                        found = walk(cell)
                        if found is not None:
                            return found
            elif nfc(block.text) == text:
                return block
        return None

    found = walk(doc)
    if found is None:
        raise AssertionError(f"no paragraph {text!r}")
    return found


def docx_run_format(doc: Any, text: str) -> tuple[str | None, float | None, bool, bool]:
    """(font name, size in pt, bold, italic) of the paragraph ``text`` as Word resolves it:
    run properties, then the paragraph style and the styles it is based on, then defaults."""
    p = docx_paragraph(doc, text)
    run = p.runs[0]
    chain = []
    st = p.style
    while st is not None:
        chain.append(st)
        st = st.base_style

    def pick(attr: str) -> Any:
        value = getattr(run.font, attr)
        if value is not None:
            return value
        for s in chain:
            value = getattr(s.font, attr)
            if value is not None:
                return value
        return None

    size = pick("size")
    return pick("name"), (size.pt if size is not None else None), bool(pick("bold")), bool(
        pick("italic"))


def edited(data: Any, path: tuple[str | int, ...], *value: Any) -> Any:
    """A deep copy of ``data`` with the value at ``path`` (keys and row numbers) replaced by
    ``value``, or removed when no value is given."""
    data = copy.deepcopy(data)
    target = data
    for key in path[:-1]:
        target = target[key]
    if value:
        target[path[-1]] = value[0]
    else:
        del target[path[-1]]
    return data


def load_json_sample(kind: str) -> Any:
    import json

    return json.loads((SAMPLES / f"{kind}.json").read_text(encoding="utf-8"))


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """Serve a WSGI app (Flask, or a bare function) on a free port of 127.0.0.1 in a
    thread; yields its base URL."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


def approve_via_api(client, paper_id: int) -> None:  # type: ignore[no-untyped-def]
    """Submit and approve a draft through the API (the client holds clerk and leader)."""
    assert client.post(f"/api/v1/papers/{paper_id}/submit").status_code == 200
    assert client.post(f"/api/v1/papers/{paper_id}/approve").status_code == 200


def issue_via_api(client, kind: str, data: dict, **body):  # type: ignore[no-untyped-def]
    """Draft, submit, approve and issue a paper through the API; the issued paper's JSON."""
    created = client.post("/api/v1/papers", json={"kind": kind, "input": data})
    assert created.status_code == 201, created.json
    approve_via_api(client, created.json["id"])
    resp = client.post(f"/api/v1/papers/{created.json['id']}/issue", json=body)
    assert resp.status_code == 200, resp.json
    return resp.json


def free_port() -> int:
    """A port on 127.0.0.1 where nothing listens (now)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def http_get(url: str, timeout: float = 10, token: str = "") -> tuple[int, bytes]:
    """GET ``url``: (status, body), an HTTP error status included."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers),
                                    timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def service_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a docgen command or server of a test: none of the caller's
    DOCGEN_/PROMETHEUS settings, its own data folder, JSON logs."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOCGEN_", "PROMETHEUS"))}
    env.update(DOCGEN_DATA_DIR=str(tmp_path / "data"), DOCGEN_LOG_FORMAT="json")
    return env


class Dialogs:
    """A page's ``confirm()`` questions, answered and kept:
    ``page.once("dialog", dialogs.answer(False))``, then ``dialogs.questions``."""

    def __init__(self) -> None:
        self.questions: list[str] = []

    def answer(self, yes: bool) -> Any:
        def reply(dialog: Any) -> None:
            self.questions.append(dialog.message)
            dialog.accept() if yes else dialog.dismiss()

        return reply

