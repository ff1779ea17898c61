"""Where batches live: their inputs, state and progress, per-row errors and result file.

``BatchStore`` is the interface the service and the views use; ``FileBatchStore`` keeps each
batch in its own folder under the data directory (state written atomically), which needs
no server and is visible to every worker process on the machine.
"""

from __future__ import annotations

import json
import os
import secrets
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from docgen.errors import NotFoundError

STATES = ("queued", "running", "done", "failed")


class BatchStore(Protocol):
    def create(self, state: dict[str, Any], files: dict[str, bytes]) -> str: ...
    def get(self, batch_id: str) -> dict[str, Any]: ...
    def update(self, batch_id: str, **fields: Any) -> dict[str, Any]: ...
    def read_file(self, batch_id: str, name: str) -> bytes: ...
    def write_file(self, batch_id: str, name: str, data: bytes) -> None: ...


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class FileBatchStore:
    """Batches as folders: ``<root>/<id>/state.json`` plus their input and result files."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()

    def _dir(self, batch_id: str) -> Path:
        # Ids are generated here (hex); anything else is not a batch of ours.
        if not (len(batch_id) == 32 and all(c in "0123456789abcdef" for c in batch_id)):
            raise NotFoundError("không có lô này")
        path = self.root / batch_id
        if not path.is_dir():
            raise NotFoundError("không có lô này")
        return path

    def _write(self, path: Path, data: bytes) -> None:
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)

    def create(self, state: dict[str, Any], files: dict[str, bytes]) -> str:
        batch_id = secrets.token_hex(16)
        path = self.root / batch_id
        path.mkdir(parents=True)
        for name, data in files.items():
            self._write(path / name, data)
        full = {"id": batch_id, "state": "queued", "created_at": now(), "done": 0, **state}
        self._write(path / "state.json", json.dumps(full, ensure_ascii=False).encode())
        return batch_id

    def get(self, batch_id: str) -> dict[str, Any]:
        return json.loads((self._dir(batch_id) / "state.json").read_text("utf-8"))  # type: ignore[no-any-return]

    def update(self, batch_id: str, **fields: Any) -> dict[str, Any]:
        with self._lock:
            state = self.get(batch_id)
            state.update(fields)
            self._write(self._dir(batch_id) / "state.json",
                        json.dumps(state, ensure_ascii=False).encode())
            return state

    def read_file(self, batch_id: str, name: str) -> bytes:
        path = self._dir(batch_id) / name
        if not path.is_file():
            raise NotFoundError("lô chưa có tệp này")
        return path.read_bytes()

    def write_file(self, batch_id: str, name: str, data: bytes) -> None:
        self._write(self._dir(batch_id) / name, data)
