"""pipeline: window filter, brief language, topic, engine choice, a deterministic seed brief."""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import shutil
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from briefing.config import Settings
from briefing.errors import ConfigError, InputError
from briefing.ingest import ingest
from briefing.model import Article, Brief, Skipped, Window
from briefing.config import LLMOptions
from briefing.pipeline import StageClock, build_brief, dominant_language, in_window, open_engine, run, topic
from briefing.i18n import labels
from briefing.render import brief_json
from fake_openai import FakeOpenAI, answer_with, scripted_model, stage_of

NOW = dt.datetime(2024, 1, 1, 8, 30, tzinfo=dt.timezone.utc)
SEED_WINDOW = Window(dt.date(2020, 1, 1), dt.date(2023, 12, 31))
UNDATED_TEXT = (
    "Para nelayan di pesisir utara melaporkan hasil tangkapan yang menurun tajam selama musim ini. "
    "Mereka mengatakan cuaca buruk membuat perahu tidak bisa melaut lebih jauh dari biasanya.\n\n"
    "Pemerintah daerah berjanji memberikan bantuan bahan bakar dan perbaikan dermaga kepada "
    "kelompok nelayan yang terdampak, menurut pernyataan resmi yang dibacakan di balai desa.\n"
)


def settings(input_dir: Path, out: Path | None = None, window: Window = SEED_WINDOW, language: str = "auto",
             include_undated: bool = False, engine: str = "auto") -> Settings:
    """Settings as config.resolve would produce them."""
    return Settings(input=input_dir, out=out or input_dir / "out", engine=engine, language=language,
                    window=window, include_undated=include_undated)


def article(aid: str, published: dt.date | None, language: str = "id", text: str = "Teks.") -> Article:
    """A minimal article."""
    return Article(id=aid, text=text, path=f"in/{aid}.txt", language=language, published=published)


UNDATED_REASON = ("u: undated (no published date found; add one in front matter or metadata.toml, "
                  "or pass --include-undated)")


@pytest.mark.parametrize("include_undated, kept, skipped", [
    (False, ["first", "last"], [Skipped("in/u.txt", UNDATED_REASON)]),
    (True, ["first", "u", "last"], []),
])
def test_in_window(include_undated, kept, skipped):
    arts = [article("before", dt.date(2023, 9, 18)), article("first", dt.date(2023, 9, 19)),
            article("u", None), article("last", dt.date(2023, 9, 20)), article("after", dt.date(2023, 9, 21))]
    s = settings(Path("in"), window=Window(dt.date(2023, 9, 19), dt.date(2023, 9, 20)),
                 include_undated=include_undated)
    got_kept, got_skipped = in_window(arts, s)
    assert [a.id for a in got_kept] == kept
    assert got_skipped == skipped


@pytest.mark.parametrize("languages, requested, expected", [
    (["en", "en", "id"], "id", "id"),
    (["id", "id"], "en", "en"),
    (["id", "en", "id"], "auto", "id"),
    (["en", "id", "en"], "auto", "en"),
    (["fr", "fr", "id"], "auto", "id"),
    (["fr"], "auto", "en"),
    ([], "auto", "en"),
])
def test_dominant_language(languages, requested, expected):
    arts = [article(f"a{i}", None, language=lang) for i, lang in enumerate(languages)]
    assert dominant_language(arts, requested) == expected


@pytest.fixture(scope="module")
def seed_articles(seeds_dir) -> list[Article]:
    """The five seed articles as ingest reads them."""
    return ingest(seeds_dir).articles


def test_topic_of_the_seeds(seed_articles):
    assert topic(seed_articles) == "Armenia, Azerbaijan, Rusia"
    assert topic(seed_articles, n=2) == "Armenia, Azerbaijan"


def test_topic_skips_titles_and_sentence_starts():
    arts = [article("a", None, text="Kemarin Presiden Putin bertemu dengan Pashinyan di Moskow."),
            article("b", None, text="Lalu Putin menelepon Aliyev.")]
    assert topic(arts) == "Putin, Aliyev, Moskow"


def test_topic_of_nothing_is_empty():
    assert topic([]) == ""


@pytest.mark.parametrize("name", ["auto", "extractive"])
def test_offline_engine_without_endpoint(name, tmp_path):
    with open_engine(settings(tmp_path, engine=name)) as engine:
        assert (engine.name, engine.model) == ("extractive", None)


@pytest.mark.parametrize("llm", [LLMOptions(base_url="http://127.0.0.1:9/v1", model="m"),
                                 LLMOptions(api_key="sk-test", model="m")])
