"""LLM engine: map (facts with verbatim quotes per chunk) → reduce (cited sentences) → verify → repair.

The model never supplies offsets: every quote is anchored in the cited article here, and a fact
whose quote is not found is thrown away before the reduce step can use it. After the reduce,
each sentence is verified; a failing one gets one repair request carrying the verifier's
reasons, and if it still fails it is replaced by the verbatim source sentence (marked as a
quotation) or, when no cited quote can be anchored at all, left to be dropped.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from briefing.chunking import split_sentences
from briefing.i18n import labels
from briefing.injection import overlaps
from briefing.llm_client import ChatClient, ChatRequest, LLMFatalError, LLMUnavailable
from briefing.model import Article, Chunk, Citation, Section, Sentence, Skipped
from briefing.prompts import fence_safe, language_name, load_prompt
from briefing.verify import MIN_QUOTE_CHARS, anchor, check_sentence

MAX_FACTS_PER_CHUNK = 6
MAX_REDUCE_FACTS = 60
BLUF_SIZE = 4
MAX_SENTENCES = 14
_EPOCH = dt.date(1970, 1, 1)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MapFact(_Strict):
    """One fact the model found, with the words of the source that state it."""

    fact: str = Field(min_length=1)
    quote: str = Field(min_length=1)


class MapAnswer(_Strict):
    """The map step's answer for one chunk."""

    facts: list[MapFact] = Field(default_factory=list, max_length=20)


class ReduceSentence(_Strict):
    """A brief sentence and the ids of the facts it rests on."""

    text: str = Field(min_length=1)
    facts: list[str] = Field(default_factory=list)


class ReduceSection(_Strict):
    """One section of the reduce answer."""

    key: Literal["bluf", "developments"]
    sentences: list[ReduceSentence] = Field(default_factory=list)


class ReduceAnswer(_Strict):
    """The reduce step's answer: the brief's sections."""

    sections: list[ReduceSection] = Field(default_factory=list)


@dataclass(frozen=True)
class Fact:
    """A fact whose quote was found in its article, with the resolved citation."""

    id: str
    text: str
    citation: Citation
    article: Article


@dataclass
class EngineReport:
    """What the engine did besides drafting: skipped work, repairs, prompt versions."""

    skipped: list[Skipped] = field(default_factory=list)
    facts_kept: int = 0
    facts_rejected: int = 0
    repaired: int = 0
    quoted: int = 0
    prompts: dict[str, dict] = field(default_factory=dict)


