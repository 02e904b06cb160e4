"""figures: numbers with what they count, corroboration across articles, conflicts side by side."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from briefing.chunking import split_sentences
from briefing.figures import Figure, FigureGroup, conflicting, group_figures, kind_of, month_of, sentence_figures
from briefing.ingest import ingest
from briefing.model import Article

S000, S001, S002, S003, S004 = ("000_7886f0821ccbc2f6", "001_4bdb7abb272d927f", "002_6abafbfe21ef9124",
                                "003_c9256a6db4ad9ab8", "004_1825697cf85d7d4d")


@pytest.fixture(scope="module")
def seed_groups(seeds_dir) -> list[FigureGroup]:
    """Figure groups of the five seed articles, read sentence by sentence."""
    articles = ingest(seeds_dir).articles
    found = [f for a in articles for s in split_sentences(a.text) for f in sentence_figures(a, s.start, s.end)]
    return group_figures(found)


def group(groups: list[FigureGroup], kind: str, value: str) -> FigureGroup:
    """The one group of `kind` and `value`."""
    matches = [g for g in groups if g.kind == kind and g.value == Decimal(value)]
    assert len(matches) == 1, [(g.kind, g.value) for g in groups]
    return matches[0]


def article(aid: str, text: str, published: dt.date | None = dt.date(2023, 9, 20), language: str = "id") -> Article:
    """A cleaned article built in code."""
    return Article(id=aid, text=text, path=f"in/{aid}.txt", language=language, published=published)


def figures_of(text: str, language: str = "id") -> list[tuple[str, Decimal]]:
    """(kind, value) of every figure the whole text states as one sentence."""
    a = article("a", text, language=language)
    return [(f.kind, f.value) for f in sentence_figures(a, 0, len(text))]


def all_figures(*articles: Article) -> list[Figure]:
    """Figures of every sentence of the articles."""
    return [f for a in articles for s in split_sentences(a.text) for f in sentence_figures(a, s.start, s.end)]


def test_seed_figures_are_exactly_the_counted_quantities(seed_groups):
    # No years (2020, 1997), no date parts (13/9/2022, 9 November 2020), no durations (10 hari).
    assert sorted((g.kind, g.value) for g in seed_groups) == sorted([
        ("peacekeepers", Decimal(2000)), ("evacuees", Decimal(2000)), ("deaths", Decimal(6500)),
        ("deaths", Decimal(50)), ("deaths", Decimal(51)), ("deaths", Decimal(49)), ("deaths", Decimal(19)),
        ("deaths", Decimal(30000)), ("settlements", Decimal(19)), ("troops", Decimal(85)),
        ("percent", Decimal("99.999")),
    ])


def test_seed_deaths_6500_corroborated_by_two_articles(seed_groups):
    deaths = group(seed_groups, "deaths", "6500")
    assert deaths.articles == [S002, S004]
    assert deaths.corroborated is True
    assert deaths.conflicts == []
    assert [f.sentence[:40] for f in deaths.figures] == ["Rusia sebelumnya mengerahkan apa yang di",
                                                           "Pertempuran enam minggu pada musim gugur"]


def test_seed_peacekeepers_2000_corroborated_by_two_articles(seed_groups):
    peacekeepers = group(seed_groups, "peacekeepers", "2000")
    assert peacekeepers.articles == [S000, S004]
    assert peacekeepers.corroborated is True
    assert [f.article.id for f in peacekeepers.figures] == [S000, S004, S004]


def test_seed_evacuees_stay_apart_and_one_article_twice_corroborates_nothing(seed_groups):
    evacuees = group(seed_groups, "evacuees", "2000")
    assert [f.article.id for f in evacuees.figures] == [S001, S001]
    assert evacuees.articles == [S001]
    assert evacuees.corroborated is False
    assert S001 not in group(seed_groups, "peacekeepers", "2000").articles


def test_seed_percent_and_single_source_figures(seed_groups):
    assert group(seed_groups, "percent", "99.999").articles == [S000]
    assert group(seed_groups, "deaths", "49").articles == [S004]
    assert all(g.conflicts == [] for g in seed_groups)  # the seeds' numbers count different things


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("YEREVAN - Armenia , pada Selasa (13/9/2022), meminta bantuan militer Rusia.", "id", []),
    ("Pernyataan para pemimpin pada 9 November 2020 menghentikan perang.", "id", []),
    ("Pada tahun 1997 kedua negara menandatangani perjanjian pertahanan.", "id", []),
    ("Sebanyak 85 tentara AS berlatih di dekat Yerevan selama 10 hari.", "id", [("troops", Decimal(85))]),
    ("Konflik selama 30 tahun itu menewaskan warga.", "id", []),
    ("Arsitektur keamanan Armenia 99,999% terkait dengan Rusia.", "id", [("percent", Decimal("99.999"))]),
    ("Sekitar 2,5 juta orang mengungsi akibat perang.", "id", [("evacuees", Decimal(2500000))]),
    ("Pertempuran enam minggu merenggut lebih dari 6.500 nyawa.", "id", [("deaths", Decimal(6500))]),
    ("Sebanyak 1 tentara tewas dalam serangan itu.", "id", []),  # one is no key figure
    ("Secara terpisah, 12 orang ditangkap polisi.", "id", []),  # "rp" inside "terpisah" is no currency
    ("Pemerintah menyiapkan Rp 5 miliar untuk bantuan.", "id", [("money", Decimal(5000000000))]),
    ("The 2020 war killed 6,500 people, Reuters said.", "en", [("deaths", Decimal(6500))]),
    ("About 2,000 Russian peacekeepers were deployed to the region.", "en", [("peacekeepers", Decimal(2000))]),
    ("Azerbaijani troops attacked on September 19, 2023, officials said.", "en", []),
    ("On 19th September, 12 soldiers were killed.", "en", [("deaths", Decimal(12))]),
    ("27 European Union members issued a statement.", "en", []),  # "euro" is not "European"
    ("The fund raised $5 million for the victims.", "en", [("money", Decimal(5000000))]),
    ("Officials said 20 may have died in the blast.", "en", [("deaths", Decimal(20))]),  # "may" is no month here
    ("The ceasefire held for 3 days after 40 soldiers died.", "en", [("deaths", Decimal(40))]),
])
def test_sentence_figures(text, language, expected):
    assert figures_of(text, language) == expected


def test_figure_unit_and_sentence_offsets():
    text = "Perang dimulai pekan lalu. Sekitar 2,5 juta orang mengungsi akibat perang itu."
    a = article("a", text)
    second = split_sentences(text)[1]
    (fig,) = sentence_figures(a, second.start, second.end)
    assert (fig.value, fig.kind, fig.unit) == (Decimal(2500000), "evacuees", "orang mengungsi akibat")
    assert fig.sentence == "Sekitar 2,5 juta orang mengungsi akibat perang itu."
    assert (fig.start, fig.end) == (27, len(text))


@pytest.mark.parametrize(("before", "after", "kind"), [
    (["merenggut", "lebih", "dari"], ["nyawa"], "deaths"),
    (["menewaskan", "lebih", "dari"], ["tentara", "armenia"], "deaths"),  # the verb says what happened to them
    (["terdiri", "dari"], ["tentara", "as"], "troops"),
    (["mengerahkan", "sekitar"], ["penjaga", "perdamaiannya"], "peacekeepers"),
    (["telah", "mengevakuasi", "lebih", "dari"], ["warga", "sipil"], "evacuees"),
    (["menembaki"], ["permukimannya", "semalam"], "settlements"),
    (["sekitar"], ["orang", "terluka"], "injured"),
    (["the", "war", "killed"], ["people"], "deaths"),
    (["secara", "terpisah"], ["orang"], None),
    ([], ["european", "union", "members"], None),
    (["a"], ["deadline"], None),  # "dead" must be the whole word
])
def test_kind_of(before, after, kind):
    assert kind_of(before, after) == kind


@pytest.mark.parametrize(("word", "month"), [
    ("September", 9), ("september", 9), ("Sept", 9), ("Mei", 5), ("mei", 5), ("May", 5), ("may", None),
    ("Mar", 3), ("mar", None), ("Desember", 12), ("Selasa", None), ("tahun", None),
])
def test_month_of(word, month):
    assert month_of(word) == month


TOLL = "Serangan artileri di Stepanakert pada 2023 menewaskan {n} orang, kata pejabat setempat."
TOLL_NO_YEAR = "Serangan artileri Azerbaijan di Stepanakert menewaskan {n} warga sipil."


@pytest.mark.parametrize("template", [TOLL, TOLL_NO_YEAR], ids=["shared-year", "shared-words"])
def test_different_tolls_a_day_apart_conflict_both_ways(template):
    a = article("a", template.format(n=200), dt.date(2023, 9, 20))
    b = article("b", template.format(n=250), dt.date(2023, 9, 21))
    groups = group_figures(all_figures(a, b))
    low, high = group(groups, "deaths", "200"), group(groups, "deaths", "250")
    assert [(f.article.id, f.value) for f in low.conflicts] == [("b", Decimal(250))]
    assert [(f.article.id, f.value) for f in high.conflicts] == [("a", Decimal(200))]
    assert low.corroborated is False and high.corroborated is False


@pytest.mark.parametrize(("days", "expected"), [(0, True), (3, True), (4, False), (30, False)])
def test_conflict_only_between_articles_published_close_together(days, expected):
    a = article("a", TOLL.format(n=200), dt.date(2023, 9, 1))
    b = article("b", TOLL.format(n=250), dt.date(2023, 9, 1) + dt.timedelta(days=days))
    fa, fb = all_figures(a), all_figures(b)
    assert conflicting(fa[0], fb[0], max_days=3) is expected
    groups = group_figures(fa + fb)
    assert bool(group(groups, "deaths", "200").conflicts) is expected


def test_undated_articles_are_compared_by_content_alone():
    a = article("a", TOLL.format(n=200), None)
    b = article("b", TOLL.format(n=250), dt.date(2030, 1, 1))
    assert conflicting(all_figures(a)[0], all_figures(b)[0], max_days=3) is True


def test_different_events_do_not_conflict():
    a = article("a", "Banjir di Jakarta menewaskan 12 orang.", dt.date(2023, 9, 20))
    b = article("b", "Gempa di Sulawesi menewaskan 30 orang.", dt.date(2023, 9, 21))
    assert all(g.conflicts == [] for g in group_figures(all_figures(a, b)))


def test_one_article_never_conflicts_with_itself():
    text = (TOLL.format(n=200) + " Sehari kemudian, serangan artileri di Stepanakert pada 2023 menewaskan 250 orang, "
            "kata pejabat setempat.")
    a = article("a", text)
    groups = group_figures(all_figures(a))
    assert sorted(g.value for g in groups) == [Decimal(200), Decimal(250)]
    assert all(g.conflicts == [] for g in groups)


def test_an_article_that_states_the_value_does_not_conflict_with_it():
    # b agrees on 200 and, in a later sentence, reports 250 for a later count: it corroborates 200.
    a = article("a", TOLL.format(n=200), dt.date(2023, 9, 20))
    b = article("b", TOLL.format(n=200) + " " + TOLL.format(n=250), dt.date(2023, 9, 21))
    groups = group_figures(all_figures(a, b))
    agreed = group(groups, "deaths", "200")
    assert agreed.articles == ["a", "b"] and agreed.conflicts == []
    assert [f.article.id for f in group(groups, "deaths", "250").conflicts] == ["a"]


def test_percentages_never_conflict():
    a = article("a", "Pada 2023 inflasi mencapai 5 persen menurut bank sentral.", dt.date(2023, 9, 20))
    b = article("b", "Pada 2023 inflasi mencapai 6 persen menurut bank sentral.", dt.date(2023, 9, 20))
    groups = group_figures(all_figures(a, b))
    assert sorted(g.value for g in groups) == [Decimal(5), Decimal(6)]
    assert all(g.conflicts == [] for g in groups)


def test_same_value_different_kinds_never_group():
    a = article("a", "Sebanyak 300 tentara tiba pada 2023.", dt.date(2023, 9, 20))
    b = article("b", "Sebanyak 300 orang dievakuasi pada 2023.", dt.date(2023, 9, 20))
    groups = group_figures(all_figures(a, b))
    assert sorted((g.kind, g.articles) for g in groups) == [("evacuees", ["b"]), ("troops", ["a"])]
    assert not any(g.corroborated for g in groups)
