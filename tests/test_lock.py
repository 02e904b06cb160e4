"""lock: one run per output folder; a second run waits, or exits 75; a killed holder frees the lock."""

from __future__ import annotations

import json
import logging
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from briefing.errors import BriefingError
from briefing.lock import LOCK_NAME, LockTimeout, holder, output_lock
from cli_env import BRIEFING, CLEAN_ENV


def test_second_holder_times_out_naming_the_first(tmp_path):
    with output_lock(tmp_path, timeout=0):
        assert holder(tmp_path / LOCK_NAME) == f"pid {os.getpid()}"
        with pytest.raises(LockTimeout, match=rf"^another briefing run \(pid {os.getpid()}\) is writing into "
                                              rf"{tmp_path}; gave up after 0 s: try again later or raise "
                                              r"--lock-timeout$") as caught:
            with output_lock(tmp_path, timeout=0):
                pass
        assert caught.value.exit_code == 75
    with output_lock(tmp_path, timeout=0):  # released on leaving the block
        pass
    assert (tmp_path / LOCK_NAME).exists()  # the file stays; only the flock comes and goes


class _WaitSeen(logging.Handler):
    """Sets an event when the lock module reports that it is waiting."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = threading.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(record, "event", None) == "lock_wait":
            self.seen.set()


def test_second_holder_waits_until_the_first_lets_go(tmp_path):
    watcher = _WaitSeen()
    logger = logging.getLogger("briefing.lock")
    logger.addHandler(watcher)
    logger.setLevel(logging.INFO)
    taken, order = threading.Event(), []

    def first() -> None:
        with output_lock(tmp_path, timeout=0):
            taken.set()
            watcher.seen.wait(30)  # hold on until the second one is known to wait
            order.append("first released")

    thread = threading.Thread(target=first)
    thread.start()
    try:
        taken.wait(30)
        with output_lock(tmp_path, timeout=60) as waited:
            order.append("second acquired")
    finally:
        logger.removeHandler(watcher)
        logger.setLevel(logging.NOTSET)
        thread.join(30)
    assert order == ["first released", "second acquired"]
    assert waited > 0


def test_a_killed_holder_leaves_no_stale_lock(tmp_path):
    code = ("import sys, time; from pathlib import Path; from briefing.lock import output_lock\n"
            "with output_lock(Path(sys.argv[1]), timeout=0):\n    print('locked', flush=True); time.sleep(600)\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline() == "locked\n"
        with pytest.raises(LockTimeout, match=rf"\(pid {proc.pid}\)"):
            with output_lock(tmp_path, timeout=0):
                pass
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    with output_lock(tmp_path, timeout=10):
        pass


# --- two real runs on one output folder -----------------------------------------------------------

class Run:
    """A `briefing run` subprocess whose stderr lines can be awaited one by one."""

    def __init__(self, *args: str, cwd: Path, env: dict) -> None:
        self.proc = subprocess.Popen([str(BRIEFING), "run", *map(str, args)], cwd=cwd, env=env, text=True,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.lines: queue.Queue[str] = queue.Queue()
        self.stderr: list[str] = []
        self.pump = threading.Thread(target=self._pump, daemon=True)
        self.pump.start()

    def _pump(self) -> None:
        for line in self.proc.stderr:
            self.lines.put(line)

    def wait_for(self, fragment: str, timeout: float = 120) -> str:
        """Block until a stderr line containing `fragment` arrives; return it."""
        while True:
            line = self.lines.get(timeout=timeout)
            self.stderr.append(line)
            if fragment in line:
                return line

    def finish(self, timeout: float = 300) -> int:
        """Wait for the exit code; the rest of stderr lands in `stderr`."""
        code = self.proc.wait(timeout)
        self.pump.join(30)  # stderr is read to its end
        while not self.lines.empty():
            self.stderr.append(self.lines.get())
        return code


def gated_server(gate: threading.Event):
    """The scripted model, answering only once `gate` is open: the run holding the lock stalls."""
    from fake_openai import FakeOpenAI, scripted_model

    def responder(request: dict):
        gate.wait(120)
        return scripted_model(request)

    return FakeOpenAI(responder=responder)


def records(out: Path) -> list[dict]:
    """The run records of an output folder, oldest first."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((out / "runs").glob("*.json"))]


WINDOW = ("--from", "2020-01-01", "--to", "2023-12-31")


@pytest.mark.parametrize("lock_timeout, second_code", [("0.5", 75), ("120", 0)])
def test_two_runs_on_one_folder(tmp_path, seeds_dir, lock_timeout, second_code):
    gate = threading.Event()
    with gated_server(gate) as fake:
        llm_env = {**CLEAN_ENV, "OPENAI_BASE_URL": fake.base_url}
        first = Run("--input", seeds_dir, "--out", "out", *WINDOW, "--model", "fake-model", cwd=tmp_path, env=llm_env)
        first.wait_for("INFO lock ")
        second = Run("--input", seeds_dir, "--out", "out", *WINDOW, "--engine", "extractive",
                     "--lock-timeout", lock_timeout, cwd=tmp_path, env=CLEAN_ENV)
        if second_code == 0:
            assert f"(held by pid {first.proc.pid}), up to 120 s" in second.wait_for("waiting for")
        else:
            assert second.finish() == 75
        gate.set()
        assert first.finish() == 0, "".join(first.stderr)
        assert second.finish() == second_code, "".join(second.stderr)
    if second_code == 75:
        assert second.stderr[-1] == (f"briefing: error: another briefing run (pid {first.proc.pid}) is writing into "
                                     "out; gave up after 0.5 s: try again later or raise --lock-timeout\n")
    outcomes = [(r["pid"], r["outcome"], r["exit_code"]) for r in records(tmp_path / "out")]
    finished = {first.proc.pid: ("ok", 0), second.proc.pid: ("locked", 75) if second_code else ("ok", 0)}
    assert sorted(outcomes) == sorted((pid, *result) for pid, result in finished.items())
    brief = json.loads((tmp_path / "out" / "brief-2020-01-01_2023-12-31.json").read_text(encoding="utf-8"))
    assert brief["engine"] == ("llm" if second_code else "extractive")  # a waiting run writes after the holder


def test_unusable_lock_file_is_a_one_line_failure(tmp_path):
    (tmp_path / LOCK_NAME).mkdir()
    with pytest.raises(BriefingError, match=rf"^cannot open the lock file {tmp_path / LOCK_NAME}: Is a directory; "
                                            rf"make {tmp_path} writable and {tmp_path / LOCK_NAME} a plain file$"):
        with output_lock(tmp_path, timeout=0):
            pass
