"""Verification of an uploaded PDF for anyone, signed in or not (``POST /api/v1/verify``,
the upload on ``/verify/<code>``), with its work bounded.

Checking a signature compares every revision after it, so the cost grows with the square
of the number of signatures (40 took 65-95 s and gigabytes), and pyHanko's checks are pure
Python that hold the interpreter lock: run in a web thread, one upload stalled every page
of the process. So a verification here is refused past ``verify_max_bytes`` or
``verify_max_signatures`` before any work, waits at most ``verify_wait_s`` for one of the
process's ``verify_slots``, and runs in a process of its own, killed after
``verify_time_limit_s``: the web process keeps answering, and a killed verification
leaves no memory behind.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from docgen.config import Settings
from docgen.errors import BusyError, FieldError, InputError, TooLargeError
from docgen.render.processes import RenderTimeout, run_limited
from docgen.signing.verify import VerifyReport, verify_pdf


def _verify_in_child(pdf: bytes, roots: tuple[bytes, ...],
                     max_signatures: int) -> VerifyReport | str:
    """In the verification's own process: the report, or the reason the file cannot be
    checked (a string: an InputError does not cross processes intact)."""
    try:
        return verify_pdf(pdf, list(roots), max_signatures=max_signatures)
    except InputError as exc:
        return "; ".join(e.msg for e in exc.errors) or exc.message


@dataclass
class BoundedVerifier:
    """Verifies uploads with the limits of :class:`~docgen.config.Settings`."""

    trust_roots: tuple[bytes, ...]
    max_bytes: int
    max_signatures: int
    time_limit_s: float
    wait_s: float
    slots: int = 1
    _gate: threading.BoundedSemaphore = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._gate = threading.BoundedSemaphore(max(1, self.slots))

    @classmethod
    def from_settings(cls, settings: Settings, trust_roots: tuple[bytes, ...]) -> BoundedVerifier:
        return cls(trust_roots=trust_roots, max_bytes=settings.verify_max_bytes,
                   max_signatures=settings.verify_max_signatures,
                   time_limit_s=settings.verify_time_limit_s, wait_s=settings.verify_wait_s,
                   slots=settings.verify_slots)

    def check_size(self, size: int) -> None:
        """Refuse a file over the size limit (413), before reading or hashing it."""
        if size > self.max_bytes:
            raise TooLargeError(
                f"tệp {size / 1_048_576:.1f} MB lớn hơn {self.max_bytes / 1_048_576:.0f} MB "
                "mà máy chủ kiểm tra; văn bản ban hành thường chỉ vài trăm KB")

    def verify(self, pdf: bytes) -> VerifyReport:
        """The report of ``pdf``, or InputError (not a PDF, too many signatures, too long),
        TooLargeError, or BusyError when other verifications hold every slot."""
        self.check_size(len(pdf))
        if not self._gate.acquire(timeout=self.wait_s):
            raise BusyError("máy chủ đang kiểm tra tệp khác; xin thử lại sau ít giây",
                            retry_after_s=max(1, round(self.time_limit_s / 2)))
        try:
            result = run_limited(_verify_in_child, (pdf, self.trust_roots, self.max_signatures),
                                 self.time_limit_s)
        except RenderTimeout:
            raise InputError([FieldError(("file",), (
                f"kiểm tra chữ ký của tệp này cần hơn {self.time_limit_s:g} giây, quá thời "
                "gian máy chủ dành cho một tệp, nên đã dừng; tệp có thể đã bị thêm nhiều "
                "lần sửa đổi"))]) from None
        finally:
            self._gate.release()
        if isinstance(result, str):
            raise InputError([FieldError(("file",), result)])
        return result
