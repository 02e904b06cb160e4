"""Check every brief sentence against the articles it cites. Pure functions, no I/O.

Layers, in order: structure (a citation, a known article, a quote that says something), quote
anchoring (the quote is in the cited article: exact, then after Unicode/quote/dash/whitespace
normalization, then ignoring punctuation; never across a different number; at the recorded
offsets), and the sentence against its quotes (numbers, dates, names, negation, word coverage; see
`briefing.claims`). A sentence that is its own quote needs no claim check.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from briefing.claims import SCALES, claim_reasons, numbers, parse_number, unsupported_details
from briefing.names import CorpusNames
from briefing.model import Article, Citation, Section, Sentence, Verification
from briefing.text import STOPWORDS, WORD, normalize_with_map
from briefing.text import normalize as _normalize

__all__ = ["MIN_QUOTE_CHARS", "SCALES", "Verdict", "anchor", "check_citation", "check_sentence", "is_trivial_quote",
           "numbers", "parse_number", "verify_sections"]

MIN_QUOTE_CHARS = 12
REASONS = ("no_citation", "unknown_article", "trivial_quote", "wrong_article", "quote_not_found", "bad_offsets",
           "number_mismatch", "date_mismatch", "name_mismatch", "negation_mismatch", "action_mismatch",
           "hedge_dropped", "name_unconfirmed", "low_overlap", "judge_rejected")
# Reasons that say only that the meaning is not established offline, not that the sentence contradicts its quotes.
UNCONFIRMED = frozenset({"low_overlap", "name_unconfirmed"})
# Words that only attribute ("kata dia", "ujarnya", "he said"), and pronouns the stopword lists lack:
# a quote of nothing else supports nothing.
_ATTRIBUTION = frozenset("""
kata ujar ucap tutur jelas tambah lanjut ungkap terang tegas imbuh tukas pungkas sebut menurut dikatakan
katanya ujarnya ucapnya tuturnya jelasnya tambahnya lanjutnya ungkapnya terangnya tegasnya imbuhnya
said says say told tells added adds stated according noted
beliau him them us me
""".split())
_KEPT_BETWEEN_DIGITS = ".,:"  # "2.000", "2,5", "19:41": the punctuation that makes a number what it is
normalize = functools.lru_cache(maxsize=32768)(_normalize)  # quotes are compared several times each


@dataclass(frozen=True)
class Verdict:
    """The verifier's answer for one sentence."""

    supported: bool
    reasons: tuple[str, ...]
    citations: tuple[Citation, ...]  # with offsets re-anchored where the quote was found

    @property
    def status(self) -> str:
        """supported; unconfirmed (no contradiction found, meaning not established offline); or rejected."""
        if self.supported:
            return "supported"
        return "unconfirmed" if set(self.reasons) <= UNCONFIRMED else "rejected"


def is_trivial_quote(quote: str) -> bool:
    """Too short, or nothing but attribution and function words ("kata dia", "he said")."""
    norm = normalize(quote)
    return len(norm) < MIN_QUOTE_CHARS or all(w in _ATTRIBUTION for w in _content_words(norm))


def _content_words(norm: str):
    """`content_words` of normalized text, one at a time (the first that is not attribution settles it)."""
    for match in WORD.finditer(norm):
        word = match.group().lower()
        if word not in STOPWORDS and len(word) > 1 and not word.isdigit():
            yield word


def anchor(quote: str, text: str, hint: int | None = None) -> tuple[int, int] | None:
    """Offsets of `quote` in `text`: exact (nearest `hint`), else normalized, else ignoring punctuation."""
    if not quote.strip():
        return None
    exact = _exact(quote, text, hint)
    if exact is not None:
        return exact
    norm_text, index = _normalized(text)
    norm_quote = normalize(quote)
    pos = _find(norm_text, norm_quote)
    if pos >= 0:
        return _span(text, index, pos, pos + len(norm_quote) - 1)
    return _skeleton_anchor(norm_quote, text, norm_text, index)


