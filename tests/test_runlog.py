"""runlog: the run record for every outcome, and what a kill mid-way leaves behind."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import queue
import signal
import sqlite3
import subprocess
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from briefing.config import LLMOptions, Settings, effective_config
from briefing.errors import InputError
from briefing.lock import LockTimeout, output_lock
from briefing.model import Window
from briefing.runlog import execute, input_files, redact, retries
from cli_env import BRIEFING, CLEAN_ENV

NOW = dt.datetime(2024, 1, 1, 8, 30, tzinfo=dt.timezone.utc)
SEPT_2023 = Window(dt.date(2023, 9, 19), dt.date(2023, 9, 20))
STEM = "brief-2020-01-01_2023-12-31"
WINDOW = ("--from", "2020-01-01", "--to", "2023-12-31")
FAKE_KEY = "sk-FAKE-KEY-for-runlog-tests-9876543210"


def settings(seeds: Path, out: Path, **changes) -> Settings:
    """Extractive settings over the seeds for the September 2023 window."""
    base = Settings(input=seeds, out=out, engine="extractive", language="auto", window=SEPT_2023, tz="UTC")
    return replace(base, **changes)


def records(out: Path) -> list[dict]:
    """The run records of an output folder, oldest first."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((out / "runs").glob("*.json"))]


