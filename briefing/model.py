"""Typed data passed between the pipeline stages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

SCHEMA = "briefing/v1"
PROMPT_INJECTION = "prompt_injection"  # flag of text that reads like instructions to a model


@dataclass(frozen=True)
class SentenceSpan:
    """A sentence of an article, as character offsets into its cleaned text."""

    start: int
    end: int


@dataclass(frozen=True)
class Republication:
    """A near-identical copy of an article (syndicated or re-posted) that was collapsed into it."""

    id: str
    path: str
    source: str | None
    url: str | None
    published: dt.date | None
    similarity: float  # share of the smaller text's word 5-grams found in the kept article

    def to_json(self) -> dict:
        """An `also_published_by[]` entry of the brief JSON."""
        return {"id": self.id, "source": self.source, "url": self.url,
                "published": self.published.isoformat() if self.published else None, "path": self.path,
                "similarity": round(self.similarity, 3)}


@dataclass(frozen=True)
class Article:
    """One cleaned news article with its metadata."""

    id: str
    text: str
    path: str
    language: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: dt.date | None = None
    date_source: str | None = None  # where `published` came from: front_matter, jsonl, sidecar, header, body
    injected: tuple[SentenceSpan, ...] = ()  # sentences that read like instructions to a model (flagged)
    also_published_by: tuple[Republication, ...] = ()  # syndicated copies collapsed into this article

    @property
    def flags(self) -> tuple[str, ...]:
        """Warnings about the article's text: `prompt_injection` when it holds instruction-like text."""
        return (PROMPT_INJECTION,) if self.injected else ()

    def to_json(self) -> dict:
        """The `articles[]` entry of the brief JSON."""
        out = {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            "language": self.language,
            "path": self.path,
        }
        if self.flags:
            out["flags"] = list(self.flags)
        if self.also_published_by:
            out["also_published_by"] = [r.to_json() for r in self.also_published_by]
        return out

    def flagged_inputs(self) -> list[dict]:
        """One `flagged[]` entry of the brief JSON per instruction-like sentence."""
        return [{"article": self.id, "path": self.path, "flag": PROMPT_INJECTION, "start": s.start, "end": s.end,
                 "text": self.text[s.start:s.end]} for s in self.injected]


@dataclass(frozen=True)
class Skipped:
    """An input that was not used, and why."""

    path: str
    reason: str

    def to_json(self) -> dict:
        """The `skipped[]` entry of the brief JSON."""
        return {"path": self.path, "reason": self.reason}


@dataclass(frozen=True)
class Chunk:
    """A run of whole sentences of one article, with offsets into its cleaned text."""

    id: str
    article_id: str
    index: int
    start: int
    end: int
    text: str
    sentences: tuple[SentenceSpan, ...]
    flags: tuple[str, ...] = ()  # `prompt_injection`: the chunk holds instruction-like text


@dataclass(frozen=True)
class Citation:
    """A verbatim quote of an article that supports a sentence."""

    article: str
    quote: str
    start: int
    end: int

    def to_json(self) -> dict:
        """The `citations[]` entry of the brief JSON."""
        return {"article": self.article, "quote": self.quote, "start": self.start, "end": self.end}


@dataclass
class Sentence:
    """A brief sentence with its citations and the verifier's verdict."""

    text: str
    citations: list[Citation]
    verdict: str = "unchecked"
    reasons: list[str] = field(default_factory=list)
    group: str | None = None  # thread label used to group developments (an article id)
    quotation: bool = False  # the text is the verbatim source sentence, put in after a failed repair
    meta: dict = field(default_factory=dict)  # section-specific facts: event date, figure, corroboration
    flags: list[str] = field(default_factory=list)  # `prompt_injection`: cites a chunk holding instruction-like text
    judged: bool = False  # unconfirmed by the verifier, confirmed by the LLM judge

    def to_json(self) -> dict:
        """The `sentences[]` entry of the brief JSON."""
        out = {
            "text": self.text,
            "citations": [c.to_json() for c in self.citations],
            "verdict": self.verdict,
            "reasons": list(self.reasons),
        }
        if self.group is not None:
            out["group"] = self.group
        if self.quotation:
            out["quotation"] = True
        if self.flags:
            out["flags"] = list(self.flags)
        if self.judged:
            out["judged"] = True
        out.update(self.meta)
        return out


@dataclass
class Section:
    """A titled part of the brief."""

    key: str
    title: str
    sentences: list[Sentence]

    def to_json(self) -> dict:
        """The `sections[]` entry of the brief JSON."""
        return {"key": self.key, "title": self.title, "sentences": [s.to_json() for s in self.sentences]}


