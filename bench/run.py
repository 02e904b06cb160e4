"""`make bench`: speed, cost, scale and selection quality, each next to a baseline, in one run.

Prints one table and writes bench/results.json: {name: {value, unit, baseline, target, ok}}. `ok` is
true when the target is met, and for rows without a target (they only inform). Run it as
`python -m bench.run [--quick] [--out FILE]`; `--quick` is the tiny configuration the tests use.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench import selection
from bench.harness import (ROOT, Metric, at_least, at_most, brief_json, checked, data_path, date_range, load_rows,
                           machine, run_cli, run_record, scaled, to_json, write_input)
from bench.llm import llm_runs

RESULTS = ROOT / "bench" / "results.json"


@dataclass(frozen=True)
class Config:
    """What to run and how big; the defaults are the issue's (750 articles, 200 ms latency, …)."""

    data: Path | None = None  # None: ../shared/data/indosum-dev01.jsonl, else the 40-article sample
    limit: int | None = None  # use only the first N articles of the data
    scale: int = 10  # the offline run at scale takes this many times the articles
    llm_articles: int = 60
    latency: float = 0.2  # seconds the scripted LLM server waits before each answer
    concurrencies: tuple[int, ...] = (1, 4, 8, 16)
    render_pages: int = 20
    repeats: int = 3  # verifier timings: best of this many passes


QUICK = Config(data=ROOT / "tests" / "data" / "indosum-sample.jsonl", limit=6, scale=2, llm_articles=3,
               latency=0.01, concurrencies=(1, 8), render_pages=2, repeats=1)


@dataclass
class Context:
    """The data every benchmark shares, read once."""

    config: Config
    rows: list[dict]
    articles: list  # briefing Articles as ingest cleaned them, in file order
    summaries: dict[str, str]  # article id → reference summary
    source: str  # what data was used, for the table
    work: Path
    notes: list[str]


def prepare(config: Config, work: Path) -> Context:
    """Load the IndoSum rows and ingest them once through briefing's own ingest."""
    from briefing.ingest import ingest

    path, fallback = (config.data, False) if config.data else data_path()
    rows = load_rows(path, config.limit)
    folder = write_input(rows, work / "indosum")
    articles = ingest(folder).articles
    source = f"{path.name}: {len(rows)} articles" + (" (fallback: ../shared/data/indosum-dev01.jsonl is missing)"
                                                     if fallback else "")
    return Context(config, rows, articles, {r["id"]: r.get("summary", "") for r in rows}, source, work, [])


@contextmanager
def one_core():
    """Pin this process to one CPU for the duration (the measurements are single-process anyway)."""
    if not hasattr(os, "sched_setaffinity"):
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(before)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def verifier_cases(ctx: Context) -> list:
    """Each reference-summary sentence cited with its best-matching article sentence as the quote."""
    from rapidfuzz import fuzz, process

    from briefing.chunking import split_sentences
    from briefing.model import Citation, Sentence

    cases = []
    for article in ctx.articles:
        spans = split_sentences(article.text)
        summary = ctx.summaries.get(article.id, "")
        if not spans or not summary:
            continue
        texts = [article.text[s.start:s.end] for s in spans]
        for s in split_sentences(summary):
            claim = summary[s.start:s.end]
            _, _, best = process.extractOne(claim, texts, scorer=fuzz.ratio)
            citation = Citation(article.id, texts[best], spans[best].start, spans[best].end)
            cases.append(Sentence(claim, [citation]))
    return cases