def sha256(path: Path) -> str:
    """Hex sha256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_record_of_a_good_run(seeds_dir, tmp_path):
    s = settings(seeds_dir, tmp_path / "out")
    outcome = execute(s, {"date": "2023-09-20", "days": "2"}, now=NOW)
    assert outcome.exit_code == 0
    assert outcome.record_path.parent == tmp_path / "out" / "runs"
    (record,) = records(tmp_path / "out")
    assert record == json.loads(outcome.record_path.read_text(encoding="utf-8"))
    assert (record["schema"], record["outcome"], record["exit_code"], record["error"], record["pid"]) == (
        "briefing-run/1", "ok", 0, None, os.getpid())
    assert record["flags"] == {"date": "2023-09-20", "days": "2"}
    assert record["config"] == effective_config(s)
    assert (record["engine"], record["model"], record["prompts"], record["usage"], record["retries"]) == (
        "extractive", None, None, None, None)
    assert record["window"] == {"from": "2023-09-19", "to": "2023-09-20"}
    assert record["articles"] == ["000_7886f0821ccbc2f6", "001_4bdb7abb272d927f"]
    assert record["inputs"] == [{"path": str(p), "bytes": p.stat().st_size, "sha256": sha256(p)}
                                for p in sorted(seeds_dir.iterdir())]
    assert record["verification"] == outcome.result.brief.verification.to_json()
    assert record["outputs"] == {kind: {"path": str(path), "sha256": sha256(path)}
                                 for kind, path in outcome.result.paths.items()}
    assert list(record["timings"]) == ["lock_wait", "ingest", "chunk", "draft", "structure", "verify", "render", "total"]
    assert all(seconds >= 0 for seconds in record["timings"].values())
    started, finished = (dt.datetime.fromisoformat(record[k]) for k in ("started_at", "finished_at"))
    assert started <= finished


def test_record_of_a_failed_run(tmp_path):
    s = settings(tmp_path / "missing", tmp_path / "out")
    with pytest.raises(InputError, match="input folder not found"):
        execute(s, now=NOW)
    (record,) = records(tmp_path / "out")
    assert (record["outcome"], record["exit_code"]) == ("failed", 2)
    assert record["error"] == f"input folder not found: {tmp_path / 'missing'} (pass --input DIR)"
    assert (record["inputs"], record["articles"], record["outputs"]) == ([], [], {})
    assert list(record["timings"]) == ["lock_wait", "ingest", "total"]
    assert not list((tmp_path / "out").glob("brief-*"))


def test_record_of_a_lock_timeout(seeds_dir, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with output_lock(out, timeout=0):
        with pytest.raises(LockTimeout):
            execute(settings(seeds_dir, out, lock_timeout=0.0), now=NOW)
    (record,) = records(out)
    assert (record["outcome"], record["exit_code"], list(record["timings"])) == ("locked", 75, ["total"])
    assert record["error"].startswith(f"another briefing run (pid {os.getpid()}) is writing into {out}")


@pytest.mark.parametrize("fail_if_empty, code", [(False, 0), (True, 3)])
def test_record_of_an_empty_window(seeds_dir, tmp_path, fail_if_empty, code):
    empty = Window(dt.date(2026, 11, 22), dt.date(2026, 11, 22))
    outcome = execute(settings(seeds_dir, tmp_path / "out", window=empty, fail_if_empty=fail_if_empty), now=NOW)
    assert outcome.exit_code == code
    assert {"html", "json", "pdf"} <= set(outcome.result.paths)  # the short brief is written either way
    (record,) = records(tmp_path / "out")
    assert (record["outcome"], record["exit_code"], record["articles"]) == ("empty", code, [])


def test_the_key_is_redacted_from_the_record(seeds_dir, tmp_path):
    missing = tmp_path / FAKE_KEY  # an error message that would carry the key
    s = settings(missing, tmp_path / "out", llm=LLMOptions(api_key=FAKE_KEY))
    with pytest.raises(InputError):
        execute(s, {"input": str(missing)}, now=NOW)
    text = next((tmp_path / "out" / "runs").glob("*.json")).read_text(encoding="utf-8")
    assert FAKE_KEY not in text
    record = json.loads(text)
    assert (record["config"]["api_key"], record["flags"]["input"]) == ("***", str(tmp_path / "***"))


def test_temporaries_of_a_killed_run_are_removed(seeds_dir, tmp_path):
    out = tmp_path / "out"
    (out / "runs").mkdir(parents=True)
    left = [out / ".brief-2023-09-20.pdf.x1y2.tmp", out / "runs" / ".20240101T000000.000000Z.json.ab.tmp"]
    kept = [out / "notes.tmp", out / ".other.tmp"]
    for path in left + kept:
        path.write_bytes(b"half")
    execute(settings(seeds_dir, out), now=NOW)
    assert [p.exists() for p in left + kept] == [False, False, True, True]


@pytest.mark.parametrize("text, secrets, expected", [
    ("key sk-abc in text", ["sk-abc"], "key *** in text"),
    ('{"k": "a\\"b"}', ['a"b'], '{"k": "***"}'),  # the JSON-escaped form too
    ("nothing here", [], "nothing here"),
])
def test_redact(text, secrets, expected):
    assert redact(text, secrets) == expected


def test_retries_from_usage():
    usage = {"stages": {"map": {"retries": 3}, "reduce": {"retries": 0}, "repair": {"retries": 1}}}
    assert retries(usage) == {"total": 4, "stages": {"map": 3, "reduce": 0, "repair": 1}}
    assert retries(None) is None


def test_input_files_skips_hidden_and_missing(tmp_path):
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "b.txt").write_text("b", encoding="utf-8")
    assert input_files(tmp_path) == [{"path": str(tmp_path / "a.txt"), "bytes": 1,
                                      "sha256": hashlib.sha256(b"a").hexdigest()}]
    assert input_files(tmp_path / "missing") == []


# --- kill a real run mid-way ----------------------------------------------------------------------

class Run:
    """A `briefing run` subprocess whose stderr lines can be awaited."""

    def __init__(self, *args: str, cwd: Path, env: dict) -> None:
        self.proc = subprocess.Popen([str(BRIEFING), "run", *map(str, args)], cwd=cwd, env=env, text=True,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [self.lines.put(line) for line in self.proc.stderr], daemon=True).start()

    def wait_for(self, fragment: str, timeout: float = 120) -> None:
        """Block until a stderr line containing `fragment` arrives."""
        while fragment not in self.lines.get(timeout=timeout):
            pass

    def kill(self, sig: int) -> int:
        """Send `sig` and return the exit status."""
        self.proc.send_signal(sig)
        return self.proc.wait(60)


def briefs(out: Path) -> dict[str, bytes]:
    """The brief files of an output folder, by name."""
    return {p.name: p.read_bytes() for p in sorted(out.glob("brief-*"))}


def content(out: Path) -> dict:
    """The brief JSON without its generation time and the pointer to the brief it replaced."""
    brief = json.loads((out / f"{STEM}.json").read_text(encoding="utf-8"))
    brief.pop("generated_at")
    brief.pop("previous", None)
    return brief


@pytest.fixture
def previous(tmp_path, seeds_dir) -> Path:
    """An output folder holding yesterday's good extractive brief for the seed window."""
    proc = subprocess.run([str(BRIEFING), "run", "-q", "--input", str(seeds_dir), "--out", "out", *WINDOW,
                           "--engine", "extractive"], cwd=tmp_path, env=CLEAN_ENV, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    return tmp_path / "out"


def test_sigkill_while_rendering_leaves_the_previous_brief(previous, seeds_dir, tmp_path):
    before = briefs(previous)
    run = Run("--input", seeds_dir, "--out", previous, *WINDOW, "--engine", "extractive", cwd=tmp_path, env=CLEAN_ENV)
    run.wait_for("INFO render: started")
    assert run.kill(signal.SIGKILL) == -signal.SIGKILL
    assert briefs(previous) == before
    assert len(records(previous)) == 1  # kill -9 leaves no record: nothing can run after it
    rerun = subprocess.run([str(BRIEFING), "run", "--input", str(seeds_dir), "--out", str(previous), *WINDOW,
                            "--engine", "extractive"], cwd=tmp_path, env=CLEAN_ENV, capture_output=True, text=True,
                           timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    old = json.loads(before[f"{STEM}.json"])
    old.pop("generated_at")
    assert (briefs(previous) != before, content(previous)) == (True, old)  # rewritten, same content
    assert list(previous.glob(".*.tmp")) == []
    assert [r["outcome"] for r in records(previous)] == ["ok", "ok"]


def cached_answers(out: Path) -> int:
    """Rows in the LLM response cache (0 while it does not exist)."""
    path = out / ".cache" / "llm.sqlite"
    if not path.exists():
        return 0
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        try:
            return db.execute("select count(*) from answers").fetchone()[0]
        except sqlite3.OperationalError:  # the table is being created
            return 0


def stalled_server(answered: int, gate: threading.Event):
    """The scripted model that answers `answered` requests at once and holds every later one at `gate`."""
    from fake_openai import FakeOpenAI, scripted_model

    count = {"n": 0}
    lock = threading.Lock()

    def responder(request: dict):
        with lock:
            count["n"] += 1
            late = count["n"] > answered
        if late:
            gate.wait(120)
        return scripted_model(request)

    return FakeOpenAI(responder=responder)


def wait_until(predicate, timeout: float = 120) -> None:
    """Poll until `predicate()` holds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.mark.parametrize("sig, code, outcome", [(signal.SIGKILL, -signal.SIGKILL, None),
                                                 (signal.SIGTERM, 143, "interrupted")])
def test_kill_during_llm_calls_then_rerun_reuses_the_cache(previous, seeds_dir, tmp_path, sig, code, outcome):
    before, gate = briefs(previous), threading.Event()
    llm_args = ("--input", seeds_dir, "--out", previous, *WINDOW, "--model", "fake-model")
    with stalled_server(4, gate) as fake:
        env = {**CLEAN_ENV, "OPENAI_BASE_URL": fake.base_url, "OPENAI_API_KEY": FAKE_KEY}
        run = Run(*llm_args, cwd=tmp_path, env=env)
        wait_until(lambda: cached_answers(previous) == 4 and len(fake.history) == 8)  # 4 paid for, 4 in flight
        assert run.kill(sig) == code
        gate.set()
    assert briefs(previous) == before
    assert [r["outcome"] for r in records(previous)] == ["ok"] + ([outcome] if outcome else [])
    with stalled_server(10_000, threading.Event()) as fake:
        env = {**CLEAN_ENV, "OPENAI_BASE_URL": fake.base_url, "OPENAI_API_KEY": FAKE_KEY}
        rerun = subprocess.run([str(BRIEFING), "run", *map(str, llm_args)], cwd=tmp_path, env=env,
                               capture_output=True, text=True, timeout=300)
        asked = len(fake.history)
    assert rerun.returncode == 0, rerun.stderr
    usage = json.loads((previous / f"{STEM}.json").read_text(encoding="utf-8"))["usage"]["total"]
    assert (usage["cached"], usage["calls"]) == (4, asked)  # the 4 answers already paid for are not bought again
    assert records(previous)[-1]["usage"]["total"] == usage
    everything = b"".join(p.read_bytes() for p in previous.rglob("*") if p.is_file()) + rerun.stderr.encode()
    assert FAKE_KEY.encode() not in everything


@pytest.mark.parametrize("input_name", ["seeds", "missing"])
def test_record_is_saved_before_the_lock_is_released(seeds_dir, tmp_path, monkeypatch, input_name):
    # A run waiting for the lock clears temporary files as soon as it holds it: a record still being written
    # after the release could be deleted half-way (seen as a lost run record when two runs met).
    from contextlib import contextmanager

    import briefing.runlog as runlog
    seen: list[int] = []

    @contextmanager
    def watching_lock(out, timeout):
        with output_lock(out, timeout) as waited:
            try:
                yield waited
            finally:
                seen.append(len(list((out / "runs").glob("*.json"))))  # the lock is still held here

    monkeypatch.setattr(runlog, "output_lock", watching_lock)
    source = seeds_dir if input_name == "seeds" else tmp_path / "missing"
    try:
        execute(settings(source, tmp_path / "out"), now=NOW)
    except InputError:
        assert input_name == "missing"
    assert seen == [1]
