"""Offline engine: pick leading, central, non-redundant sentences across articles and cite each verbatim.

A sentence's score multiplies well-known news-summarization signals: a position prior (news states the
point first: the LEAD baseline and PacSum's position-aware centrality rest on that), centrality (TF-IDF
cosine to the window's centroid and to its own article's), similarity to the article's headline
(Edmundson's title method) and a mild length factor. Selection is maximal marginal relevance, so a
second article repeating a picked fact loses to a new fact, and a per-article penalty spreads the
brief across sources. The weights were set on the first 150 IndoSum dev articles only; `make bench`
measures ROUGE on the others (bench/run.py, `bench_rouge`).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from briefing.i18n import labels
from briefing.model import Article, Chunk, Citation, Section, Sentence
from briefing.text import content_words, normalize

MIN_WORDS, MAX_WORDS = 8, 70
BLUF_SIZE = 4
# score = (1 + rank) ** -POSITION_DECAY × exp(CENTRALITY_WEIGHT × centrality + HEADLINE_WEIGHT × headline
#         similarity) × min(1, words / FULL_WORDS) ** LENGTH_EXPONENT
POSITION_DECAY = 1.75
CENTRALITY_WEIGHT = 0.5
HEADLINE_WEIGHT = 2.5
FULL_WORDS, LENGTH_EXPONENT = 25, 0.25
MMR_LAMBDA = 0.9
SAME_ARTICLE_PENALTY = 0.12


@dataclass
class Candidate:
    """A sentence that may go into the brief."""

    article: Article
    start: int
    end: int
    position: int  # rank among its article's readable sentences (a dateline before the lead does not count)
    vector: dict[str, float]
    headline: dict[str, float]  # the article's title as a unit TF-IDF vector ({} when it has none), shared
    score: float = 0.0

    @property
    def text(self) -> str:
        """The sentence exactly as in the cleaned article text."""
        return self.article.text[self.start:self.end]


class ExtractiveEngine:
    """Deterministic extractive summarizer; needs no network and no model."""

    name = "extractive"
    model = None

    def __init__(self, max_sentences: int | None = None) -> None:
        self.max_sentences = max_sentences

    def draft(self, articles: list[Article], chunks: list[Chunk], language: str) -> list[Section]:
        """Sections of cited sentences for the articles in the window."""
        candidates = build_candidates(articles, chunks)
        if not candidates:
            return []
        score(candidates)
        picked = select(candidates, self.target(len(articles), len(candidates)))
        return arrange(picked, language)

    def target(self, n_articles: int, n_candidates: int) -> int:
        """How many sentences the brief gets: about three per article, 8 to 18."""
        wanted = self.max_sentences or max(8, min(18, 3 * n_articles))
        return min(wanted, n_candidates)


def build_candidates(articles: list[Article], chunks: list[Chunk]) -> list[Candidate]:
    """Readable sentences of every chunk, with TF-IDF vectors over the window."""
    by_id = {a.id: a for a in articles}
    raw: list[tuple[Article, int, int, int, list[str]]] = []
    positions: Counter[str] = Counter()
    for chunk in chunks:
        article = by_id[chunk.article_id]
        for span in chunk.sentences:
            text = article.text[span.start:span.end]
            if readable(text):
                raw.append((article, span.start, span.end, positions[article.id], content_words(text)))
                positions[article.id] += 1
    idf = _idf(raw, len(articles))
    unseen = math.log(1 + len(articles)) + 1.0  # the IDF of a headline word no sentence uses
    headlines = {a.id: _tfidf(content_words(a.title or ""), idf, unseen) for a in articles}
    return [Candidate(a, s, e, p, _tfidf(tokens, idf), headlines[a.id]) for a, s, e, p, tokens in raw if tokens]


def readable(text: str) -> bool:
    """A sentence that stands on its own: sensible length, balanced quotes, starts upper case."""
    n_words = len(text.split())
    if not MIN_WORDS <= n_words <= MAX_WORDS:
        return False
    first = text.lstrip("\"'\u201c\u2018(")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    straight_ok = text.count('"') % 2 == 0
    curly_ok = text.count("\u201c") == text.count("\u201d")
    return straight_ok and curly_ok


def _idf(raw: list, n_articles: int) -> dict[str, float]:
    """Inverse document frequency of words, documents being articles."""
    df: dict[str, set[str]] = {}
    for article, _, _, _, tokens in raw:
        for token in set(tokens):
            df.setdefault(token, set()).add(article.id)
    return {t: math.log((1 + n_articles) / (1 + len(ids))) + 1.0 for t, ids in df.items()}


def _tfidf(tokens: list[str], idf: dict[str, float], unseen: float = 1.0) -> dict[str, float]:
    """Unit-length TF-IDF vector; a word missing from `idf` weighs `unseen`."""
    counts = Counter(tokens)
    return _unit({t: c * idf.get(t, unseen) for t, c in counts.items()})


def _unit(vector: dict[str, float]) -> dict[str, float]:
    """The vector scaled to length 1 (an empty vector stays empty)."""
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {t: v / norm for t, v in vector.items()}


def _centroid(candidates: list[Candidate]) -> dict[str, float]:
    """Unit vector of the sum of the candidates' vectors."""
    total: Counter[str] = Counter()
    for cand in candidates:
        total.update(cand.vector)
    return _unit(total)


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two unit vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def score(candidates: list[Candidate]) -> None:
    """Position prior × exp(weighted centrality + headline similarity) × length factor, scaled to a top of 1."""
    window = _centroid(candidates)
    by_article: dict[str, list[Candidate]] = {}
    for cand in candidates:
        by_article.setdefault(cand.article.id, []).append(cand)
    for members in by_article.values():
        article = _centroid(members)
        topic = members[0].headline or article  # no headline: what the article is about stands in
        for cand in members:
            centrality = (cosine(cand.vector, window) + cosine(cand.vector, article)) / 2
            signals = CENTRALITY_WEIGHT * centrality + HEADLINE_WEIGHT * cosine(cand.vector, topic)
            cand.score = position_prior(cand.position) * math.exp(signals) * length_factor(cand.text)
    top = max(c.score for c in candidates) or 1.0
    for cand in candidates:
        cand.score /= top


