"""The offline extractive engine on the seeds and on the IndoSum sample."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from briefing.chunking import chunk_articles
from briefing.engines.extractive import BLUF_SIZE, ExtractiveEngine, build_candidates, readable
from briefing.ingest import ingest
from briefing.model import Article, Verification
from briefing.verify import verify_sections


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    """Seed articles by id, their chunks, and two independent drafts."""
    articles = ingest(seeds_dir).articles
    chunks = chunk_articles(articles)
    first = ExtractiveEngine().draft(articles, chunks, "id")
    second = ExtractiveEngine().draft(ingest(seeds_dir).articles, chunk_articles(articles), "id")
    return {a.id: a for a in articles}, chunks, first, second


@pytest.fixture(scope="module")
def indosum(indosum_sample, tmp_path_factory):
    """The 40 IndoSum articles read from a folder holding only the sample, and their draft."""
    folder = tmp_path_factory.mktemp("indosum")
    shutil.copy(indosum_sample, folder / indosum_sample.name)
    articles = ingest(folder).articles
    return articles, ExtractiveEngine().draft(articles, chunk_articles(articles), "id")


def all_sentences(sections):
    """Every drafted sentence, in order."""
    return [s for section in sections for s in section.sentences]


def sentence_number(chunks, article_id: str, start: int) -> int:
    """Which sentence of its article (0 = first) starts at `start`."""
    starts = sorted(span.start for c in chunks if c.article_id == article_id for span in c.sentences)
    return starts.index(start)


# --- the seed brief -----------------------------------------------------------------------------

def test_seed_draft_is_deterministic(seeds):
    _, _, first, second = seeds
    assert [s.to_json() for s in first] == [s.to_json() for s in second]


def test_seed_draft_shape(seeds):
    _, _, sections, _ = seeds
    assert [s.key for s in sections] == ["bluf", "developments"]
    assert [s.title for s in sections] == ["Inti Persoalan", "Perkembangan Utama"]
    assert len(sections[0].sentences) == BLUF_SIZE
    assert len(all_sentences(sections)) == 15  # 3 per article, at least 8, at most 18


def test_seed_draft_cites_most_articles(seeds):
    articles, _, sections, _ = seeds
    cited = {s.citations[0].article for s in all_sentences(sections)}
    assert len(cited) >= 4
    assert cited <= set(articles)


def test_every_sentence_is_its_own_verbatim_quote(seeds):
    articles, _, sections, _ = seeds
    for sentence in all_sentences(sections):
        assert len(sentence.citations) == 1
        citation = sentence.citations[0]
        assert sentence.text == citation.quote == articles[citation.article].text[citation.start:citation.end]
        assert sentence.verdict == "unchecked"


def test_no_sentence_is_picked_twice(seeds):
    _, _, sections, _ = seeds
    texts = [s.text for s in all_sentences(sections)]
    assert len(set(texts)) == len(texts)


def test_picks_are_readable_sentences(seeds):
    _, _, sections, _ = seeds
    for sentence in all_sentences(sections):
        assert readable(sentence.text), sentence.text


def test_not_just_the_first_sentences(seeds):
    _, chunks, sections, _ = seeds
    numbers = [sentence_number(chunks, s.citations[0].article, s.citations[0].start) for s in all_sentences(sections)]
    assert max(numbers) >= 2
    assert sum(n >= 2 for n in numbers) >= 3


def test_developments_newest_article_first(seeds):
    articles, _, sections, _ = seeds
    developments = sections[1].sentences
    assert [s.group for s in developments] == [s.citations[0].article for s in developments]
    assert [s.group for s in sections[0].sentences] == [None] * BLUF_SIZE
    keys = [(articles[s.group].published, s.group, s.citations[0].start) for s in developments]
    assert keys == sorted(keys, key=lambda k: (-k[0].toordinal(), k[1], k[2]))
    dates = [k[0] for k in keys]
    assert dates[0] == dt.date(2023, 9, 20)  # the newest seed
    assert len(set(dates)) >= 3


def test_seed_draft_passes_verification(seeds):
    articles, _, sections, _ = seeds
    kept, tally = verify_sections(sections, list(articles.values()), "id")
    n = len(all_sentences(sections))
    assert [s.key for s in kept] == ["bluf", "developments"]
    assert tally == Verification(checked=n, supported=n, unsupported=0, dropped=0, by_reason={})


def test_english_labels(seeds):
    articles, chunks, _, _ = seeds
    sections = ExtractiveEngine().draft(list(articles.values()), chunks, "en")
    assert [s.title for s in sections] == ["Bottom Line Up Front", "Key Developments"]


@pytest.mark.parametrize(("max_sentences", "sizes"), [(2, [2]), (4, [4]), (5, [4, 1]), (9, [4, 5])])
def test_max_sentences(seeds, max_sentences, sizes):
    articles, chunks, _, _ = seeds
    sections = ExtractiveEngine(max_sentences).draft(list(articles.values()), chunks, "id")
    assert [len(s.sentences) for s in sections] == sizes


# --- target size, small and odd inputs ----------------------------------------------------------

@pytest.mark.parametrize(("max_sentences", "n_articles", "n_candidates", "target"), [
    (None, 1, 100, 8),    # at least 8
    (None, 3, 100, 9),    # three per article
    (None, 5, 100, 15),
    (None, 6, 100, 18),
    (None, 40, 600, 18),  # at most 18
    (None, 5, 6, 6),      # never more than there are candidates
    (3, 40, 600, 3),
    (30, 40, 600, 30),
])
def test_target(max_sentences, n_articles, n_candidates, target):
    assert ExtractiveEngine(max_sentences).target(n_articles, n_candidates) == target


def make_article(article_id: str, text: str, published: dt.date | None) -> Article:
    """An Indonesian article with the given cleaned text."""
    return Article(article_id, text, f"{article_id}.txt", "id", published=published)


SYNDICATED = (
    "Pasukan Armenia menyerang sebuah desa perbatasan pada pagi hari dan menewaskan tiga warga.\n\n"
    "Pemerintah Azerbaijan mengecam serangan itu sebagai pelanggaran berat atas gencatan senjata.\n\n"
    "Rusia meminta kedua pihak menahan diri dan kembali ke meja perundingan di Moskow."
)


def test_syndicated_copies_are_quoted_once():
    articles = [make_article(f"copy{i}", SYNDICATED, dt.date(2023, 9, 1 + i)) for i in range(3)]
    sections = ExtractiveEngine().draft(articles, chunk_articles(articles), "id")
    texts = [s.text for s in all_sentences(sections)]
    assert sorted(texts) == sorted(SYNDICATED.split("\n\n"))
    assert [s.key for s in sections] == ["bluf"]  # three sentences fit in the bottom line


def test_undated_articles_come_last_in_developments():
    dated = make_article("b_dated", SYNDICATED, dt.date(2023, 9, 1))
    undated = make_article("a_undated", SYNDICATED.replace("Armenia", "Georgia").replace("Azerbaijan", "Turki")
                           .replace("Rusia", "Iran"), None)
    sections = ExtractiveEngine().draft([undated, dated], chunk_articles([undated, dated]), "id")
    groups = [s.group for s in sections[1].sentences]
    assert groups == sorted(groups, key=lambda g: g == "a_undated")
    assert set(groups) == {"a_undated", "b_dated"}


def test_nothing_readable_gives_no_sections():
    article = make_article("short", "Singkat saja.\n\nini kalimat yang dimulai dengan huruf kecil dan cukup panjang.",
                           dt.date(2023, 9, 1))
    assert build_candidates([article], chunk_articles([article])) == []
    assert ExtractiveEngine().draft([article], chunk_articles([article]), "id") == []
    assert ExtractiveEngine().draft([], [], "id") == []


# --- readable -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "ok"), [
    ("Pasukan Armenia dan Azerbaijan terlibat dalam bentrokan sengit di Karabakh.", True),
    ("\u201cKami tidak akan mundur dari wilayah kami sendiri,\u201d kata juru bicara itu.", True),
    ('"Kami tidak akan mundur dari wilayah kami sendiri," kata juru bicara itu.', True),
    ("(Reuters) Pasukan Armenia dan Azerbaijan bentrok lagi di perbatasan kedua negara.", True),
    ("2.000 pasukan penjaga perdamaian Rusia tetap berada di wilayah itu.", True),
    ("Satu dua tiga empat lima enam tujuh delapan.", True),      # 8 words: just long enough
    ("Satu dua tiga empat lima enam tujuh.", False),               # 7 words: too short
    ("Baca juga: Perang", False),
    (" ".join(["Kata"] * 70) + ".", True),                        # 70 words: the longest kept
    (" ".join(["Kata"] * 71) + ".", False),                       # 71 words: too long
    ("pasukan Armenia dan Azerbaijan terlibat dalam bentrokan sengit di Karabakh.", False),  # lower-case start
    ("\u201ckami tidak akan mundur dari wilayah kami sendiri,\u201d kata juru bicara itu.", False),
    ("- Pasukan Armenia dan Azerbaijan terlibat dalam bentrokan sengit di Karabakh.", False),
    ('"Kami tidak akan mundur dari wilayah kami sendiri, kata juru bicara itu.', False),  # unbalanced "
    ("\u201cKami tidak akan mundur dari wilayah kami sendiri, kata juru bicara itu.", False),  # unbalanced “
    ("Kami tidak akan mundur dari wilayah kami sendiri,\u201d kata juru bicara itu.", False),  # unbalanced ”
    ("", False),
])
def test_readable(text, ok):
    assert readable(text) is ok


# --- the IndoSum sample -------------------------------------------------------------------------

def test_indosum_sample_target_size(indosum):
    articles, sections = indosum
    assert len(articles) == 40
    assert [s.key for s in sections] == ["bluf", "developments"]
    assert [len(s.sentences) for s in sections] == [BLUF_SIZE, 18 - BLUF_SIZE]


def test_indosum_sample_spreads_across_articles(indosum):
    _, sections = indosum
    per_article = {}
    for sentence in all_sentences(sections):
        per_article[sentence.citations[0].article] = per_article.get(sentence.citations[0].article, 0) + 1
    assert len(per_article) >= 12
    assert max(per_article.values()) <= 2


def test_indosum_sample_citations_all_verify(indosum):
    articles, sections = indosum
    by_id = {a.id: a for a in articles}
    for sentence in all_sentences(sections):
        c = sentence.citations[0]
        assert sentence.text == c.quote == by_id[c.article].text[c.start:c.end]
    kept, tally = verify_sections(sections, articles, "id")
    assert [len(s.sentences) for s in kept] == [BLUF_SIZE, 18 - BLUF_SIZE]
    assert tally == Verification(checked=18, supported=18, unsupported=0, dropped=0, by_reason={})
