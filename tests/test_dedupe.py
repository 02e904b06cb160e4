"""Near-duplicates: syndicated copies collapse into one article, and never corroborate each other."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace

import pytest

from briefing.config import resolve
from briefing.chunking import split_sentences
from briefing.dedupe import collapse_copies, shingles
from briefing.figures import group_figures, sentence_figures
from briefing.ingest import ingest
from briefing.model import Article, Republication
from briefing.pipeline import build_brief

D = dt.date
S004 = "004_1825697cf85d7d4d"


@pytest.fixture(scope="module")
def seeds(seeds_dir) -> dict[str, Article]:
    return {a.id: a for a in ingest(seeds_dir).articles}


def copy_of(original: Article, new_id: str, **changes) -> Article:
    """Another outlet's copy of an article."""
    return replace(original, id=new_id, path=f"{new_id}.txt", **changes)


def test_shingles_are_word_5_grams():
    assert len(shingles("satu dua tiga empat lima enam tujuh")) == 3
    assert shingles("Satu, dua!") == shingles("satu dua")
    assert shingles("") == frozenset()


def test_the_seeds_are_five_different_articles(seeds):
    assert [a.id for a in collapse_copies(list(seeds.values()))] == list(seeds)
    assert all(a.also_published_by == () for a in collapse_copies(list(seeds.values())))


def test_indosum_sample_has_no_copies(indosum_sample, tmp_path):
    shutil.copy(indosum_sample, tmp_path / indosum_sample.name)
    articles = ingest(tmp_path).articles
    assert len(collapse_copies(articles)) == len(articles) == 40


def test_exact_copy_collapses_into_the_one_naming_its_outlet(seeds):
    original = seeds[S004]
    copy = copy_of(original, "copy", source=None)
    (kept,) = collapse_copies([copy, original])
    assert kept.id == S004
    assert kept.also_published_by == (Republication("copy", "copy.txt", None, None, D(2022, 9, 14), 1.0),)
    assert kept.to_json()["also_published_by"] == [{"id": "copy", "source": None, "url": None,
                                                     "published": "2022-09-14", "path": "copy.txt",
                                                     "similarity": 1.0}]


def reworded(article: Article, other: Article, n: int) -> str:
    """The article's text with its last `n` paragraphs replaced by the first `n` of another article."""
    return "\n\n".join(article.text.split("\n\n")[:-n] + other.text.split("\n\n")[:n])


# Seed 004 has 18 paragraphs: 1 to 3 replaced keep 95% to 82% of its word 5-grams, 4 keep 77%.
@pytest.mark.parametrize("changed, collapsed", [(1, True), (3, True), (4, False), (9, False)])
def test_syndicated_copy_collapses_only_when_most_of_it_is_shared(seeds, changed, collapsed):
    original = seeds[S004]
    copy = copy_of(original, "sindikasi", text=reworded(original, seeds["002_6abafbfe21ef9124"], changed),
                   source="Koran Sindikasi", published=D(2022, 9, 15))
    out = collapse_copies([original, copy])
    assert [a.id for a in out] == ([S004] if collapsed else [S004, "sindikasi"])
    if collapsed:  # the earlier article is the original; the copy is listed on it
        (republished,) = out[0].also_published_by
        assert (republished.id, republished.source, republished.published) == ("sindikasi", "Koran Sindikasi",
                                                                               D(2022, 9, 15))
        assert 0.8 <= republished.similarity < 1.0


def test_same_day_copies_keep_the_longest(seeds):
    original = seeds[S004]
    longer = copy_of(original, "longer", text=original.text + "\n\nKoran ini menambahkan satu paragraf penutup "
                                                               "tentang sejarah panjang konflik kedua negara itu.")
    (kept,) = collapse_copies([original, longer])
    assert (kept.id, [r.id for r in kept.also_published_by]) == ("longer", [S004])


def test_a_short_story_quoted_inside_a_long_one_stays_separate(seeds):
    long_one = seeds[S004]
    short = copy_of(long_one, "short", text="\n\n".join(long_one.text.split("\n\n")[:3]))
    assert len(shingles(short.text)) < 0.5 * len(shingles(long_one.text))
    assert [a.id for a in collapse_copies([long_one, short])] == [S004, "short"]


def test_three_copies_list_both_on_the_original(seeds):
    original = seeds[S004]
    copies = [copy_of(original, f"c{i}", published=D(2022, 9, 15 + i)) for i in (1, 2)]
    (kept,) = collapse_copies([copies[1], original, copies[0]])
    assert [r.id for r in kept.also_published_by] == ["c1", "c2"]


# --- corroboration: a copy agreeing with its original is not a second source ----------------------

def deaths_group(articles: list[Article]):
    """The '6.500 deaths' figure group over the articles."""
    figures = [f for a in articles for s in split_sentences(a.text) for f in sentence_figures(a, s.start, s.end)]
    (group,) = [g for g in group_figures(figures) if (g.kind, g.value) == ("deaths", 6500)]
    return group


def test_copy_and_original_together_corroborate_nothing(seeds):
    original = seeds[S004]
    copy = copy_of(original, "sindikasi", published=D(2022, 9, 15))
    listed = replace(original, also_published_by=(Republication("sindikasi", "sindikasi.txt", None, None,
                                                                D(2022, 9, 15), 1.0),))
    assert deaths_group([original, copy]).corroborated is True  # two unrelated ids: the check can fail
    group = deaths_group([listed, copy])
    assert (group.articles, group.independent, group.corroborated) == ([S004, "sindikasi"], [S004], False)


def test_an_independent_article_still_corroborates(seeds):
    original = seeds[S004]
    copy = copy_of(original, "sindikasi", published=D(2022, 9, 15))
    listed = replace(original, also_published_by=(Republication("sindikasi", "sindikasi.txt", None, None,
                                                                D(2022, 9, 15), 1.0),))
    group = deaths_group([listed, copy, seeds["002_6abafbfe21ef9124"]])
    assert (group.independent, group.corroborated) == ([S004, "002_6abafbfe21ef9124"], True)


def test_collapsed_copies_leave_one_statement_per_figure(seeds):
    original = seeds[S004]
    copy = copy_of(original, "sindikasi", published=D(2022, 9, 15), source="Koran Sindikasi")
    group = deaths_group(collapse_copies([original, copy]))
    assert (group.articles, group.corroborated) == ([S004], False)


def test_pipeline_collapses_before_drafting(seeds_dir, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(seeds_dir, folder)
    shutil.copy(folder / f"{S004}.txt", folder / "zz-copy.txt")
    brief = build_brief(resolve({"input": str(folder), "out": str(tmp_path / "out"), "from": "2020-01-01",
                                 "to": "2023-12-31", "engine": "extractive"}, environ={}),
                        now=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))
    assert [a.id for a in brief.articles] == [p.stem for p in sorted(seeds_dir.glob("*.txt"))]
    assert [r.id for r in next(a for a in brief.articles if a.id == S004).also_published_by] == ["zz-copy"]
    assert not any(c.article == "zz-copy" for sec in brief.sections for s in sec.sentences for c in s.citations)
    assert brief.skipped == []
