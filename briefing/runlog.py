"""One run under the output lock, with a run record in OUT/runs/<timestamp>.json whatever the outcome.

The record is for an auditor: which input files (sha256) made which brief, with which settings
(secrets redacted), engine, model, prompt versions, tokens and retries, how long each stage took,
what the verifier counted, what was skipped, and how the run ended (outcome and exit code).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from briefing import __version__
from briefing.config import Settings, effective_config
from briefing.errors import BriefingError, RenderError
from briefing.lock import LockTimeout, output_lock
from briefing.pipeline import RunResult, StageClock, run
from briefing.render import write_atomic

RECORD_SCHEMA = "briefing-run/1"
RUNS_DIR = "runs"
EXIT_EMPTY = 3
log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What `execute` produced: the run's result, its record file and the exit code to use."""

    result: RunResult
    record_path: Path | None
    exit_code: int


def execute(settings: Settings, flags: Mapping[str, str] | None = None, now: dt.datetime | None = None) -> Outcome:
    """Run the pipeline holding OUT's lock; record the run, also when it fails (then re-raise)."""
    clock, record = StageClock(), new_record(settings, flags or {})
    log.debug("settings: %s", json.dumps(record["config"], ensure_ascii=False))
    try:
        prepare_out(settings.out)
        with output_lock(settings.out, settings.lock_timeout) as waited:
            clock.seconds["lock_wait"] = round(waited, 3)
            try:
                remove_temporaries(settings.out)
                record["inputs"] = input_files(settings.input)
                result = run(settings, now, clock)
            except BaseException as exc:
                _save_failure(settings, record, clock, exc)  # under the lock: the next run's clean-up waits
                raise
            # Saved before the lock is released: a waiting run clears temporary files as soon as it holds it.
            return _save_success(settings, record, clock, result)
    except BaseException as exc:
        if record.get("finished_at") is None:  # failed before holding the lock (no folder, lock timeout)
            _save_failure(settings, record, clock, exc)
        raise


def _save_success(settings: Settings, record: dict, clock: StageClock, result: RunResult) -> Outcome:
    """Close and save the record of a run that wrote its brief."""
    code = EXIT_EMPTY if settings.fail_if_empty and not result.brief.articles else 0
    if code:
        log.warning("no articles published in %s..%s: wrote the no-new-reporting brief; exit 3 (--fail-if-empty)",
                    settings.window.start, settings.window.end)
    add_result(record, result)
    finish(record, clock, "empty" if not result.brief.articles else "ok", code)
    return Outcome(result, save_record(settings, record), code)


def _save_failure(settings: Settings, record: dict, clock: StageClock, exc: BaseException) -> None:
    """Close and save the record of a run that failed or was interrupted."""
    code, outcome = failure_code(exc)
    log.debug("run ended: %s (exit %d)", outcome, code)
    error = str(exc) if isinstance(exc, Exception) else f"interrupted ({type(exc).__name__})"
    finish(record, clock, outcome, code, error=error)
    save_record(settings, record)


def failure_code(exc: BaseException) -> tuple[int, str]:
    """Exit code and outcome word for an exception that ended a run."""
    if isinstance(exc, LockTimeout):
        return exc.exit_code, "locked"
    if isinstance(exc, BriefingError):
        return exc.exit_code, "failed"
    if isinstance(exc, SystemExit):  # SIGTERM arrives as SystemExit(143), see cli.py
        return (exc.code if isinstance(exc.code, int) else 1), "interrupted"
    if isinstance(exc, KeyboardInterrupt):
        return 130, "interrupted"
    return 1, "crashed"


