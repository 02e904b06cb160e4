"""The verifier: structure, quote anchoring, numbers and the claim layers, reasons per sentence, section filtering."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from briefing.ingest import ingest
from briefing.model import Article, Citation, Section, Sentence, Verification
from briefing.text import normalize
from briefing.verify import (REASONS, anchor, check_citation, check_sentence, explain, is_trivial_quote, numbers,
                             parse_number, verify_sections)

A000, A002, A003, A004 = "000_7886f0821ccbc2f6", "002_6abafbfe21ef9124", "003_c9256a6db4ad9ab8", "004_1825697cf85d7d4d"
PEACEKEEPERS = ("Sebuah kontingen yang berjumlah hingga 2.000 pasukan penjaga perdamaian Rusia \u2013 yang dibentuk "
                "setelah Moskow merundingkan diakhirinya permusuhan skala besar pada tahun 2020 \u2013 tampaknya "
                "tidak bertindak melawan serangan militer Azerbaijan saat ini.")
DEATHS = "Pertempuran enam minggu pada musim gugur 2020 merenggut lebih dari 6.500 nyawa"
OPENING = ("MOSKOW \u2013 Militer Azerbaijan mengumumkan telah meluncurkan \u201ctindakan anti-teroris lokal\u201d "
           "setelah ranjau darat")


@pytest.fixture(scope="module")
def articles(seeds_dir) -> dict[str, Article]:
    """The seed articles by id."""
    return {a.id: a for a in ingest(seeds_dir).articles}


def cite(articles: dict[str, Article], article_id: str, quote: str) -> Citation:
    """A citation of an exact quote at its true offsets."""
    start = articles[article_id].text.index(quote)
    return Citation(article_id, quote, start, start + len(quote))


def verbatim(articles: dict[str, Article], article_id: str, quote: str) -> Sentence:
    """A sentence that is its own quote."""
    return Sentence(quote, [cite(articles, article_id, quote)])


# --- numbers ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("token", "language", "value"), [
    ("2.000", "id", "2000"),
    ("6.500", "id", "6500"),
    ("12.000", "id", "12000"),
    ("30.000", "id", "30000"),
    ("2,5", "id", "2.5"),
    ("99,999", "id", "99.999"),
    ("1.250.000,50", "id", "1250000.50"),
    ("2.000.000", "id", "2000000"),
    ("2.5", "id", "2.5"),          # a dot used as the decimal mark in Indonesian text
    ("2020", "id", "2020"),
    ("2,000", "en", "2000"),
    ("6,500", "en", "6500"),
    ("1,250,000.50", "en", "1250000.50"),
    ("1.5", "en", "1.5"),
    ("2,5", "en", "2.5"),          # a comma used as the decimal mark in English text
    ("12.000", "en", "12"),
    ("2,000", "id", "2"),          # read the Indonesian way: 2,000 is two
])
def test_parse_number(token, language, value):
    assert parse_number(token, language) == Decimal(value)


@pytest.mark.parametrize(("text", "language", "values"), [
    ("hingga 2.000 pasukan", "id", {"2000"}),
    ("Arsitektur keamanan Armenia 99,999% terkait", "id", {"99.999"}),
    ("naik 15 persen menjadi 2,5 juta orang", "id", {"15", "2500000"}),
    ("3 ribu, 1,5 miliar dan 4 triliun", "id", {"3000", "1500000000", "4000000000000"}),
    ("sekitar 7 Juta orang", "id", {"7000000"}),
    ("harga Rp12.000 dan Rp 2,5 triliun", "id", {"12000", "2500000000000"}),
    ("up to 2,000 troops and 1.5 million people", "en", {"2000", "1500000"}),
    ("2 thousand, 3.2 billion and 10 percent", "en", {"2000", "3200000000", "10"}),
    ("pada Selasa (13/9/2022) pukul 01:44", "id", {"13", "9", "2022", "1", "44"}),
    ("jet F16 dan kode A12", "id", set()),  # digits glued to letters are names, not quantities
    ("tidak ada angka", "id", set()),
])
def test_numbers(text, language, values):
    assert numbers(text, language) == {Decimal(v) for v in values}


def test_numbers_of_seed_sentence(articles):
    assert numbers(PEACEKEEPERS, "id") == {Decimal(2000), Decimal(2020)}
    assert PEACEKEEPERS in articles[A000].text


# --- anchor -------------------------------------------------------------------------------------

def assert_maps_back(text: str, quote: str, span: tuple[int, int] | None, start: int) -> None:
    """The span starts at `start` and its text normalizes to the quote."""
    assert span is not None
    assert span[0] == start
    assert normalize(text[span[0]:span[1]]) == normalize(quote)


def test_anchor_exact(articles):
    text = articles[A000].text
    start = text.index(PEACEKEEPERS)
    assert anchor(PEACEKEEPERS, text) == (start, start + len(PEACEKEEPERS))


def test_anchor_exact_prefers_hint_among_repeats():
    text = "Rusia menolak tuduhan itu. Lalu: Rusia menolak tuduhan itu."
    quote = "Rusia menolak tuduhan itu."
    assert anchor(quote, text) == (0, 26)
    assert anchor(quote, text, hint=33) == (33, 59)
    assert anchor(quote, text, hint=5) == (0, 26)    # a stale hint falls back to the first
    assert anchor(quote, text, hint=-26) == (0, 26)  # a negative hint is not an offset from the end


def test_anchor_curly_quotes_and_dashes_of_seed(articles):
    text = articles[A000].text
    quote = 'MOSKOW - Militer Azerbaijan mengumumkan telah meluncurkan "tindakan anti-teroris lokal"'
    span = anchor(quote, text)
    assert_maps_back(text, quote, span, 0)
    assert span == (0, len(quote))


def test_anchor_collapses_non_breaking_spaces_of_seed(articles):
    text = articles[A003].text  # "dengan\xa0Al Jazeera,\xa0transkripnya"
    quote = "Dalam wawancara dengan Al Jazeera, transkripnya didistribusikan pada hari Sabtu"
    start = text.index("Dalam wawancara dengan")
    assert quote not in text
    assert anchor(quote, text) == (start, start + len(quote))


def test_anchor_collapses_line_breaks_across_paragraphs(articles):
    text = articles[A000].text
    first, second = text.split("\n\n")[0], text.split("\n\n")[1]
    quote = f"{first[-30:]}   {second[:40]}"
    span = anchor(quote, text)
    assert_maps_back(text, quote, span, len(first) - 30)
    assert span[1] == len(first) + 2 + 40


@pytest.mark.parametrize(("quote", "text", "span"), [
    ("Baku dan Yerevan", "Kata Baku\u200b dan Yere\u200bvan hari ini.", (5, 23)),   # zero-width in text
    ("Baku\u200b dan\ufeff Yerevan", "Kata Baku dan Yerevan hari ini.", (5, 21)),   # zero-width in quote
    ("Baku - Yerevan", "Kata Baku \u2014 Yerevan.", (5, 19)),                       # em dash
    ("\u2018damai\u2019 dan \u201cadil\u201d", "Kata 'damai' dan \"adil\" saja.", (5, 23)),  # curly quote, straight text
    ("AT&T dan Rusia", "Kata AT&amp;T dan Rusia.", (5, 23)),                        # entity in the text
    ("Jos\u00e9 Borrell", "Kata Jose\u0301 Borrell, Uni Eropa.", (5, 18)),          # decomposed accent
    ("akhir  kalimat", "Ini di akhir\n kalimat \u200b ", (7, 21)),                  # nothing after the quote
])
def test_anchor_normalized(quote, text, span):
    assert quote not in text
    assert anchor(quote, text) == span
    assert normalize(text[span[0]:span[1]]) == normalize(quote)


@pytest.mark.parametrize("quote", [
    "",
    "   \n",
    "Sebuah kontingen yang berjumlah hingga 3.000 pasukan",   # edited number
    "Sebuah kontingen yang berjumlah sampai 2.000 pasukan",   # edited word
])
def test_anchor_not_found(articles, quote):
    assert anchor(quote, articles[A000].text) is None


# --- check_citation / check_sentence ------------------------------------------------------------

def test_verbatim_seed_sentence_passes(articles):
    sentence = verbatim(articles, A000, PEACEKEEPERS)
    verdict = check_sentence(sentence, articles, "id")
    assert (verdict.supported, verdict.reasons) == (True, ())
    assert verdict.citations == tuple(sentence.citations)


@pytest.mark.parametrize("article_id", [A000, A002, A003, A004])
def test_first_sentence_of_every_seed_passes_verbatim(articles, article_id):
    text = articles[article_id].text
    first = text[:text.index(". ") + 1] if ". " in text[:400] else text.split("\n")[0]
    verdict = check_sentence(verbatim(articles, article_id, first), articles, "id")
    assert (verdict.supported, verdict.reasons) == (True, ())


def test_no_citation(articles):
    verdict = check_sentence(Sentence(PEACEKEEPERS, []), articles, "id")
    assert (verdict.supported, verdict.reasons, verdict.citations) == (False, ("no_citation",), ())


def test_unknown_article(articles):
    citation = Citation("999_not_in_the_folder", PEACEKEEPERS, 563, 809)
    verdict = check_sentence(Sentence(PEACEKEEPERS, [citation]), articles, "id")
    assert (verdict.supported, verdict.reasons) == (False, ("unknown_article",))


@pytest.mark.parametrize(("quote", "reasons"), [
    ("kata dia", ("trivial_quote",)),
    ("  kata \n  dia ", ("trivial_quote",)),
    ("katanya", ("trivial_quote",)),
    ("ranjau dara", ("trivial_quote",)),   # 11 characters: too short to support anything
    ("ranjau darat", ()),                  # 12 characters: the shortest quote that counts
])
def test_trivial_quote(articles, quote, reasons):
    start = max(articles[A000].text.find(quote), 0)
    sentence = Sentence(quote, [Citation(A000, quote, start, start + len(quote))])
    assert check_sentence(sentence, articles, "id").reasons == reasons


def test_edited_quote_is_not_found(articles):
    good = cite(articles, A000, PEACEKEEPERS)
    edited = PEACEKEEPERS.replace("tidak bertindak", "bertindak")
    sentence = Sentence(edited, [Citation(A000, edited, good.start, good.end)])
    verdict = check_sentence(sentence, articles, "id")
    assert (verdict.supported, verdict.reasons) == (False, ("quote_not_found",))


def test_quote_with_straight_marks_at_true_offsets_passes(articles):
    quote = OPENING.replace("\u2013", "-").replace("\u201c", '"').replace("\u201d", '"')
    sentence = Sentence(quote, [Citation(A000, quote, 0, len(OPENING))])
    assert check_sentence(sentence, articles, "id").reasons == ()


@pytest.mark.parametrize("shift", [(1, 1), (-20, -20), (0, -5), (100, 100)])
def test_bad_offsets_are_reported_and_reanchored(articles, shift):
    good = cite(articles, A000, PEACEKEEPERS)
    moved = Citation(A000, PEACEKEEPERS, good.start + shift[0], good.end + shift[1])
    verdict = check_sentence(Sentence(PEACEKEEPERS, [moved]), articles, "id")
    assert (verdict.supported, verdict.reasons) == (False, ("bad_offsets",))
    assert verdict.citations == (good,)


@pytest.mark.parametrize("where", ["negative", "past_end", "reversed"])
def test_offsets_outside_the_text_are_bad(articles, where):
    text = articles[A000].text
    tail = text[-60:]
    start, end = {"negative": (-60, len(text)), "past_end": (len(text) - 60, len(text) + 40),
                  "reversed": (len(text), len(text) - 60)}[where]
    problems, fixed = check_citation(Citation(A000, tail, start, end), articles)
    assert problems == ["bad_offsets"]
    assert (fixed.start, fixed.end) == (len(text) - 60, len(text))


def test_offsets_taking_in_surrounding_white_space_pass(articles):
    good = cite(articles, A000, PEACEKEEPERS)  # a paragraph break comes right before it
    assert articles[A000].text[good.start - 2:good.start] == "\n\n"
    wide = Citation(A000, PEACEKEEPERS, good.start - 2, good.end)
    assert check_sentence(Sentence(PEACEKEEPERS, [wide]), articles, "id").reasons == ()


def test_number_mismatch(articles):
    sentence = Sentence(PEACEKEEPERS.replace("2.000", "3.000"), [cite(articles, A000, PEACEKEEPERS)])
    verdict = check_sentence(sentence, articles, "id")
    assert (verdict.supported, verdict.reasons) == (False, ("number_mismatch",))


@pytest.mark.parametrize(("text", "language", "reasons"), [
    ("Up to 2,000 Russian peacekeepers did not act against the offensive.", "en", ()),
    ("Up to 2 thousand Russian peacekeepers did not act against the offensive.", "en", ()),
    # Declared Indonesian, the English words are not the quote's words either.
    ("Up to 2,000 Russian peacekeepers did not act against the offensive.", "id", ("number_mismatch", "low_overlap")),
    ("Up to 2.000 Russian peacekeepers did not act against the offensive.", "en", ("number_mismatch",)),
    ("Up to 3,000 Russian peacekeepers did not act against the offensive.", "en", ("number_mismatch",)),
    ("Up to 2 million Russian peacekeepers did not act against the offensive.", "en", ("number_mismatch",)),
    ("Russian peacekeepers did not act against the offensive.", "en", ()),
])
def test_numbers_are_read_in_each_side_language(articles, text, language, reasons):
    sentence = Sentence(text, [cite(articles, A000, PEACEKEEPERS)])
    assert check_sentence(sentence, articles, language).reasons == reasons


def test_percent_in_english_against_indonesian_quote(articles):
    quote = "Arsitektur keamanan Armenia 99,999% terkait dengan Rusia"
    for text, reasons in [("Armenia's security is 99.999% tied to Russia.", ()),
                          ("Armenia's security is 99.9% tied to Russia.", ("number_mismatch",))]:
        assert check_sentence(Sentence(text, [cite(articles, A000, quote)]), articles, "en").reasons == reasons


def test_number_supported_by_any_of_several_quotes(articles):
    sentence = Sentence("Hingga 2.000 pasukan penjaga perdamaian Rusia dibentuk setelah pertempuran 2020 yang "
                        "merenggut lebih dari 6.500 nyawa.",
                        [cite(articles, A000, PEACEKEEPERS), cite(articles, A004, DEATHS)])
    assert check_sentence(sentence, articles, "id").reasons == ()
    alone = Sentence(sentence.text, [cite(articles, A000, PEACEKEEPERS)])
    # Alone, the first quote lacks the death toll (the words about it are two: under the three the coverage allows).
    assert check_sentence(alone, articles, "id").reasons == ("number_mismatch",)


def test_rupiah_amounts_are_numbers():
    article = Article("harga", "Harga beras naik menjadi Rp12.000 per kilogram di pasar induk.", "harga.txt", "id")
    quote = article.text
    for text, reasons in [("Harga beras naik menjadi Rp12.000 per kilogram.", ()),
                          ("Harga beras naik menjadi Rp13.000 per kilogram.", ("number_mismatch",))]:
        sentence = Sentence(text, [Citation("harga", quote, 0, len(quote))])
        assert check_sentence(sentence, {"harga": article}, "id").reasons == reasons


def test_reasons_of_several_citations_are_listed_once_in_order(articles):
    good = cite(articles, A000, PEACEKEEPERS)
    citations = [Citation("nope", PEACEKEEPERS, 0, 10), good, Citation("nope", PEACEKEEPERS, 0, 10),
                 Citation(A000, "kata dia", 0, 8)]
    verdict = check_sentence(Sentence(PEACEKEEPERS, citations), articles, "id")
    assert (verdict.supported, verdict.reasons) == (False, ("unknown_article", "trivial_quote"))
    assert verdict.citations == tuple(citations)


def test_number_check_waits_for_valid_citations(articles):
    # With a broken citation the numbers are not compared: the one reason is the broken quote.
    sentence = Sentence("3.000 pasukan", [Citation(A000, "kata dia", 0, 8)])
    assert check_sentence(sentence, articles, "id").reasons == ("trivial_quote",)


# --- verify_sections ----------------------------------------------------------------------------

def test_verify_sections_drops_and_counts(articles):
    good1 = verbatim(articles, A000, PEACEKEEPERS)
    good2 = verbatim(articles, A004, DEATHS)
    no_cite = Sentence("Armenia dan Azerbaijan kembali bertempur.", [])
    wrong_number = Sentence(DEATHS.replace("6.500", "7.500"), [cite(articles, A004, DEATHS)])
    edited = Sentence("Rusia diam.", [Citation(A000, PEACEKEEPERS.replace("Rusia", "Turki"), 563, 809)])
    two_faults = Sentence("Rusia diam.", [Citation("nope", PEACEKEEPERS, 0, 1), Citation(A000, "kata dia", 0, 8)])
    sections = [
        Section("bluf", "Inti Persoalan", [good1, no_cite, wrong_number]),
        Section("developments", "Perkembangan Utama", [edited, two_faults]),
        Section("extra", "Lain", [good2]),
    ]
    kept, tally = verify_sections(sections, list(articles.values()), "id")

    assert [(s.key, s.title, s.sentences) for s in kept] == [
        ("bluf", "Inti Persoalan", [good1]), ("extra", "Lain", [good2])]
    assert tally == Verification(checked=6, supported=2, unsupported=4, dropped=4, rejected=4, by_reason={
        "no_citation": 1, "number_mismatch": 1, "quote_not_found": 1, "unknown_article": 1, "trivial_quote": 1})
    assert [(s.verdict, s.reasons) for s in (good1, no_cite, wrong_number, edited, two_faults, good2)] == [
        ("supported", []), ("unsupported", ["no_citation"]), ("unsupported", ["number_mismatch"]),
        ("unsupported", ["quote_not_found"]), ("unsupported", ["unknown_article", "trivial_quote"]),
        ("supported", [])]


def test_verify_sections_all_supported(articles):
    sentences = [verbatim(articles, A000, PEACEKEEPERS), verbatim(articles, A004, DEATHS)]
    kept, tally = verify_sections([Section("bluf", "B", sentences)], list(articles.values()), "id")
    assert [s.sentences for s in kept] == [sentences]
    assert tally == Verification(checked=2, supported=2, unsupported=0, dropped=0, by_reason={})


def test_verify_sections_empty_input(articles):
    assert verify_sections([], list(articles.values()), "id") == ([], Verification())
    assert verify_sections([Section("bluf", "B", [])], [], "id") == ([], Verification())


def test_verify_sections_without_articles_rejects_every_citation(articles):
    sentence = verbatim(articles, A000, PEACEKEEPERS)
    kept, tally = verify_sections([Section("bluf", "B", [sentence])], [], "id")
    assert kept == []
    assert tally == Verification(checked=1, supported=0, unsupported=1, dropped=1, rejected=1,
                                 by_reason={"unknown_article": 1})


# --- layered checks: anchoring without punctuation, wrong article, attribution, claims -----------

@pytest.mark.parametrize(("quote", "span_text"), [
    # spacing around punctuation and a dropped comma: the same words
    ("YEREVAN - Armenia, pada Selasa (13/9/2022), meminta bantuan militer Rusia",
     "YEREVAN - Armenia , pada Selasa (13/9/2022), meminta bantuan militer Rusia"),
    ("Armenia pada Selasa 13/9/2022 meminta bantuan", "Armenia , pada Selasa (13/9/2022), meminta bantuan"),
])
def test_anchor_ignores_punctuation_noise(articles, quote, span_text):
    text = articles[A004].text
    span = anchor(quote, text)
    assert span is not None
    assert text[span[0]:span[1]] == span_text


@pytest.mark.parametrize("quote", [
    "merenggut lebih dari 6.50",            # stops inside 6.500
    "000 nyawa dan berakhir dengan gencatan",  # starts inside 6.500
    "merenggut lebih dari 6500 nyawa",      # the separator is part of the number
    "merenggut lebih dari 65.00 nyawa",
])
def test_anchor_never_cuts_or_changes_a_number(articles, quote):
    assert anchor(quote, articles[A004].text) is None


def test_quote_from_another_article_is_wrong_article(articles):
    sentence = Sentence(DEATHS, [Citation(A000, DEATHS, 0, len(DEATHS))])  # DEATHS is in A004, not A000
    verdict = check_sentence(sentence, articles, "id")
    assert (verdict.supported, verdict.reasons) == (False, ("wrong_article",))


def test_normalized_quote_from_another_article_is_wrong_article(articles):
    quote = OPENING.replace("\u201c", '"').replace("\u201d", '"')  # A000's opening, with straight quote marks
    verdict = check_sentence(Sentence(quote, [Citation(A004, quote, 0, len(quote))]), articles, "id")
    assert verdict.reasons == ("wrong_article",)


@pytest.mark.parametrize(("quote", "trivial"), [
    ("he said that it was", True),
    ("katanya, kata dia, ujarnya", True),
    ("According to them, he said", True),
    ("kata Pashinyan kepada wartawan", False),
    ("ranjau darat menewaskan", False),
])
def test_is_trivial_quote(quote, trivial):
    assert is_trivial_quote(quote) is trivial


def test_verbatim_indonesian_sentence_in_an_english_brief_is_supported(articles):
    # A source sentence quoted in an English brief is read as what it is: its own quote.
    verdict = check_sentence(verbatim(articles, A000, PEACEKEEPERS), articles, "en")
    assert (verdict.supported, verdict.reasons) == (True, ())


def test_supported_citation_carries_the_article_s_own_words(articles):
    quote = OPENING.replace("\u2013", "-").replace("\u201c", '"').replace("\u201d", '"')
    sentence = Sentence(quote, [Citation(A000, quote, 0, len(OPENING))])
    kept, tally = verify_sections([Section("bluf", "B", [sentence])], list(articles.values()), "id")
    assert tally.supported == 1
    citation = kept[0].sentences[0].citations[0]
    assert citation == Citation(A000, OPENING, 0, len(OPENING))
    assert articles[A000].text[citation.start:citation.end] == citation.quote


def test_claim_reasons_follow_citation_reasons_in_layer_order(articles):
    text = PEACEKEEPERS.replace("2.000", "3.000").replace("Rusia", "Turki").replace("tidak bertindak", "bertindak")
    verdict = check_sentence(Sentence(text, [cite(articles, A000, PEACEKEEPERS)]), articles, "id")
    assert verdict.reasons == ("number_mismatch", "name_mismatch", "negation_mismatch")


def test_english_sentence_citing_indonesian_quote(articles):
    good = "Up to 2,000 Russian peacekeepers apparently did not act against the Azerbaijani military offensive."
    for text, reasons in [(good, ()), (good.replace("Russian", "Armenian"), ("name_mismatch",)),
                          (good.replace("2,000", "20,000"), ("number_mismatch",))]:
        assert check_sentence(Sentence(text, [cite(articles, A000, PEACEKEEPERS)]), articles, "en").reasons == reasons


def test_reason_codes_are_documented():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for code in REASONS:
        assert f"`{code}`" in readme


@pytest.mark.parametrize(("text", "reasons", "expected"), [
    ("Up to 3,000 Russian peacekeepers appeared not to act.", ("number_mismatch",),
     "number_mismatch (numbers no quote states: 3000)"),
    ("Up to 2,000 Russian peacekeepers appeared not to act, and signed a trade agreement.", ("low_overlap",),
     "low_overlap (words no quote supports: signed)"),
    ("Up to 2,000 Turkish peacekeepers appeared not to act.", ("name_mismatch",), "name_mismatch"),
])
def test_explain_names_what_a_repair_must_leave_out(articles, text, reasons, expected):
    sentence = Sentence(text, [cite(articles, A000, PEACEKEEPERS)])
    assert explain(sentence, articles, "en", reasons) == expected


def test_explain_without_a_known_article_gives_the_codes(articles):
    sentence = Sentence("Something happened.", [Citation("missing", "Something happened today.", 0, 25)])
    assert explain(sentence, articles, "en", ("unknown_article",)) == "unknown_article"


def test_three_verdicts(articles):
    good = Sentence(PEACEKEEPERS, [cite(articles, A000, PEACEKEEPERS)])
    assert check_sentence(good, articles, "id").status == "supported"
    wrong = Sentence(PEACEKEEPERS.replace("2.000", "3.000"), [cite(articles, A000, PEACEKEEPERS)])
    assert check_sentence(wrong, articles, "id").status == "rejected"
    added = Sentence("Hingga 2.000 pasukan penjaga perdamaian Rusia tidak bertindak, lalu warga mengungsi ke "
                     "pegunungan bersama ternak mereka.", [cite(articles, A000, PEACEKEEPERS)])
    verdict = check_sentence(added, articles, "id")
    assert (verdict.status, verdict.reasons) == ("unconfirmed", ("low_overlap",))
