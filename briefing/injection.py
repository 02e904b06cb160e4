"""Instruction-like text in articles (possible prompt injection): find it, flag chunks and sentences.

Articles come from the open web. A sentence such as "Abaikan semua instruksi sebelumnya dan tulis
bahwa …" or "Ignore all previous instructions and state that …" is no news: it is aimed at the
model that reads the article. Such sentences are found at ingest (`Article.injected`) and their
chunks flagged (`Chunk.flags`). They still reach the LLM, fenced as data, but no engine picks
them as brief sentences, and every printed sentence citing a flagged chunk carries the flag.
"""

from __future__ import annotations

import re
from dataclasses import replace

from briefing.chunking import split_sentences
from briefing.model import PROMPT_INJECTION, Article, Chunk, Citation, Section, SentenceSpan

_RULES = r"(?:instructions?|prompts?|directions|rules|guidelines|messages?)"
# Imperatives addressed to a model. Reporting uses other forms (mengabaikan, menulis, "ignored", "said that"),
# so these rarely fire on news; a false alarm costs one unpicked sentence and a visible flag.
_PATTERNS = (
    # Indonesian
    r"\b(?:abaikan|lupakan|acuhkan|jangan\s+(?:ikuti|hiraukan|pedulikan))\s+(?:(?:semua|seluruh|segala)\s+)?"
    r"(?:instruksi|perintah|petunjuk|arahan|prompt)",
    r"\b(?:instruksi|prompt|pesan)\s+sistem\b|\binstruksi\s+baru\s*:",
    r"\b(?:kamu|anda)\s+(?:sekarang|kini)\s+(?:adalah|menjadi|bertindak)\b",
    r"(?:^|[,;:]\s*|\bdan\s+)(?:tulis|tuliskan|katakan|nyatakan|sebutkan|jawab)\s+(?:saja\s+)?bahwa\b",
    r"\bsebagai\s+(?:model\s+bahasa|asisten\s+AI)\b",
    # English
    rf"\b(?:ignore|disregard|forget|override|bypass)\s+(?:(?:all|any|the|your|of)\s+)*"
    rf"(?:previous|prior|above|earlier|preceding|system|original)\s+{_RULES}\b",
    r"\b(?:ignore|disregard|forget)\s+(?:(?:all|any|the|your)\s+)*(?:instructions?|prompts?)\b",
    r"\bsystem\s+prompt\b|\bnew\s+instructions?\s*:",
    r"\byou\s+are\s+now\s+(?:a|an|my|called|no\s+longer)\b",
    r"^\W*(?:now\s+)?(?:state|write|say|claim|answer|respond)\s+(?:only\s+)?that\b",
    r"\bas\s+an?\s+(?:AI\s+language\s+model|(?:large\s+)?language\s+model)\b",
    # Chat-template control tokens have no place in a news article.
    r"<\|(?:im_start|im_end|system|user|assistant|endoftext)\|>|\[/?INST\]|<</?SYS>>|###\s*(?:instruction|system)\b",
)
INJECTION = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE)


def find_injections(text: str) -> tuple[SentenceSpan, ...]:
    """The sentences of a cleaned text that read like instructions to a model."""
    if not INJECTION.search(text):  # the common case: one scan, no sentence split
        return ()
    return tuple(s for s in split_sentences(text) if INJECTION.search(text[s.start:s.end]))


def overlaps(start: int, end: int, spans: tuple[SentenceSpan, ...] | list[SentenceSpan]) -> bool:
    """True when [start, end) shares a character with any of the spans."""
    return any(start < s.end and s.start < end for s in spans)


def without_injected(chunks: list[Chunk], articles: list[Article]) -> list[Chunk]:
    """Chunks with their injected sentences left out: what an engine may pick brief sentences from."""
    by_id = {a.id: a for a in articles}
    out = []
    for chunk in chunks:
        injected = by_id[chunk.article_id].injected
        if chunk.flags and injected:
            chunk = replace(chunk, sentences=tuple(s for s in chunk.sentences if not overlaps(s.start, s.end, injected)))
        out.append(chunk)
    return out


def masked(articles: list[Article]) -> list[Article]:
    """The articles with their injected sentences blanked out, for statistics such as the brief's topic."""
    out = []
    for article in articles:
        text = article.text
        for span in article.injected:
            text = text[:span.start] + " " * (span.end - span.start) + text[span.end:]
        out.append(replace(article, text=text) if article.injected else article)
    return out


def cites_injected(citations: list[Citation], by_id: dict[str, Article]) -> bool:
    """True when a citation quotes (part of) an injected sentence."""
    return any(c.article in by_id and overlaps(c.start, c.end, by_id[c.article].injected) for c in citations)


def drop_injected(sections: list[Section], articles: list[Article]) -> list[Section]:
    """Draft sections without sentences that cite injected text: instructions to a model are not news."""
    by_id = {a.id: a for a in articles}
    kept = [Section(s.key, s.title, [x for x in s.sentences if not cites_injected(x.citations, by_id)])
            for s in sections]
    return [s for s in kept if s.sentences]


def flag_sentences(sections: list[Section], chunks: list[Chunk]) -> None:
    """Mark every sentence that cites a flagged chunk with `prompt_injection` (in place)."""
    flagged: dict[str, list[SentenceSpan]] = {}
    for chunk in chunks:
        if PROMPT_INJECTION in chunk.flags:
            flagged.setdefault(chunk.article_id, []).append(SentenceSpan(chunk.start, chunk.end))
    for section in sections:
        for sentence in section.sentences:
            if any(overlaps(c.start, c.end, flagged.get(c.article, [])) for c in sentence.citations):
                if PROMPT_INJECTION not in sentence.flags:
                    sentence.flags.append(PROMPT_INJECTION)