def test_auto_picks_llm_when_an_endpoint_is_configured(llm, tmp_path):
    s = settings(tmp_path, out=tmp_path / "out")
    with open_engine(Settings(**{**s.__dict__, "llm": llm})) as engine:
        assert (engine.name, engine.model) == ("llm", "m")


def test_llm_engine_without_endpoint_names_the_fix(tmp_path):
    with pytest.raises(ConfigError, match=r"no endpoint: set OPENAI_BASE_URL or pass --base-url"):
        with open_engine(settings(tmp_path, engine="llm")):
            pass


@pytest.fixture(scope="module")
def seed_brief(seeds_dir) -> Brief:
    """The seed brief built once with a fixed clock (tests only read it)."""
    return build_brief(settings(seeds_dir), now=NOW)


def test_build_brief_is_deterministic(seeds_dir, seed_brief):
    assert brief_json(build_brief(settings(seeds_dir), now=NOW)) == brief_json(seed_brief)


def test_build_brief_on_the_seeds(seeds_dir, seed_brief):
    brief = seed_brief
    assert (brief.title, brief.topic, brief.language, brief.engine, brief.model) == (
        "Ringkasan Situasi: Armenia, Azerbaijan, Rusia", "Armenia, Azerbaijan, Rusia", "id", "extractive", None)
    assert brief.generated_at == NOW
    assert brief.to_json()["generated_at"] == "2024-01-01T08:30:00+00:00"
    assert [a.id for a in brief.articles] == [p.stem for p in sorted(seeds_dir.glob("*.txt"))]
    assert brief.skipped == []
    assert [(s.key, s.title) for s in brief.sections] == [
        ("bluf", "Inti Persoalan"), ("developments", "Perkembangan Utama"), ("timeline", "Kronologi"),
        ("actors", "Aktor"), ("figures", "Angka Kunci"), ("outlook", "Yang Perlu Dicermati")]
    v = brief.verification
    n = sum(len(s.sentences) for s in brief.sections)
    assert (v.checked, v.supported, v.unsupported, v.dropped) == (n, n, 0, 0)
    assert {s.verdict for section in brief.sections for s in section.sentences} == {"supported"}


def test_build_brief_in_english_keeps_quotes(seeds_dir):
    brief = build_brief(settings(seeds_dir, language="en"), now=NOW)
    assert brief.language == "en"
    assert brief.title == "Situation Brief: Armenia, Azerbaijan, Rusia"
    assert [s.title for s in brief.sections] == ["Bottom Line Up Front", "Key Developments", "Timeline", "Actors",
                                                 "Key Figures", "What to Watch"]


def test_build_brief_empty_window_speaks_the_sources_language(seeds_dir):
    brief = build_brief(settings(seeds_dir, window=Window(dt.date(2026, 11, 22), dt.date(2026, 11, 22))), now=NOW)
    assert (brief.title, brief.topic, brief.language) == ("Ringkasan Situasi", "", "id")
    assert (brief.articles, brief.sections, brief.skipped) == ([], [], [])
    assert brief.verification.checked == 0