def position_prior(rank: int) -> float:
    """Weight of an article's rank-th readable sentence (0: its lead)."""
    return (1.0 + rank) ** -POSITION_DECAY


def length_factor(text: str) -> float:
    """1 from FULL_WORDS words on, less below: a short sentence tells less of the story."""
    return min(1.0, len(text.split()) / FULL_WORDS) ** LENGTH_EXPONENT


def select(candidates: list[Candidate], k: int) -> list[Candidate]:
    """Maximal marginal relevance with a penalty per sentence already taken from the same article."""
    pool = sorted(candidates, key=lambda c: (-c.score, c.article.id, c.start))  # ties go to the first
    redundancy = [0.0] * len(pool)
    per_article: Counter[str] = Counter()
    picked: list[Candidate] = []
    # A syndicated or repeated sentence counts once, however short of candidates the brief is.
    keys: dict[int, str] = {}  # normalized text, worked out only for candidates that could win
    taken: set[str] = set()
    postings = _postings(pool)
    while len(picked) < min(k, len(pool)):
        best, best_value = -1, -math.inf
        for i, cand in enumerate(pool):
            value = MMR_LAMBDA * cand.score - (1 - MMR_LAMBDA) * redundancy[i]
            value -= SAME_ARTICLE_PENALTY * per_article[cand.article.id]
            if value > best_value and _key(keys, pool, i) not in taken:
                best, best_value = i, value
        if best < 0:
            break
        taken.add(keys[best])
        picked.append(pool[best])
        per_article[pool[best].article.id] += 1
        # Only the newest pick can raise a candidate's redundancy, and only one sharing a word with it.
        newest = pool[best].vector
        for i in {i for term in newest for i in postings[term]}:
            redundancy[i] = max(redundancy[i], cosine(pool[i].vector, newest))
    return picked


def _postings(pool: list[Candidate]) -> dict[str, list[int]]:
    """Word → positions in `pool` of the candidates whose vector has it."""
    postings: dict[str, list[int]] = {}
    for i, cand in enumerate(pool):
        for term in cand.vector:
            postings.setdefault(term, []).append(i)
    return postings


def _key(keys: dict[int, str], pool: list[Candidate], i: int) -> str:
    """The normalized text of pool[i], computed on first use."""
    if i not in keys:
        keys[i] = normalize(pool[i].text)
    return keys[i]


def arrange(picked: list[Candidate], language: str) -> list[Section]:
    """Bottom line: the most central picks; developments: the rest, by article, newest first."""
    words = labels(language)
    bluf = picked[:BLUF_SIZE]
    rest = sorted(picked[BLUF_SIZE:], key=lambda c: (_newest_first(c.article), c.article.id, c.start))
    sections = [Section("bluf", words["bluf"], [_sentence(c) for c in bluf])]
    if rest:
        sections.append(Section("developments", words["developments"], [_sentence(c, group=True) for c in rest]))
    return sections


def _newest_first(article: Article) -> int:
    """Sort key: newer articles first, undated last."""
    return -article.published.toordinal() if article.published else 1


def _sentence(cand: Candidate, group: bool = False) -> Sentence:
    """A brief sentence that is its own verbatim quote."""
    citation = Citation(cand.article.id, cand.text, cand.start, cand.end)
    return Sentence(text=cand.text, citations=[citation], group=cand.article.id if group else None)
