"""Three ways to pick an article's summary sentences: the extractive engine, LEAD-3 and LexRank.

All three choose among the same sentences (briefing's own splitter on the cleaned article text) and
return them in article order. LexRank is sumy's, fed through a tokenizer adapter built on briefing's
word splitter: sumy's default tokenizers need NLTK data that would have to be downloaded.
"""

from __future__ import annotations

from sumy.models.dom import ObjectDocumentModel, Paragraph
from sumy.models.dom import Sentence as SumySentence
from sumy.summarizers.lex_rank import LexRankSummarizer

from briefing.chunking import chunk_article, split_sentences
from briefing.engines.extractive import build_candidates, score, select
from briefing.model import Article
from briefing.text import STOPWORDS, words


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
