"""Check every brief sentence against the articles it cites. Pure functions, no I/O.

Layer one: a sentence needs at least one citation; each cited article must exist; each quote
must occur in that article (after whitespace and quote-mark normalization) at the recorded
offsets; and every number the sentence states must be stated by its quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from briefing.model import Article, Citation, Section, Sentence, Verification
from briefing.text import normalize, normalize_with_map

MIN_QUOTE_CHARS = 12
SCALES = {
    "ribu": 10**3, "rb": 10**3, "juta": 10**6, "jt": 10**6, "miliar": 10**9, "milyar": 10**9,
    "triliun": 10**12, "thousand": 10**3, "million": 10**6, "mn": 10**6, "billion": 10**9,
    "bn": 10**9, "trillion": 10**12,
}
_NUMBER = re.compile(
    r"(?:(?<![\w.,])|(?<=\brp))(\d+(?:[.,]\d+)*)(?:\s*(%|persen|percent))?(?:\s+(" + "|".join(SCALES) + r")\b)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Verdict:
    """The verifier's answer for one sentence."""

    supported: bool
    reasons: tuple[str, ...]
    citations: tuple[Citation, ...]  # with offsets re-anchored where the quote was found


def parse_number(token: str, language: str) -> Decimal | None:
    """A numeral as written in `language`: id '2.000' = 2000 and '2,5' = 2.5; en '2,000' = 2000."""
    thousands, decimal = (".", ",") if language == "id" else (",", ".")
    if re.fullmatch(rf"\d{{1,3}}(\{thousands}\d{{3}})+(\{decimal}\d+)?", token):
        token = token.replace(thousands, "")
    elif token.count(thousands) == 1 and token.count(decimal) == 0 and not re.search(rf"\{thousands}\d{{3}}$", token):
        token = token.replace(thousands, decimal)  # "2.5" in Indonesian text: a dot used as decimal mark
    try:
        return Decimal(token.replace(thousands, "").replace(decimal, "."))
    except InvalidOperation:
        return None


def numbers(text: str, language: str) -> set[Decimal]:
    """The numeric values stated in `text`, scale words applied (2,5 juta → 2500000)."""
    values = set()
    for match in _NUMBER.finditer(normalize(text)):
        value = parse_number(match.group(1), language)
        if value is None:
            continue
        scale = match.group(3)
        if scale:
            value *= SCALES[scale.lower()]
        values.add(value.normalize())
    return values


def anchor(quote: str, text: str, hint: int | None = None) -> tuple[int, int] | None:
    """Offsets of `quote` in `text`: exact match (nearest to `hint`), else whitespace/quote-normalized."""
    if not quote.strip():
        return None
    exact = _exact(quote, text, hint)
    if exact is not None:
        return exact
    norm_quote = normalize(quote)
    norm_text, index = normalize_with_map(text)
    pos = norm_text.find(norm_quote)
    if pos < 0:
        return None
    after = pos + len(norm_quote)
    return index[pos], _source_end(text, index, after, index[after - 1])


def _source_end(text: str, index: list[int], after: int, last: int) -> int:
    """End of the source of the match, whose last character came from an entity or letter at `last`."""
    end = index[after] if after < len(index) else len(text)
    # "&amp;" or "e" + combining accent is longer than one character; the space after it is not ours.
    while end > last + 1 and not normalize(text[end - 1]):
        end -= 1
    return max(end, last + 1)


def _exact(quote: str, text: str, hint: int | None) -> tuple[int, int] | None:
    """Exact occurrence, preferring the one at `hint` when the quote occurs more than once."""
    if hint is not None and hint >= 0 and text.startswith(quote, hint):
        return hint, hint + len(quote)
    pos = text.find(quote)
    return (pos, pos + len(quote)) if pos >= 0 else None


def check_citation(citation: Citation, articles: dict[str, Article]) -> tuple[list[str], Citation]:
    """Reasons a citation fails, and the citation with offsets re-anchored."""
    article = articles.get(citation.article)
    if article is None:
        return ["unknown_article"], citation
    if len(normalize(citation.quote)) < MIN_QUOTE_CHARS:
        return ["trivial_quote"], citation
    found = anchor(citation.quote, article.text, citation.start)
    if found is None:
        return ["quote_not_found"], citation
    in_range = 0 <= citation.start <= citation.end <= len(article.text)
    if not in_range or normalize(article.text[citation.start:citation.end]) != normalize(citation.quote):
        return ["bad_offsets"], Citation(citation.article, citation.quote, *found)
    return [], citation


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
    if not reasons and not _numbers_supported(sentence.text, language, anchored, articles):
        reasons.append("number_mismatch")
    unique = tuple(dict.fromkeys(reasons))
    return Verdict(not unique, unique, tuple(anchored))


def _numbers_supported(text: str, language: str, citations: list[Citation], articles: dict[str, Article]) -> bool:
    """Every number of the sentence is among the numbers of its quotes."""
    stated = numbers(text, language)
    if not stated:
        return True
    quoted: set[Decimal] = set()
    for citation in citations:
        quoted |= numbers(citation.quote, articles[citation.article].language)
    return stated <= quoted


def verify_sections(sections: list[Section], articles: list[Article], language: str) -> tuple[list[Section], Verification]:
    """Judge every sentence; keep only supported ones (empty sections go) and count the rest."""
    by_id = {article.id: article for article in articles}
    tally = Verification()
    kept_sections = []
    for section in sections:
        kept = []
        for sentence in section.sentences:
            verdict = check_sentence(sentence, by_id, language)
            _record(tally, verdict)
            sentence.verdict = "supported" if verdict.supported else "unsupported"
            sentence.reasons = list(verdict.reasons)
            if verdict.supported:
                kept.append(sentence)
        if kept:
            kept_sections.append(Section(section.key, section.title, kept))
    return kept_sections, tally


def _record(tally: Verification, verdict: Verdict) -> None:
    """Count one verdict; an unsupported sentence is dropped from the brief."""
    tally.checked += 1
    if verdict.supported:
        tally.supported += 1
        return
    tally.unsupported += 1
    tally.dropped += 1
    for reason in verdict.reasons:
        tally.by_reason[reason] = tally.by_reason.get(reason, 0) + 1