def _skeleton_anchor(norm_quote: str, text: str, norm_text: str, index: tuple[int, ...]) -> tuple[int, int] | None:
    """The quote found with punctuation and spacing ignored (but not the marks inside numbers)."""
    quote_skeleton, _ = _skeleton(norm_quote)
    if len(quote_skeleton) < MIN_QUOTE_CHARS:
        return None
    text_skeleton, positions = _skeleton(norm_text)
    pos = _find(text_skeleton, quote_skeleton)
    if pos < 0:
        return None
    return _span(text, index, positions[pos], positions[pos + len(quote_skeleton) - 1])


def _span(text: str, index: tuple[int, ...], first: int, last: int) -> tuple[int, int]:
    """Source offsets of normalized characters first..last (inclusive)."""
    return index[first], _source_end(text, index, last + 1, index[last])


@functools.lru_cache(maxsize=4096)
def _normalized(text: str) -> tuple[str, tuple[int, ...]]:
    """`normalize_with_map` of an article, computed once per text."""
    norm, index = normalize_with_map(text)
    return norm, tuple(index)


@functools.lru_cache(maxsize=4096)
def _skeleton(norm: str) -> tuple[str, tuple[int, ...]]:
    """Letters and digits of normalized text, single-spaced, with the position of each in `norm`."""
    out: list[str] = []
    positions: list[int] = []
    gap = False
    last = len(norm) - 1
    for i, ch in enumerate(norm):
        if ch.isalnum() or ch in "%$" or (ch in _KEPT_BETWEEN_DIGITS and 0 < i < last
                                          and norm[i - 1].isdigit() and norm[i + 1].isdigit()):
            if gap and out:
                out.append(" ")
                positions.append(i)
            out.append(ch)
            positions.append(i)
            gap = False
        else:
            gap = True
    return "".join(out), tuple(positions)


def _find(haystack: str, needle: str, start: int = 0) -> int:
    """First occurrence of `needle` that does not cut a number in two ("6.50" is not in "6.500")."""
    pos = haystack.find(needle, start)
    while pos >= 0 and _cuts_number(haystack, pos, pos + len(needle)):
        pos = haystack.find(needle, pos + 1)
    return pos


def _cuts_number(text: str, start: int, end: int) -> bool:
    """True when text[start:end] begins or ends inside a number."""
    def digit(i: int) -> bool:
        return 0 <= i < len(text) and text[i].isdigit()

    head = digit(start) and (digit(start - 1) or (start >= 2 and text[start - 1] in ".," and digit(start - 2)))
    tail = digit(end - 1) and (digit(end) or (end < len(text) and text[end] in ".," and digit(end + 1)))
    return head or tail


def _source_end(text: str, index: tuple[int, ...], after: int, last: int) -> int:
    """End of the source of the match, whose last character came from an entity or letter at `last`."""
    end = index[after] if after < len(index) else len(text)
    # "&amp;" or "e" + combining accent is longer than one character; the space after it is not ours.
    while end > last + 1 and not normalize(text[end - 1]):
        end -= 1
    return max(end, last + 1)


def _exact(quote: str, text: str, hint: int | None) -> tuple[int, int] | None:
    """Exact occurrence, preferring the one at `hint` when the quote occurs more than once."""
    end = (hint or 0) + len(quote)
    if hint is not None and hint >= 0 and text.startswith(quote, hint) and not _cuts_number(text, hint, end):
        return hint, end
    pos = _find(text, quote)
    return (pos, pos + len(quote)) if pos >= 0 else None


def _same_text(a: str, b: str) -> bool:
    """Equal after normalization, or letter for letter with punctuation ignored."""
    norm_a, norm_b = normalize(a), normalize(b)
    return norm_a == norm_b or _skeleton(norm_a)[0] == _skeleton(norm_b)[0]


def check_citation(citation: Citation, articles: dict[str, Article]) -> tuple[list[str], Citation]:
    """Reasons a citation fails, and the citation re-anchored (its quote then the article's own words)."""
    article = articles.get(citation.article)
    if article is None:
        return ["unknown_article"], citation
    if is_trivial_quote(citation.quote):
        return ["trivial_quote"], citation
    found = anchor(citation.quote, article.text, citation.start)
    if found is None:
        elsewhere = any(anchor(citation.quote, a.text) for a in articles.values() if a.id != article.id)
        return ["wrong_article" if elsewhere else "quote_not_found"], citation
    source = article.text[found[0]:found[1]]
    fixed = citation if source == citation.quote and found == (citation.start, citation.end) else \
        Citation(citation.article, source, *found)
    in_range = 0 <= citation.start <= citation.end <= len(article.text)
    if not in_range or not _same_text(article.text[citation.start:citation.end], citation.quote):
        return ["bad_offsets"], fixed
    return [], fixed


