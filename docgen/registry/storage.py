"""Files stored by content hash (SHA-256). ``FileStore`` is the interface an object store
can implement later; ``DiskStore`` keeps files under a folder, two levels of fan-out."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Protocol

from docgen.errors import NotFoundError


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class FileStore(Protocol):
    def put(self, data: bytes) -> str: ...
    def get(self, digest: str) -> bytes: ...
    def exists(self, digest: str) -> bool: ...


class DiskStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, digest: str) -> Path:
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise NotFoundError("không có tệp này")
        return self.root / digest[:2] / digest[2:4] / digest

    def put(self, data: bytes) -> str:
        """Store ``data`` (idempotent) and return its SHA-256; written to a temporary name,
        flushed, then renamed, so a stored file is always whole."""
        digest = sha256(data)
        path = self.path(digest)
        if path.exists():
            return digest
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{digest}.{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)
        return digest

    def get(self, digest: str) -> bytes:
        path = self.path(digest)
        if not path.is_file():
            raise NotFoundError("tệp đã lưu không còn trên đĩa")
        return path.read_bytes()

    def exists(self, digest: str) -> bool:
        return self.path(digest).is_file()