def bench_verifier(ctx: Context) -> dict[str, Metric]:
    """Sentences/s of the full verifier next to a plain rapidfuzz partial_ratio loop, on one core."""
    from rapidfuzz import fuzz

    from briefing import verify

    cases = verifier_cases(ctx)
    by_id = {a.id: a for a in ctx.articles}

    def verifier() -> int:
        clear_caches()  # every pass starts cold, as a run does: nothing is known of any text yet
        return sum(verify.check_sentence(s, by_id, "id").supported for s in cases)

    def plain() -> int:
        return sum(fuzz.partial_ratio(s.citations[0].quote, by_id[s.citations[0].article].text) >= 90
                   for s in cases)

    def aligned() -> int:  # the naive verifier: the sentence itself fuzzily aligned with its article
        return sum(fuzz.partial_ratio(s.text, by_id[s.citations[0].article].text) >= 90 for s in cases)

    with one_core():
        (seconds, supported), (base, _) = best_of(verifier, ctx.config.repeats), best_of(plain, ctx.config.repeats)
        floor, _ = best_of(lambda: read_only(cases), ctx.config.repeats)
        naive, _ = best_of(aligned, ctx.config.repeats)
    rate, base_rate = len(cases) / seconds, len(cases) / base
    per = {name: t / len(cases) * 1e6 for name, t in (("verifier", seconds), ("plain", base), ("naive", naive),
                                                       ("floor", floor))}
    ctx.notes.append(f"verifier: {len(cases)} summary sentences, {supported} supported "
                     f"({supported / max(1, len(cases)):.0%}); best of {ctx.config.repeats} cold passes on one core, "
                     f"{len(by_id)} articles; per sentence: verifier {per['verifier']:.0f} µs, plain loop "
                     f"{per['plain']:.0f} µs, the sentence aligned with its article {per['naive']:.0f} µs, folding and "
                     f"splitting the sentence and its quote into words alone {per['floor']:.0f} µs")
    return {"verifier_throughput": at_least(rate, 2000, "sentences/s", base_rate),
            "verifier_vs_rapidfuzz": at_most(seconds / base, 3, "x the plain loop's time", 1.0),
            "verifier_words_only_vs_rapidfuzz": at_most(floor / base, None, "x the plain loop's time", 1.0),
            "verifier_vs_sentence_alignment": at_most(seconds / naive, None, "x the sentence-alignment loop's time",
                                                      1.0)}


def read_only(cases: list) -> int:
    """The least any claim check does: fold the sentence and its quote and split both into words (no check)."""
    from briefing.text import WORD, fold

    return sum(len(WORD.findall(fold(s.text))) + len(WORD.findall(fold(s.citations[0].quote))) for s in cases)


def clear_caches() -> None:
    """Empty every memo of the verifier's modules (normalized texts, profiles, word keys, names, proper nouns,
    actions and hedges)."""
    from briefing import claims, dates, lexicon, names, predicates, text, verify

    keep = lexicon.data_loaders() + (predicates._table,)  # data read once per process, not once per text
    for module in (verify, claims, lexicon, names, text, predicates, dates):
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)) and value not in keep:
                value.cache_clear()
    verify._CORPORA.clear()  # the articles' proper nouns, known per articles dict


def best_of(work, repeats: int) -> tuple[float, object]:
    """The shortest of `repeats` timed calls, with the call's result."""
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def offline_run(ctx: Context, rows: list[dict], name: str):
    """The real CLI, extractive engine, over the rows' whole date range: (CliRun, articles used)."""
    folder = write_input(rows, ctx.work / name / "in")
    first, last = date_range(rows)
    args = ["run", "-q", "--engine", "extractive", "--input", str(folder), "--out", str(ctx.work / name / "out"),
            "--from", first.isoformat(), "--to", last.isoformat(), *uncapped(len(rows))]
    run = checked(run_cli(args, ctx.work), f"the offline run on {len(rows)} articles")
    timings = run_record(ctx.work / name / "out")["timings"]
    ctx.notes.append(f"offline {len(rows)}: {run.seconds:.1f} s, peak RSS {run.rss_mb:.0f} MB; stages " +
                     ", ".join(f"{k} {v:.1f} s" for k, v in timings.items() if k != "lock_wait"))
    return run, len(brief_json(ctx.work / name / "out")["articles"])


def uncapped(n_articles: int) -> list[str]:
    """Flags lifting the per-run article and chunk caps above the benchmark's size, where the CLI has them."""
    from briefing.cli import main

    options = {p.opts[0] for p in main.commands["run"].params if p.opts}
    caps = {"--max-articles": n_articles, "--max-chunks": 20 * n_articles}
    return [arg for flag, value in caps.items() if flag in options for arg in (flag, str(value))]


