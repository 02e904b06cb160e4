"""One run per output folder: an flock on OUT/.briefing.lock, waited for up to --lock-timeout seconds.

flock (not a pid file) because the kernel drops the lock when its holder dies, even by kill -9:
a crashed run never leaves a stale lock behind. The file itself stays; deleting it would let two
runs lock two different files of the same name.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path

from briefing.errors import BriefingError

LOCK_NAME = ".briefing.lock"
EXIT_LOCKED = 75  # EX_TEMPFAIL: cron and systemd read it as "try again later"
log = logging.getLogger(__name__)


class LockTimeout(BriefingError):
    """Another run held the output folder for longer than --lock-timeout."""

    exit_code = EXIT_LOCKED


@contextlib.contextmanager
def output_lock(out: Path, timeout: float, poll: float = 0.1) -> Iterator[float]:
    """Hold OUT/.briefing.lock for the block; yields the seconds spent waiting for it."""
    path = out / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise BriefingError(f"cannot open the lock file {path}: {exc.strerror or exc}; "
                            f"make {out} writable and {path} a plain file") from exc
    try:
        waited = _acquire(fd, path, timeout, poll)
        _note_holder(fd)
        log.info("lock %s acquired", path, extra={"event": "lock"})
        yield waited
    finally:
        os.close(fd)  # closing the descriptor releases the flock


def _acquire(fd: int, path: Path, timeout: float, poll: float) -> float:
    """Take the lock, polling until `timeout`; raise LockTimeout naming the holder."""
    start, told = time.monotonic(), False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return time.monotonic() - start
        except BlockingIOError:
            waited = time.monotonic() - start
            if waited >= timeout:
                raise LockTimeout(f"another briefing run ({holder(path)}) is writing into {path.parent}; "
                                  f"gave up after {timeout:g} s: try again later or raise --lock-timeout") from None
            if not told:  # one line when the wait begins, not one per poll
                log.info("waiting for %s (held by %s), up to %g s", path, holder(path), timeout,
                         extra={"event": "lock_wait"})
                told = True
            time.sleep(min(poll, timeout - waited))


def _note_holder(fd: int) -> None:
    """Write our pid into the lock file so that a waiting run can say who holds it."""
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"pid {os.getpid()}\n".encode(), 0)


def holder(path: Path) -> str:
    """'pid N' of the run holding the lock, as it wrote it, or 'pid unknown'."""
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        text = ""
    return text if text.startswith("pid ") else "pid unknown"
