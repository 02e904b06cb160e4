"""Text helpers: folding and normalization (with the offset map), words, language detection."""

from __future__ import annotations

import pytest

from briefing.ingest import ingest
from briefing.text import (
    STOPWORDS_EN, STOPWORDS_ID, content_words, detect_language, fold, normalize, normalize_with_map, words,
)

ENGLISH = (
    "Azerbaijan launched a military operation in Nagorno-Karabakh on Tuesday, and the ethnic Armenian "
    "authorities said that dozens of people had been killed. Russia, which has peacekeepers in the region, "
    "called on both sides to stop the fighting and return to talks."
)


@pytest.fixture(scope="module")
def seed_articles(seeds_dir):
    """The five seed articles, cleaned, by id."""
    return {a.id: a for a in ingest(seeds_dir).articles}


@pytest.mark.parametrize(("raw", "folded"), [
    ("\u201cdamai\u201d", '"damai"'),                         # curly double quotes
    ("\u2018kami\u2019 \u201ekita\u201f", "'kami' \"kita\""),  # curly and low single/double quotes
    ("`x\u2032 \u00abz\u00bb", "'x' \"z\""),                 # backtick, prime, guillemets
    ("a\u2013b\u2014c\u2212d\u2010e\u2011f\u2012g\u2015h", "a-b-c-d-e-f-g-h"),  # every dash
    ("tunggu\u2026", "tunggu..."),                            # ellipsis character
    ("Nagorno\u200b-Kara\u200cba\u200dkh\u2060\ufeff\u00ad", "Nagorno-Karabakh"),  # zero-width and soft hyphen
    ("AT&amp;T &lt;b&gt; &#8220;x&#8221; &quot;y&quot;", 'AT&T <b> "x" "y"'),   # HTML entities
    ("\ufb01nal \uff21\uff22 \u00bd", "final AB 1\u20442"),   # NFKC compatibility forms
    ("Jose\u0301", "Jos\u00e9"),                               # NFKC composes a combining accent
    ("a\u00a0b  c\n", "a b  c\n"),                             # NBSP becomes a space; other spacing stays
])
def test_fold(raw, folded):
    assert fold(raw) == folded


@pytest.mark.parametrize(("raw", "normalized"), [
    ("  Kata \u201cdamai\u201d\n\n\tdi  Baku \u2013 Rusia.  ", 'Kata "damai" di Baku - Rusia.'),
    ("a\u00a0\u00a0b\r\nc", "a b c"),
    ("a \u200b b", "a b"),
    ("a&nbsp;b", "a b"),
    ("", ""),
    (" \n\t\u00a0", ""),
])
def test_normalize(raw, normalized):
    assert normalize(raw) == normalized


@pytest.mark.parametrize("raw", [
    "Kata \u201cdamai\u201d  di\n\nBaku \u2013 Rusia\u2026",
    "  a \u200b b  ",
    "a\u00a0\u00a0b",
    "AT&amp;T &#8220;x&#8221; a&nbsp;b",
    "Jose\u0301 datang",
    "\ufb01nal \u00bd",
    "",
])
def test_normalize_with_map_output_is_normalize(raw):
    out, _ = normalize_with_map(raw)
    assert out == normalize(raw)


@pytest.mark.parametrize(("raw", "expected_out", "expected_index"), [
    ("ab", "ab", [0, 1]),
    ("  a \u200b b  ", "a b", [2, 3, 6]),        # the space points at where the white space began
    ("a\u00a0\u00a0b", "a b", [0, 1, 3]),
    ("x\u2026y", "x...y", [0, 1, 1, 1, 2]),      # an expansion maps every piece to its source
    ("\ufb01n", "fin", [0, 0, 1]),
    ("a &amp; b", "a & b", [0, 1, 2, 7, 8]),     # an entity is one source unit
    ("Jose\u0301!", "Jos\u00e9!", [0, 1, 2, 3, 5]),  # a letter with its accent is one unit
])
def test_normalize_with_map_index(raw, expected_out, expected_index):
    assert normalize_with_map(raw) == (expected_out, expected_index)


def test_normalize_with_map_points_into_seed_article(seed_articles):
    text = seed_articles["003_c9256a6db4ad9ab8"].text  # has NBSPs and curly quotes
    out, index = normalize_with_map(text)
    assert out == normalize(text)
    assert len(index) == len(out)
    assert index == sorted(index)
    for i, ch in enumerate(out):
        source = text[index[i]]
        assert source.isspace() if ch == " " else normalize(source) == ch


@pytest.mark.parametrize(("raw", "expected"), [
    ("Pasukan Armenia, kata dia.", ["pasukan", "armenia", "kata", "dia"]),
    ("Nagorno-Karabakh's \u201cdamai\u201d don\u2019t", ["nagorno-karabakh's", "damai", "don't"]),
    ("2.000 orang; 99,999%", ["2", "000", "orang", "99", "999"]),
    ("snake_case a_b", ["snake", "case", "a", "b"]),
    ("Azerbaijan\u2013Armenia", ["azerbaijan-armenia"]),  # an en dash folds to a hyphen
    ("", []),
    ("... !!! --", []),
])
def test_words(raw, expected):
    assert words(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("Pasukan Armenia dan Azerbaijan di wilayah yang disengketakan", ["pasukan", "armenia", "azerbaijan",
                                                                       "wilayah", "disengketakan"]),
    ("The troops of Armenia were in the region", ["troops", "armenia", "region"]),
    ("Pada 2023 x 2.000 orang", ["orang"]),  # numbers and single letters go
    ("yang dan the of", []),
])
def test_content_words(raw, expected):
    assert content_words(raw) == expected


def test_stopword_lists_are_lower_case_words():
    for word in STOPWORDS_ID | STOPWORDS_EN:
        assert words(word) == [word]


def test_detect_language_indonesian_seed_paragraph(seed_articles):
    paragraph = seed_articles["000_7886f0821ccbc2f6"].text.split("\n\n")[3]
    assert paragraph.startswith("Sebuah kontingen")
    assert detect_language(paragraph) == "id"


@pytest.mark.parametrize("article_id", [
    "000_7886f0821ccbc2f6", "001_4bdb7abb272d927f", "002_6abafbfe21ef9124",
    "003_c9256a6db4ad9ab8", "004_1825697cf85d7d4d",
])
def test_detect_language_whole_seed_article(seed_articles, article_id):
    assert detect_language(seed_articles[article_id].text) == "id"


def test_detect_language_english_paragraph():
    assert detect_language(ENGLISH) == "en"


@pytest.mark.parametrize("raw", [
    "",
    "   \n\t ",
    "2.000 6.500 99,999% 12 2023",
    "Azerbaijan Armenia Karabakh",  # names only: neither language is evident
    "Hello",
])
def test_detect_language_undetermined(raw):
    assert detect_language(raw) == "und"
