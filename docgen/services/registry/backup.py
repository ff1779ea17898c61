"""Backups of the registry.

``export`` writes one .tar.gz holding every table of the database (read by reflection, in
one consistent transaction, so a table added by a later migration - users, tokens,
signatures - is carried without anyone remembering to list it here), the schema revision
the rows belong to, and every stored file a row refers to (columns marked
``info=STORED_FILE`` in the models).

``restore`` loads such an archive into an empty registry: each file is checked against its
SHA-256 before anything is written; the schema is brought to the archive's revision, the
rows are inserted in foreign-key order, PostgreSQL sequences are moved past the restored
ids, and the schema is upgraded to the newest revision - all in one transaction, so an
archive of an older release restores into a newer one through the same migrations an
upgrade would run.
"""

from __future__ import annotations

import base64
import io
import json
import tarfile
import time
from collections.abc import Callable
from datetime import date, datetime
from datetime import time as time_of_day
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine, MetaData, Table, func, select, text

from docgen.errors import ConflictError, InputError
from docgen.services.registry.db import alembic_config
from docgen.services.registry.models import (
    Base,
    PaperSignature,  # noqa: F401  (its stored files)
)
from docgen.services.registry.storage import FileStore, sha256

FORMAT = "docgen-registry-backup/2"
#: Archives of the first format hold counters, papers and audit at schema revision 0002.
FORMAT_V1 = "docgen-registry-backup/1"
V1_REVISION = "0002"
#: Alembic's own bookkeeping: the archive stores the revision itself, not this table.
VERSION_TABLE = "alembic_version"


# -- values ----------------------------------------------------------------------------------

def _encode(value: Any) -> Any:
    """A column value as JSON; its column type on restore says how to read it back."""
    if isinstance(value, datetime | date | time_of_day):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _decoder(column: sa.Column[Any]) -> Callable[[Any], Any]:
    kind = column.type
    # Checked in this order: DateTime is not a Date subclass, Float is a Numeric one.
    if isinstance(kind, sa.DateTime):
        return datetime.fromisoformat
    if isinstance(kind, sa.Date):
        return date.fromisoformat
    if isinstance(kind, sa.Time):
        return time_of_day.fromisoformat
    if isinstance(kind, sa.LargeBinary):
        return base64.b64decode
    if isinstance(kind, sa.Boolean):
        return bool
    if isinstance(kind, sa.Numeric) and not isinstance(kind, sa.Float):
        return Decimal
    return lambda v: v


def _tables(conn: Connection) -> list[Table]:
    """Every table of the database, parents before children."""
    metadata = MetaData()
    metadata.reflect(bind=conn)
    return [t for t in metadata.sorted_tables if t.name != VERSION_TABLE]


def _file_columns() -> dict[str, list[str]]:
    """Table -> columns that hold the SHA-256 of a stored file (marked in the models)."""
    found: dict[str, list[str]] = {}
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if column.info.get("stored_file"):
                found.setdefault(table.name, []).append(column.name)
    return found


def _referenced_files(tables: dict[str, list[dict[str, Any]]]) -> list[str]:
    return sorted({row[c] for name, columns in _file_columns().items()
                   for row in tables.get(name, []) for c in columns if row.get(c)})


def _revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


# -- export ----------------------------------------------------------------------------------

def export(engine: Engine, store: FileStore, out: Path) -> dict[str, int]:
    """Write the archive to ``out`` (atomically) and return the count of each table's rows
    and of the files."""
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            # One snapshot for every table: a paper issued meanwhile is either whole or absent.
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():  # SQLite: BEGIN IMMEDIATE keeps writers out while we read
            revision = _revision(conn)
            tables: dict[str, list[dict[str, Any]]] = {}
            for table in _tables(conn):
                order = list(table.primary_key.columns) or list(table.columns)
                rows = conn.execute(select(table).order_by(*order)).mappings()
                tables[table.name] = [{k: _encode(v) for k, v in r.items()} for r in rows]
    digests = _referenced_files(tables)
    missing = [d for d in digests if not store.exists(d)]
    if missing:
        raise ConflictError(f"{len(missing)} tệp đã lưu không còn trong kho (ví dụ "
                            f"{missing[0][:12]}…): bản sao lưu sẽ không đầy đủ")
    meta = {"format": FORMAT, "exported_at": datetime.now().astimezone().isoformat(),
            "revision": revision, "tables": tables, "files": digests}
    tmp = out.with_name(f".{out.name}.part")
    with tarfile.open(tmp, "w:gz") as tar:
        _add(tar, "metadata.json", json.dumps(meta, ensure_ascii=False).encode())
        for digest in digests:
            _add(tar, f"files/{digest}", store.get(digest))
    tmp.replace(out)
    return {name: len(rows) for name, rows in tables.items()} | {"files": len(digests)}


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime = len(data), int(time.time())
    tar.addfile(info, io.BytesIO(data))


