"""Split cleaned article text into sentences and chunks with stable ids and character offsets."""

from __future__ import annotations

import re

from briefing.model import PROMPT_INJECTION, Article, Chunk, SentenceSpan

MAX_CHUNK_CHARS = 2000
# Words that end with a period without ending the sentence (lower case, without the period).
ABBREVIATIONS = frozenset("""
dll dsb dst tsb yth dr drs dra ir prof no nomor hlm jl jln kol letjen mayjen brigjen jend bpk
sdr sdri st tgl km kg rp hj h kh pt tbk cv ny nn mr mrs ms sr jr vs etc e.g i.e u.s u.k u.n
gen col lt sgt gov sen rep inc ltd co corp jan feb mar apr jun jul aug agu sep sept okt oct nov
des dec fig al approx est dept univ mt ft
""".split())
# A candidate sentence end: terminal punctuation, closing quotes/brackets, then white space.
# A typographic closing quote may follow a space ("tahun. ” Lalu"), as in IndoSum's tokenized text.
_END = re.compile(r"""[.!?\u2026]+(?:['"\u2019\u201d)\]]|\s[\u2019\u201d])*(?=\s)""")
_NEXT_START = re.compile(r"""\s+['"\u2018\u201c(\[]?[A-Z0-9\u00c0-\u024f]""")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[SentenceSpan]:
    """Sentence spans of text[start:end]; paragraphs (blank lines) always end a sentence."""
    end = len(text) if end is None else end
    spans: list[SentenceSpan] = []
    for para in re.finditer(r"[^\n]+", text[start:end]):
        p_start = start + para.start()
        cut = p_start
        for match in _END.finditer(text, p_start, start + para.end()):
            if _is_boundary(text, match.start(), match.end()):
                spans.append(_trimmed(text, cut, match.end()))
                cut = match.end()
        if text[cut:start + para.end()].strip():
            spans.append(_trimmed(text, cut, start + para.end()))
    return [s for s in spans if s.end > s.start]


def _is_boundary(text: str, dot: int, after: int) -> bool:
    """Whether the punctuation at `dot` really ends a sentence."""
    if not _NEXT_START.match(text, after):
        return False  # next word is lower case: "… 2.000 orang. kata dia" or an ellipsis mid-sentence
    if text[dot] != ".":
        return True
    word = re.search(r"([^\W\d_][\w.]*)$", text[max(0, dot - 12):dot])
    if word is None:
        return True
    token = word.group(1).lower()
    if token in ABBREVIATIONS:
        return False
    return not (len(token) == 1 and text[dot - 1].isupper())  # an initial: "A. Yani"


def _trimmed(text: str, start: int, end: int) -> SentenceSpan:
    """Span without surrounding white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return SentenceSpan(start, end)


def chunk_article(article: Article, max_chars: int = MAX_CHUNK_CHARS) -> list[Chunk]:
    """Whole paragraphs packed into chunks of at most `max_chars` (a longer paragraph is split by sentence)."""
    units: list[list[SentenceSpan]] = []
    for para in re.finditer(r"[^\n]+", article.text):
        sentences = split_sentences(article.text, para.start(), para.end())
        if sentences and sentences[-1].end - sentences[0].start > max_chars:
            units.extend(_pack([[s] for s in sentences], max_chars))  # too long to keep whole
        elif sentences:
            units.append(sentences)
    groups = _pack(units, max_chars)
    return [
        Chunk(id=f"{article.id}#{i}", article_id=article.id, index=i, start=g[0].start, end=g[-1].end,
              text=article.text[g[0].start:g[-1].end], sentences=tuple(g), flags=_flags(article, g))
        for i, g in enumerate(groups)
    ]


def _flags(article: Article, sentences: list[SentenceSpan]) -> tuple[str, ...]:
    """`prompt_injection` when one of the chunk's sentences is one the article flagged at ingest."""
    start, end = sentences[0].start, sentences[-1].end
    return (PROMPT_INJECTION,) if any(start < i.end and i.start < end for i in article.injected) else ()


def _pack(units: list[list[SentenceSpan]], max_chars: int) -> list[list[SentenceSpan]]:
    """Runs of sentences joined greedily, in order, while a group spans at most `max_chars`."""
    groups: list[list[SentenceSpan]] = []
    for unit in units:
        if groups and unit[-1].end - groups[-1][0].start <= max_chars:
            groups[-1].extend(unit)
        else:
            groups.append(list(unit))
    return groups


def chunk_articles(articles: list[Article], max_chars: int = MAX_CHUNK_CHARS) -> list[Chunk]:
    """Chunks of all articles, in article order."""
    return [chunk for article in articles for chunk in chunk_article(article, max_chars)]