def prepare_out(out: Path) -> None:
    """Create the output folder (the lock lives in it), or say why it cannot be."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RenderError(f"cannot write the brief into {out}: {exc.strerror or exc}") from exc


def remove_temporaries(out: Path) -> None:
    """Delete temporary files a killed run left (we hold the lock, so no live run owns them)."""
    stale = [*out.glob(".brief-*.tmp"), *(out / RUNS_DIR).glob(".*.tmp")]
    for path in stale:
        path.unlink(missing_ok=True)
    if stale:
        log.info("removed %d temporary files left by an interrupted run", len(stale))


def input_files(folder: Path) -> list[dict]:
    """Every non-hidden file under the input folder with its size and sha256, in path order."""
    if not folder.is_dir():
        return []
    files = []
    root = folder.resolve()
    for path in sorted(folder.rglob("*")):
        hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
        # A symlink leaving the folder is not an input (ingest skips it): never open what it points to.
        if not hidden and path.is_file() and path.resolve().is_relative_to(root):
            files.append({"path": str(path), "bytes": path.stat().st_size, "sha256": sha256_of(path)})
    return files


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def new_record(settings: Settings, flags: Mapping[str, str]) -> dict:
    """The record as it stands when a run starts."""
    return {
        "schema": RECORD_SCHEMA, "version": __version__, "pid": os.getpid(),
        "started_at": _now().isoformat(timespec="microseconds"), "finished_at": None,
        "outcome": None, "exit_code": None, "error": None, "flags": dict(flags),
        "config": effective_config(settings), "engine": settings.engine,
        "model": settings.llm.model if settings.engine != "extractive" else None,
        "window": {"from": settings.window.start.isoformat(), "to": settings.window.end.isoformat()},
        "inputs": [], "articles": [], "skipped": [], "verification": None, "prompts": None,
        "usage": None, "retries": None, "timings": {}, "outputs": {},
    }


def add_result(record: dict, result: RunResult) -> None:
    """What the brief says about itself, and the files written with their sha256."""
    brief = result.brief.to_json()
    record.update(engine=brief["engine"], model=brief["model"], articles=[a["id"] for a in brief["articles"]],
                  skipped=brief["skipped"], verification=brief["verification"], prompts=brief.get("prompts"),
                  usage=brief.get("usage"), retries=retries(brief.get("usage")))
    record["outputs"] = {kind: {"path": str(path), "sha256": sha256_of(path)} for kind, path in result.paths.items()}


def retries(usage: dict | None) -> dict | None:
    """Retry counts per LLM stage and in all, from the usage record."""
    if usage is None:
        return None
    by_stage = {name: stage["retries"] for name, stage in usage["stages"].items()}
    return {"total": sum(by_stage.values()), "stages": by_stage}


def finish(record: dict, clock: StageClock, outcome: str, code: int, error: str | None = None) -> None:
    """Close the record: outcome, exit code, error line and stage timings."""
    started = dt.datetime.fromisoformat(record["started_at"])
    ended = _now()
    record.update(finished_at=ended.isoformat(timespec="milliseconds"), outcome=outcome, exit_code=code,
                  error=error, timings={**clock.seconds, "total": round((ended - started).total_seconds(), 3)})


def save_record(settings: Settings, record: dict) -> Path | None:
    """Write OUT/runs/<timestamp>.json atomically, secrets redacted; None when OUT cannot hold it."""
    secrets = [s for s in (settings.llm.api_key,) if s]
    text = redact(json.dumps(record, ensure_ascii=False, indent=2) + "\n", secrets)
    folder = settings.out / RUNS_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = _free_name(folder, dt.datetime.fromisoformat(record["started_at"]))
        write_atomic(path, text.encode())
    except OSError as exc:
        log.warning("run record not written into %s: %s", folder, exc.strerror or exc)
        return None
    log.info("run record %s", path, extra={"event": "record"})
    return path


def redact(text: str, secrets: Sequence[str]) -> str:
    """`text` with every secret (as written and as JSON-escaped) replaced by ***."""
    for secret in secrets:
        for form in {secret, json.dumps(secret)[1:-1]}:
            text = text.replace(form, "***")
    return text


def _free_name(folder: Path, started: dt.datetime) -> Path:
    """<UTC timestamp>.json, with -2, -3 … when two runs started in the same microsecond."""
    stamp = started.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    path, n = folder / f"{stamp}.json", 1
    while path.exists():
        n += 1
        path = folder / f"{stamp}-{n}.json"
    return path


def _now() -> dt.datetime:
    """The current time in UTC."""
    return dt.datetime.now(dt.timezone.utc)