_LOAD_LEXICON = """
import time

def peak_mb():  # VmHWM: this process's own peak (ru_maxrss would carry the forking parent's over exec)
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024

before = peak_mb()
start = time.perf_counter()
from briefing import lexicon
lexicon.load()
print(time.perf_counter() - start, peak_mb() - before)
"""


def bench_lexicon(ctx: Context) -> dict[str, Metric]:
    """Reading the lexical data in a fresh process: seconds and added peak memory (best of the repeats)."""
    runs = []
    for _ in range(ctx.config.repeats):
        out = subprocess.run([sys.executable, "-c", _LOAD_LEXICON], capture_output=True, text=True, check=True)
        runs.append(tuple(float(x) for x in out.stdout.split()))
    seconds, rss = min(r[0] for r in runs), min(r[1] for r in runs)
    ctx.notes.append(f"lexicon: loaded in {seconds:.2f} s, +{rss:.0f} MB peak RSS (fresh process, best of {len(runs)})")
    return {"lexicon_load_seconds": at_most(seconds, 0.5, "s", None),
            "lexicon_rss_mb": at_most(rss, 150, "MB", None)}


def bench_offline(ctx: Context) -> dict[str, Metric]:
    """Ingest → brief → PDF for the articles, then for `scale` times as many; time and peak memory."""
    small, used_small = offline_run(ctx, ctx.rows, "offline-1x")
    many = scaled(ctx.rows, ctx.config.scale)
    large, used_large = offline_run(ctx, many, f"offline-{ctx.config.scale}x")
    ctx.notes.append(f"offline: {len(ctx.rows)} and {len(many)} articles given, {used_small} and {used_large} "
                     "used after syndicated copies were collapsed")
    return {"offline_750_seconds": at_most(small.seconds, 30, "s"),
            "offline_750_rss_mb": at_most(small.rss_mb, 1024, "MB"),
            "offline_7500_seconds": at_most(large.seconds, None, "s", small.seconds),
            "offline_7500_rss_mb": at_most(large.rss_mb, None, "MB", small.rss_mb),
            "offline_7500_ratio": at_most(large.seconds / small.seconds, 1.1 * ctx.config.scale,
                                          f"x the time for {ctx.config.scale}x the articles")}


def bench_llm(ctx: Context) -> dict[str, Metric]:
    """Tokens, concurrency and cache of the LLM engine against the scripted server (see bench/llm.py)."""
    report = llm_runs(ctx.rows[:ctx.config.llm_articles], ctx.work / "llm", ctx.config.latency,
                      ctx.config.concurrencies)
    ctx.notes.extend(report.notes)
    out = {"llm_tokens_ratio": at_most(report.input_tokens / report.source_tokens, 1.3,
                                       "LLM input words / source words", None)}
    for c, ratio in report.ratios.items():
        out[f"llm_concurrency_{c}_ratio"] = at_most(ratio, 1.25 if c == 8 else None, "x ideal wall time")
    out["llm_rerun_calls"] = at_most(report.rerun_calls, 0, "calls")
    return out


