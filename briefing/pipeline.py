"""The stages in order: ingest → window → chunk → draft → structure → verify → render."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from briefing.bounds import cap_articles, cap_chunks, not_in_future
from briefing.changes import changes_section, find_previous, read_brief
from briefing.chunking import chunk_articles
from briefing.config import LLMOptions, Settings, today_in
from briefing.dedupe import collapse_copies
from briefing.engines import Engine
from briefing.engines.extractive import ExtractiveEngine
from briefing.engines.llm import LLMEngine
from briefing.errors import ConfigError
from briefing.i18n import labels
from briefing.ingest import IngestResult, ingest
from briefing.injection import drop_injected, flag_sentences, masked, without_injected
from briefing.llm_client import LLMSettings, OpenAIChatClient, ResponseCache
from briefing.local_server import MODEL_NAME, llama_server
from briefing.model import Article, Brief, Section, Skipped, Verification
from briefing.render import write_outputs
from briefing.judge import judge_sections
from briefing.prompts import load_prompt
from briefing.structure import extra_sections
from briefing.text import STOPWORDS
from briefing.verify import verify_sections

# Capitalised words that are titles or institutions, not the topic of a brief.
_GENERIC = frozenset("""
presiden menteri perdana kementerian pertahanan luar negeri dewan keamanan wakil ketua kepala juru
bicara pemerintah negara kota provinsi kabupaten partai tentara pasukan militer republik federasi
president minister prime ministry defence defense foreign security council government state army
city province party forces military republic federation senin selasa rabu kamis jumat sabtu minggu
monday tuesday wednesday thursday friday saturday sunday
""".split())
_CAPITALISED = re.compile(r"(?<=[a-z,;:\u2013\u2014-] )([A-Z][a-z]+(?:-[A-Z][a-z]+)*)")
log = logging.getLogger(__name__)


class StageClock:
    """Wall-clock seconds per stage; logs each stage's start and end (the CLI shows them as progress)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the block as stage `name`; a failing stage is timed and logged too."""
        log.info("%s: started", name, extra={"stage": name, "event": "start"})
        start, event = time.perf_counter(), "fail"
        try:
            yield
            event = "end"
        finally:
            seconds = round(self.seconds.get(name, 0.0) + time.perf_counter() - start, 3)
            self.seconds[name] = seconds
            log.info("%s: %s in %.2f s", name, "done" if event == "end" else "failed", seconds,
                     extra={"stage": name, "event": event, "seconds": seconds})


@dataclass
class RunResult:
    """What one run produced."""

    brief: Brief
    paths: dict[str, Path] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # per stage


@contextlib.contextmanager
def open_engine(settings: Settings) -> Iterator[Engine]:
    """The engine for --engine; auto picks the LLM engine when an endpoint is configured."""
    name, llm = settings.engine, settings.llm
    if name == "extractive" or (name == "auto" and not llm.configured):
        yield ExtractiveEngine()
        return
    if name == "local":
        with llama_server() as base_url:
            # One CPU-bound server answers one request at a time: ask for less, give up sooner.
            local = replace(llm, base_url=base_url, model=MODEL_NAME, api_key=None, concurrency=1,
                            max_attempts=min(llm.max_attempts, 2))
            yield llm_engine(local, settings.out, max_facts=3, map_tokens=384, judge=settings.judge is not False)
        return
    if not llm.configured:
        raise ConfigError("no endpoint: set OPENAI_BASE_URL or pass --base-url (and OPENAI_API_KEY for a hosted API)")
    yield llm_engine(llm, settings.out, judge=settings.judge is not False)


def llm_engine(llm: LLMOptions, out: Path, **engine_options) -> LLMEngine:
    """The LLM engine over the openai SDK, with the response cache in OUT/.cache."""
    cache = ResponseCache(out / ".cache" / "llm.sqlite") if llm.cache else None
    client = OpenAIChatClient(LLMSettings(
        base_url=llm.base_url, model=llm.model, api_key=llm.api_key, timeout=llm.timeout,
        max_attempts=llm.max_attempts, concurrency=llm.concurrency, rpm=llm.rpm,
        max_tokens_per_run=llm.max_tokens_per_run,
    ), cache=cache)
    return LLMEngine(client, llm.model, **engine_options)