@dataclass(frozen=True)
class Window:
    """The inclusive range of publication dates a brief covers."""

    start: dt.date
    end: dt.date

    def contains(self, day: dt.date) -> bool:
        """True when `day` lies in the window."""
        return self.start <= day <= self.end

    @property
    def stem(self) -> str:
        """File stem of the brief: brief-<to> or brief-<from>_<to>."""
        if self.start == self.end:
            return f"brief-{self.end.isoformat()}"
        return f"brief-{self.start.isoformat()}_{self.end.isoformat()}"


@dataclass
class Verification:
    """Counts of the verifier's verdicts over one brief."""

    checked: int = 0
    supported: int = 0  # printed: supported by the verifier, or unconfirmed and confirmed by the judge
    unsupported: int = 0
    dropped: int = 0
    rejected: int = 0  # the verifier found a contradiction (number, name, negation, action, hedge, …)
    unconfirmed: int = 0  # no contradiction, meaning not established offline: judged, else dropped
    judge_confirmed: int = 0
    judge_rejected: int = 0
    repaired: int = 0  # LLM sentences fixed by a repair request before the final check
    quoted: int = 0  # LLM sentences replaced by the verbatim source sentence
    by_reason: dict[str, int] = field(default_factory=dict)

    def count(self, status: str, reasons: tuple[str, ...] | list[str] = (), pending: bool = False) -> None:
        """Count one verdict (supported, unconfirmed, rejected); a pending unconfirmed one awaits the judge."""
        self.checked += 1
        if status == "supported":
            self.supported += 1
            return
        if status == "unconfirmed":
            self.unconfirmed += 1
        else:
            self.rejected += 1
        self._reasons({reason: 1 for reason in reasons})
        if not pending:
            self.unsupported += 1
            self.dropped += 1

    def settle(self, confirmed: bool) -> None:
        """The judge's answer on one pending unconfirmed sentence: printed, or dropped as `judge_rejected`."""
        if confirmed:
            self.supported += 1
            self.judge_confirmed += 1
            return
        self.judge_rejected += 1
        self.unsupported += 1
        self.dropped += 1
        self._reasons({"judge_rejected": 1})

    def add(self, other: "Verification") -> None:
        """Add another tally's verdict counts (repairs are the engine's, not added)."""
        for name in ("checked", "supported", "unsupported", "dropped", "rejected", "unconfirmed", "judge_confirmed",
                     "judge_rejected"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self._reasons(other.by_reason)

    def _reasons(self, counts: dict[str, int]) -> None:
        for reason, n in counts.items():
            self.by_reason[reason] = self.by_reason.get(reason, 0) + n

    def to_json(self) -> dict:
        """The `verification` object of the brief JSON."""
        return {
            "checked": self.checked,
            "supported": self.supported,
            "unsupported": self.unsupported,
            "dropped": self.dropped,
            "rejected": self.rejected,
            "unconfirmed": self.unconfirmed,
            "judge_confirmed": self.judge_confirmed,
            "judge_rejected": self.judge_rejected,
            "repaired": self.repaired,
            "quoted": self.quoted,
            "by_reason": dict(sorted(self.by_reason.items())),
        }


@dataclass
class Brief:
    """The whole situation brief, ready to render."""

    title: str
    window: Window
    language: str
    engine: str
    model: str | None
    generated_at: dt.datetime
    articles: list[Article]
    skipped: list[Skipped]
    sections: list[Section]
    verification: Verification
    topic: str = ""
    classification: str = ""  # e.g. "UNCLASSIFIED // FOR INTERNAL USE", printed on every page
    previous: dict | None = None  # the brief the `changes` section compares with
    usage: dict | None = None  # LLM token accounting per stage
    prompts: dict | None = None  # prompt name → version and hash
    notes: list[str] = field(default_factory=list)  # what the reader must know about how this brief was made

    def flagged(self) -> list[dict]:
        """Instruction-like sentences found in the brief's articles (possible prompt injection)."""
        return [entry for article in self.articles for entry in article.flagged_inputs()]

    def to_json(self) -> dict:
        """The brief as `briefing/v1` JSON."""
        return {
            "schema": SCHEMA,
            "title": self.title,
            "topic": self.topic,
            "date": self.window.end.isoformat(),
            "window": {"from": self.window.start.isoformat(), "to": self.window.end.isoformat()},
            "language": self.language,
            "engine": self.engine,
            "model": self.model,
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
            "articles": [a.to_json() for a in self.articles],
            "skipped": [s.to_json() for s in self.skipped],
            **({"flagged": self.flagged()} if self.flagged() else {}),
            "sections": [s.to_json() for s in self.sections],
            "verification": self.verification.to_json(),
            **({"classification": self.classification} if self.classification else {}),
            **({"previous": self.previous} if self.previous is not None else {}),
            **({"usage": self.usage} if self.usage is not None else {}),
            **({"prompts": self.prompts} if self.prompts is not None else {}),
            **({"notes": self.notes} if self.notes else {}),
        }