def bench_rouge(ctx: Context) -> dict[str, Metric]:
    """ROUGE-1/2/L F1 against the reference summaries on held-out articles: engine vs LEAD-3 vs LexRank."""
    scored = [a for a in ctx.articles if ctx.summaries.get(a.id)]
    tuning = selection.tuning_ids()
    held = [a for a in scored if a.id not in tuning]
    tuned = [a for a in scored if a.id in tuning]
    first = f"the first {selection.TUNING_ARTICLES} of indosum-dev01.jsonl"
    if held:  # the rows: articles the engine's weights never saw; the tuning split only as a note
        splits = {f"{len(held)} held-out articles ({first} set the engine's weights and are left out)": held}
        if tuned:
            splits[f"the {len(tuned)} tuning articles (for comparison only)"] = tuned
    else:
        splits = {f"all {len(scored)} articles, every one in the tuning split ({first} set the engine's weights): "
                  "not held-out numbers": scored}
    means = {label: selection.rouge_means(articles, ctx.summaries) for label, articles in splits.items()}
    for label, mean in means.items():
        ctx.notes.append(f"ROUGE F1 (3 sentences each) over {label}: " + "; ".join(
            f"{name} R1 {m.rouge1:.3f} R2 {m.rouge2:.3f} RL {m.rougeL:.3f}" for name, m in mean.items()))
    mean, split = next(iter(means.values())), "held-out" if held else "tuning split"
    out = {}
    for base in ("lead3", "lexrank"):
        out[f"rouge_vs_{base}"] = beat(mean["engine"].mean, mean[base].mean, f"mean ROUGE-1/2/L F1, {split}")
        for field, label in (("rouge1", "1"), ("rouge2", "2"), ("rougeL", "l")):
            out[f"rouge_{label}_vs_{base}"] = beat(getattr(mean["engine"], field), getattr(mean[base], field),
                                                   f"ROUGE-{label.upper()} F1, {split}")
    return out


def beat(value: float, baseline: float, unit: str) -> Metric:
    """A row whose value must exceed its baseline."""
    return Metric(value, unit, baseline, baseline, value > baseline)


def bench_render(ctx: Context) -> dict[str, Metric]:
    """Seconds to render a brief of at least `render_pages` pages to PDF (HTML + WeasyPrint, in process)."""
    from bench.briefs import long_brief, page_count
    from briefing.render import render_html, render_pdf

    target, n = ctx.config.render_pages, 40
    render_pdf(render_html(long_brief(ctx.articles, n)))  # warm-up: WeasyPrint's first call loads fonts
    while True:
        brief = long_brief(ctx.articles, n)
        start = time.perf_counter()
        pdf = render_pdf(render_html(brief))
        seconds = time.perf_counter() - start
        pages = page_count(pdf)
        if pages >= target:
            break
        n = int(n * target / max(1, pages) * 1.1) + 1
    ctx.notes.append(f"render: {pages} pages from {n} sentences in {seconds:.2f} s (after one warm-up render)")
    return {"render_20_pages_seconds": at_most(seconds, 5, f"s for {pages} pages"),
            "render_pages": at_least(pages, target, "pages")}


BENCHMARKS = (bench_verifier, bench_lexicon, bench_offline, bench_llm, bench_rouge, bench_render)


def run_all(config: Config, work: Path) -> tuple[dict[str, Metric], list[str]]:
    """Every benchmark in turn; results and notes."""
    ctx = prepare(config, work)
    results: dict[str, Metric] = {"bench_articles": Metric(len(ctx.rows), f"articles ({ctx.source})")}
    for benchmark in BENCHMARKS:
        results.update(benchmark(ctx))
    return results, [ctx.source, *ctx.notes]


def table(results: dict[str, Metric]) -> str:
    """The results as one Markdown table."""
    def number(x: float | None) -> str:
        return "" if x is None else f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3g}" if abs(x) < 1 else f"{x:.2f}"
    lines = ["| benchmark | value | unit | baseline | target | ok |", "| --- | ---: | --- | ---: | ---: | --- |"]
    lines += [f"| {name} | {number(m.value)} | {m.unit} | {number(m.baseline)} | {number(m.target)} | "
              f"{'yes' if m.ok else 'NO'} |" for name, m in results.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks, print the table and notes, write the results JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny inputs (what the tests run)")
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"results JSON [{RESULTS}]")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as work:
        results, notes = run_all(QUICK if args.quick else Config(), Path(work))
    args.out.write_text(json.dumps(to_json(results), indent=2) + "\n", encoding="utf-8")
    print(table(results))
    print()
    print(f"machine: {machine()}; {dt.date.today().isoformat()}")
    for note in notes:
        print(f"- {note}")
    failed = [name for name, m in results.items() if not m.ok]
    print(f"\n{len(results) - len(failed)} of {len(results)} rows ok" + (f"; missed: {', '.join(failed)}" if failed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