def judge_client(settings: Settings, engine: Engine):
    """The chat client --judge asks: the LLM engine's own, else one for the configured endpoint."""
    client = getattr(engine, "client", None)
    if client is not None:
        return client
    if not settings.llm.configured:
        raise ConfigError("--judge needs an LLM endpoint: set OPENAI_BASE_URL or pass --base-url "
                          "(and OPENAI_API_KEY for a hosted API)")
    return llm_engine(settings.llm, settings.out).client


def judge_on(settings: Settings, engine: Engine) -> bool:
    """Whether the LLM judge settles unconfirmed sentences: as asked, else whenever the engine is the LLM's."""
    return settings.judge if settings.judge is not None else isinstance(engine, LLMEngine)


def judged_prompts(prompts: dict | None, judge: bool) -> dict | None:
    """The prompt records of the brief, with the judge's when --judge asked it."""
    return {**(prompts or {}), "judge": load_prompt("judge").record()} if judge else prompts


def structured_sections(articles: list[Article], draft: list[Section], language: str) -> list[Section]:
    """Timeline, actors, figures and outlook from the articles, leaving out sentences the draft already has."""
    used = {(c.article, c.start) for section in draft for s in section.sentences for c in s.citations}
    return extra_sections(articles, language, used)


def engine_draft(engine: Engine, articles: list[Article], chunks: list, language: str
                 ) -> tuple[list[Section], list[str]]:
    """The engine's sections, and the notes the reader needs about how they were made."""
    if not articles:
        return [], []
    # The LLM reads flagged chunks whole, fenced as data; an extractive pick is never an injected sentence.
    offered = chunks if isinstance(engine, LLMEngine) else without_injected(chunks, articles)
    draft = drop_injected(engine.draft(articles, offered, language), articles)
    if isinstance(engine, LLMEngine) and not draft:
        draft, note = quoted_fallback(articles, chunks, language, engine)
        return draft, [note]
    return draft, []


def quoted_fallback(articles: list[Article], chunks: list, language: str, engine: LLMEngine
                    ) -> tuple[list[Section], str]:
    """The extractive engine's picks as verbatim quotations, for an LLM run that gave no usable sentence."""
    # A morning brief without its bottom line is worse than one quoting its sources: say so, and quote them.
    sections = ExtractiveEngine().draft(articles, without_injected(chunks, articles), language)
    for section in sections:
        section.sentences = [replace(s, quotation=True) for s in section.sentences]
    engine.report.quoted += sum(len(s.sentences) for s in sections)
    log.warning("the model gave no usable sentence: the bottom line and developments quote the sources")
    return sections, labels(language)["llm_fallback"].format(rejected=engine.report.facts_rejected)


def previous_brief(settings: Settings) -> tuple[Path, dict] | None:
    """The brief this run will be compared with, read before anything is written."""
    path = find_previous(settings.out, settings.window.stem, settings.window.end.isoformat())
    data = read_brief(path) if path else None
    return (path, data) if data else None


def with_changes(sections: list[Section], verification: Verification, previous: dict, articles: list[Article],
                 language: str, judge: bool = False) -> list[Section]:
    """Append the verified `changes` section (new articles, events, figures) when there is any change."""
    # Read off the articles with injected sentences blanked out (offsets unchanged): a lead is never one.
    changes, tally = verify_sections([changes_section(previous, masked(articles), sections, language)], articles,
                                     language, keep_unconfirmed=judge)
    verification.add(tally)
    return sections + changes


def in_window(articles: list[Article], settings: Settings) -> tuple[list[Article], list[Skipped]]:
    """Articles published in the window; undated ones are listed as skipped unless included."""
    kept, skipped = [], []
    for article in articles:
        if article.published is None:
            if settings.include_undated:
                kept.append(article)
            else:
                skipped.append(Skipped(article.path, f"{article.id}: undated (no published date found; "
                                       "add one in front matter or metadata.toml, or pass --include-undated)"))
        elif settings.window.contains(article.published):
            kept.append(article)
    return kept, skipped


def dominant_language(articles: list[Article], requested: str) -> str:
    """The brief language: the one requested, else the most common source language (id/en)."""
    if requested in ("id", "en"):
        return requested
    counts = Counter(a.language for a in articles if a.language in ("id", "en"))
    return counts.most_common(1)[0][0] if counts else "en"


