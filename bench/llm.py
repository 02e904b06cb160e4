"""The LLM engine's economics through the real CLI, against the scripted OpenAI-compatible test server.

The server (`tests/fake_openai.py`) answers every prompt correctly after a fixed delay, standing in
for a model's latency. Tokens are whitespace-separated words on both sides: the words of every
message sent (what the server bills as prompt tokens) over the words of the cleaned text of the
articles in the window. Wall time is the `draft` stage of the run record (map → reduce → repair:
the LLM's part of the run; the timeline, actors, figures and outlook are read off the articles in the
`structure` stage after it), compared with the ideal calls ÷ concurrency × latency.
"""

from __future__ import annotations

import math
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.harness import ROOT, brief_json, checked, date_range, run_cli, run_record, write_input

sys.path.insert(0, str(ROOT / "tests"))  # the scripted server lives with the tests
from fake_openai import FakeOpenAI, scripted_model, stage_of  # noqa: E402


@dataclass
class LLMReport:
    """What the LLM runs measured."""

    input_tokens: int = 0
    source_tokens: int = 0
    ratios: dict[int, float] = field(default_factory=dict)  # concurrency → draft wall time ÷ ideal
    rerun_calls: int = -1
    notes: list[str] = field(default_factory=list)


def delayed(latency: float):
    """The scripted model, answering `latency` seconds after the request came in (its own work included)."""
    def responder(request: dict):
        start = time.perf_counter()
        step = scripted_model(request)
        step.delay = max(0.0, latency - (time.perf_counter() - start))
        return step
    return responder


def critical_path(requests: list[dict], concurrency: int, latency: float) -> float:
    """The least wall time possible: the map requests in waves of `concurrency`, then each later request."""
    maps = sum(stage_of(r) == "map" for r in requests)
    return (math.ceil(maps / concurrency) + (len(requests) > maps)) * latency


def prompt_words(requests: list[dict]) -> int:
    """Whitespace words of every message of the requests (the scripted server's prompt_tokens)."""
    return sum(len(str(m.get("content", "")).split()) for r in requests for m in r.get("messages", []))


def source_words(folder: Path, first, last) -> int:
    """Whitespace words of the cleaned text of the articles in the window, as ingest reads them."""
    from briefing.ingest import ingest

    return sum(len(a.text.split()) for a in ingest(folder).articles
               if a.published is not None and first <= a.published <= last)


def llm_runs(rows: list[dict], work: Path, latency: float, concurrencies: tuple[int, ...]) -> LLMReport:
    """One cold run per concurrency (a fresh output folder, so no cache), then an unchanged rerun of the last."""
    folder = write_input(rows, work / "in")
    first, last = date_range(rows)
    report = LLMReport(source_tokens=source_words(folder, first, last))
    with FakeOpenAI(responder=delayed(latency)) as fake:
        # socketserver listens with a backlog of 5: a burst of 8 or 16 connections would lose some to a 1 s SYN
        # retry, a delay of the test server and not of the engine. Linux takes a second listen() as the new backlog.
        fake.server.socket.listen(128)
        def run(out: Path, concurrency: int) -> tuple[list[dict], dict]:
            before = len(fake.history)
            args = ["run", "-q", "--engine", "llm", "--base-url", fake.base_url, "--model", "fake-model",
                    "--concurrency", str(concurrency), "--input", str(folder), "--out", str(out),
                    "--from", first.isoformat(), "--to", last.isoformat()]
            checked(run_cli(args, work), f"the LLM run at concurrency {concurrency}")
            return fake.history[before:], run_record(out)["timings"]

        for c in concurrencies:
            requests, timings = run(work / f"out-c{c}", c)
            ideal = len(requests) / c * latency
            report.ratios[c] = timings["draft"] / ideal
            report.notes.append(f"LLM concurrency {c}: {len(requests)} calls, draft {timings['draft']:.2f} s, ideal "
                                f"{ideal:.2f} s, critical path (the reduce waits for every map) "
                                f"{critical_path(requests, c, latency):.2f} s")
            if not report.input_tokens:  # every cold run sends the same requests
                report.input_tokens = prompt_words(requests)
        rerun, _ = run(work / f"out-c{concurrencies[-1]}", concurrencies[-1])
        report.rerun_calls = len(rerun)
    used = brief_json(work / f"out-c{concurrencies[-1]}")["articles"]
    report.notes.append(f"LLM: {len(rows)} articles ({len(used)} in the brief), {report.source_tokens:,} source words, "
                        f"{report.input_tokens:,} words sent per cold run; latency {latency * 1000:.0f} ms")
    return report
