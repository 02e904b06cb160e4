"""claims: numbers (digits and words), dates, names, negation and coverage of a sentence against its quotes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from briefing.claims import (calendar_words, claim_reasons, date_mentions, names_supported, numbers, profile,
                             unsupported_details)
from briefing.lexicon import stem_keys

PEACEKEEPERS_ID = ("Sebuah kontingen yang berjumlah hingga 2.000 pasukan penjaga perdamaian Rusia \u2013 yang dibentuk "
                   "setelah Moskow merundingkan diakhirinya permusuhan skala besar pada tahun 2020 \u2013 tampaknya "
                   "tidak bertindak melawan serangan militer Azerbaijan saat ini.")
PEACEKEEPERS_EN = ("A contingent of up to 2,000 Russian peacekeepers, formed after Moscow negotiated an end to "
                   "large-scale hostilities in 2020, appeared not to act against the current Azerbaijani offensive.")
TUESDAY_ID = ("YEREVAN - Armenia , pada Selasa (13/9/2022), meminta bantuan militer Rusia setelah bentrokan "
              "di perbatasan.")
TUESDAY_EN = "On Tuesday, 13 September 2022, Armenia asked Russia for military help after clashes on the border."
STATEMENT = ("Kami meminta para pihak mematuhi gencatan senjata sesuai dengan pernyataan trilateral para pemimpin "
             "Rusia, Azerbaijan dan Armenia pada 9 November 2020, 11 Januari dan 26 November 2021.")


@pytest.mark.parametrize(("text", "language", "values"), [
    ("ranjau darat menewaskan empat tentara dan dua warga sipil", "id", {"4", "2"}),
    ("landmines killed four soldiers and two civilians", "en", {"4", "2"}),
    ("dua belas orang dan tiga ratus rumah", "id", {"12", "300"}),
    ("five thousand people and twenty cars", "en", {"5000", "20"}),
    ("salah satu pemain, kedua negara, no one else", "id", set()),  # not counts
    ("Sepuluh tahun", "id", {"10"}),
])
def test_number_words(text, language, values):
    assert numbers(text, language) == {Decimal(v) for v in values}


def test_a_quote_supports_kedua_as_two_but_a_sentence_does_not_state_it():
    assert profile("perbatasan kedua negara dan keduanya", "id").supported_numbers == {Decimal(2)}
    assert profile("perbatasan kedua negara", "id").numbers == frozenset()


@pytest.mark.parametrize(("text", "language", "mentions"), [
    ("pada Selasa, 19 September 2023 pagi", "id", [(19, 9, 2023, False)]),
    ("on September 19, 2023 and Sept. 20", "en", [(19, 9, 2023, False), (20, 9, None, False)]),
    ("Sabtu (23 / 12 / 2017) dan Senin (27 / 3)", "id", [(23, 12, 2017, True), (27, 3, None, True)]),
    ("dated 9/13/2022", "en", [(13, 9, 2022, True)]),           # month first, the American way
    ("awal November 2020", "id", [(None, 11, 2020, False)]),
    ("pada bulan Mei, in March", "id", [(None, 5, None, False), (None, 3, None, False)]),
    ("March on the capital began.", "en", []),                  # the verb opening a sentence
    ("2023-09-19T01:44", "en", [(19, 9, 2023, True)]),
    ("skor 21 - 13 dan 3 - 0", "id", []),
])
def test_date_mentions(text, language, mentions):
    assert date_mentions(text, language) == mentions


@pytest.mark.parametrize(("text", "words"), [
    ("pada Selasa pagi", {"tue"}),
    ("on Tuesday morning", {"tue"}),
    ("Minggu lalu dan minggu ini", {"sun"}),   # lower-case "minggu" is a week
    ("Jum'at kemarin", {"fri", "yesterday"}),
    ("yesterday and tomorrow", {"yesterday", "tomorrow"}),
])
def test_calendar_words(text, words):
    assert calendar_words(text) == words


@pytest.mark.parametrize(("text", "language", "negated"), [
    ("Rusia tidak dapat memenuhi kebutuhan", "id", ["memenuhi"]),    # modal "dapat" skipped
    ("Rusia tidak mampu memenuhi kebutuhan", "id", ["memenuhi"]),    # so is "mampu"
    ("tidak hanya tarif tapi juga mekanisme", "id", []),             # "not only" negates nothing
    ("The broiler and non-breed chickens", "en", ["breed"]),
    ("did not act and doesn't matter", "en", ["act", "matter"]),
    ("his kiosk on Jalan Hasanudin No 6 had no sign", "en", ["sign"]),  # "No 6" is a number, not a negation
])
def test_negation_scopes(text, language, negated):
    assert list(profile(text, language).negations) == [stem_keys(word, language) for word in negated]


QUOTE_ID = [(PEACEKEEPERS_ID, "id")]
CEASEFIRE_ID = ("Rusia mengklaim telah menengahi gencatan senjata antara Armenia dan Azerbaijan setelah pertempuran "
                "meletus di perbatasan kedua negara.")
CEASEFIRE_EN = ("Russia claims to have brokered a ceasefire between Armenia and Azerbaijan after fighting broke out "
                "on the border of the two countries.")


@pytest.mark.parametrize(("text", "language", "quotes", "reasons"), [
    # cross-lingual: numbers, names, negation count
    (PEACEKEEPERS_EN, "en", QUOTE_ID, []),
    (PEACEKEEPERS_EN.replace("2,000", "3,000"), "en", QUOTE_ID, ["number_mismatch"]),
    (PEACEKEEPERS_EN.replace("Russian", "Turkish"), "en", QUOTE_ID, ["name_mismatch"]),
    (PEACEKEEPERS_EN.replace("Azerbaijani", "Armenian"), "en", QUOTE_ID, ["name_mismatch"]),
    (PEACEKEEPERS_EN.replace("appeared not to act", "appeared to act"), "en", QUOTE_ID, ["negation_mismatch"]),
    ("Up to 2,000 Russian peacekeepers did not act, and never would.", "en", QUOTE_ID, ["negation_mismatch"]),
    # cross-lingual meaning (briefing.lexicon): another action or an added clause with known words
    (CEASEFIRE_EN, "en", [(CEASEFIRE_ID, "id")], []),
    ("Armenia and Azerbaijan signed a peace treaty in Russia.", "en", [(CEASEFIRE_ID, "id")], ["low_overlap"]),
    # two words of another action ("troops", "fight") are under the three a natural translation may leave
    # unmatched (tests/data/verify_natural_1.jsonl): the judge's to settle
    ("Russia sent troops to fight Armenia and Azerbaijan.", "en", [(CEASEFIRE_ID, "id")], []),
    (CEASEFIRE_EN[:-1] + ", and the government declared a state of emergency.", "en", [(CEASEFIRE_ID, "id")],
     ["low_overlap"]),
    (CEASEFIRE_EN[:-1] + ", and refugees returned to their villages.", "en", [(CEASEFIRE_ID, "id")], ["low_overlap"]),
    (CEASEFIRE_EN[:-1] + ", officials said.", "en", [(CEASEFIRE_ID, "id")], []),  # one word: not enough to reject
    ("Rusia mengirim pasukan untuk memerangi Armenia dan Azerbaijan.", "id", [(CEASEFIRE_EN, "en")], []),
    ("Rusia mengaku menengahi gencatan senjata antara Armenia dan Azerbaijan.", "id", [(CEASEFIRE_EN, "en")], []),
    # the reverse: an Indonesian sentence citing an English quote
    ("Hingga 2.000 pasukan penjaga perdamaian Rusia tidak bertindak.", "id", [(PEACEKEEPERS_EN, "en")], []),
    ("Hingga 2.000 pasukan penjaga perdamaian Turki tidak bertindak.", "id", [(PEACEKEEPERS_EN, "en")],
     ["name_mismatch"]),
    # dates: weekday across languages, the day inside a date, a named month, a recombined date
    (TUESDAY_EN, "en", [(TUESDAY_ID, "id")], []),
    (TUESDAY_EN.replace("Tuesday", "Wednesday"), "en", [(TUESDAY_ID, "id")], ["date_mismatch"]),
    (TUESDAY_EN.replace("13 September", "14 September"), "en", [(TUESDAY_ID, "id")], ["number_mismatch"]),
    (TUESDAY_EN.replace("September", "October"), "en", [(TUESDAY_ID, "id")], ["date_mismatch"]),
    ("Pernyataan itu merujuk kesepakatan para pemimpin Rusia, Azerbaijan dan Armenia pada 9 November 2021.", "id",
     [(STATEMENT, "id")], ["date_mismatch"]),
    ("Pernyataan trilateral para pemimpin Rusia, Azerbaijan dan Armenia pada 26 November 2021.", "id",
     [(STATEMENT, "id")], []),
    ("Toyota memperkenalkan robot itu pada (21 / 11).", "id",
     [("Di tanggal 21 November kemarin, Toyota memperkenalkan robot itu.", "id")], []),
    # same language: negation both ways, an added clause, a light paraphrase
    ("Pasukan penjaga perdamaian Rusia tampaknya bertindak melawan serangan militer Azerbaijan.", "id", QUOTE_ID,
     ["negation_mismatch"]),
    ("Pasukan penjaga perdamaian Rusia tidak dibentuk setelah Moskow merundingkan diakhirinya permusuhan.", "id",
     QUOTE_ID, ["negation_mismatch"]),
    ("Kontingen 2.000 pasukan penjaga perdamaian Rusia tampaknya tidak bertindak melawan serangan Azerbaijan, "
     "sehingga memicu kepanikan besar di kalangan penduduk setempat.", "id", QUOTE_ID, ["low_overlap"]),
    ("Kontingen hingga 2.000 pasukan penjaga perdamaian Rusia, yang dibentuk setelah Moskow merundingkan "
     "diakhirinya permusuhan pada 2020, tampaknya tidak bertindak melawan serangan militer Azerbaijan.", "id",
     QUOTE_ID, []),
])
def test_claim_reasons(text, language, quotes, reasons):
    assert claim_reasons(text, language, quotes) == reasons


@pytest.mark.parametrize(("text", "reasons"), [
    ("The quake struck at around 7:41 pm WIB on Tuesday.", []),
    ("The quake struck at around 8:41 pm WIB on Tuesday.", ["number_mismatch"]),
])
def test_twelve_hour_clock_against_a_24_hour_quote(text, reasons):
    assert claim_reasons(text, "en", [("Gempa terjadi pada Selasa sekitar pukul 19:41 WIB.", "id")]) == reasons


@pytest.mark.parametrize(("text", "reasons"), [
    ("The President has yet to sign the revised law.", []),
    ("The President has signed the revised law.", ["negation_mismatch"]),
])
def test_yet_to_is_a_negation(text, reasons):
    assert claim_reasons(text, "en", [("Presiden belum menandatangani revisi undang-undang itu.", "id")]) == reasons


@pytest.mark.parametrize(("sentence", "quote", "supported"), [
    ("The World Bank's directors agreed.", "Para direktur Bank Dunia sepakat.", True),
    ("The 2018 East Java election.", "Pilkada Jatim tahun 2018.", True),
    ("The 2018 West Java election.", "Pilkada Jatim tahun 2018.", False),
    ("Indonesian Navy personnel seized the ship.", "Aparat TNI AL mengamankan kapal itu.", True),
    ("Indonesian Army personnel seized the ship.", "Aparat TNI AL mengamankan kapal itu.", False),
    ("The Corruption Eradication Commission searched the house.", "KPK menggeledah rumah itu.", True),
])
def test_indonesian_places_and_institutions_across_languages(sentence, quote, supported):
    assert names_supported(sentence, "en", [(quote, "id")], frozenset) is supported


@pytest.mark.parametrize(("text", "language", "details"), [
    ("Armenia and Azerbaijan signed a peace treaty in Russia, and 3,000 refugees returned.", "en",
     {"numbers": ["3000"], "words": ["signed", "peace", "treaty", "refugees", "returned"]}),
    ("Rusia menengahi gencatan senjata antara Armenia dan Azerbaijan, sehingga memicu kepanikan besar.", "id",
     {"numbers": [], "words": ["memicu", "kepanikan", "besar"]}),
    (CEASEFIRE_EN, "en", {"numbers": [], "words": []}),
])
def test_unsupported_details(text, language, details):
    assert unsupported_details(text, language, [(CEASEFIRE_ID, "id")]) == details


def test_armenia_never_passes_for_azerbaijan():
    quote = [("Azerbaijan menyerang fasilitas pertahanan udara di Nagorno-Karabakh.", "id")]
    for text, language in [("Armenia menyerang fasilitas pertahanan udara di Nagorno-Karabakh.", "id"),
                           ("Armenia attacked air defence facilities in Nagorno-Karabakh.", "en"),
                           ("Armenian forces attacked air defence facilities in Nagorno-Karabakh.", "en")]:
        assert "name_mismatch" in claim_reasons(text, language, quote)


def test_openers_are_names_only_when_the_articles_use_them_as_names():
    quote = [("Menurut Hajiyev, militer Azerbaijan melaksanakan operasi itu lebih cepat.", "id")]
    text = "Pashinyan mengatakan militer Azerbaijan melaksanakan operasi itu lebih cepat."
    assert claim_reasons(text, "id", quote, lambda: frozenset({"pashinyan", "hajiyev"})) == ["name_mismatch"]
    assert claim_reasons(text, "id", quote, lambda: frozenset()) == []  # unknown word: not held to the quote


def test_cross_lingual_capitalised_common_words_are_not_names():
    quote = [("Ribuan warga mengungsi melalui Koridor Lachin.", "id")]
    corpus = lambda: frozenset({"lachin", "koridor"})  # noqa: E731
    assert claim_reasons("Thousands of residents fled through the Lachin Corridor.", "en", quote, corpus) == []
    assert claim_reasons("Thousands of residents fled through the Goris Corridor.", "en", quote,
                         lambda: frozenset({"lachin", "koridor", "goris"})) == ["name_mismatch"]


@pytest.mark.parametrize(("sentence", "reasons"), [
    ("The celebrity from Yogyakarta came to the South Jakarta District Court in the second quarter of 2017.", []),
    ("The celebrity from Surabaya came to the South Jakarta District Court in the second quarter of 2017.",
     ["name_mismatch"]),  # a name no article uses is checked too
    ("The celebrity from Yogyakarta came to the East Jakarta District Court in the second quarter of 2017.",
     ["name_mismatch"]),
    ("The celebrity from Yogyakarta came to the South Jakarta District Court in the third quarter of 2017.",
     ["number_mismatch", "date_mismatch"]),  # the ordinal is a number too
    ("The celebrity from Yogyakarta came to a court in Vietnam in the second quarter of 2017.", ["name_mismatch"]),
])
def test_every_name_and_period_is_checked_across_languages(sentence, reasons):
    quote = ("Selebritas asal Yogyakarta itu datang ke Pengadilan Negeri Jakarta Selatan pada kuartal kedua "
             "tahun 2017.", "id")
    assert claim_reasons(sentence, "en", [quote]) == reasons