class LLMEngine:
    """Cited summaries from any OpenAI-compatible chat endpoint."""

    name = "llm"

    def __init__(self, client: ChatClient, model: str, max_facts: int = MAX_FACTS_PER_CHUNK,
                 map_tokens: int = 1024) -> None:
        self.client = client
        self.model = model
        self.max_facts = max_facts  # a small local model is asked for fewer, shorter answers
        self.map_tokens = map_tokens
        self.prompts = {name: load_prompt(name) for name in ("map", "reduce", "repair")}
        self.report = EngineReport(prompts={n: p.record() for n, p in self.prompts.items()})

    @property
    def usage(self):
        """Token accounting of the client."""
        return self.client.usage

    def draft(self, articles: list[Article], chunks: list[Chunk], language: str) -> list[Section]:
        """Run map → reduce → repair and return sections ready for the final verification."""
        return asyncio.run(self._draft(articles, chunks, language))

    async def _draft(self, articles: list[Article], chunks: list[Chunk], language: str) -> list[Section]:
        by_id = {a.id: a for a in articles}
        facts = await self._map(chunks, by_id, language)
        if not facts:
            return []
        sections = await self._reduce(facts, language)
        await self._repair_all(sections, facts, by_id, language)
        return sections

    async def _map(self, chunks: list[Chunk], by_id: dict[str, Article], language: str) -> list[Fact]:
        """Facts of every chunk, concurrently; a chunk that fails after all retries is skipped."""
        answers = await asyncio.gather(*(self._map_chunk(c, by_id[c.article_id], language) for c in chunks),
                                       return_exceptions=True)
        failed = [a for a in answers if isinstance(a, LLMUnavailable)]
        if chunks and len(failed) == len(chunks):
            raise LLMFatalError(f"the LLM endpoint failed for all {len(chunks)} chunks ({failed[-1]}): "
                                "check --base-url / OPENAI_BASE_URL and that the server is running")
        facts: list[Fact] = []
        seen: set[tuple[str, int, int]] = set()
        for chunk, answer in zip(chunks, answers):
            article = by_id[chunk.article_id]
            if isinstance(answer, LLMUnavailable):
                self.report.skipped.append(Skipped(f"{article.path}#{chunk.index}", f"chunk {chunk.id}: {answer}"))
                continue
            if isinstance(answer, BaseException):
                raise answer  # fatal: bad key, unknown model, budget
            for found in answer.facts:
                fact = self._anchor_fact(found, chunk, article, len(facts) + 1)
                if fact is None or (fact.article.id, fact.citation.start, fact.citation.end) in seen:
                    self.report.facts_rejected += fact is None
                    continue
                seen.add((fact.article.id, fact.citation.start, fact.citation.end))
                facts.append(fact)
        self.report.facts_kept = len(facts)
        return facts

    async def _map_chunk(self, chunk: Chunk, article: Article, language: str) -> MapAnswer:
        """Ask for the facts of one chunk."""
        messages = self.prompts["map"].messages(
            max_facts=self.max_facts, language_name=language_name(language), chunk_id=chunk.id,
            article_id=article.id, published=article.published or "unknown", outlet=article.source or "unknown",
            text=fence_safe(chunk.text),
        )
        request = ChatRequest("map", messages, self.prompts["map"].version, max_tokens=self.map_tokens)
        return await self.client.complete_json(request, MapAnswer)

    @staticmethod
    def _anchor_fact(found: MapFact, chunk: Chunk, article: Article, number: int) -> Fact | None:
        """The fact with its quote located in the article (its own chunk first), or None."""
        if len(found.quote.strip()) < MIN_QUOTE_CHARS:
            return None
        span = anchor(found.quote, chunk.text)
        if span is not None:
            span = (span[0] + chunk.start, span[1] + chunk.start)
        else:
            span = anchor(found.quote, article.text)
        if span is None:
            return None  # an invented or altered quote: the model cannot cite it
        if overlaps(span[0], span[1], article.injected):
            return None  # the article's instructions to a model are no fact, and the reduce prompt never sees them
        quote = article.text[span[0]:span[1]]
        return Fact(f"F{number}", found.fact.strip(), Citation(article.id, quote, *span), article)

    async def _reduce(self, facts: list[Fact], language: str) -> list[Section]:
        """One request turning the facts into the brief's sections of cited sentences."""
        chosen = pick_facts(facts, MAX_REDUCE_FACTS)
        messages = self.prompts["reduce"].messages(
            bluf_size=BLUF_SIZE, max_sentences=MAX_SENTENCES, language_name=language_name(language),
            facts=[_fact_view(f) for f in chosen],
        )
        request = ChatRequest("reduce", messages, self.prompts["reduce"].version, max_tokens=2048)
        answer = await self.client.complete_json(request, ReduceAnswer)
        by_fact = {f.id: f for f in chosen}
        words = labels(language)
        sections: dict[str, Section] = {}
        for part in answer.sections:
            section = sections.setdefault(part.key, Section(part.key, words[part.key], []))
            section.sentences.extend(Sentence(s.text.strip(), cite(s.facts, by_fact)) for s in part.sentences)
        return [sections[key] for key in ("bluf", "developments") if key in sections and sections[key].sentences]

    async def _repair_all(self, sections: list[Section], facts: list[Fact], by_id: dict[str, Article],
                          language: str) -> None:
        """Give every failing sentence one repair request; fall back to the source sentence."""
        jobs = []
        for section in sections:
            for i, sentence in enumerate(section.sentences):
                verdict = check_sentence(sentence, by_id, language)
                if not verdict.supported:
                    jobs.append(self._repair(section, i, sentence, list(verdict.reasons), facts, by_id, language))
        await asyncio.gather(*jobs)

    async def _repair(self, section: Section, index: int, sentence: Sentence, reasons: list[str],
                      facts: list[Fact], by_id: dict[str, Article], language: str) -> None:
        """One repair attempt; then the verbatim source sentence; else leave it to be dropped."""
        cited = {(c.article, c.start) for c in sentence.citations}
        offered = [f for f in facts if (f.article.id, f.citation.start) in cited] or pick_facts(facts, 20)
        messages = self.prompts["repair"].messages(
            language_name=language_name(language), sentence=sentence.text, reasons=", ".join(reasons),
            facts=[_fact_view(f) for f in offered],
        )
        request = ChatRequest("repair", messages, self.prompts["repair"].version, max_tokens=512)
        try:
            answer = await self.client.complete_json(request, ReduceSentence)
            fixed = Sentence(answer.text.strip(), cite(answer.facts, {f.id: f for f in offered}))
            if check_sentence(fixed, by_id, language).supported:
                section.sentences[index] = fixed
                self.report.repaired += 1
                return
        except LLMUnavailable:
            pass  # the fallback below needs no model
        quoted = source_sentence(sentence, by_id)
        if quoted is not None:
            section.sentences[index] = quoted
            self.report.quoted += 1


def cite(ids: list[str], by_fact: dict[str, Fact]) -> list[Citation]:
    """Citations of the known fact ids, in order, without repeats; unknown ids are ignored."""
    out: list[Citation] = []
    for fact_id in ids:
        fact = by_fact.get(fact_id.strip())
        if fact is not None and fact.citation not in out:
            out.append(fact.citation)
    return out


def pick_facts(facts: list[Fact], limit: int) -> list[Fact]:
    """At most `limit` facts, taken round-robin across articles, newest article first."""
    per_article: dict[str, list[Fact]] = {}
    for fact in facts:
        per_article.setdefault(fact.article.id, []).append(fact)
    order = sorted(per_article, key=lambda a: (-(per_article[a][0].article.published or _EPOCH).toordinal(), a))
    chosen: list[Fact] = []
    depth = 0
    while len(chosen) < min(limit, len(facts)):
        chosen.extend(per_article[a][depth] for a in order if depth < len(per_article[a]))
        depth += 1
    return sorted(chosen[:limit], key=lambda f: int(f.id[1:]))


def source_sentence(sentence: Sentence, by_id: dict[str, Article]) -> Sentence | None:
    """The whole source sentence around the first anchorable quote, as a marked quotation."""
    for citation in sentence.citations:
        article = by_id.get(citation.article)
        span = anchor(citation.quote, article.text, citation.start) if article else None
        if span is None:
            continue
        for s in split_sentences(article.text):
            if s.start <= span[0] < s.end:
                text = article.text[s.start:s.end]
                return Sentence(text, [Citation(article.id, text, s.start, s.end)], quotation=True)
    return None


def _fact_view(fact: Fact) -> dict:
    """What a prompt shows of a fact."""
    return {"id": fact.id, "fact": fact.text, "quote": fact.citation.quote,
            "published": fact.article.published or "unknown", "outlet": fact.article.source or fact.article.id}
