"""Three ways to pick an article's summary sentences: the extractive engine, LEAD-3 and LexRank.

All three choose among the same sentences (briefing's own splitter on the cleaned article text) and
return them in article order. LexRank is sumy's, fed through a tokenizer adapter built on briefing's
word splitter: sumy's default tokenizers need NLTK data that would have to be downloaded.

The engine's weights were set on the tuning split, the first TUNING_ARTICLES articles of
indosum-dev01.jsonl (the 40-article sample is its first 40); ROUGE is reported on the others.
"""

from __future__ import annotations

from pathlib import Path

from sumy.models.dom import ObjectDocumentModel, Paragraph
from sumy.models.dom import Sentence as SumySentence
from sumy.summarizers.lex_rank import LexRankSummarizer

from bench import rouge
from bench.harness import SAMPLE_DATA, SHARED_DATA, load_rows
from briefing.chunking import chunk_article, split_sentences
from briefing.engines.extractive import build_candidates, score, select
from briefing.model import Article
from briefing.text import STOPWORDS, words

TUNING_ARTICLES = 150


class WordTokenizer:
    """sumy's tokenizer interface over `briefing.text.words` (no NLTK, no data files)."""

    language = "indonesian"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        """Sentences of a paragraph, by briefing's splitter."""
        return tuple(paragraph[s.start:s.end] for s in split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        """Lower-case word tokens."""
        return tuple(words(sentence))


def sentences(article: Article) -> list[str]:
    """The article's sentences in order."""
    return [article.text[s.start:s.end] for s in split_sentences(article.text)]


def lead(article: Article, count: int = 3) -> list[str]:
    """LEAD-n: the first `count` sentences."""
    return sentences(article)[:count]


def engine(article: Article, count: int = 3) -> list[str]:
    """The extractive engine's scoring and selection run on this one article, picks in article order."""
    candidates = build_candidates([article], chunk_article(article))
    if not candidates:
        return []
    score(candidates)
    picked = sorted(select(candidates, count), key=lambda c: c.start)
    return [c.text for c in picked]


def lexrank(article: Article, count: int = 3) -> list[str]:
    """sumy's LexRank over the same sentences, stopwords removed, picks in article order."""
    tokenizer = WordTokenizer()
    texts = sentences(article)
    document = ObjectDocumentModel([Paragraph([SumySentence(text, tokenizer) for text in texts])])
    summarizer = LexRankSummarizer()
    summarizer.stop_words = STOPWORDS
    return [str(s) for s in summarizer(document, count)]


SYSTEMS = {"engine": engine, "lead3": lead, "lexrank": lexrank}


def tuning_ids(shared: Path = SHARED_DATA, sample: Path = SAMPLE_DATA) -> set[str]:
    """Ids of the tuning split: the first TUNING_ARTICLES of indosum-dev01.jsonl, and the sample (its first 40)."""
    ids = {row["id"] for row in load_rows(sample)}
    if shared.exists():
        ids |= {row["id"] for row in load_rows(shared, TUNING_ARTICLES)}
    return ids


def rouge_means(articles: list[Article], summaries: dict[str, str], count: int = 3) -> dict[str, rouge.Scores]:
    """Each system's macro-averaged ROUGE F1 of its `count` picks against the reference summary."""
    scores: dict[str, list[rouge.Scores]] = {name: [] for name in SYSTEMS}
    for article in articles:
        for name, summarize in SYSTEMS.items():
            scores[name].append(rouge.score(" ".join(summarize(article, count)), summaries[article.id]))
    return {name: rouge.average(s) for name, s in scores.items()}
