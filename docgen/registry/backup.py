"""Backups of the registry: ``export`` writes one .tar.gz with the metadata of every table
(read in one consistent transaction) and every stored file the papers refer to; ``restore``
loads it into an empty registry, checking each file against its SHA-256."""

from __future__ import annotations

import io
import json
import tarfile
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, select, text
from sqlalchemy.orm import Session

from docgen.errors import ConflictError, InputError
from docgen.registry.models import AuditEntry, Counter, Paper
from docgen.registry.signatures import PaperSignature
from docgen.registry.storage import FileStore, sha256

TABLES = (Counter, Paper, AuditEntry, PaperSignature)
FORMAT = "docgen-registry-backup/1"


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _decode(column: Any, value: Any) -> Any:
    if value is None:
        return None
    python_type = column.type.python_type
    if python_type is datetime:
        return datetime.fromisoformat(value)
    if python_type is date:
        return date.fromisoformat(value)
    return value


def _consistent(engine: Engine) -> Session:
    if engine.dialect.name == "postgresql":
        conn = engine.connect().execution_options(isolation_level="REPEATABLE READ")
        return Session(bind=conn)
    return Session(bind=engine)  # SQLite: the BEGIN IMMEDIATE transaction holds the lock


def export(engine: Engine, store: FileStore, out: Path) -> dict[str, int]:
    with _consistent(engine) as s, s.begin():
        tables = {}
        for model in TABLES:
            cols = model.__table__.columns
            rows = s.execute(select(model.__table__)).mappings().all()
            tables[model.__tablename__] = [{c.name: _encode(r[c.name]) for c in cols}
                                           for r in rows]
    digests = sorted({d for p in tables["papers"] for d in (p["docx_sha256"], p["pdf_sha256"])
                      if d} | {sig["pdf_sha256"] for sig in tables["paper_signatures"]})
    meta = {"format": FORMAT, "exported_at": datetime.now().isoformat(), "tables": tables,
            "files": digests}
    tmp = out.with_name(f".{out.name}.part")
    with tarfile.open(tmp, "w:gz") as tar:
        blob = json.dumps(meta, ensure_ascii=False).encode()
        info = tarfile.TarInfo("metadata.json")
        info.size, info.mtime = len(blob), int(time.time())
        tar.addfile(info, io.BytesIO(blob))
        for digest in digests:
            data = store.get(digest)
            info = tarfile.TarInfo(f"files/{digest}")
            info.size, info.mtime = len(data), int(time.time())
            tar.addfile(info, io.BytesIO(data))
    tmp.replace(out)
    return {name: len(rows) for name, rows in tables.items()} | {"files": len(digests)}


def restore(engine: Engine, store: FileStore, source: Path) -> dict[str, int]:
    try:
        tar = tarfile.open(source, "r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise InputError([], message=f"không đọc được bản sao lưu {source}: {exc}") from None
    with tar:
        member = tar.extractfile("metadata.json")
        meta = json.loads(member.read()) if member else {}
        if meta.get("format") != FORMAT:
            raise InputError([], message="tệp không phải bản sao lưu của docgen")
        for digest in meta["files"]:
            f = tar.extractfile(f"files/{digest}")
            data = f.read() if f else b""
            if sha256(data) != digest:
                raise InputError([], message=f"tệp {digest[:12]}… trong bản sao lưu bị hỏng")
            store.put(data)
    with Session(bind=engine) as s, s.begin():
        if any(s.execute(select(m).limit(1)).first() for m in TABLES):
            raise ConflictError("sổ đăng ký đang có dữ liệu: chỉ khôi phục vào sổ trống")
        for model in TABLES:
            rows = meta["tables"][model.__tablename__]
            cols = model.__table__.columns
            if rows:
                s.execute(insert(model.__table__), [
                    {c.name: _decode(c, r.get(c.name)) for c in cols} for r in rows])
        if engine.dialect.name == "postgresql":
            for table in ("papers", "audit"):
                s.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                               f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"))
    return {name: len(rows) for name, rows in meta["tables"].items()} | {
        "files": len(meta["files"])}

