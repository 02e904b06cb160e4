"""ROUGE-1, ROUGE-2 and ROUGE-L F1 (Lin, 2004), kept simple so that anyone can check it.

Tokens are lower-cased runs of letters and digits (Unicode `\\w` without the underscore), taken
from the whole summary as one sequence: no stemming, no stopword removal, no sentence splitting.
ROUGE-N counts n-gram overlaps clipped to the smaller count of each side; ROUGE-L uses the longest
common subsequence of the two token sequences (the summary-level union LCS of the original
toolkit is not used). Each score is the F1 of precision (over the candidate) and recall (over the
reference); an empty side scores 0.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Scores:
    """ROUGE-1, ROUGE-2 and ROUGE-L F1 of one candidate against one reference."""

    rouge1: float
    rouge2: float
    rougeL: float

    @property
    def mean(self) -> float:
        """The mean of the three F1 scores."""
        return (self.rouge1 + self.rouge2 + self.rougeL) / 3


def tokens(text: str) -> list[str]:
    """Lower-case word tokens."""
    return _TOKEN.findall(text.lower())


def f1(overlap: int, candidate: int, reference: int) -> float:
    """F1 of precision overlap/candidate and recall overlap/reference; 0 when nothing overlaps."""
    if overlap == 0:
        return 0.0
    precision, recall = overlap / candidate, overlap / reference
    return 2 * precision * recall / (precision + recall)


def ngrams(words: list[str], n: int) -> Counter[tuple[str, ...]]:
    """Counts of the n-grams of a token sequence."""
    return Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


def rouge_n(candidate: list[str], reference: list[str], n: int) -> float:
    """ROUGE-N F1 with clipped counts."""
    cand, ref = ngrams(candidate, n), ngrams(reference, n)
    overlap = sum((cand & ref).values())
    return f1(overlap, sum(cand.values()), sum(ref.values()))


def lcs_length(a: list[str], b: list[str]) -> int:
    """Length of the longest common subsequence (dynamic programming, one row at a time)."""
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def rouge_l(candidate: list[str], reference: list[str]) -> float:
    """ROUGE-L F1 from the longest common subsequence."""
    return f1(lcs_length(candidate, reference), len(candidate), len(reference))


def score(candidate: str, reference: str) -> Scores:
    """ROUGE-1/2/L F1 of a candidate summary against a reference summary."""
    cand, ref = tokens(candidate), tokens(reference)
    return Scores(rouge_n(cand, ref, 1), rouge_n(cand, ref, 2), rouge_l(cand, ref))


def average(scores: list[Scores]) -> Scores:
    """Macro average over documents."""
    if not scores:
        return Scores(0.0, 0.0, 0.0)
    n = len(scores)
    return Scores(sum(s.rouge1 for s in scores) / n, sum(s.rouge2 for s in scores) / n,
                  sum(s.rougeL for s in scores) / n)