@pytest.fixture
def mixed_input(tmp_path, seeds_dir) -> Path:
    """One dated seed (with the sidecar) and one article that states no date anywhere."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seeds_dir / "003_c9256a6db4ad9ab8.txt", folder)
    shutil.copy(seeds_dir / "metadata.toml", folder)
    (folder / "nelayan.txt").write_text(UNDATED_TEXT, encoding="utf-8")
    return folder


def test_build_brief_lists_undated_as_skipped(mixed_input):
    brief = build_brief(settings(mixed_input), now=NOW)
    assert [a.id for a in brief.articles] == ["003_c9256a6db4ad9ab8"]
    assert brief.skipped == [Skipped(str(mixed_input / "nelayan.txt"),
                                     "nelayan: undated (no published date found; add one in front matter or "
                                     "metadata.toml, or pass --include-undated)")]


def test_build_brief_includes_undated_on_request(mixed_input):
    brief = build_brief(settings(mixed_input, include_undated=True), now=NOW)
    assert [(a.id, a.published) for a in brief.articles] == [("003_c9256a6db4ad9ab8", dt.date(2020, 10, 4)),
                                                              ("nelayan", None)]
    assert brief.skipped == []


def test_run_writes_the_brief_it_built(mixed_input, tmp_path):
    s = settings(mixed_input, out=tmp_path / "out", window=Window(dt.date(2020, 10, 4), dt.date(2020, 10, 4)))
    result = run(s, now=NOW)
    stem = tmp_path / "out" / "brief-2020-10-04"
    assert result.paths == {"json": stem.with_suffix(".json"), "html": stem.with_suffix(".html"),
                            "pdf": stem.with_suffix(".pdf"), "md": stem.with_suffix(".md")}
    assert result.paths["json"].read_text(encoding="utf-8") == brief_json(result.brief)
    assert [a.id for a in result.brief.articles] == ["003_c9256a6db4ad9ab8"]


def test_run_with_llm_engine_writes_nothing(seeds_dir, tmp_path):
    with pytest.raises(ConfigError, match=r"no endpoint: set OPENAI_BASE_URL"):
        run(settings(seeds_dir, out=tmp_path / "out", engine="llm"), now=NOW)
    assert not (tmp_path / "out").exists()


# --- stage timings and their log records ----------------------------------------------------------

def stage_events(caplog) -> list[tuple[str, str]]:
    """(stage, event) of every stage record logged by the pipeline."""
    return [(r.stage, r.event) for r in caplog.records if r.name == "briefing.pipeline" and hasattr(r, "stage")]


def test_run_times_every_stage(mixed_input, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="briefing")
    clock = StageClock()
    result = run(settings(mixed_input, out=tmp_path / "out"), now=NOW, clock=clock)
    stages = ["ingest", "chunk", "draft", "structure", "verify", "render"]
    assert list(result.seconds) == stages and result.seconds == clock.seconds
    assert all(seconds >= 0 for seconds in result.seconds.values())
    assert stage_events(caplog) == [(stage, event) for stage in stages for event in ("start", "end")]
    ends = [r for r in caplog.records if getattr(r, "event", None) == "end"]
    assert [r.seconds for r in ends] == [result.seconds[s] for s in stages]
    messages = [r.getMessage() for r in caplog.records if not hasattr(r, "stage")]
    assert messages == [f"read 2 articles from {mixed_input}, 0 files skipped",
                        "window 2020-01-01..2023-12-31: 1 articles, 1 undated left out"]


def test_a_failing_stage_is_timed_and_logged(caplog):
    caplog.set_level(logging.INFO, logger="briefing")
    clock = StageClock()
    with pytest.raises(ValueError, match="boom"):
        with clock.stage("draft"):
            raise ValueError("boom")
    assert list(clock.seconds) == ["draft"]
    assert stage_events(caplog) == [("draft", "start"), ("draft", "fail")]
    assert caplog.records[-1].getMessage().startswith("draft: failed in ")


def test_build_brief_of_a_missing_folder_times_the_failed_ingest(tmp_path):
    clock = StageClock()
    with pytest.raises(InputError, match="input folder not found"):
        build_brief(settings(tmp_path / "missing"), now=NOW, clock=clock)
    assert list(clock.seconds) == ["ingest"]


# --- an LLM run whose model gives nothing usable ----------------------------------------------------


# A model whose every map quote is made up (SmolLM2 copying the prompt's own example does this).
INVENTED = {"fact": "Sesuatu terjadi.", "quote": "kalimat ini tidak ada di artikel mana pun"}
inventing_map = answer_with({"map": lambda request: {"facts": [INVENTED] * 2}})


@pytest.mark.parametrize("responder, fallback", [(inventing_map, True), (scripted_model, False)])
def test_llm_run_without_usable_sentences_quotes_the_sources_and_says_so(
        seeds_dir, tmp_path, brief_schema, responder, fallback):
    with FakeOpenAI(responder=responder) as fake:
        s = replace(settings(seeds_dir, out=tmp_path / "out", engine="llm"),
                    llm=LLMOptions(base_url=fake.base_url, model="m"))
        result = run(s, now=NOW)
        stages = [stage_of(r) for r in fake.history]
    brief, maps = result.brief, stages.count("map")
    drafted = [x for sec in brief.sections if sec.key in ("bluf", "developments") for x in sec.sentences]
    data = json.loads(result.paths["json"].read_text(encoding="utf-8"))
    jsonschema.validate(data, brief_schema)
    assert [sec.key for sec in brief.sections][:2] == ["bluf", "developments"]
    assert {x.verdict for x in drafted} == {"supported"}
    assert ("reduce" in stages) is not fallback
    if fallback:
        note = labels("id")["llm_fallback"].format(rejected=2 * maps)
        assert brief.notes == data["notes"] == [note]
        assert {x.quotation for x in drafted} == {True}
        assert brief.verification.quoted == len(drafted)
        assert html.escape(note) in result.paths["html"].read_text(encoding="utf-8")
        assert f"> {note}" in result.paths["md"].read_text(encoding="utf-8")
    else:
        assert (brief.notes, "notes" in data) == ([], False)
        assert brief.verification.quoted == 0
