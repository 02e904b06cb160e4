"""What every benchmark needs: the IndoSum data, input folders, a measured CLI run, result rows."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data" / "indosum-dev01.jsonl"
SAMPLE_DATA = ROOT / "tests" / "data" / "indosum-sample.jsonl"
ROWS_PER_FILE = 750  # ingest refuses files over 5 MB; 750 IndoSum articles are about 2.2 MB
# Settings a developer's shell may carry that would change what the CLI does.
_SCRUBBED = ("OPENAI_", "BRIEFING_")


@dataclass
class Metric:
    """One result row of bench/results.json."""

    value: float
    unit: str
    baseline: float | None = None
    target: float | None = None
    ok: bool = True  # the target is met (true when there is no target: the row only informs)


def at_most(value: float, target: float | None, unit: str, baseline: float | None = None) -> Metric:
    """A row whose value should not exceed its target."""
    return Metric(value, unit, baseline, target, target is None or value <= target)


def at_least(value: float, target: float | None, unit: str, baseline: float | None = None) -> Metric:
    """A row whose value should reach its target."""
    return Metric(value, unit, baseline, target, target is None or value >= target)


def to_json(results: dict[str, Metric]) -> dict:
    """The results as written to bench/results.json, numbers rounded for reading."""
    def rounded(x: float | None) -> float | None:
        return None if x is None else round(float(x), 4)
    return {name: {**asdict(m), "value": rounded(m.value), "baseline": rounded(m.baseline),
                   "target": rounded(m.target)} for name, m in results.items()}


def data_path(preferred: Path = SHARED_DATA) -> tuple[Path, bool]:
    """The 750-article IndoSum file when it is beside the clone, else the 40-article sample (True: fallback)."""
    return (preferred, False) if preferred.exists() else (SAMPLE_DATA, True)


def load_rows(path: Path, limit: int | None = None) -> list[dict]:
    """IndoSum rows (id, text, published, summary, …) in file order."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows[:limit] if limit else rows


def date_range(rows: list[dict]) -> tuple[dt.date, dt.date]:
    """The first and last publication date of the rows."""
    days = [dt.date.fromisoformat(r["published"]) for r in rows]
    return min(days), max(days)


def scaled(rows: list[dict], times: int) -> list[dict]:
    """The rows `times` over, each copy a set of distinct articles further back in time.

    Copy 0 is the rows as they are. In copy j, article i keeps its first half (by paragraphs) and takes
    the second half of article i + j, gets the id `<id>~j` and is dated j whole date ranges earlier.
    Exact copies would not do: the pipeline folds syndicated copies into one article (`briefing.dedupe`),
    and a half-shared text is below its threshold. Dates stay in the past (future dates are refused).
    """
    first, last = date_range(rows)
    span = (last - first).days + 1
    out = list(rows)
    for j in range(1, times):
        for i, row in enumerate(rows):
            mine, theirs = _paragraphs(row["text"]), _paragraphs(rows[(i + j) % len(rows)]["text"])
            text = "\n\n".join(mine[:max(1, len(mine) // 2)] + theirs[len(theirs) // 2:])
            day = dt.date.fromisoformat(row["published"]) - dt.timedelta(days=j * span)
            out.append({**row, "id": f"{row['id']}~{j}", "published": day.isoformat(), "text": text})
    return out


def _paragraphs(text: str) -> list[str]:
    """The non-empty lines of a text (IndoSum puts a paragraph on each)."""
    return [line for line in text.splitlines() if line.strip()]


def write_input(rows: list[dict], folder: Path) -> Path:
    """An input folder holding the rows as .jsonl files of at most ROWS_PER_FILE articles each."""
    folder.mkdir(parents=True, exist_ok=True)
    for n, start in enumerate(range(0, len(rows), ROWS_PER_FILE)):
        lines = (json.dumps(r, ensure_ascii=False) for r in rows[start:start + ROWS_PER_FILE])
        (folder / f"articles-{n:03d}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@dataclass
class CliRun:
    """One measured run of the real CLI in a subprocess."""

    seconds: float
    rss_mb: float  # peak resident set size of the process
    returncode: int
    stdout: str
    stderr: str


def run_cli(args: list[str], cwd: Path, env: dict | None = None) -> CliRun:
    """`python -m briefing ARGS` in `cwd`, timed, with its own peak RSS (wait4 reports it for that child only)."""
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith(_SCRUBBED)}
    clean_env.update(env or {})
    out, err = cwd / ".cli-stdout", cwd / ".cli-stderr"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "briefing", *args], cwd=cwd, env=clean_env,
                                stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    return CliRun(seconds, usage.ru_maxrss / 1024, proc.returncode, out.read_text(), err.read_text())


def checked(run: CliRun, what: str) -> CliRun:
    """The run, or an error carrying its stderr when it failed (a benchmark of a failure measures nothing)."""
    if run.returncode != 0:
        raise RuntimeError(f"{what} failed with exit {run.returncode}:\n{run.stderr[-2000:]}")
    return run


def run_record(out: Path) -> dict:
    """The newest run record OUT/runs/*.json."""
    return json.loads(max((out / "runs").glob("*.json")).read_text())


def brief_json(out: Path) -> dict:
    """The brief JSON the run wrote."""
    return json.loads(next(out.glob("brief-*.json")).read_text())


def machine() -> str:
    """One line about the machine: CPU model, cores, memory, Python."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                 if line.startswith("model name")]
        cpu = names[0] if names else cpu
    memory = ""
    if hasattr(os, "sysconf") and "SC_PHYS_PAGES" in os.sysconf_names:
        memory = f", {os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.0f} GB RAM"
    return f"{cpu}, {os.cpu_count()} cores{memory}, {platform.system()} {platform.release()}, " \
           f"Python {platform.python_version()}"
