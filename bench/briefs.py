"""A long brief built in code, for timing the renderer on a known number of pages."""

from __future__ import annotations

import datetime as dt
import io

from briefing.chunking import split_sentences
from briefing.engines.extractive import readable
from briefing.model import Article, Brief, Citation, Section, Sentence, Verification, Window

BLUF_SIZE = 4


def source_sentences(articles: list[Article], n: int) -> list[Sentence]:
    """Up to `n` readable sentences, taken round the articles one at a time, each citing itself verbatim."""
    per_article = [[(a, s) for s in split_sentences(a.text) if readable(a.text[s.start:s.end])] for a in articles]
    out: list[Sentence] = []
    depth = 0
    while len(out) < n and any(depth < len(spans) for spans in per_article):
        for spans in per_article:
            if depth < len(spans) and len(out) < n:
                article, span = spans[depth]
                text = article.text[span.start:span.end]
                out.append(Sentence(text, [Citation(article.id, text, span.start, span.end)], verdict="supported",
                                    group=article.id))
        depth += 1
    return out


def long_brief(articles: list[Article], n: int) -> Brief:
    """A verified-looking brief of `n` sentences (a bottom line and developments) over the articles they cite."""
    sentences = source_sentences(articles, n)
    cited = {c.article for s in sentences for c in s.citations}
    used = [a for a in articles if a.id in cited]
    days = [a.published for a in used if a.published] or [dt.date(2020, 1, 1)]
    bluf = [Sentence(s.text, s.citations, verdict="supported") for s in sentences[:BLUF_SIZE]]
    sections = [Section("bluf", "Inti Persoalan", bluf),
                Section("developments", "Perkembangan", sentences[BLUF_SIZE:])]
    return Brief(title="Ringkasan Situasi: uji render", topic="uji render", window=Window(min(days), max(days)),
                 language="id", engine="extractive", model=None,
                 generated_at=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), articles=used, skipped=[],
                 sections=[s for s in sections if s.sentences],
                 verification=Verification(checked=len(sentences), supported=len(sentences)))


def page_count(pdf: bytes) -> int:
    """Pages of a PDF, read with pypdf."""
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)
