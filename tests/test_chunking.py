"""Sentence splitting (abbreviations, initials, decimals, quotes) and chunks with stable ids and exact offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.chunking import chunk_article, chunk_articles, split_sentences
from briefing.ingest import ingest
from briefing.model import Article, SentenceSpan


def sentences(text: str) -> list[str]:
    """The sentences split_sentences finds, as strings."""
    return [text[s.start:s.end] for s in split_sentences(text)]


def article(text: str, article_id: str = "a") -> Article:
    return Article(id=article_id, text=text, path=f"{article_id}.txt", language="id")


@pytest.mark.parametrize(("text", "expected"), [
    # abbreviations and titles
    ("Dr. Budi datang pagi ini. Dia pergi sore.", ["Dr. Budi datang pagi ini.", "Dia pergi sore."]),
    ("Prof. Siti tiba kemarin. Ia langsung bicara.", ["Prof. Siti tiba kemarin.", "Ia langsung bicara."]),
    ("Kantor di Jl. Sudirman ditutup. Warga protes.", ["Kantor di Jl. Sudirman ditutup.", "Warga protes."]),
    ("Harga Rp. 5.000 per kilo. Naik lagi.", ["Harga Rp. 5.000 per kilo.", "Naik lagi."]),
    ("Mr. Smith left early. He was tired.", ["Mr. Smith left early.", "He was tired."]),
    ("The U.S. Army arrived. Troops moved.", ["The U.S. Army arrived.", "Troops moved."]),
    ("Gen. Smith spoke. Sen. Jones replied.", ["Gen. Smith spoke.", "Sen. Jones replied."]),
    ("It was 5 p.m. when he left. Then it rained.", ["It was 5 p.m. when he left.", "Then it rained."]),
    # initials
    ("Warga Jl. A. Yani berkumpul. Mereka protes.", ["Warga Jl. A. Yani berkumpul.", "Mereka protes."]),
    ("Presiden Joko Widodo, S.H. meninggalkan lokasi. Ia pergi.",
     ["Presiden Joko Widodo, S.H. meninggalkan lokasi.", "Ia pergi."]),
    # numbers
    ("Sebanyak 2.000 orang tewas. Korban bertambah.", ["Sebanyak 2.000 orang tewas.", "Korban bertambah."]),
    ("Inflasi naik 2,5 persen. Harga naik.", ["Inflasi naik 2,5 persen.", "Harga naik."]),
    ("Keamanan Armenia 99,999% terkait Rusia. Itu katanya.",
     ["Keamanan Armenia 99,999% terkait Rusia.", "Itu katanya."]),
    ("Gencatan senjata mulai pukul 9.00 waktu Moskow. Lalu pecah lagi.",
     ["Gencatan senjata mulai pukul 9.00 waktu Moskow.", "Lalu pecah lagi."]),
    ("Angka 1.000.000 tercapai. Bagus.", ["Angka 1.000.000 tercapai.", "Bagus."]),
    ("Dia lahir tahun 1990. 30 tahun kemudian dia kembali.", ["Dia lahir tahun 1990.", "30 tahun kemudian dia kembali."]),
    # ellipsis
    ("Situasi memburuk... dan kami menunggu. Selesai.", ["Situasi memburuk... dan kami menunggu.", "Selesai."]),
    ("Situasi ... kami berharap damai. Selesai.", ["Situasi ... kami berharap damai.", "Selesai."]),
    ("Dia berkata\u2026 tidak ada. Lalu pergi.", ["Dia berkata\u2026 tidak ada.", "Lalu pergi."]),
    ("Dia berkata\u2026 Tidak ada yang datang.", ["Dia berkata\u2026", "Tidak ada yang datang."]),
    # quotes
    ('"Kami siap," katanya. Lalu diam.', ['"Kami siap," katanya.', "Lalu diam."]),
    ('Dia menyebutnya "kesalahan strategis." Rusia diam.', ['Dia menyebutnya "kesalahan strategis."', "Rusia diam."]),
    ('"Kami siap," katanya. "Kami menunggu."', ['"Kami siap," katanya.', '"Kami menunggu."']),
    ("\u201cYa.\u201d Lalu dia pergi.", ["\u201cYa.\u201d", "Lalu dia pergi."]),
    ("Dia menyebut \u201ckesalahan strategis.\u201d \u201cTetapi kami siap.\u201d",
     ["Dia menyebut \u201ckesalahan strategis.\u201d", "\u201cTetapi kami siap.\u201d"]),
    ("\u201c Jika sehat, ia main hingga 41 tahun. \u201d Lalu dia pergi.",
     ["\u201c Jika sehat, ia main hingga 41 tahun. \u201d", "Lalu dia pergi."]),
    ("Kata dia (AFP). Lalu pergi.", ["Kata dia (AFP).", "Lalu pergi."]),
    # other terminators
    ("What? Yes! Ok.", ["What?", "Yes!", "Ok."]),
    ("Dia tiba di AS. Kemudian pergi.", ["Dia tiba di AS.", "Kemudian pergi."]),
    # paragraphs always end a sentence, with or without a full stop
    ("Paragraf satu tanpa titik\n\nParagraf dua.", ["Paragraf satu tanpa titik", "Paragraf dua."]),
    ("Dr.\nBudi datang.", ["Dr.", "Budi datang."]),
    ("Satu dua tiga, dan\nempat.", ["Satu dua tiga, dan", "empat."]),
    ("  Spasi di depan.  \n\n\n  Dan di belakang.  ", ["Spasi di depan.", "Dan di belakang."]),
    ("", []),
    ("\n\n", []),
])
def test_split_sentences(text, expected):
    assert sentences(text) == expected


def test_split_sentences_offsets_cover_a_sub_range():
    text = "Awal. Dr. Budi datang. Dia pergi. Akhir."
    start = text.index("Dr.")
    end = text.index(" Akhir")
    spans = split_sentences(text, start, end)
    assert spans == [SentenceSpan(6, 22), SentenceSpan(23, 33)]
    assert [text[s.start:s.end] for s in spans] == ["Dr. Budi datang.", "Dia pergi."]


@pytest.fixture(scope="module")
def seed_articles(seeds_dir: Path) -> list[Article]:
    return ingest(seeds_dir).articles


def test_offsets_slice_to_the_sentence_on_seeds(seed_articles):
    for art in seed_articles:
        for span in split_sentences(art.text):
            piece = art.text[span.start:span.end]
            assert (piece == piece.strip(), "\n" in piece, piece != "") == (True, False, True)


def test_seed_sentences_with_decimals_stay_whole(seed_articles):
    by_id = {a.id: sentences(a.text) for a in seed_articles}
    assert ("“Arsitektur keamanan Armenia 99,999% terkait dengan Rusia, termasuk dalam hal pengadaan senjata dan "
            "amunisi,” katanya dalam wawancara dengan surat kabar Italia La Repubblica awal bulan ini."
            ) in by_id["000_7886f0821ccbc2f6"]
    assert ("Pertempuran enam minggu pada musim gugur 2020 merenggut lebih dari 6.500 nyawa dan berakhir dengan "
            "gencatan senjata yang ditengahi Rusia.") in by_id["004_1825697cf85d7d4d"]


def test_chunk_ids_are_stable(seed_articles):
    first = chunk_articles(seed_articles, max_chars=500)
    second = chunk_articles(seed_articles, max_chars=500)
    assert first == second
    for art in seed_articles:
        ids = [c.id for c in first if c.article_id == art.id]
        assert ids == [f"{art.id}#{n}" for n in range(len(ids))]


@pytest.mark.parametrize("max_chars", [120, 300, 800, 2000, 100_000])
def test_chunks_tile_the_article(seed_articles, max_chars):
    for art in seed_articles:
        chunks = chunk_article(art, max_chars)
        # chunk text is the slice of the article it claims, and its first/last sentences bound it
        assert [c.text for c in chunks] == [art.text[c.start:c.end] for c in chunks]
        assert [(c.start, c.end) for c in chunks] == [(c.sentences[0].start, c.sentences[-1].end) for c in chunks]
        assert [c.index for c in chunks] == list(range(len(chunks)))
        # every sentence of the article is in exactly one chunk, in order
        assert [s for c in chunks for s in c.sentences] == split_sentences(art.text)


@pytest.mark.parametrize("max_chars", [120, 300, 800, 2000])
def test_chunks_never_exceed_max_chars_unless_one_sentence_does(seed_articles, max_chars):
    for art in seed_articles:
        over = [c.id for c in chunk_article(art, max_chars) if len(c.text) > max_chars and len(c.sentences) > 1]
        assert over == []


def test_single_long_sentence_is_its_own_chunk():
    long = "Kata " * 60 + "selesai."
    text = f"Pendek sekali ini. {long}\n\nYang lain."
    chunks = chunk_article(article(text), max_chars=100)
    assert [c.text for c in chunks] == ["Pendek sekali ini.", long, "Yang lain."]


def test_paragraphs_that_fit_are_never_split_across_chunks():
    p1 = "Satu satu satu. Dua dua dua."          # 28 chars
    p2 = "Tiga tiga tiga. Empat empat empat."    # 34 chars
    p3 = "Lima lima lima."
    text = f"{p1}\n\n{p2}\n\n{p3}"
    # p1 + p2 would be 64 chars: p2 starts a new chunk whole instead of leaving "Tiga tiga tiga." behind.
    assert [c.text for c in chunk_article(article(text), max_chars=52)] == [p1, f"{p2}\n\n{p3}"]


def test_long_paragraph_is_split_between_sentences():
    para = "Kalimat pertama cukup panjang. Kalimat kedua juga panjang. Kalimat ketiga paling akhir."
    chunks = chunk_article(article(para), max_chars=60)
    assert [c.text for c in chunks] == ["Kalimat pertama cukup panjang. Kalimat kedua juga panjang.",
                                        "Kalimat ketiga paling akhir."]


def test_small_paragraphs_are_packed_together():
    text = "Satu.\n\nDua.\n\nTiga."
    chunks = chunk_article(article(text, "x"), max_chars=2000)
    assert [(c.id, c.article_id, c.index, c.start, c.end, c.text) for c in chunks] == [
        ("x#0", "x", 0, 0, len(text), text)]


def test_empty_article_has_no_chunks():
    assert chunk_article(article("")) == []


def test_chunk_articles_keeps_article_order():
    arts = [article("Satu dua tiga.", "b"), article("Empat lima enam.", "a")]
    assert [c.id for c in chunk_articles(arts)] == ["b#0", "a#0"]
