"""Render subprocesses that die with their parent and renders that have a time limit.

A render process holds ~280 MB; when the web server or a worker is killed (``kill -9``,
the out-of-memory killer), its children must not live on. Pool workers come from a fork
server (forking a threaded server can deadlock), which does NOT exit with the process
that started it while it still has children, so each link watches the process that
owns it: a watchdog thread waits on a pidfd of the owner (the kernel wakes it when the
owner ends, whatever killed it) and exits at once; ``prctl(PR_SET_PDEATHSIG)`` adds the
kernel's own signal when the direct parent dies. The fork server gets the same watchdog
from ``docgen.render.forkserver_guard``, imported there first.

``run_limited`` runs one call in such a process and kills it when the time limit is
reached: a runaway render cannot hold a web worker hostage.
"""

from __future__ import annotations

import ctypes
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")
_PR_SET_PDEATHSIG = 1


class RenderTimeout(Exception):
    """A render went past its time limit and its process was killed."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"quá thời gian in cho phép ({seconds:g} giây): đã dừng tiến trình in")
        self.message = str(self)


def alive(pid: int) -> bool:
    """Whether process ``pid`` still runs: not gone, not a zombie waiting to be reaped. A
    process of another user (a reused pid) counts as alive: not ours to judge."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"
    except (OSError, IndexError):
        return True


def exit_with(owner: int) -> None:
    """End this process as soon as process ``owner`` has ended (Linux pidfd; a no-op
    where there is none)."""
    if not hasattr(os, "pidfd_open"):
        return
    try:
        fd = os.pidfd_open(owner)
    except ProcessLookupError:
        os._exit(1)
    except OSError:  # an old kernel: PDEATHSIG alone
        return

    def watch() -> None:
        select.select([fd], [], [])  # readable once the owner has exited
        os._exit(1)

    threading.Thread(target=watch, name="docgen-exit-with-owner", daemon=True).start()


def die_with_parent(owner: int | None = None) -> None:
    """Ask the kernel to SIGKILL this process when its parent dies, and exit when
    ``owner`` (default: the parent) ends (Linux; a no-op elsewhere)."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the call
        os._exit(1)
    exit_with(owner or parent)


@cache
def mp_context() -> Any:
    import multiprocessing

    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["docgen.render.forkserver_guard",
                                "docgen.render.certificate_pdf", "reportlab.pdfgen.canvas",
                                "pikepdf"])
    return ctx


def pool(workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers die with this process."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=mp_context(),
                               initializer=die_with_parent, initargs=(os.getpid(),))


def kill(executor: ProcessPoolExecutor) -> None:
    """Kill a pool's processes now (a render past its limit never returns by itself).
    ``ProcessPoolExecutor`` has no public way before Python 3.14
    (``terminate_workers``): its process table is the documented-by-use way."""
    for process in list((getattr(executor, "_processes", None) or {}).values()):
        process.kill()
    executor.shutdown(wait=True, cancel_futures=True)


def map_limited(executor: ProcessPoolExecutor, fn: Callable[..., T],
                calls: Sequence[tuple[Any, ...]], seconds: float,
                workers: int) -> Iterator[tuple[int, T]]:
    """Run ``fn(*args)`` for every call in the pool; yield ``(index, result)`` as each
    finishes. Each call has ``seconds``; since calls queue for ``workers`` processes, a
    call's clock starts when a process can take it (measured per round of ``workers``)."""
    futures: dict[Future[T], int] = {executor.submit(fn, *args): i
                                     for i, args in enumerate(calls)}
    rounds = -(-len(calls) // max(1, workers))
    deadline = seconds * max(1, rounds)
    pending = set(futures)
    end = time.monotonic() + deadline
    while pending:
        done, pending = wait(pending, timeout=max(0.0, end - time.monotonic()),
                             return_when=FIRST_COMPLETED)
        if not done:
            kill(executor)
            raise RenderTimeout(seconds)
        for future in done:
            yield futures[future], future.result()


def run_limited(fn: Callable[..., T], args: tuple[Any, ...], seconds: float) -> T:
    """``fn(*args)`` in a subprocess that is killed after ``seconds``."""
    executor = pool(1)
    try:
        for _, result in map_limited(executor, fn, [args], seconds, 1):
            return result
        raise AssertionError("unreachable")
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
