"""Near-duplicates: syndicated or re-posted copies of one article are collapsed into one.

Two articles are copies when at least 80% of the word 5-grams ("shingles") of the shorter one are in
the longer one, and the shorter has at least half the longer one's shingles (so a short wire story
quoted whole inside a long analysis stays an article of its own). The earliest copy is kept (the
original); among copies of the same day the longest (it says the most), then one naming its outlet,
then the first in input order. The others are listed on it as `also_published_by`: one story,
several outlets, and their agreement is never counted as independent corroboration.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace

from briefing.model import Article, Republication
from briefing.text import words

SHINGLE = 5
MIN_OVERLAP = 0.8  # share of the shorter text's shingles found in the longer
MIN_LENGTH_RATIO = 0.5  # the shorter text has at least this share of the longer one's shingles


def shingles(text: str, size: int = SHINGLE) -> frozenset[int]:
    """Hashes of the text's word n-grams (the whole text as one when it is shorter than n words)."""
    tokens = words(text)
    if len(tokens) < size:
        return frozenset({hash(" ".join(tokens))}) if tokens else frozenset()
    return frozenset(hash(" ".join(tokens[i:i + size])) for i in range(len(tokens) - size + 1))


def collapse_copies(articles: list[Article]) -> list[Article]:
    """The articles with copies folded into the kept one's `also_published_by`, in input order."""
    sets = [shingles(a.text) for a in articles]
    order = sorted(range(len(articles)), key=lambda i: _preference(articles[i], len(sets[i]), i))
    index: dict[int, list[int]] = {}  # shingle → kept articles holding it
    copies: dict[int, list[Republication]] = {}
    for i in order:
        match = _best_match(sets, i, index)
        if match is not None:
            kept, similarity = match
            copies.setdefault(kept, []).append(_republication(articles[i], similarity))
            continue
        copies[i] = []
        for shingle in sets[i]:
            index.setdefault(shingle, []).append(i)
    return [replace(articles[i], also_published_by=articles[i].also_published_by + tuple(copies[i]))
            if copies[i] else articles[i] for i in sorted(copies)]


def _preference(article: Article, size: int, position: int) -> tuple:
    """Sort key of the copy to keep: earliest, then longest, then one naming its outlet, then input order."""
    return (article.published or dt.date.max, -size, article.source is None, position)


def _best_match(sets: list[frozenset[int]], i: int, index: dict[int, list[int]]) -> tuple[int, float] | None:
    """The kept article that `i` is a copy of, with the overlap; None when it is an article of its own."""
    mine = sets[i]
    if not mine:
        return None
    shared = Counter(j for shingle in mine for j in index.get(shingle, ()))
    best: tuple[int, float] | None = None
    for j, count in shared.items():
        smaller, larger = sorted((len(mine), len(sets[j])))
        overlap = count / smaller
        # Ties go to the earlier input: shingle hashes, and so this loop's order, vary between processes.
        if overlap >= MIN_OVERLAP and smaller >= MIN_LENGTH_RATIO * larger and \
                (best is None or (overlap, -j) > (best[1], -best[0])):
            best = (j, overlap)
    return best


def _republication(article: Article, similarity: float) -> Republication:
    """What the kept article lists about a copy."""
    return Republication(article.id, article.path, article.source, article.url, article.published, similarity)
