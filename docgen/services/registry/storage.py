"""Files stored by content hash (SHA-256). ``FileStore`` is the interface an object store
(S3, MinIO, …) can implement; ``DiskStore`` keeps files under a folder, two levels of
fan-out.

Besides whole byte strings (papers are small), the interface streams: batch results can
be hundreds of megabytes, so they are stored from a local file (``put_file``), read as a
file object (``open``) and removed when they expire (``delete``). An object store would
implement ``open`` with a downloaded temporary file and ``put_file`` with a multipart
upload; the key is always the SHA-256 of the content.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, Protocol

from docgen.errors import NotFoundError

_CHUNK = 1024 * 1024


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(_CHUNK):
            h.update(block)
    return h.hexdigest()


class FileStore(Protocol):
    def put(self, data: bytes) -> str: ...
    def put_file(self, path: Path) -> str: ...
    def get(self, digest: str) -> bytes: ...
    def open(self, digest: str) -> BinaryIO: ...
    def exists(self, digest: str) -> bool: ...
    def size(self, digest: str) -> int: ...
    def delete(self, digest: str) -> None: ...


class DiskStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, digest: str) -> Path:
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise NotFoundError("không có tệp này")
        return self.root / digest[:2] / digest[2:4] / digest

    def _install(self, digest: str, fill: Callable[[BinaryIO], object]) -> str:
        """Write to a temporary name, flush to disk, then rename: a stored file is whole."""
        path = self.path(digest)
        if path.exists():
            return digest
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{digest}.{os.getpid()}.{id(fill)}.tmp")
        with open(tmp, "wb") as fh:
            fill(fh)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)
        return digest

    def put(self, data: bytes) -> str:
        """Store ``data`` (idempotent) and return its SHA-256."""
        return self._install(sha256(data), lambda fh: fh.write(data))

    def put_file(self, path: Path) -> str:
        """Store the content of a local file without reading it into memory."""
        def copy(fh: BinaryIO) -> None:
            with open(path, "rb") as src:
                shutil.copyfileobj(src, fh, _CHUNK)

        return self._install(sha256_file(path), copy)

    def get(self, digest: str) -> bytes:
        path = self.path(digest)
        if not path.is_file():
            raise NotFoundError("tệp đã lưu không còn trên đĩa")
        return path.read_bytes()

    def open(self, digest: str) -> BinaryIO:
        path = self.path(digest)
        try:
            return open(path, "rb")
        except FileNotFoundError:
            raise NotFoundError("tệp đã lưu không còn trên đĩa") from None

    def exists(self, digest: str) -> bool:
        return self.path(digest).is_file()

    def size(self, digest: str) -> int:
        return self.path(digest).stat().st_size

    def delete(self, digest: str) -> None:
        self.path(digest).unlink(missing_ok=True)