def topic(articles: list[Article], n: int = 3) -> str:
    """The names most articles share (e.g. 'Azerbaijan, Armenia, Nagorno-Karabakh')."""
    df: Counter[str] = Counter()
    tf: Counter[str] = Counter()
    for article in articles:
        names = [m for m in _CAPITALISED.findall(article.text)
                 if m.lower() not in STOPWORDS and m.lower() not in _GENERIC]
        tf.update(names)
        df.update(set(names))
    ranked = sorted(df, key=lambda name: (-df[name], -tf[name], name))
    return ", ".join(ranked[:n])


def build_brief(settings: Settings, now: dt.datetime | None = None, clock: StageClock | None = None) -> Brief:
    """Run every stage up to a verified Brief (nothing written)."""
    clock = clock or StageClock()
    with clock.stage("ingest"):
        found = ingest(settings.input, settings.max_bytes)  # before any server starts: bad input fails fast
    log.info("read %d articles from %s, %d files skipped", len(found.articles), settings.input, len(found.skipped))
    with open_engine(settings) as engine:
        return _brief(settings, found, engine, now, clock)


def select_articles(found: IngestResult, settings: Settings, today: dt.date) -> tuple[list[Article], list[Skipped]]:
    """The articles a run uses (window, no future dates, copies collapsed, capped) and those left out, with why."""
    current, future = not_in_future(found.articles, today)
    articles, undated = in_window(current, settings)
    log.info("window %s..%s: %d articles, %d undated left out", settings.window.start, settings.window.end,
             len(articles), len(undated))
    collapsed = collapse_copies(articles)
    kept, over = cap_articles(collapsed, settings.max_articles)
    for count, what in ((len(future), "future-dated articles left out"),
                        (len(articles) - len(collapsed), "syndicated copies collapsed into the articles they copy"),
                        (len(over), "articles over --max-articles left out")):
        if count:
            log.info("%d %s", count, what)
    return kept, future + undated + over


def _brief(settings: Settings, found: IngestResult, engine: Engine, now: dt.datetime | None,
           clock: StageClock) -> Brief:
    """Window, chunk, draft, verify, and assemble the Brief."""
    articles, left_out = select_articles(found, settings, now.date() if now else today_in(settings.tz))
    # An empty window still speaks the folder's language ("Tidak ada liputan baru", not English).
    language = dominant_language(articles or found.articles, settings.language)
    with clock.stage("chunk"):
        articles, chunks, over = cap_chunks(articles, chunk_articles(articles), settings.max_chunks)
        left_out += over
    with clock.stage("draft"):
        draft, notes = engine_draft(engine, articles, chunks, language)
    with clock.stage("structure"):  # read off the articles, no engine: timed apart from the engine's draft
        draft += structured_sections(masked(articles), draft, language)  # no figure or event from injected text
    judge = judge_on(settings, engine)
    with clock.stage("verify"):
        sections, verification = verify_sections(draft, articles, language, keep_unconfirmed=judge)
    previous = previous_brief(settings)
    if previous is not None and articles:
        sections = with_changes(sections, verification, previous[1], articles, language, judge)
    if judge and sections:
        with clock.stage("judge"):
            sections = judge_sections(sections, judge_client(settings, engine), language, verification)
    flag_sentences(sections, chunks)
    report = getattr(engine, "report", None)  # only the LLM engine has one
    if report is not None:
        verification.repaired, verification.quoted = report.repaired, report.quoted
    subject = topic(masked(articles))  # an injected sentence must not pick the brief's title
    heading = labels(language)["brief"]
    return Brief(
        title=f"{heading}: {subject}" if subject else heading, topic=subject, window=settings.window,
        language=language, engine=engine.name, model=engine.model,
        generated_at=now or dt.datetime.now(dt.timezone.utc).astimezone(),
        articles=articles, skipped=found.skipped + left_out + (report.skipped if report else []),
        sections=sections, verification=verification,
        usage=engine.usage.to_json() if report is not None else None,
        prompts=judged_prompts(report.prompts if report is not None else None, judge),
        classification=settings.classification,
        previous={"path": str(previous[0]), "generated_at": previous[1].get("generated_at")} if previous else None,
        notes=notes,
    )


def run(settings: Settings, now: dt.datetime | None = None, clock: StageClock | None = None) -> RunResult:
    """Build the brief and write its PDF, HTML and JSON into the output folder."""
    clock = clock or StageClock()
    brief = build_brief(settings, now, clock)
    with clock.stage("render"):
        paths = write_outputs(brief, settings.out)
    return RunResult(brief, paths, dict(clock.seconds))