# -- restore ---------------------------------------------------------------------------------

def _read(source: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The archive's metadata and its files, every file checked against its name."""
    try:
        tar = tarfile.open(source, "r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise InputError([], message=f"không đọc được bản sao lưu {source}: {exc}") from None
    with tar:
        try:
            member = tar.extractfile("metadata.json")
            meta = json.loads(member.read()) if member else {}
        except (KeyError, ValueError):
            meta = {}
        if meta.get("format") == FORMAT_V1:
            meta["revision"] = V1_REVISION
        elif meta.get("format") != FORMAT:
            raise InputError([], message="tệp không phải bản sao lưu của docgen")
        files: dict[str, bytes] = {}
        for digest in meta["files"]:
            try:
                f = tar.extractfile(f"files/{digest}")
            except KeyError:
                f = None
            data = f.read() if f else b""
            if sha256(data) != digest:
                raise InputError([], message=f"tệp {digest[:12]}… trong bản sao lưu bị hỏng "
                                 "hoặc bị thiếu")
            files[digest] = data
    absent = set(_referenced_files(meta["tables"])) - set(files)
    if absent:
        raise InputError([], message=f"bản sao lưu thiếu {len(absent)} tệp mà văn bản cần")
    return meta, files


def _migrate(conn: Connection, engine: Engine, current: str | None,
             target: str | None) -> None:
    """Move the (empty) schema from ``current`` to ``target`` by the migrations."""
    from alembic import command
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    if current == target:
        return
    cfg = alembic_config(engine)
    cfg.attributes["connection"] = conn
    if target == "head":
        command.upgrade(cfg, "head")
        return
    script = ScriptDirectory.from_config(cfg)
    try:
        if target is not None:  # None is the empty schema ("base"): always known
            script.get_revision(target)
    except CommandError:
        raise InputError([], message=f"bản sao lưu thuộc lược đồ {target}, mới hơn phiên bản "
                         "docgen này: hãy cập nhật docgen rồi khôi phục") from None
    older = current is not None and target in {
        r.revision for r in script.walk_revisions(base="base", head=current)}
    (command.downgrade if older else command.upgrade)(cfg, target or "base")


def _reset_sequences(conn: Connection, tables: list[Table]) -> None:
    """PostgreSQL: the next id of each table follows the restored ones."""
    for table in tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, sa.Integer):
            continue
        seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                           {"t": table.name, "c": pk[0].name}).scalar()
        if seq:
            top = conn.execute(select(func.max(pk[0]))).scalar() or 0
            conn.execute(text("SELECT setval(:s, :v, false)"), {"s": seq, "v": top + 1})


def restore(engine: Engine, store: FileStore, source: Path) -> dict[str, int]:
    """Load the archive ``source`` into the empty registry of ``engine``; the counts of
    restored rows per table and of files."""
    meta, files = _read(source)
    backup: dict[str, list[dict[str, Any]]] = meta["tables"]
    with engine.begin() as conn:
        full = [t.name for t in _tables(conn)
                if conn.execute(select(sa.literal(1)).select_from(t).limit(1)).first()]
        if full:
            raise ConflictError("sổ đăng ký đang có dữ liệu (bảng " + ", ".join(full) +
                                "): chỉ khôi phục vào sổ trống")
        _migrate(conn, engine, _revision(conn), meta["revision"])
        tables = _tables(conn)
        unknown = set(backup) - {t.name for t in tables}
        if unknown:
            raise InputError([], message="bản sao lưu có bảng mà lược đồ không có: " +
                             ", ".join(sorted(unknown)))
        for table in tables:
            rows = backup.get(table.name) or []
            if not rows:
                continue
            extra = set().union(*rows) - set(table.columns.keys())
            if extra:
                raise InputError([], message=f"bảng {table.name} trong bản sao lưu có cột lạ: "
                                 + ", ".join(sorted(extra)))
            decode = {c.name: _decoder(c) for c in table.columns}
            conn.execute(table.insert(), [
                {k: None if v is None else decode[k](v) for k, v in r.items()} for r in rows])
        if engine.dialect.name == "postgresql":
            _reset_sequences(conn, tables)
        _migrate(conn, engine, meta["revision"], "head")
    # Files last: a refused restore leaves nothing behind (they are content-addressed, so
    # writing one that is already there is harmless).
    for data in files.values():
        store.put(data)
    return {name: len(rows) for name, rows in backup.items()} | {"files": len(files)}
