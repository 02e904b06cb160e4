"""The stages in order: ingest → window → chunk → draft → verify → render."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from briefing.chunking import chunk_articles
from briefing.config import LLMOptions, Settings
from briefing.engines import Engine
from briefing.engines.extractive import ExtractiveEngine
from briefing.engines.llm import LLMEngine
from briefing.errors import ConfigError
from briefing.i18n import labels
from briefing.ingest import IngestResult, ingest
from briefing.llm_client import LLMSettings, OpenAIChatClient, ResponseCache
from briefing.local_server import MODEL_NAME, llama_server
from briefing.model import Article, Brief, Skipped
from briefing.render import write_outputs
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


@dataclass
class RunResult:
    """What one run produced."""

    brief: Brief
    paths: dict[str, Path] = field(default_factory=dict)


@contextlib.contextmanager
def open_engine(settings: Settings) -> Iterator[Engine]:
    """The engine for --engine; auto picks the LLM engine when an endpoint is configured."""
    name, llm = settings.engine, settings.llm
    if name == "extractive" or (name == "auto" and not llm.configured):
        yield ExtractiveEngine()
        return
    if name == "local":
        with llama_server() as base_url:
            yield llm_engine(replace(llm, base_url=base_url, model=MODEL_NAME, api_key=None), settings.out)
        return
    if not llm.configured:
        raise ConfigError("no endpoint: set OPENAI_BASE_URL or pass --base-url (and OPENAI_API_KEY for a hosted API)")
    yield llm_engine(llm, settings.out)


def llm_engine(llm: LLMOptions, out: Path) -> LLMEngine:
    """The LLM engine over the openai SDK, with the response cache in OUT/.cache."""
    cache = ResponseCache(out / ".cache" / "llm.sqlite") if llm.cache else None
    client = OpenAIChatClient(LLMSettings(
        base_url=llm.base_url, model=llm.model, api_key=llm.api_key, timeout=llm.timeout,
        max_attempts=llm.max_attempts, concurrency=llm.concurrency, rpm=llm.rpm,
        max_tokens_per_run=llm.max_tokens_per_run,
    ), cache=cache)
    return LLMEngine(client, llm.model)


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


def build_brief(settings: Settings, now: dt.datetime | None = None) -> Brief:
    """Run every stage up to a verified Brief (nothing written)."""
    found = ingest(settings.input)  # before any server starts: bad input fails fast
    with open_engine(settings) as engine:
        return _brief(settings, found, engine, now)


def _brief(settings: Settings, found: IngestResult, engine: Engine, now: dt.datetime | None) -> Brief:
    """Window, chunk, draft, verify, and assemble the Brief."""
    articles, undated = in_window(found.articles, settings)
    # An empty window still speaks the folder's language ("Tidak ada liputan baru", not English).
    language = dominant_language(articles or found.articles, settings.language)
    chunks = chunk_articles(articles)
    draft = engine.draft(articles, chunks, language) if articles else []
    sections, verification = verify_sections(draft, articles, language)
    report = getattr(engine, "report", None)  # only the LLM engine has one
    if report is not None:
        verification.repaired, verification.quoted = report.repaired, report.quoted
    subject = topic(articles)
    heading = labels(language)["brief"]
    return Brief(
        title=f"{heading}: {subject}" if subject else heading, topic=subject, window=settings.window,
        language=language, engine=engine.name, model=engine.model,
        generated_at=now or dt.datetime.now(dt.timezone.utc).astimezone(),
        articles=articles, skipped=found.skipped + undated + (report.skipped if report else []),
        sections=sections, verification=verification,
        usage=engine.usage.to_json() if report is not None else None,
        prompts=report.prompts if report is not None else None,
    )


def run(settings: Settings, now: dt.datetime | None = None) -> RunResult:
    """Build the brief and write its PDF, HTML and JSON into the output folder."""
    brief = build_brief(settings, now)
    return RunResult(brief, write_outputs(brief, settings.out))
