"""LLM engine: map (facts with verbatim quotes per passage) → reduce (cited sentences) → verify → repair.

A map request carries one passage: consecutive chunks of one article, up to about MAP_WORDS words,
so a short article is one request and a long one is split. The model never supplies offsets: every
quote is anchored in its passage (else anywhere in its article) here, and a fact whose quote is not
found is thrown away before the reduce step can use it. After the reduce,
each sentence is verified; a failing one gets one repair request carrying the verifier's
reasons, and if it still fails it is replaced by the verbatim source sentence (marked as a
quotation) or, when no cited quote can be anchored at all, left to be dropped.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import math
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from briefing.chunking import split_sentences
from briefing.i18n import labels
from briefing.injection import overlaps
from briefing.llm_client import ChatClient, ChatRequest, LLMFatalError, LLMUnavailable
from briefing.model import Article, Chunk, Citation, Section, Sentence, Skipped
from briefing.prompts import fence_safe, language_name, load_prompt
from briefing.verify import MIN_QUOTE_CHARS, anchor, check_sentence, explain

MAX_FACTS_PER_REQUEST = 6
# Words of article text per map request (a chunk of up to 2,000 characters is some 300 words). Every
# request repeats the map prompt, so fewer, bigger requests send fewer words; but the reduce waits for
# the slowest map, so one request per short article and even parts of a long one keep the run short.
MAP_WORDS = 500
MAX_REDUCE_FACTS = 60
# Words of fact text the reduce reads at most: its prompt stays well inside a small model's context
# (--engine local runs at 4,096 tokens and must leave room for the answer), whatever the facts' length.
REDUCE_WORDS = 1000
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
    """The map step's answer for one passage."""

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
class Passage:
    """Consecutive chunks of one article, sent in one map request."""

    article: Article
    chunks: tuple[Chunk, ...]

    @property
    def start(self) -> int:
        """Offset of the passage in its article's text."""
        return self.chunks[0].start

    @property
    def text(self) -> str:
        """The article's text from the first chunk's start to the last chunk's end."""
        return self.article.text[self.start:self.chunks[-1].end]


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

    def __init__(self, client: ChatClient, model: str, max_facts: int = MAX_FACTS_PER_REQUEST,
                 map_tokens: int = 1024, map_words: int = MAP_WORDS, judge: bool = True) -> None:
        self.client = client
        self.judge = judge  # unconfirmed sentences are left to the judge, not repaired
        self.model = model
        self.max_facts = max_facts  # a small local model is asked for fewer, shorter answers
        self.map_tokens = map_tokens
        self.map_words = map_words
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
        try:
            by_id = {a.id: a for a in articles}
            facts = await self._map(chunks, by_id, language)
            if not facts:
                return []
            sections = await self._reduce(facts, language)
            await self._repair_all(sections, facts, by_id, language)
            return sections
        finally:
            await self.client.aclose()  # its connections end with this event loop

    async def _map(self, chunks: list[Chunk], by_id: dict[str, Article], language: str) -> list[Fact]:
        """Facts of every passage, concurrently; the chunks of a passage that fails after all retries are skipped."""
        passages = passages_of(chunks, by_id, self.map_words)
        answers = await asyncio.gather(*(self._map_passage(p, language) for p in passages), return_exceptions=True)
        failed = [a for a in answers if isinstance(a, LLMUnavailable)]
        if passages and len(failed) == len(passages):
            raise LLMFatalError(f"the LLM endpoint failed for all {len(chunks)} chunks ({failed[-1]}): "
                                "check --base-url / OPENAI_BASE_URL and that the server is running")
        facts: list[Fact] = []
        seen: set[tuple[str, int, int]] = set()
        for passage, answer in zip(passages, answers):
            article = passage.article
            if isinstance(answer, LLMUnavailable):
                self.report.skipped.extend(Skipped(f"{article.path}#{c.index}", f"chunk {c.id}: {answer}")
                                           for c in passage.chunks)
                continue
            if isinstance(answer, BaseException):
                raise answer  # fatal: bad key, unknown model, budget
            for found in answer.facts:
                fact = self._anchor_fact(found, passage, len(facts) + 1)
                if fact is None or (fact.article.id, fact.citation.start, fact.citation.end) in seen:
                    self.report.facts_rejected += fact is None
                    continue
                seen.add((fact.article.id, fact.citation.start, fact.citation.end))
                facts.append(fact)
        self.report.facts_kept = len(facts)
        return facts

    async def _map_passage(self, passage: Passage, language: str) -> MapAnswer:
        """Ask for the facts of one passage."""
        # No date or outlet: a fact may only state what its quote states, so the map has no use for them.
        messages = self.prompts["map"].messages(max_facts=self.max_facts, language_name=language_name(language),
                                                article_id=passage.article.id, text=fence_safe(passage.text))
        request = ChatRequest("map", messages, self.prompts["map"].version, max_tokens=self.map_tokens)
        return await self.client.complete_json(request, MapAnswer)

    @staticmethod
    def _anchor_fact(found: MapFact, passage: Passage, number: int) -> Fact | None:
        """The fact with its quote located in the article (its own passage first), or None."""
        article = passage.article
        if len(found.quote.strip()) < MIN_QUOTE_CHARS:
            return None
        span = anchor(found.quote, passage.text)
        if span is not None:
            span = (span[0] + passage.start, span[1] + passage.start)
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
        chosen = pick_facts(facts, MAX_REDUCE_FACTS, REDUCE_WORDS)
        messages = self.prompts["reduce"].messages(
            bluf_size=BLUF_SIZE, max_sentences=MAX_SENTENCES, language_name=language_name(language),
            articles=by_article(chosen),
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
        """Give every rejected sentence (every unconfirmed one too, without a judge) one repair request; fall back to
        the source sentence."""
        jobs = []
        for section in sections:
            for i, sentence in enumerate(section.sentences):
                verdict = check_sentence(sentence, by_id, language)
                if not verdict.supported and not (self.judge and verdict.status == "unconfirmed"):
                    reasons = explain(sentence, by_id, language, verdict.reasons)
                    jobs.append(self._repair(section, i, sentence, reasons, facts, by_id, language))
        await asyncio.gather(*jobs)

    async def _repair(self, section: Section, index: int, sentence: Sentence, reasons: str,
                      facts: list[Fact], by_id: dict[str, Article], language: str) -> None:
        """One repair attempt; then the verbatim source sentence; else leave it to be dropped."""
        cited = {(c.article, c.start) for c in sentence.citations}
        offered = [f for f in facts if (f.article.id, f.citation.start) in cited] or pick_facts(facts, 20)
        messages = self.prompts["repair"].messages(
            language_name=language_name(language), sentence=sentence.text, reasons=reasons,
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


def passages_of(chunks: list[Chunk], by_id: dict[str, Article], max_words: int) -> list[Passage]:
    """Each run of consecutive chunks of one article cut into the fewest passages of at most `max_words`
    words (a longer chunk is a passage of its own: chunks are never split), of about even size."""
    passages: list[Passage] = []
    for run in _runs(chunks):
        words = {c.index: len(c.text.split()) for c in run}
        for parts in range(min(math.ceil(sum(words.values()) / max_words), len(run)), len(run) + 1):
            groups = _even_parts(run, words, parts)
            if all(len(g) == 1 or sum(words[c.index] for c in g) <= max_words for g in groups):
                break
        else:
            groups = [[chunk] for chunk in run]
        passages.extend(Passage(by_id[run[0].article_id], tuple(g)) for g in groups)
    return passages


def _even_parts(run: list[Chunk], words: dict[int, int], parts: int) -> list[list[Chunk]]:
    """The chunks in at most `parts` groups of about even word count, each chunk in the part its middle falls in."""
    size = sum(words.values()) / parts
    groups: dict[int, list[Chunk]] = {}
    before = 0
    for chunk in run:
        count = words[chunk.index]
        groups.setdefault(min(parts - 1, int((before + count / 2) // size)), []).append(chunk)
        before += count
    return list(groups.values())


def _runs(chunks: list[Chunk]) -> list[list[Chunk]]:
    """The chunks cut wherever the article changes or a chunk is missing in between."""
    runs: list[list[Chunk]] = []
    for chunk in chunks:
        last = runs[-1][-1] if runs else None
        if last is not None and last.article_id == chunk.article_id and last.index + 1 == chunk.index:
            runs[-1].append(chunk)
        else:
            runs.append([chunk])
    return runs


def cite(ids: list[str], by_fact: dict[str, Fact]) -> list[Citation]:
    """Citations of the known fact ids, in order, without repeats; unknown ids are ignored."""
    out: list[Citation] = []
    for fact_id in ids:
        fact = by_fact.get(fact_id.strip())
        if fact is not None and fact.citation not in out:
            out.append(fact.citation)
    return out


def pick_facts(facts: list[Fact], limit: int, max_words: int | None = None) -> list[Fact]:
    """At most `limit` facts of at most `max_words` words in all, taken round-robin across articles,
    newest article first."""
    per_article: dict[str, list[Fact]] = {}
    for fact in facts:
        per_article.setdefault(fact.article.id, []).append(fact)
    order = sorted(per_article, key=lambda a: (-(per_article[a][0].article.published or _EPOCH).toordinal(), a))
    rounds = (per_article[a][depth] for depth in range(max(map(len, per_article.values()), default=0))
              for a in order if depth < len(per_article[a]))
    chosen: list[Fact] = []
    words = 0
    for fact in itertools.islice(rounds, limit):
        words += len(fact.text.split())
        if max_words is not None and words > max_words and chosen:
            break  # the first fact is always offered, however long
        chosen.append(fact)
    return sorted(chosen, key=lambda f: int(f.id[1:]))


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


def by_article(facts: list[Fact]) -> list[dict]:
    """What the reduce prompt shows: each article's date and facts, without quotes or outlet.

    The reduce only chooses and phrases. Its sentences are verified against the facts' quotes afterwards
    and a failing one is repaired with the quotes in view, so quotes here would double its words for
    nothing; an outlet is no part of a sentence (the citation names it).
    """
    groups: dict[str, dict] = {}
    for fact in facts:
        group = groups.setdefault(fact.article.id, {"published": fact.article.published or "unknown", "facts": []})
        group["facts"].append({"id": fact.id, "fact": " ".join(fact.text.split())})  # one line per fact
    return list(groups.values())


def _fact_view(fact: Fact) -> dict:
    """What the repair prompt shows of a fact: its text and its anchored quote."""
    return {"id": fact.id, "fact": " ".join(fact.text.split()), "quote": fact.citation.quote}