def check_sentence(sentence: Sentence, articles: dict[str, Article], language: str) -> Verdict:
    """Verdict on one sentence written in `language` against the articles it cites."""
    if not sentence.citations:
        return Verdict(False, ("no_citation",), ())
    reasons: list[str] = []
    anchored = []
    for citation in sentence.citations:
        problems, fixed = check_citation(citation, articles)
        reasons.extend(problems)
        anchored.append(fixed)
    if not reasons and not _is_own_quote(sentence.text, anchored):
        cited = tuple(dict.fromkeys(articles[c.article].text for c in anchored))
        reasons.extend(claim_reasons(sentence.text, language, _quotes(anchored, articles), _corpus(articles), cited))
    unique = tuple(dict.fromkeys(reasons))
    return Verdict(not unique, unique, tuple(anchored))


def explain(sentence: Sentence, articles: dict[str, Article], language: str, reasons: Iterable[str]) -> str:
    """The reason codes, with the numbers and words of the sentence its quotes do not state (for a repair)."""
    quotes = _quotes([c for c in sentence.citations if c.article in articles], articles)
    details = unsupported_details(sentence.text, language, quotes) if quotes else {"numbers": [], "words": []}
    notes = {"number_mismatch": ("numbers no quote states", details["numbers"]),
             "low_overlap": ("words no quote supports", details["words"])}
    parts = []
    for code in reasons:
        label, items = notes.get(code, ("", []))
        parts.append(f"{code} ({label}: {', '.join(items)})" if items else code)
    return ", ".join(parts)


def _quotes(citations: list[Citation], articles: dict[str, Article]) -> list[tuple[str, str]]:
    """Each citation's quote with the language of its article, as the claim checks take them."""
    return [(c.quote, articles[c.article].language) for c in citations]


_CORPORA: dict[int, tuple[dict, CorpusNames]] = {}  # id of an articles dict → (the dict, its proper nouns)


def _corpus(articles: dict[str, Article]):
    """The proper nouns of all articles, looked up on first use only (most sentences never ask)."""
    def names() -> CorpusNames:
        known = _CORPORA.get(id(articles))
        if known is None or known[0] is not articles:  # the dict is kept, so its id is not reused meanwhile
            if len(_CORPORA) >= 4:
                _CORPORA.clear()
            known = _CORPORA[id(articles)] = (articles, _corpus_names(tuple(a.text for a in articles.values())))
        return known[1]
    return names


@functools.lru_cache(maxsize=4)
def _corpus_names(texts: tuple[str, ...]) -> CorpusNames:
    """One lookup per set of articles: a run verifies sentence after sentence against the same articles."""
    return CorpusNames(texts)


def _is_own_quote(text: str, citations: list[Citation]) -> bool:
    """The sentence is word for word one of its quotes: it cannot say more than they do."""
    norm = normalize(text)
    return any(normalize(c.quote) == norm for c in citations)


def verify_sections(sections: list[Section], articles: list[Article], language: str, keep_unconfirmed: bool = False
                    ) -> tuple[list[Section], Verification]:
    """Judge every sentence; keep supported ones (and, for the LLM judge, unconfirmed ones) and count the rest."""
    by_id = {article.id: article for article in articles}
    tally = Verification()
    kept_sections = []
    for section in sections:
        kept = []
        for sentence in section.sentences:
            verdict = check_sentence(sentence, by_id, language)
            pending = keep_unconfirmed and verdict.status == "unconfirmed"
            tally.count(verdict.status, verdict.reasons, pending)
            sentence.verdict = "supported" if verdict.supported else verdict.status if pending else "unsupported"
            sentence.reasons = list(verdict.reasons)
            if verdict.supported or pending:
                sentence.citations = list(verdict.citations)  # quotes as the article writes them
                kept.append(sentence)
        if kept:
            kept_sections.append(Section(section.key, section.title, kept))
    return kept_sections, tally
