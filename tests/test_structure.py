"""structure: timeline, actors, figures and outlook read off the articles, every sentence verifiable."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from briefing.dates import MONTHS
from briefing.i18n import labels
from briefing.ingest import ingest
from briefing.model import Article, Section
from briefing.structure import (
    _OUTLOOK, WEEKDAYS, Span, actors, described_en, event_date, extra_sections, figures, outlook, spans, timeline,
)
from briefing.verify import check_sentence, verify_sections

S000, S001, S002, S003, S004 = ("000_7886f0821ccbc2f6", "001_4bdb7abb272d927f", "002_6abafbfe21ef9124",
                                "003_c9256a6db4ad9ab8", "004_1825697cf85d7d4d")

EN_A = """---
title: Azerbaijan launches offensive in Nagorno-Karabakh
published: 2023-09-20
language: en
---
Azerbaijan launched a military operation in Nagorno-Karabakh on September 19, 2023, officials in Baku said.
Prime Minister Nikol Pashinyan said on Tuesday that Armenia would not be drawn into the fighting.
The six-week war in 2020 killed 6,500 people and ended with a truce brokered by Moscow.
About 2,000 Russian peacekeepers were deployed to the region under that truce.
Russian President Vladimir Putin will hold talks with both leaders next week, the Kremlin said.
"""
EN_B = """---
title: Blinken urges Baku to halt the attack
published: 2023-09-21
language: en
---
Secretary of State Antony Blinken urged Baku on Wednesday to stop the offensive at once.
The fighting that began on September 19, 2023 has displaced thousands of residents, aid groups said.
Some 2,000 Russian peacekeepers are stationed in the enclave, according to the Russian defence ministry.
The earlier war over the enclave killed 6,500 people on both sides before the ceasefire.
Prime Minister Nikol Pashinyan accused Azerbaijan of ethnic cleansing in a televised address.
"""


@pytest.fixture(scope="module")
def seeds(seeds_dir) -> list[Article]:
    """The five seed articles as ingest reads them."""
    return ingest(seeds_dir).articles


@pytest.fixture(scope="module")
def seed_sections(seeds):
    """The extra sections of the seeds in an Indonesian brief, nothing used yet."""
    return {s.key: s for s in extra_sections(seeds, "id", set())}


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> list[Article]:
    """Two short English articles read from real files."""
    folder = tmp_path_factory.mktemp("en")
    (folder / "en_a.txt").write_text(EN_A, encoding="utf-8")
    (folder / "en_b.txt").write_text(EN_B, encoding="utf-8")
    result = ingest(folder)
    assert result.skipped == []
    return result.articles


def span_starting(articles: list[Article], aid: str, prefix: str) -> Span:
    """The readable sentence of article `aid` that starts with `prefix`."""
    (found,) = [s for s in spans(articles) if s.article.id == aid and s.text.startswith(prefix)]
    return found


def article(aid: str, text: str, published: dt.date | None, language: str = "id") -> Article:
    """A cleaned article built in code."""
    return Article(id=aid, text=text, path=f"in/{aid}.txt", language=language, title=f"Judul {aid}",
                   published=published)


def test_seed_sections_in_order_with_localized_titles(seeds):
    for language in ("id", "en"):
        sections = extra_sections(seeds, language, set())
        assert [s.key for s in sections] == ["timeline", "actors", "figures", "outlook"]
        keys = ("timeline", "actors", "figures", "outlook")
        assert [s.title for s in sections] == [labels(language)[k] for k in keys]


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_seed_section_sentence_is_verified(seeds, language):
    sections = extra_sections(seeds, language, set())
    by_id = {a.id: a for a in seeds}
    count = sum(len(s.sentences) for s in sections)
    for section in sections:
        for sentence in section.sentences:
            verdict = check_sentence(sentence, by_id, language)
            assert verdict.supported, (section.key, sentence.text, verdict.reasons)
    kept, tally = verify_sections(sections, seeds, language)
    assert (tally.checked, tally.supported, tally.dropped) == (count, count, 0)
    assert [s.key for s in kept] == ["timeline", "actors", "figures", "outlook"]


@pytest.mark.parametrize("size", [5, 40])
def test_every_indosum_section_sentence_is_verified(indosum_sample, tmp_path, size):
    shutil.copy(indosum_sample, tmp_path / indosum_sample.name)
    articles = ingest(tmp_path).articles
    assert len(articles) == 40
    for first in range(0, len(articles), size):  # windows of `size` articles, as runs would see them
        window = articles[first:first + size]
        sections = extra_sections(window, "id", set())
        count = sum(len(s.sentences) for s in sections)
        _, tally = verify_sections(sections, window, "id")
        assert count > 0
        assert (tally.checked, tally.supported, tally.by_reason) == (count, count, {})


def test_seed_timeline_is_chronological_with_iso_dates(seed_sections):
    entries = seed_sections["timeline"].sentences
    days = [e.meta["date"] for e in entries]
    assert days == sorted(days)
    assert all(dt.date.fromisoformat(d).isoformat() == d for d in days)
    assert {e.meta["date_basis"] for e in entries} == {"event"}
    assert len(entries) == 10
    # Each of the five articles has its events near its own publication date.
    assert days[0] == "2020-10-03" and days[-1] == "2023-09-20"
    assert {e.citations[0].article for e in entries} == {S000, S001, S002, S003, S004}


def test_seed_timeline_sentences_are_cited_verbatim(seeds, seed_sections):
    texts = {a.id: a.text for a in seeds}
    for entry in seed_sections["timeline"].sentences:
        (cite,) = entry.citations
        assert texts[cite.article][cite.start:cite.end] == cite.quote == entry.text


@pytest.mark.parametrize(("aid", "prefix", "day"), [
    (S004, "YEREVAN - Armenia , pada Selasa (13/9/2022)", "2022-09-13"),  # a full date wins over the weekday
    (S002, "Pada Selasa pagi, Kementerian Pertahanan Armenia", "2022-09-13"),  # published that very Tuesday
    (S002, "Pada hari Selasa, Armenia meminta Rusia", "2022-09-13"),
    (S002, "Pada hari Senin, Kementerian Pertahanan Azerbaijan", "2022-09-12"),
    (S002, "Pada Senin malam, Blinken", "2022-09-12"),
    (S004, "Kantor berita TASS", "2022-09-13"),  # "pada Selasa pagi" in the Wednesday paper
    (S003, "Pada hari Sabtu, Kementerian Pertahanan Azerbaijan", "2020-10-03"),
    (S001, "Pada tanggal 20 September, unit militer", "2023-09-20"),  # day and month, year of publication
    (S001, "Menurut Kementerian Luar Negeri Rusia, lebih dari 2.000", "2023-09-19"),
    (S002, '"Kami meminta para pihak', "2020-11-09"),  # the first full date of the sentence
])
def test_seed_event_dates(seeds, aid, prefix, day):
    assert event_date(span_starting(seeds, aid, prefix)) == (dt.date.fromisoformat(day), "event")


@pytest.mark.parametrize(("aid", "prefix"), [
    (S002, "Rusia mengklaim telah menengahi"),  # "minggu ini" is this week, not Sunday
    (S003, "Pertempuran baru meningkat Minggu lalu"),
    (S000, "Wilayah mayoritas etnis Armenia"),
])
def test_seed_sentences_without_event_date(seeds, aid, prefix):
    assert event_date(span_starting(seeds, aid, prefix)) is None


@pytest.mark.parametrize(("text", "published", "expected"), [
    ("Pada tanggal 25 Desember pasukan menyerang kota itu.", "2024-01-05", "2023-12-25"),  # last year's December
    ("Pada 29 Februari pasukan menyerang kota itu.", "2024-02-10", None),  # 2023 has no 29 February
    ("Pada 29 Februari pasukan menyerang kota itu.", "2024-03-01", "2024-02-29"),
    ("Pada minggu lalu pasukan menyerang kota itu.", "2023-09-20", None),
    ("Pada Minggu lalu pasukan menyerang kota itu.", "2023-09-20", None),
    ("Pada hari Minggu pasukan menyerang kota itu.", "2023-09-20", "2023-09-17"),
    ("Pada Minggu (17/9) pasukan menyerang kota itu.", "2023-09-20", "2023-09-17"),
    ("Officials said 20 may have died on the spot.", "2023-09-20", None),  # "may" is no month
    ("Fighting resumed on 20 May, officials said.", "2023-09-20", "2023-05-20"),
    ("Fighting resumed on Sunday, officials said.", "2023-09-20", "2023-09-17"),
    ("Fighting resumed on Wednesday, officials said.", "2023-09-20", "2023-09-20"),
    ("The talks are set for September 25, 2023, officials said.", "2023-09-20", "2023-09-25"),
])
def test_event_date_forms(text, published, expected):
    span = Span(article("a", text, dt.date.fromisoformat(published)), 0, len(text))
    want = None if expected is None else (dt.date.fromisoformat(expected), "event")
    assert event_date(span) == want


def test_event_date_needs_a_publication_date_for_partial_dates():
    for text in ("Pada hari Senin pasukan menyerang kota itu.", "Pada tanggal 20 September pasukan menyerang."):
        assert event_date(Span(article("a", text, None), 0, len(text))) is None
    text = "Pada 9 November 2020 perang berakhir dengan gencatan senjata."
    assert event_date(Span(article("a", text, None), 0, len(text))) == (dt.date(2020, 11, 9), "event")


def test_article_without_dated_sentence_contributes_its_lead(seeds):
    quiet = article("zz_quiet", "Pemerintah menyatakan situasi di perbatasan tetap tegang dan pasukan bersiaga penuh. "
                    "Warga diminta tetap tenang dan mengikuti arahan petugas keamanan setempat.",
                    dt.date(2023, 9, 22))
    entries = timeline(spans(seeds + [quiet]), "id")
    (mine,) = [e for e in entries if e.citations[0].article == "zz_quiet"]
    assert mine.text == "Pemerintah menyatakan situasi di perbatasan tetap tegang dan pasukan bersiaga penuh."
    assert mine.meta == {"date": "2023-09-22", "date_basis": "article"}
    assert entries[-1] is mine  # the newest date comes last
    assert len(entries) == 6  # ten entries at most: one per article among six


def test_timeline_shares_entries_fairly_and_prefers_events_near_publication(seeds):
    entries = timeline(spans(seeds), "id")
    per_article = {}
    for e in entries:
        per_article[e.citations[0].article] = per_article.get(e.citations[0].article, 0) + 1
    assert per_article == {S000: 2, S001: 2, S002: 2, S003: 2, S004: 2}
    assert "2020-11-09" not in [e.meta["date"] for e in entries]  # background date in the 2022 article


def test_undated_article_without_events_is_left_out_of_the_timeline():
    undated = article("u", "Pemerintah menyatakan situasi di perbatasan tetap tegang dan pasukan bersiaga.", None)
    assert timeline(spans([undated]), "id") == []


def test_seed_actors_with_roles(seeds, seed_sections):
    lines = seed_sections["actors"].sentences
    by_name = {s.meta["actor"]: s for s in lines}
    assert {"Nikol Pashinyan", "Vladimir Putin", "Ilham Aliyev", "Antony Blinken"} <= set(by_name)
    pashinyan = by_name["Nikol Pashinyan"]
    assert pashinyan.text == "Nikol Pashinyan \u2014 Perdana Menteri Armenia"
    (cite,) = pashinyan.citations
    assert cite.quote == "Perdana Menteri Armenia Nikol Pashinyan"
    assert next(a for a in seeds if a.id == cite.article).text[cite.start:cite.end] == cite.quote
    assert {k: pashinyan.meta[k] for k in ("role", "role_en", "qualifier", "articles")} == {
        "role": "Perdana Menteri", "role_en": "Prime Minister", "qualifier": "Armenia", "articles": 3}
    assert by_name["Vladimir Putin"].text == "Vladimir Putin \u2014 Presiden Rusia"
    assert by_name["Ilham Aliyev"].text == "Ilham Aliyev \u2014 Presiden Azerbaijan"
    assert by_name["Antony Blinken"].text == "Antony Blinken \u2014 Menteri Luar Negeri AS"
    assert len(lines) == 8
    assert [s.meta["articles"] for s in lines] == sorted((s.meta["articles"] for s in lines), reverse=True)


def test_no_actor_name_holds_a_calendar_word(seeds, seed_sections):
    calendar = set(WEEKDAYS) | set(MONTHS)
    for line in seed_sections["actors"].sentences:
        assert not {w.lower() for w in line.meta["actor"].split()} & calendar, line.meta["actor"]
    # "Presiden Vladimir Putin Selasa pagi": the weekday is cut off the name and off the quote.
    putin_002 = [s for s in actors([a for a in seeds if a.id == S002]) if s.meta["actor"] == "Vladimir Putin"]
    assert putin_002[0].citations[0].quote == "Presiden Vladimir Putin"


@pytest.mark.parametrize(("text", "expected"), [
    ("Menteri Pertanian Andi Amran Sulaiman meninjau sawah di desa itu pada pagi hari.",
     ("Andi Amran Sulaiman \u2014 Menteri Pertanian", "Menteri Pertanian Andi Amran Sulaiman")),
    ("Menteri Kesehatan Kanada mengumumkan aturan baru bagi semua rumah sakit.", None),  # no person named
    ("Presiden Republik Indonesia menerima tamu negara di istana pada pagi hari.", None),
    ("Menteri Luar Negeri AS Antony Blinken Selasa menelepon rekannya di Baku.",
     ("Antony Blinken \u2014 Menteri Luar Negeri AS", "Menteri Luar Negeri AS Antony Blinken")),
    ("Presiden Rusia Ramzan Ram berbicara kepada wartawan di Moskow pada pagi hari.",
     ("Ramzan Ram \u2014 Presiden Rusia", "Presiden Rusia Ramzan Ram")),  # a family name inside the given name
    ("Raja Juli Antoni berbicara kepada wartawan di Jakarta pada pagi hari.", None),  # "Juli" is a month word
    ("Pertemuan itu dihadiri Presiden Rusia Vladimir Putin\nArmenia Baru menyatakan dukungan bagi rencana itu.",
     ("Vladimir Putin \u2014 Presiden Rusia", "Presiden Rusia Vladimir Putin")),  # names never cross a line
    ("Prime Minister Nikol Pashinyan said on Tuesday that Armenia would not fight.",
     ("Nikol Pashinyan \u2014 Prime Minister", "Prime Minister Nikol Pashinyan")),
])
def test_actor_lines(text, expected):
    lines = actors([article("a", text, dt.date(2023, 9, 20))])
    assert [(s.text, s.citations[0].quote) for s in lines] == ([expected] if expected else [])
    for line in lines:
        assert text[line.citations[0].start:line.citations[0].end] == line.citations[0].quote


@pytest.mark.parametrize(("role", "qualifier", "english"), [
    ("Menteri Luar Negeri", "AS", "Foreign Minister of the United States"),
    ("Presiden", "Rusia", "President of Russia"),
    ("Perdana Menteri", "Armenia", "Prime Minister of Armenia"),  # spelled alike in both languages
    ("juru bicara", "Kementerian Pertahanan", "spokesperson of the Defence Ministry"),
    ("Presiden", "", "President"),
    ("Prime Minister", "", "Prime Minister"),  # read from an English source
])
def test_described_en(role, qualifier, english):
    assert described_en(role, qualifier) == english


def test_seed_figures_cite_every_agreeing_article(seed_sections):
    lines = seed_sections["figures"].sentences
    by_key = {(s.meta["figure"]["kind"], s.meta["figure"]["value"]): s for s in lines}
    deaths, keepers = by_key[("deaths", 6500.0)], by_key[("peacekeepers", 2000.0)]
    assert deaths.meta["corroborated_by"] == [S002, S004]
    assert [c.article for c in deaths.citations] == [S002, S004]
    assert deaths.meta["figure"] == {"kind": "deaths", "value": 6500.0, "unit": "orang menurut reuters",
                                     "display": "6.500"}
    assert keepers.meta["corroborated_by"] == [S000, S004]
    assert [c.article for c in keepers.citations] == [S000, S004]
    assert [c.quote for c in keepers.citations][1].startswith("Para pejabat Armenia mengaitkan")
    evacuees = by_key[("evacuees", 2000.0)]
    assert "corroborated_by" not in evacuees.meta and [c.article for c in evacuees.citations] == [S001]
    assert [s.meta["figure"]["kind"] for s in lines[:2]] == ["deaths", "peacekeepers"]  # corroborated first
    assert not any("conflicts_with" in s.meta for s in lines)
    assert len(lines) == 8


@pytest.mark.parametrize(("language", "thousands", "percent"), [("id", "6.500", "99,999"), ("en", "6,500", "99.999")])
def test_figure_numbers_are_localized(seeds, language, thousands, percent):
    displays = {s.meta["figure"]["value"]: s.meta["figure"]["display"]
                for s in figures(spans(seeds), language) + figures(spans([a for a in seeds if a.id == S000]), language)}
    assert (displays[6500.0], displays[99.999]) == (thousands, percent)


def test_conflicting_figures_are_cited_side_by_side():
    a = article("a", "Serangan artileri di Stepanakert pada 2023 menewaskan 200 orang, kata pejabat setempat.",
                dt.date(2023, 9, 20))
    b = article("b", "Serangan artileri di Stepanakert pada 2023 menewaskan 250 orang, kata pejabat setempat.",
                dt.date(2023, 9, 21))
    lines = figures(spans([a, b]), "en")
    assert [(s.meta["figure"]["value"], s.meta["conflicts_with"]) for s in lines] == [
        (250.0, [{"article": "a", "value": 200.0, "display": "200"}]),
        (200.0, [{"article": "b", "value": 250.0, "display": "250"}]),
    ]
    assert [[c.article for c in s.citations] for s in lines] == [["b", "a"], ["a", "b"]]
    _, tally = verify_sections([Section("figures", "Key Figures", lines)], [a, b], "en")
    assert (tally.checked, tally.supported) == (2, 2)


def test_seed_outlook_matches_cues_and_skips_used_sentences(seeds, seed_sections):
    lines = seed_sections["outlook"].sentences
    assert len(lines) == 5
    assert all(_OUTLOOK.search(s.text) for s in lines)
    published = {a.id: a.published for a in seeds}
    days = [published[s.citations[0].article] for s in lines]
    assert days == sorted(days, reverse=True)  # newest articles first
    used = {(s.citations[0].article, s.citations[0].start) for s in lines}
    again = outlook(spans(seeds), used)
    assert again and not {(s.citations[0].article, s.citations[0].start) for s in again} & used
    assert all(_OUTLOOK.search(s.text) for s in again)


def test_outlook_takes_at_most_two_sentences_per_article(seeds):
    lines = outlook(spans(seeds), set())
    ids = [s.citations[0].article for s in lines]
    assert all(ids.count(i) <= 2 for i in ids)


def test_outlook_never_repeats_the_timeline_or_the_draft(seeds):
    draft = {(seeds[0].id, 0)}
    sections = {s.key: s for s in extra_sections(seeds, "id", draft)}
    keys = {key: {(c.article, c.start) for s in sections[key].sentences for c in s.citations}
            for key in ("timeline", "outlook")}
    assert keys["outlook"] and not keys["outlook"] & (keys["timeline"] | draft)
    unfiltered = {(c.article, c.start) for s in outlook(spans(seeds), draft) for c in s.citations}
    assert unfiltered & keys["timeline"]  # the seeds do hold a sentence that is both an event and an outlook


def test_extra_sections_drop_empty_sections():
    text = "Cuaca di kota itu cerah sepanjang hari dan warga beraktivitas seperti biasa."
    sections = extra_sections([article("a", text, None)], "id", set())
    assert sections == []


def test_english_articles(english):
    sections = {s.key: s for s in extra_sections(english, "en", set())}
    assert list(sections) == ["timeline", "actors", "figures", "outlook"]
    assert [(e.meta["date"], e.text[:30]) for e in sections["timeline"].sentences] == [
        ("2023-09-19", "Azerbaijan launched a military"),
        ("2023-09-19", "Prime Minister Nikol Pashinyan"),  # "on Tuesday" in a Wednesday article
        ("2023-09-19", "The fighting that began on Sep"),
        ("2023-09-20", "Secretary of State Antony Blin"),  # "on Wednesday" in a Thursday article
    ]
    actor_lines = {s.meta["actor"]: (s.text, s.meta["role_en"], s.citations[0].quote)
                   for s in sections["actors"].sentences}
    assert actor_lines == {
        "Nikol Pashinyan": ("Nikol Pashinyan \u2014 Prime Minister", "Prime Minister",
                            "Prime Minister Nikol Pashinyan"),
        "Antony Blinken": ("Antony Blinken \u2014 Secretary of State", "Secretary of State",
                           "Secretary of State Antony Blinken"),
        "Vladimir Putin": ("Vladimir Putin \u2014 President", "President", "President Vladimir Putin"),
    }
    figure_lines = [(s.meta["figure"]["kind"], s.meta["figure"]["display"], s.meta.get("corroborated_by"))
                    for s in sections["figures"].sentences]
    assert figure_lines == [("deaths", "6,500", ["en_a", "en_b"]), ("peacekeepers", "2,000", ["en_a", "en_b"])]
    # Blinken's call is a timeline event already, so the outlook does not print it again.
    assert [s.text[:25] for s in sections["outlook"].sentences] == ["Russian President Vladimi"]
    _, tally = verify_sections(list(sections.values()), english, "en")
    assert tally.checked == tally.supported == sum(len(s.sentences) for s in sections.values())
