"""names: the bilingual table, English demonyms and possessives, names a sentence states, corpus proper nouns."""

from __future__ import annotations

import pytest

import json
import re

from briefing.names import (directions, VARIANTS, CorpusNames, article_vocabulary, corpus_names, quote_names, sentence_names,
                            starts_sentence, table_key, word_supported)


@pytest.mark.parametrize(("word", "key"), [
    ("Rusia", "russia"), ("Russia", "russia"), ("Russian", "russia"), ("Russia's", "russia"),
    ("Turki", "turkey"), ("Turkey", "turkey"), ("Turkish", "turkey"),
    ("PBB", "un"), ("UN", "un"), ("AS", "usa"), ("US", "usa"), ("American", "usa"),
    ("Prancis", "france"), ("Perancis", "france"), ("French", "france"),
    ("Jerman", "germany"), ("German", "germany"),
    ("Azeri", "azerbaijan"), ("Azerbaijani", "azerbaijan"), ("Armenians", "armenia"),
    ("Moskow", "moscow"), ("Moscow", "moscow"),
    ("us", None), ("as", None), ("un", None),   # acronyms count only in capitals
    ("Yerevan", None), ("Pashinyan", None),     # same in both languages: no row needed
])
def test_table_key(word, key):
    assert table_key(word) == key


@pytest.mark.parametrize("pair", [("Amerika Serikat", "United States"), ("Uni Eropa", "European Union"),
                                  ("Korea Selatan", "South Korea"), ("Uni Soviet", "Soviet Union"),
                                  ("Kaukasus Selatan", "South Caucasus"), ("Federasi Rusia", "Russian Federation")])
def test_multiword_spellings_share_a_key(pair):
    assert VARIANTS[pair[0]] == VARIANTS[pair[1]]


def test_armenia_and_azerbaijan_are_different_names():
    assert table_key("Armenia") != table_key("Azerbaijan")
    assert table_key("Armenian") == "armenia" and table_key("Azerbaijani") == "azerbaijan"


@pytest.mark.parametrize(("text", "pos", "expected"), [
    ("Rusia menolak.", 0, True),
    ("Kata dia. Rusia menolak.", 10, True),
    ("Kata dia, Rusia menolak.", 10, False),
    ("Ia berkata \u201cRusia menolak\u201d.", 12, True),
    ("(Rusia) menolak.", 1, True),
])
def test_starts_sentence(text, pos, expected):
    assert starts_sentence(text, pos) is expected


@pytest.mark.parametrize(("text", "keys", "inner", "openers"), [
    ("Up to 2,000 Russian peacekeepers did not act.", ("russia",), (), ()),
    ("Perdana Menteri Armenia Nikol Pashinyan mengatakan 49 tentaranya tewas.", ("armenia",), ("nikol", "pashinyan"),
     ()),
    ("Pashinyan called the Defence Ministry.", (), (), ("pashinyan",)),       # titles are not names
    ("Ilham Aliyev spoke to Amerika Serikat officials.", ("usa",), ("aliyev",), ("ilham",)),
    ("It ended with a Russian-brokered ceasefire in Nagorno-Karabakh.", ("russia",), ("nagorno", "karabakh"), ()),
    ("Barcelona's Health Ministry amended the law.", ("kemenkes",), (), ("barcelona",)),  # possessive cut; the
    # table's Health Ministry is Indonesia's Kemenkes: another country's must be named by its quote too
    ("On Tuesday, 13 September, the KTP named him.", (), ("ktp",), ()),       # calendar words are dates, not names
    ("On Tuesday, the KPK named him.", ("kpk",), (), ()),                     # an institution in the table
])
def test_sentence_names(text, keys, inner, openers):
    assert sentence_names(text) == (keys, inner, openers)


def test_quote_names_keeps_every_word_and_compound_parts():
    keys, words = quote_names("Pasukan penjaga perdamaian Rusia di Nagorno-Karabakh dan PBB.")
    assert keys == frozenset({"russia", "un"})
    assert {"nagorno-karabakh", "nagorno", "karabakh", "pasukan", "rusia"} <= words


@pytest.mark.parametrize(("word", "supported"), [
    ("pashinyan", True),
    ("iranian", True),            # demonym of a word the quote has
    ("nagorno-karabakh", True),   # every part is in the quote
    ("aliyev", False),
    ("nagorno-moscow", False),
])
def test_word_supported(word, supported):
    keys, words = quote_names("Iran dan Pashinyan berbicara tentang Nagorno dan Karabakh.")
    assert word_supported(word, keys, words) is supported


def test_article_vocabulary_separates_proper_nouns_from_common_words():
    text = "Pertempuran terjadi di Baku. Pertempuran itu dikecam oleh Macron, kata pejabat Baku. pertempuran baru."
    proper, common = article_vocabulary(text)
    assert proper == frozenset({"baku", "macron"})   # "Pertempuran" only opens sentences and is also written lower case
    assert {"pertempuran", "terjadi", "di"} <= common


def test_corpus_names_unites_articles():
    first, second = "Kata pejabat di Baku hari ini.", "Presiden bertemu Macron kemarin."
    assert corpus_names((first, second)) == frozenset({"baku", "macron"})


_TRICKY = ("Dia non-armenia lalu Non-armenia dan X-ray, Rp5 5km km5x d'Arc l'Armée. Baku-Moskow lalu. "
           "Kata's done; Menteri sang-Raja) bertemu vInales dan Vinales, lalu (Macron) dan Erdogan; Erdogan.")


@pytest.mark.parametrize("extra", [(), (_TRICKY,)])
def test_corpus_names_lookup_answers_as_the_full_vocabulary(indosum_sample, extra):
    texts = tuple(json.loads(line)["text"] for line in indosum_sample.read_text().splitlines()) + extra
    lookup, full = CorpusNames(texts), corpus_names(texts)
    vocabulary = {w.lower() for t in texts for w in re.findall(r"[^\W\d_]+(?:['-][^\W\d_]+)*", t)}
    vocabulary |= {part for w in vocabulary for part in re.split(r"['-]", w)}
    assert len(full) > 100
    assert {w for w in vocabulary if w in lookup} == full & vocabulary


# "Macron" follows "(", not a space; "armenia" is written lower case after "Non-"; "Moskow" opens "Baku-Moskow".
@pytest.mark.parametrize(("word", "proper"), [
    ("erdogan", True), ("vinales", True), ("macron", False), ("armenia", False), ("moskow", False),
    ("lalu", False), ("kata", False), ("raja", False), ("", False),
])
def test_corpus_names_lookup_of_one_text(word, proper):
    assert (word in CorpusNames((_TRICKY,))) is proper


@pytest.mark.parametrize(("text", "found"), [
    ("Pengadilan Negeri Bandung Selatan", {"s"}),
    ("the East Bandung District Court", {"e"}),
    ("Jakarta Selatan and South Jakarta", set()),  # names of the table: their compass points are the name's
    ("249 km barat daya dari Bengkulu", {"sw"}),
    ("249 km southwest of Bengkulu", {"sw"}),
    ("Timur Tengah dan Asia Tenggara", {"se"}),  # the Middle East is a name, not a direction
])
def test_directions(text, found):
    assert directions(text) == found
