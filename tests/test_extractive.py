"""The offline extractive engine on the seeds and on the IndoSum sample."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from briefing.chunking import chunk_articles
from briefing.engines.extractive import (BLUF_SIZE, FULL_WORDS, POSITION_DECAY, ExtractiveEngine, build_candidates,
                                        length_factor, position_prior, readable, score, select)
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


# --- scoring: position prior, headline, centrality, length -------------------------------------

# Four sentences with the same words in another order: only their place in the article tells them apart.
SAME_WORDS = [
    "Pasukan penjaga perdamaian Rusia tiba di perbatasan Armenia pada pagi hari.",
    "Pada pagi hari pasukan penjaga perdamaian Rusia tiba di perbatasan Armenia.",
    "Di perbatasan Armenia pasukan penjaga perdamaian Rusia tiba pada pagi hari.",
    "Tiba di perbatasan Armenia pada pagi hari pasukan penjaga perdamaian Rusia.",
]
HEADLINE_CASE = [
    "Harga beras di pasar tradisional Jakarta naik tajam pekan ini menurut para pedagang.",
    "Gempa berkekuatan besar mengguncang Bengkulu dan merusak ratusan rumah warga di pesisir.",
    "Para pedagang berharap pemerintah segera menggelar operasi pasar untuk menekan harga.",
]


def scored(articles: list[Article]) -> list:
    """The articles' candidates, scored."""
    candidates = build_candidates(articles, chunk_articles(articles))
    score(candidates)
    return candidates


@pytest.mark.parametrize(("rank", "prior"), [(0, 1.0), (1, 2 ** -1.75), (2, 3 ** -1.75), (9, 10 ** -1.75)])
def test_position_prior(rank, prior):
    assert POSITION_DECAY == 1.75
    assert position_prior(rank) == pytest.approx(prior)


@pytest.mark.parametrize(("n_words", "factor"), [(8, (8 / 25) ** 0.25), (20, 0.8 ** 0.25), (25, 1.0), (60, 1.0)])
def test_length_factor(n_words, factor):
    assert FULL_WORDS == 25
    assert length_factor(" ".join(["kata"] * n_words)) == pytest.approx(factor)


def test_position_decides_between_sentences_saying_the_same():
    candidates = scored([make_article("same", "\n\n".join(SAME_WORDS), dt.date(2023, 9, 1))])
    assert [c.position for c in candidates] == [0, 1, 2, 3]
    assert [c.score for c in candidates] == pytest.approx([1.0, 2 ** -1.75, 3 ** -1.75, 4 ** -1.75])
    assert [c.text for c in select(candidates, 3)] == SAME_WORDS[:3]


def test_a_dateline_before_the_lead_does_not_count():
    text = "Konfirmasitimes.com-Jakarta (04/10/2020).\n\n" + "\n\n".join(SAME_WORDS[:2])
    candidates = scored([make_article("dateline", text, dt.date(2020, 10, 4))])
    assert [(c.position, c.text) for c in candidates] == [(0, SAME_WORDS[0]), (1, SAME_WORDS[1])]
    assert [c.score for c in candidates] == pytest.approx([1.0, 2 ** -1.75])


@pytest.mark.parametrize(("title", "order"), [
    (None, [0, 1, 2]),                                               # no headline: the lead comes first
    ("Gempa mengguncang Bengkulu, ratusan rumah rusak", [1, 0, 2]),  # the headline's story beats the lead
])
def test_the_headline_can_outweigh_position(title, order):
    article = Article("headline", "\n\n".join(HEADLINE_CASE), "headline.txt", "id", title=title,
                      published=dt.date(2023, 9, 1))
    candidates = scored([article])
    assert sorted(range(3), key=lambda i: -candidates[i].score) == order
    assert [c.text for c in select(candidates, 1)] == [HEADLINE_CASE[order[0]]]


def test_an_article_without_headline_is_measured_against_its_own_centroid():
    # Its centroid stands in for the missing headline, so it is not outranked for lacking one.
    text = "\n\n".join(SAME_WORDS)
    titled = Article("titled", text, "titled.txt", "id", title=SAME_WORDS[0], published=dt.date(2023, 9, 1))
    untitled = make_article("untitled", text, dt.date(2023, 9, 1))
    candidates = scored([titled, untitled])
    assert [c.article.id for c in candidates] == ["titled"] * 4 + ["untitled"] * 4
    assert candidates[0].headline and not candidates[4].headline
    assert [c.score for c in candidates[4:]] == pytest.approx([c.score for c in candidates[:4]])
    assert candidates[4].score == pytest.approx(1.0)


def test_centrality_across_the_window_breaks_a_tie_between_leads():
    # Two leads of equal place and headline similarity (each its own centroid): the one sharing more with the
    # window wins, though the other is a word longer.
    shared = "Pasukan Azerbaijan menyerang pos militer Armenia di perbatasan Karabakh pada Selasa pagi."
    articles = [
        make_article("a_alone", "Petani kopi di Aceh memanen biji kopi lebih awal karena musim kemarau panjang.",
                     dt.date(2023, 9, 1)),
        make_article("b_shared", shared, dt.date(2023, 9, 1)),
        make_article("c_shared", shared.replace("Selasa", "Rabu"), dt.date(2023, 9, 2)),
    ]
    candidates = scored(articles)
    assert [c.position for c in candidates] == [0, 0, 0]
    assert candidates[0].score < candidates[1].score == pytest.approx(1.0)


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
