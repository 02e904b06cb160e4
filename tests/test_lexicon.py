"""The English–Indonesian news lexicon: inflections, prefixed forms, and the look-alikes it must not merge."""

from __future__ import annotations

import pytest

from briefing.lexicon import en_forms, id_lemmas, load, meanings


@pytest.mark.parametrize(("word", "forms"), [
    ("attacks", {"attacks", "attack"}),
    ("stopped", {"stopped", "stopp", "stoppe", "stop"}),
    ("carried", {"carried", "carry", "carri", "carrie"}),
    ("fighting", {"fighting", "fight", "fighte"}),
    ("xyzzy", {"xyzzy"}),
    ("army", {"army"}),
])
def test_en_forms(word, forms):
    assert en_forms(word) == forms


@pytest.mark.parametrize(("english", "indonesian"), [
    ("attacked", ["serangan", "menyerang", "diserang", "penyerangan"]),
    ("asked", ["meminta", "diminta", "permintaan"]),
    ("deaths", ["tewas", "menewaskan", "kematian", "meninggal"]),
    ("deadly", ["mematikan", "tewas"]),
    ("railways", ["kereta"]),
    ("towns", ["kota-kota", "kota"]),
    ("peace", ["perdamaian", "berdamai"]),
    ("ceasefire", ["gencatan"]),
    ("disputed", ["disengketakan", "sengketa"]),  # sengketa is a root, not se- + ngketa
    ("trade", ["perdagangan", "berdagang"]),
])
def test_english_word_meets_its_indonesian_forms(english, indonesian):
    meaning = meanings(english, "en")
    assert meaning and all(meaning & meanings(word, "id") for word in indonesian)


@pytest.mark.parametrize(("english", "indonesian"), [
    ("training", "rudal"),      # not "train" (a railway), nor a missile
    ("mission", "rudal"),       # not "missile"
    ("according", "setuju"),    # not "accord"
    ("win", "kalah"),           # opposites share no meaning (the action check relies on it)
    ("rise", "turun"),
    ("buy", "jual"),
    ("carried", "mobil"),       # not "car"
    ("treatment", "perjanjian"),  # not "treaty"
    ("compensation", "mengguncang"),  # the first letters of a prefixed form are no key (mengg- of mengganti)
    ("trade", "perdamaian"),    # a derived word's first letters are no key either (perda- of perdagangan)
    ("defence", "pertama"),     # nor perta- of pertahanan
])
def test_look_alikes_do_not_share_a_meaning(english, indonesian):
    assert not meanings(english, "en") & meanings(indonesian, "id")


@pytest.mark.parametrize(("word", "language"), [("Russia", "fr"), ("xyzzy", "en"), ("xyzzy", "id")])
def test_unknown_words_and_languages_have_no_meaning(word, language):
    assert meanings(word.lower(), language) == frozenset()


def test_lexical_data_loads_and_translates():
    assert load() > 30000  # Indonesian lemmas with English translations
    assert "win" in meanings("memenangkan", "id") and "lose" in meanings("kalah", "id")
    assert meanings("lost", "en") & meanings("kalah", "id")  # irregular form → lemma → translation
    assert "summer" in meanings("musim panas", "id")  # two-word entries, looked up as pairs of quote words


@pytest.mark.parametrize(("word", "lemmas"), [
    ("menghadirkan", ("menghadirkan",)),  # listed as written: the most specific form wins
    ("dihadiri", ("hadir",)),  # di- and -i cut
    ("kota-kota", ("kota",)),
    ("xyzzyan", ()),
])
def test_id_lemmas(word, lemmas):
    assert id_lemmas(word) == lemmas
