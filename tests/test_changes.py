"""changes: find the previous brief in the output folder and say what is new since it."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from briefing.changes import changes_section, find_previous, read_brief
from briefing.i18n import labels
from briefing.ingest import ingest
from briefing.model import Article, Brief, Section, Verification, Window
from briefing.render import brief_json
from briefing.structure import extra_sections
from briefing.verify import verify_sections

S001 = "001_4bdb7abb272d927f"
NOW = dt.datetime(2023, 9, 20, 6, 0, tzinfo=dt.timezone.utc)
WINDOW = Window(dt.date(2020, 1, 1), dt.date(2023, 12, 31))


@pytest.fixture(scope="module")
def seeds(seeds_dir) -> list[Article]:
    """The five seed articles."""
    return ingest(seeds_dir).articles


def make_brief(articles: list[Article], sections: list[Section], window: Window = WINDOW,
               generated_at: dt.datetime = NOW) -> Brief:
    """A brief as the pipeline would hand it to render."""
    return Brief(title="Ringkasan Situasi: Uji", window=window, language="id", engine="extractive", model=None,
                 generated_at=generated_at, articles=articles, skipped=[], sections=sections,
                 verification=Verification())


def structured(articles: list[Article]) -> list[Section]:
    """The extra sections of `articles`, verified as the pipeline does."""
    return verify_sections(extra_sections(articles, "id", set()), articles, "id")[0]


def previous_of(articles: list[Article], path: Path) -> dict:
    """The brief JSON of `articles` written to `path` and read back as the next run would."""
    path.write_text(brief_json(make_brief(articles, structured(articles))), encoding="utf-8")
    data = read_brief(path)
    assert data is not None
    return data


def write_brief(folder: Path, name: str, start: str, end: str, generated: str = "2023-09-20T06:00:00+00:00") -> Path:
    """A minimal valid brief JSON file."""
    path = folder / name
    brief = make_brief([], [], Window(dt.date.fromisoformat(start), dt.date.fromisoformat(end)),
                       dt.datetime.fromisoformat(generated))
    path.write_text(brief_json(brief), encoding="utf-8")
    return path


def test_find_previous_prefers_the_same_file_name(tmp_path):
    same = write_brief(tmp_path, "brief-2023-09-20.json", "2023-09-20", "2023-09-20")
    write_brief(tmp_path, "brief-2023-09-19_2023-09-20.json", "2023-09-19", "2023-09-20",
                generated="2023-09-21T06:00:00+00:00")
    assert find_previous(tmp_path, "brief-2023-09-20", "2023-09-20") == same


def test_find_previous_takes_the_latest_earlier_window_end(tmp_path):
    write_brief(tmp_path, "brief-2023-09-18.json", "2023-09-18", "2023-09-18")
    latest = write_brief(tmp_path, "brief-2023-09-19.json", "2023-09-19", "2023-09-19")
    write_brief(tmp_path, "brief-2023-09-25.json", "2023-09-25", "2023-09-25")  # a later window: not previous
    assert find_previous(tmp_path, "brief-2023-09-20", "2023-09-20") == latest


def test_find_previous_breaks_ties_by_generation_time(tmp_path):
    write_brief(tmp_path, "brief-2023-09-19.json", "2023-09-19", "2023-09-19", generated="2023-09-19T06:00:00+00:00")
    newer = write_brief(tmp_path, "brief-2023-09-18_2023-09-19.json", "2023-09-18", "2023-09-19",
                        generated="2023-09-19T07:00:00+00:00")
    assert find_previous(tmp_path, "brief-2023-09-20", "2023-09-20") == newer


@pytest.mark.parametrize("content", [
    b"{not json",
    b"\xff\xfe\x00garbage",
    b"[1, 2, 3]",
    b'{"schema": "other/v2", "window": {"from": "2023-09-19", "to": "2023-09-19"}}',
    b'{"schema": "briefing/v1", "window": null}',
    b'{"schema": "briefing/v1", "window": {"to": 20230919}}',
    b'{"schema": "briefing/v1", "window": {"to": "2023-09-19"}, "articles": "none"}',
    b'{"schema": "briefing/v1", "window": {"to": "2023-09-19"}, "sections": [1]}',
], ids=["broken", "binary", "list", "foreign", "no-window", "numeric-to", "articles-not-list", "section-not-object"])
def test_find_previous_ignores_unreadable_and_foreign_files(tmp_path, content):
    good = write_brief(tmp_path, "brief-2023-09-18.json", "2023-09-18", "2023-09-18")
    (tmp_path / "brief-2023-09-19.json").write_bytes(content)
    assert read_brief(tmp_path / "brief-2023-09-19.json") is None
    assert find_previous(tmp_path, "brief-2023-09-20", "2023-09-20") == good
    # A broken file under this run's own name is passed over the same way.
    assert find_previous(tmp_path, "brief-2023-09-19", "2023-09-19") == good


@pytest.mark.parametrize("setup", ["empty", "missing", "only-later"])
def test_find_previous_none(tmp_path, setup):
    folder = tmp_path / "out"
    if setup != "missing":
        folder.mkdir()
    if setup == "only-later":
        write_brief(folder, "brief-2023-09-21.json", "2023-09-21", "2023-09-21")
    (tmp_path / "brief-2023-09-19.json").write_text("{}")  # beside the folder, not in it
    assert find_previous(folder, "brief-2023-09-20", "2023-09-20") is None


def test_read_brief_reads_a_written_brief(tmp_path):
    path = write_brief(tmp_path, "brief-2023-09-20.json", "2023-09-19", "2023-09-20")
    data = read_brief(path)
    assert (data["schema"], data["window"]) == ("briefing/v1", {"from": "2023-09-19", "to": "2023-09-20"})


def test_new_article_is_named_with_its_lead_sentence(seeds, tmp_path):
    previous = previous_of([a for a in seeds if a.id != S001], tmp_path / "prev.json")
    section = changes_section(previous, seeds, structured(seeds), "id")
    assert (section.key, section.title) == ("changes", labels("id")["changes"])
    # The timeline shares and figures of the known articles are as before: the new article is the only change.
    (new,) = section.sentences
    assert new.meta == {"change": "new_article", "article": S001,
                        "title": "Azerbaijan menyerang fasilitas pertahanan udara di Nagorno-Karabakh"}
    assert new.text.startswith("Pada tanggal 20 September, unit militer Azerbaijan menyerang")
    (cite,) = new.citations
    text = next(a for a in seeds if a.id == S001).text
    assert (cite.article, cite.start, text[cite.start:cite.end]) == (S001, 0, new.text)


def test_new_timeline_event_of_a_known_article(seeds, tmp_path):
    current = structured(seeds)
    previous = previous_of(seeds, tmp_path / "prev.json")
    timeline = next(s for s in previous["sections"] if s["key"] == "timeline")
    dropped = timeline["sentences"].pop(3)
    section = changes_section(previous, seeds, current, "id")
    assert [(s.text, s.meta["change"], s.meta["date"]) for s in section.sentences] == [
        (dropped["text"], "new_event", dropped["date"])]
    assert section.sentences[0].meta["date_basis"] == "event"
    assert section.sentences[0].citations[0].start == dropped["citations"][0]["start"]


def test_changed_figure_lists_previous_values(seeds, tmp_path):
    current = structured(seeds)
    previous = previous_of(seeds, tmp_path / "prev.json")
    figures = next(s for s in previous["sections"] if s["key"] == "figures")["sentences"]
    deaths_before = sorted(s["figure"]["value"] for s in figures if s["figure"]["kind"] == "deaths")
    assert 6500.0 in deaths_before
    for sentence in figures:
        if sentence["figure"] == {**sentence["figure"], "kind": "deaths", "value": 6500.0}:
            sentence["figure"]["value"] = 6000.0  # yesterday's brief said 6,000
    section = changes_section(previous, seeds, current, "id")
    (changed,) = section.sentences
    assert changed.meta["change"] == "figure"
    assert changed.meta["figure"]["value"] == 6500.0
    assert changed.meta["previous_values"] == sorted(set(deaths_before) - {6500.0} | {6000.0})
    assert changed.meta["corroborated_by"] == ["002_6abafbfe21ef9124", "004_1825697cf85d7d4d"]


def test_a_kind_the_previous_brief_did_not_track_is_no_change(seeds, tmp_path):
    current = structured(seeds)
    previous = previous_of(seeds, tmp_path / "prev.json")
    for section in previous["sections"]:
        if section["key"] == "figures":
            section["sentences"] = [s for s in section["sentences"] if s["figure"]["kind"] != "deaths"]
    assert changes_section(previous, seeds, current, "id").sentences == []


def test_nothing_new_gives_an_empty_section(seeds, tmp_path):
    previous = previous_of(seeds, tmp_path / "prev.json")
    for language in ("id", "en"):
        section = changes_section(previous, seeds, structured(seeds), language)
        assert (section.key, section.title, section.sentences) == ("changes", labels(language)["changes"], [])


def test_changes_survive_a_hand_edited_previous_brief(seeds):
    previous = {"schema": "briefing/v1", "window": {"to": "2023-09-19"},
                "articles": [{"id": a.id} for a in seeds] + [{"title": "no id"}],
                "sections": [{"key": "timeline", "sentences": [{"text": "x"}, "junk"]},
                             {"key": "figures", "sentences": [{"figure": None}, {"figure": {"kind": "deaths"}}]}]}
    section = changes_section(previous, seeds, structured(seeds), "id")
    timeline = next(s for s in structured(seeds) if s.key == "timeline")
    assert [s.text for s in section.sentences] == [s.text for s in timeline.sentences]
    assert {s.meta["change"] for s in section.sentences} == {"new_event"}


def test_every_change_sentence_is_verified(seeds, tmp_path):
    previous = previous_of([a for a in seeds if a.id != S001], tmp_path / "prev.json")
    edited = copy.deepcopy(previous)
    next(s for s in edited["sections"] if s["key"] == "timeline")["sentences"].pop(0)
    section = changes_section(edited, seeds, structured(seeds), "id")
    assert len(section.sentences) == 2
    _, tally = verify_sections([section], seeds, "id")
    assert (tally.checked, tally.supported) == (2, 2)
    json.dumps([s.to_json() for s in section.sentences])  # the meta is JSON as it stands
