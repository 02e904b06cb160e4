"""The CLI end to end: the seed brief (JSON, HTML, PDF), verify, articles, errors, help."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pypdf
import pytest
from click.testing import CliRunner

from briefing import __version__
from briefing.cli import main
from briefing.ingest import ingest
from cli_env import BRIEFING, CLEAN_ENV, ROOT

STEM = "brief-2020-01-01_2023-12-31"
SEED_DATES = {
    "000_7886f0821ccbc2f6": "2023-09-19",
    "001_4bdb7abb272d927f": "2023-09-20",
    "002_6abafbfe21ef9124": "2022-09-13",
    "003_c9256a6db4ad9ab8": "2020-10-04",
    "004_1825697cf85d7d4d": "2022-09-14",
}
JUNK = ["Baca juga", "Pola Slot Gacor", "Leave a Reply", "Copyright", "Source link", "[iklan_2]", "Komentar (0)",
        "loading...", "rendering in", "beralih keterangan"]


def briefing(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the installed `briefing` console script."""
    return subprocess.run([str(BRIEFING), *map(str, args)], cwd=cwd, env=CLEAN_ENV, capture_output=True,
                          text=True, timeout=120)


def squash(text: str) -> str:
    """Whitespace collapsed; PDF line-break hyphens (U+2010 + newline) joined."""
    return " ".join(text.replace("\u2010\n", "").split())


def sentences(brief: dict) -> list[dict]:
    """Every sentence of a brief JSON, in order."""
    return [s for section in brief["sections"] for s in section["sentences"]]


LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d (DEBUG|INFO|WARNING|ERROR) \S")


def assert_one_line_error(stderr: str, fragment: str) -> None:
    """After the run's timestamped log lines, a single `briefing: error: …` line that says what went wrong."""
    lines = stderr.splitlines()
    assert [line for line in lines[:-1] if not LOG_LINE.match(line)] == [], stderr
    assert lines[-1].startswith("briefing: error: "), stderr
    assert fragment in lines[-1]


def brief_files(out: Path) -> dict[str, bytes]:
    """The brief files of an output folder (not its lock, run records or cache), by name."""
    return {p.name: p.read_bytes() for p in sorted(out.glob("brief-*"))}


@dataclass
class SeedRun:
    """One real `briefing run` over the seeds, shared by the end-to-end tests."""

    proc: subprocess.CompletedProcess
    cwd: Path
    out: Path
    brief: dict
    html: str
    pdf: pypdf.PdfReader
    pdf_pages: list[str]


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory, seeds_dir) -> SeedRun:
    """`briefing run --input seeds --out OUT --from 2020-01-01 --to 2023-12-31` from an empty folder."""
    cwd = tmp_path_factory.mktemp("cli")
    out = cwd / "out"
    proc = briefing("run", "--input", seeds_dir, "--out", out, "--from", "2020-01-01", "--to", "2023-12-31", cwd=cwd)
    assert proc.returncode == 0, proc.stderr
    pdf = pypdf.PdfReader(out / f"{STEM}.pdf")
    return SeedRun(proc, cwd, out, json.loads((out / f"{STEM}.json").read_text(encoding="utf-8")),
                   (out / f"{STEM}.html").read_text(encoding="utf-8"), pdf,
                   [page.extract_text() for page in pdf.pages])


@pytest.fixture
def runner(tmp_path, monkeypatch) -> CliRunner:
    """Click's runner in an empty working folder with no BRIEFING_* settings."""
    monkeypatch.chdir(tmp_path)
    return CliRunner(env={k: None for k in os.environ if k.startswith(("BRIEFING_", "OPENAI_"))})


@pytest.fixture(scope="session")
def seed_articles(seeds_dir) -> dict:
    """The seeds as ingest reads them, by id."""
    return {a.id: a for a in ingest(seeds_dir).articles}


# --- briefing run on the seeds -------------------------------------------------------------------

def test_run_reports_and_writes_exactly_four_files(seed_run):
    b, v = seed_run.brief, seed_run.brief["verification"]
    assert sorted(p.name for p in seed_run.out.iterdir()) == [".briefing.lock", f"{STEM}.html", f"{STEM}.json",
                                                             f"{STEM}.md", f"{STEM}.pdf", "runs"]
    assert seed_run.proc.stdout.splitlines() == [
        f"{len(b['articles'])} articles in 2020-01-01..2023-12-31, {len(b['skipped'])} skipped; "
        f"{v['supported']} of {v['checked']} sentences verified, {v['dropped']} dropped",
        f"wrote {seed_run.out / STEM}.json", f"wrote {seed_run.out / STEM}.html", f"wrote {seed_run.out / STEM}.pdf",
        f"wrote {seed_run.out / STEM}.md",
    ]


def test_run_logs_timestamped_lines_per_stage_when_stderr_is_not_a_terminal(seed_run):
    lines = seed_run.proc.stderr.splitlines()
    assert [line for line in lines if not LOG_LINE.match(line)] == []
    stages = [line.split(" ", 2)[2] for line in lines if re.search(r" INFO \w+: (started|done in)", line)]
    assert [re.sub(r"[\d.]+ s$", "N s", line) for line in stages] == [
        f"{stage}: {event}" for stage in ("ingest", "chunk", "draft", "structure", "verify", "render")
        for event in ("started", "done in N s")]
    record = next(seed_run.out.glob("runs/*.json"))
    assert lines[-1].endswith(f" INFO run record {record}")


def test_brief_json_matches_the_schema(seed_run, brief_schema):
    validator = jsonschema.Draft202012Validator(brief_schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert [e.message for e in validator.iter_errors(seed_run.brief)] == []
    # date-time is only format-checked with an optional package: check it here in any case
    assert dt.datetime.fromisoformat(seed_run.brief["generated_at"]).tzinfo is not None


def test_brief_json_header(seed_run):
    b = seed_run.brief
    assert (b["schema"], b["date"], b["window"], b["language"], b["engine"], b["model"]) == (
        "briefing/v1", "2023-12-31", {"from": "2020-01-01", "to": "2023-12-31"}, "id", "extractive", None)
    assert {a["id"]: a["published"] for a in b["articles"]} == SEED_DATES
    assert b["skipped"] == []


def test_brief_has_enough_sentences_all_supported(seed_run):
    found = sentences(seed_run.brief)
    assert len(found) >= 8
    assert [(s["verdict"], s["reasons"]) for s in found] == [("supported", [])] * len(found)
    v = seed_run.brief["verification"]
    assert (v["checked"], v["supported"], v["unsupported"], v["dropped"]) == (len(found), len(found), 0, 0)


def test_brief_cites_at_least_four_seeds(seed_run):
    cited = {c["article"] for s in sentences(seed_run.brief) for c in s["citations"]}
    assert cited <= set(SEED_DATES)
    assert len(cited) >= 4


def test_every_quote_is_verbatim_in_its_article_file(seed_run, seed_articles):
    paths = {a["id"]: Path(a["path"]) for a in seed_run.brief["articles"]}
    missing = []
    for s in sentences(seed_run.brief):
        for c in s["citations"]:
            raw = paths[c["article"]].read_text(encoding="utf-8")
            if " ".join(c["quote"].split()) not in " ".join(raw.split()):
                missing.append(c["quote"])
            assert seed_articles[c["article"]].text[c["start"]:c["end"]] == c["quote"]
    assert missing == []


@pytest.mark.parametrize("artifact", ["json", "html", "pdf"])
def test_no_seed_junk_in_outputs(seed_run, artifact):
    text = {"json": json.dumps(seed_run.brief, ensure_ascii=False), "html": seed_run.html,
            "pdf": "\n".join(seed_run.pdf_pages)}[artifact]
    assert [junk for junk in JUNK if junk in text] == []


def test_pdf_text_has_date_and_every_sentence(seed_run):
    text = squash("\n".join(seed_run.pdf_pages))
    assert "Minggu, 31 Desember 2023" in text
    absent = [s["text"] for s in sentences(seed_run.brief) if squash(s["text"]) not in text]
    assert absent == []


def test_pdf_metadata_title(seed_run):
    assert seed_run.pdf.metadata.title == f"{seed_run.brief['title']} — Minggu, 31 Desember 2023"


def test_pdf_pages_are_numbered(seed_run):
    n = len(seed_run.pdf_pages)
    assert n >= 2
    footers = [page.splitlines()[-1] for page in seed_run.pdf_pages]
    assert footers == [f"{seed_run.brief['title']} · 2023-12-31 Halaman {i} dari {n}" for i in range(1, n + 1)]


def test_pdf_citation_markers_link_inside_the_document(seed_run):
    dests = set(seed_run.pdf.named_destinations)
    links = [a.get_object() for page in seed_run.pdf.pages for a in page.get("/Annots") or []
             if a.get_object()["/Subtype"] == "/Link"]
    markers = sum(len({c["article"] for c in s["citations"]}) for s in sentences(seed_run.brief))
    assert len(links) == markers
    assert [link.get("/A") for link in links] == [None] * markers  # no URI actions: internal jumps only
    targets = {str(link["/Dest"]) for link in links}
    assert targets <= dests
    assert targets == {f"src-{i}" for i in range(1, len(targets) + 1)}


def test_pdf_outline_has_the_sections(seed_run):
    top = [item["/Title"] for item in seed_run.pdf.outline if not isinstance(item, list)]
    assert top == [seed_run.brief["topic"], *[s["title"] for s in seed_run.brief["sections"]],
                   "Verifikasi Kutipan", "Lampiran: Sumber dan Kutipan"]


# --- briefing verify -----------------------------------------------------------------------------

def verify(brief_path: Path, seeds_dir: Path, cwd: Path, *extra: str) -> subprocess.CompletedProcess:
    """`briefing verify BRIEF --input seeds [extra]`."""
    return briefing("verify", brief_path, "--input", seeds_dir, *extra, cwd=cwd)


def expected_report(brief: dict, bad: tuple[str, int] | None = None, reason: str = "") -> dict:
    """The documented --json report when every sentence but `bad` is supported."""
    rows = []
    for section in brief["sections"]:
        for index, s in enumerate(section["sentences"]):
            is_bad = (section["key"], index) == bad
            status = ("unconfirmed" if reason in ("low_overlap", "name_unconfirmed") else "rejected") if is_bad \
                else "supported"
            rows.append({"section": section["key"], "index": index, "text": s["text"],
                         "verdict": "unsupported" if is_bad else "supported", "status": status, "judged": False,
                         "reasons": [reason] if is_bad else []})
    unsupported = int(bad is not None)
    return {"sentences": rows, "supported": len(rows) - unsupported, "unsupported": unsupported}


def test_verify_reports_all_supported(seed_run, seeds_dir):
    proc = verify(seed_run.out / f"{STEM}.json", seeds_dir, seed_run.cwd)
    n = len(sentences(seed_run.brief))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == n + 1
    assert [line[:4] for line in lines[:-1]] == ["ok  "] * n
    assert lines[-1] == f"{n} supported, 0 unsupported"


def test_verify_json_has_the_documented_shape(seed_run, seeds_dir):
    proc = verify(seed_run.out / f"{STEM}.json", seeds_dir, seed_run.cwd, "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == expected_report(seed_run.brief)


def edited_copy(seed_run: SeedRun, tmp_path: Path, edit) -> tuple[Path, tuple[str, int]]:
    """A copy of the seed brief JSON with one sentence changed by `edit`; returns (path, (section, index))."""
    brief = json.loads(json.dumps(seed_run.brief))
    for section in brief["sections"]:
        for index, s in enumerate(section["sentences"]):
            if edit(s):
                path = tmp_path / "edited.json"
                path.write_text(json.dumps(brief, ensure_ascii=False), encoding="utf-8")
                return path, (section["key"], index)
    raise AssertionError("no sentence could be edited")


def change_a_digit(sentence: dict) -> bool:
    """Change the first digit of the sentence text (its quote stays as it was)."""
    match = re.search(r"\d", sentence["text"])
    if not match:
        return False
    digit = str((int(match.group()) + 1) % 10)
    sentence["text"] = sentence["text"][:match.start()] + digit + sentence["text"][match.end():]
    return True


def change_the_quote(sentence: dict) -> bool:
    """Put words the article never said into the first quote."""
    sentence["citations"][0]["quote"] = "Menurut sumber rahasia, " + sentence["citations"][0]["quote"]
    return True


@pytest.mark.parametrize("edit, reason", [(change_a_digit, "number_mismatch"), (change_the_quote, "quote_not_found")])
def test_verify_flags_the_edited_sentence_only(seed_run, seeds_dir, tmp_path, edit, reason):
    path, bad = edited_copy(seed_run, tmp_path, edit)
    proc = verify(path, seeds_dir, tmp_path, "--json")
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    assert report == expected_report(json.loads(path.read_text(encoding="utf-8")), bad, reason)
    plain = CliRunner().invoke(main, ["verify", str(path), "--input", str(seeds_dir)], prog_name="briefing")
    assert plain.exit_code == 1
    flagged = next(r for r in report["sentences"] if r["verdict"] == "unsupported")
    assert [line for line in plain.stdout.splitlines() if not line.startswith("ok  ")] == [
        f"BAD {bad[0]}[{bad[1]}] ({reason}): {flagged['text'][:100]}",
        f"{report['supported']} supported, 1 unsupported",
    ]


@pytest.mark.parametrize("content, fragment", [
    (None, "brief not found: "),
    ("this is not json\n", "is not a briefing/v1 brief JSON: Expecting value"),
    ("[1, 2]\n", "is not a briefing/v1 brief JSON: "),
    ('{"language": "id"}\n', "is not a briefing/v1 brief JSON: "),
    ("folder", "cannot read brief "),
])
def test_verify_unreadable_brief_is_a_usage_error(runner, seeds_dir, tmp_path, content, fragment):
    path = tmp_path / "brief.json"
    if content == "folder":
        path.mkdir()
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    result = runner.invoke(main, ["verify", str(path), "--input", str(seeds_dir)], prog_name="briefing")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert_one_line_error(result.stderr, fragment)


def test_verify_missing_input_folder(runner, seed_run, tmp_path):
    result = runner.invoke(main, ["verify", str(seed_run.out / f"{STEM}.json"), "--input", str(tmp_path / "nowhere")],
                           prog_name="briefing")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, f"input folder not found: {tmp_path / 'nowhere'}")


# --- briefing articles ---------------------------------------------------------------------------

def test_articles_json_shows_every_seed_date(seeds_dir, tmp_path):
    proc = briefing("articles", "--input", seeds_dir, "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    listing = json.loads(proc.stdout)
    assert {a["id"]: a["published"] for a in listing["articles"]} == SEED_DATES
    assert listing["skipped"] == []


def test_articles_plain_has_one_line_per_article(seeds_dir, tmp_path):
    proc = briefing("articles", "--input", seeds_dir, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert [line.split()[:2] for line in proc.stdout.splitlines()] == [[k, v] for k, v in SEED_DATES.items()]


# --- errors and empty windows --------------------------------------------------------------------

@pytest.mark.parametrize("args, fragment", [
    (["run", "--input", "nowhere"], "input folder not found: nowhere"),
    (["articles", "--input", "nowhere"], "input folder not found: nowhere"),
    (["run", "--engine", "llm"], "no endpoint: set OPENAI_BASE_URL or pass --base-url"),
    (["run", "--from", "2023-12-31", "--to", "2023-01-01"], "--from 2023-12-31 is after --to 2023-01-01"),
    (["run", "--date", "2023-12-31", "--from", "2023-01-01"], "use either --date/--days or --from/--to"),
    (["run", "--date", "2023-13-01"], "invalid --date '2023-13-01': use YYYY-MM-DD"),
    (["run", "--days", "0"], "invalid --days 0"),
    (["run", "--config", "missing.toml"], "config file not found: missing.toml"),
])
def test_bad_usage_exits_2_with_one_line(runner, seeds_dir, args, fragment):
    if "--input" not in args:
        args = [*args, "--input", str(seeds_dir)]
    result = runner.invoke(main, args, prog_name="briefing")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert_one_line_error(result.stderr, fragment)


@pytest.mark.parametrize("args", [
    ["--date", "2023-12-31", "--from", "2020-01-01", "--to", "2023-12-31"],
    ["--engine", "llm", "--from", "2020-01-01", "--to", "2023-12-31"],
    ["--from", "2023-12-31", "--to", "2020-01-01"],
])
def test_failed_run_leaves_the_previous_brief_untouched(runner, seed_run, seeds_dir, tmp_path, args):
    out = tmp_path / "out"
    shutil.copytree(seed_run.out, out)
    before = brief_files(out)
    result = runner.invoke(main, ["run", "--input", str(seeds_dir), "--out", str(out), *args], prog_name="briefing")
    assert result.exit_code == 2
    assert brief_files(out) == before


def test_run_into_a_file_is_one_line_error(runner, seeds_dir, tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("a file, not a folder\n", encoding="utf-8")
    result = runner.invoke(main, ["run", "--input", str(seeds_dir), "--out", str(blocker), "--date", "2026-11-22"],
                           prog_name="briefing")
    assert result.exit_code == 1
    assert_one_line_error(result.stderr, f"cannot write the brief into {blocker}: File exists")
    assert blocker.read_text(encoding="utf-8") == "a file, not a folder\n"


def test_empty_window_still_writes_a_brief(seeds_dir, tmp_path):
    proc = briefing("run", "--input", seeds_dir, "--out", "out", "--date", "2026-11-22", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "out"
    assert {"brief-2026-11-22.html", "brief-2026-11-22.json", "brief-2026-11-22.pdf"} <= set(brief_files(out))
    brief = json.loads((out / "brief-2026-11-22.json").read_text(encoding="utf-8"))
    assert (brief["articles"], brief["sections"], brief["language"]) == ([], [], "id")
    assert "Tidak ada liputan baru dalam periode ini." in (out / "brief-2026-11-22.html").read_text(encoding="utf-8")
    text = squash("\n".join(p.extract_text() for p in pypdf.PdfReader(out / "brief-2026-11-22.pdf").pages))
    assert "Tidak ada liputan baru dalam periode ini." in text
    assert "Minggu, 22 November 2026" in text


# --- help, version, README -----------------------------------------------------------------------

@pytest.mark.parametrize("args, usage", [
    (["--help"], "Usage: briefing [OPTIONS] COMMAND [ARGS]..."),
    (["-h"], "Usage: briefing [OPTIONS] COMMAND [ARGS]..."),
    *[([name, "--help"], f"Usage: briefing {name} [OPTIONS]") for name in sorted(main.commands)],
])
def test_every_command_has_help(runner, args, usage):
    result = runner.invoke(main, args, prog_name="briefing")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith(usage)


def test_group_help_lists_every_command(runner):
    result = runner.invoke(main, ["--help"], prog_name="briefing")
    listed = [line.split()[0] for line in result.stdout.split("Commands:\n", 1)[1].splitlines()]
    assert listed == sorted(main.commands)


def test_version(runner):
    result = runner.invoke(main, ["--version"], prog_name="briefing")
    assert (result.exit_code, result.stdout) == (0, f"briefing, version {__version__}\n")


@pytest.mark.parametrize("name", sorted(main.commands))
def test_readme_documents_every_command(name):
    assert f"briefing {name}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_python_dash_m_briefing(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "briefing", "--help"], cwd=tmp_path, env=CLEAN_ENV,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == "Usage: python -m briefing [OPTIONS] COMMAND [ARGS]..."


# --- the LLM engine through the CLI, against the scripted server ---------------------------------

FAKE_KEY = "sk-FAKE-KEY-for-tests-0123456789"


def briefing_llm(*args: str, cwd: Path, base_url: str) -> subprocess.CompletedProcess:
    """`briefing run` over the seeds with an endpoint and a recognisable key in the environment."""
    env = {**CLEAN_ENV, "OPENAI_BASE_URL": base_url, "OPENAI_API_KEY": FAKE_KEY}
    return subprocess.run([str(BRIEFING), "run", "--input", str(ROOT / "seeds"), "--from", "2020-01-01",
                           "--to", "2023-12-31", "--model", "fake-model", *map(str, args)],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def llm_runs(tmp_path_factory):
    """Three runs on one output folder: fresh, unchanged rerun (cache), and --no-cache."""
    from fake_openai import FakeOpenAI

    cwd = tmp_path_factory.mktemp("llm")
    with FakeOpenAI() as fake:
        first = briefing_llm("--out", cwd / "out", cwd=cwd, base_url=fake.base_url)
        brief1 = json.loads((cwd / "out" / f"{STEM}.json").read_text(encoding="utf-8"))
        calls_after_first = len(fake.history)
        second = briefing_llm("--out", cwd / "out", cwd=cwd, base_url=fake.base_url)
        brief2 = json.loads((cwd / "out" / f"{STEM}.json").read_text(encoding="utf-8"))
        calls_after_second = len(fake.history)
        third = briefing_llm("--out", cwd / "out", "--no-cache", "-v", cwd=cwd, base_url=fake.base_url)
        calls_after_third = len(fake.history)
    return {"cwd": cwd, "procs": (first, second, third), "briefs": (brief1, brief2),
            "calls": (calls_after_first, calls_after_second, calls_after_third)}


def test_llm_run_writes_a_verified_cited_brief(llm_runs, brief_schema, seed_articles):
    first = llm_runs["procs"][0]
    assert first.returncode == 0, first.stderr
    brief = llm_runs["briefs"][0]
    jsonschema.validate(brief, brief_schema)
    assert (brief["engine"], brief["model"]) == ("llm", "fake-model")
    assert [s["key"] for s in brief["sections"]] == ["bluf", "developments", "timeline", "actors", "figures",
                                                     "outlook"]
    assert sum(len(s["sentences"]) for s in brief["sections"][:2]) == 14
    assert len({c["article"] for s in sentences(brief) for c in s["citations"]}) >= 4
    for s in sentences(brief):
        for c in s["citations"]:
            assert seed_articles[c["article"]].text[c["start"]:c["end"]] == c["quote"]
    assert set(brief["prompts"]) == {"map", "reduce", "repair", "judge"}  # the judge is on with the LLM engine
    assert brief["prompts"]["map"]["version"] == "map/2"
    verify = briefing("verify", llm_runs["cwd"] / "out" / f"{STEM}.json", "--input", ROOT / "seeds", cwd=ROOT)
    assert verify.returncode == 0, verify.stdout


def test_llm_usage_is_recorded_and_printed(llm_runs):
    brief = llm_runs["briefs"][0]
    usage = brief["usage"]
    assert usage["stages"]["map"]["calls"] == llm_runs["calls"][0] - 1
    assert usage["stages"]["reduce"]["calls"] == 1
    assert usage["total"]["prompt_tokens"] > 0 and usage["total"]["completion_tokens"] > 0
    line = llm_runs["procs"][0].stdout.splitlines()[1]
    assert line.startswith(f"LLM: {llm_runs['calls'][0]} calls (0 answered from cache, 0 retries), "
                           f"{usage['total']['prompt_tokens']} prompt + {usage['total']['completion_tokens']} completion")


def test_unchanged_rerun_makes_zero_llm_calls(llm_runs):
    first_calls, second_calls, third_calls = llm_runs["calls"]
    assert second_calls == first_calls
    brief1, brief2 = llm_runs["briefs"]
    assert brief2["usage"]["total"]["calls"] == 0
    assert brief2["usage"]["total"]["cached"] == first_calls
    assert brief2["usage"]["total_tokens"] == 0
    assert brief2["sections"] == brief1["sections"]
    assert third_calls - second_calls == first_calls  # --no-cache asks again


def test_api_key_is_written_nowhere(llm_runs):
    for proc in llm_runs["procs"]:
        assert FAKE_KEY not in proc.stdout + proc.stderr
    verbose = llm_runs["procs"][2].stderr
    assert re.search(r' DEBUG settings: \{.*"api_key": "\*\*\*"', verbose), verbose  # the -v run logged its settings
    files = [p for p in (llm_runs["cwd"] / "out").rglob("*") if p.is_file()]
    assert len(list((llm_runs["cwd"] / "out" / "runs").glob("*.json"))) == 3
    assert len(files) >= 8  # pdf, html, json, cache, lock, three run records
    for path in files:
        assert FAKE_KEY.encode() not in path.read_bytes(), path


def test_token_budget_stops_before_any_brief(tmp_path):
    from fake_openai import FakeOpenAI

    with FakeOpenAI() as fake:
        proc = briefing_llm("--out", tmp_path / "out", "--max-tokens-per-run", "2000", cwd=tmp_path,
                            base_url=fake.base_url)
    assert proc.returncode == 1
    assert_one_line_error(proc.stderr, "token budget reached")
    assert "(raise --max-tokens-per-run); no brief was written" in proc.stderr
    assert not list((tmp_path / "out").glob("brief-*"))


@pytest.mark.parametrize("status, fragment", [
    (401, "refused the API key (401): set a valid OPENAI_API_KEY"),
    (404, "model 'fake-model' not found at"),
])
def test_fatal_endpoint_errors_are_one_line_and_keep_the_previous_brief(seed_run, tmp_path, status, fragment):
    from fake_openai import FakeOpenAI, error

    out = tmp_path / "out"
    shutil.copytree(seed_run.out, out)
    before = brief_files(out)
    with FakeOpenAI(responder=lambda request: error(status, f"Incorrect API key provided: {FAKE_KEY}")) as fake:
        proc = briefing_llm("--out", out, cwd=tmp_path, base_url=fake.base_url)
    assert proc.returncode == 1
    assert_one_line_error(proc.stderr, fragment)
    assert FAKE_KEY not in proc.stderr
    assert brief_files(out) == before
    record = json.loads(sorted((out / "runs").glob("*.json"))[-1].read_text(encoding="utf-8"))
    assert (record["outcome"], record["exit_code"], fragment in record["error"]) == ("failed", 1, True)
    assert FAKE_KEY not in "".join(p.read_text(encoding="utf-8") for p in (out / "runs").glob("*.json"))


def test_unreachable_host_fails_within_the_retry_budget(seed_run, tmp_path):
    from briefing.local_server import free_port

    out = tmp_path / "out"
    shutil.copytree(seed_run.out, out)
    before = brief_files(out)
    proc = briefing_llm("--out", out, "--max-attempts", "2", "--timeout", "2", cwd=tmp_path,
                        base_url=f"http://127.0.0.1:{free_port()}/v1")
    assert proc.returncode == 1
    assert_one_line_error(proc.stderr, "the LLM endpoint failed for all 13 chunks (map: gave up after 2 attempts: "
                                       "Connection error.): check --base-url / OPENAI_BASE_URL")
    assert brief_files(out) == before


# --- windows, empty days, exit codes, output for people and for cron ----------------------------

def run_record(out: Path) -> dict:
    """The newest run record of an output folder."""
    return json.loads(sorted((out / "runs").glob("*.json"))[-1].read_text(encoding="utf-8"))


@pytest.mark.parametrize("args, stem, ids", [
    (["--date", "2023-09-20", "--days", "2"], "brief-2023-09-19_2023-09-20",
     ["000_7886f0821ccbc2f6", "001_4bdb7abb272d927f"]),
    (["--date", "2022-09-14", "--days", "2"], "brief-2022-09-13_2022-09-14",
     ["002_6abafbfe21ef9124", "004_1825697cf85d7d4d"]),
    (["--date", "2026-11-22"], "brief-2026-11-22", []),
])
def test_seed_windows(seeds_dir, tmp_path, args, stem, ids):
    proc = briefing("run", "--input", seeds_dir, "--out", "out", *args, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    brief = json.loads((tmp_path / "out" / f"{stem}.json").read_text(encoding="utf-8"))
    assert [a["id"] for a in brief["articles"]] == ids
    record = run_record(tmp_path / "out")
    assert (record["outcome"], record["exit_code"], record["articles"]) == ("ok" if ids else "empty", 0, ids)


@pytest.mark.parametrize("args, code, outcome", [
    (["--date", "2026-11-22", "--fail-if-empty"], 3, "empty"),
    (["--date", "2023-09-20", "--fail-if-empty"], 0, "ok"),
])
def test_fail_if_empty_writes_the_short_brief_then_exits_3(seeds_dir, tmp_path, args, code, outcome):
    proc = briefing("run", "--input", seeds_dir, "--out", "out", *args, cwd=tmp_path)
    assert proc.returncode == code, proc.stderr
    stem = f"brief-{args[1]}"
    assert {f"{stem}.html", f"{stem}.json", f"{stem}.pdf"} <= set(brief_files(tmp_path / "out"))
    warnings = [line.split(" ", 2)[2] for line in proc.stderr.splitlines() if " WARNING " in line]
    assert warnings == ([f"no articles published in {args[1]}..{args[1]}: wrote the no-new-reporting brief; "
                         "exit 3 (--fail-if-empty)"] if code else [])
    assert (run_record(tmp_path / "out")["outcome"], run_record(tmp_path / "out")["exit_code"]) == (outcome, code)


def test_quiet_run_prints_nothing(seeds_dir, tmp_path):
    proc = briefing("run", "-q", "--input", seeds_dir, "--out", "out", "--date", "2023-09-20", cwd=tmp_path)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")
    assert run_record(tmp_path / "out")["outcome"] == "ok"


def test_json_log_lines(seeds_dir, tmp_path):
    proc = briefing("run", "--log-format", "json", "--input", seeds_dir, "--out", "out", "--date", "2023-09-20",
                    cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    entries = [json.loads(line) for line in proc.stderr.splitlines()]
    assert {tuple(sorted(e)[:4]) for e in entries if "stage" not in e and "event" not in e} == {
        ("level", "logger", "message", "time")}
    assert all(dt.datetime.fromisoformat(e["time"]).tzinfo is not None for e in entries)
    stages = [(e["stage"], e["event"]) for e in entries if "stage" in e]
    assert stages == [(s, ev) for s in ("ingest", "chunk", "draft", "structure", "verify", "render") for ev in ("start", "end")]
    ends = [e for e in entries if e.get("event") == "end"]
    assert [e["seconds"] for e in ends] == [run_record(tmp_path / "out")["timings"][e["stage"]] for e in ends]


def test_json_log_errors_are_json_too(seeds_dir, tmp_path):
    proc = briefing("run", "--log-format", "json", "--input", "nowhere", "--out", "out", cwd=tmp_path)
    assert proc.returncode == 2
    last = json.loads(proc.stderr.splitlines()[-1])
    assert (last["level"], last["message"]) == (
        "error", "briefing: error: input folder not found: nowhere (pass --input DIR)")
    events = [(e["level"], e.get("stage"), e.get("event")) for e in map(json.loads, proc.stderr.splitlines()[:-1])]
    assert events == [("info", None, "lock"), ("info", "ingest", "start"), ("info", "ingest", "fail"),
                      ("info", None, "record")]
    assert run_record(tmp_path / "out")["outcome"] == "failed"


def test_verbose_adds_debug_lines(seeds_dir, tmp_path):
    proc = briefing("run", "-v", "--input", seeds_dir, "--out", "out", "--date", "2023-09-20", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    debug = [line.split(" ", 2)[2] for line in proc.stderr.splitlines() if " DEBUG " in line]
    assert len(debug) == 1 and debug[0].startswith("settings: {")
    assert json.loads(debug[0].removeprefix("settings: ")) == run_record(tmp_path / "out")["config"]


def strip_ansi(text: str) -> str:
    """Terminal output without colour and cursor control sequences."""
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)


def test_progress_on_a_terminal(seeds_dir, tmp_path):
    import pty

    main_fd, term_fd = pty.openpty()
    proc = subprocess.Popen([str(BRIEFING), "run", "--input", str(seeds_dir), "--out", "out", "--date", "2023-09-20"],
                            cwd=tmp_path, env={**CLEAN_ENV, "COLUMNS": "100"}, stdout=subprocess.PIPE, stderr=term_fd)
    os.close(term_fd)
    chunks = []
    while True:
        try:
            data = os.read(main_fd, 4096)
        except OSError:  # EIO: the terminal's last writer is gone
            break
        if not data:
            break
        chunks.append(data)
    os.close(main_fd)
    assert proc.wait(timeout=120) == 0
    screen = strip_ansi(b"".join(chunks).decode())
    for stage in ("ingest", "chunk", "draft", "structure", "verify", "render"):
        assert re.search(rf"✓ {stage} +\d+:\d\d:\d\d", screen), screen
    assert not any(LOG_LINE.match(line) for line in screen.splitlines())  # no plain log lines on a terminal
    assert proc.stdout.read().decode().startswith("1 articles in 2023-09-20..2023-09-20")


# --- briefing config ------------------------------------------------------------------------------

def test_config_prints_the_effective_settings_as_toml(runner, tmp_path):
    (tmp_path / "briefing.toml").write_text('[briefing]\nmodel = "from-file"\nrpm = 30\n', encoding="utf-8")
    result = runner.invoke(main, ["config", "--date", "2023-09-20", "--days", "2", "--tz", "Asia/Jakarta",
                                  "--fail-if-empty"], prog_name="briefing",
                           env={"OPENAI_API_KEY": FAKE_KEY, "BRIEFING_ENGINE": "extractive",
                                "OPENAI_BASE_URL": "https://user:pw@example.test/v1?token=t"})
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "[briefing]", 'input = "seeds"', 'out = "out"', 'engine = "extractive"', 'language = "auto"',
        'from = "2023-09-19"', 'to = "2023-09-20"', 'tz = "Asia/Jakarta"', "include_undated = false",
        "fail_if_empty = true", "lock_timeout = 600.0", 'base_url = "https://***@example.test/v1?***"',
        'model = "from-file"', '# api_key = "***"  (read from OPENAI_API_KEY only)', "concurrency = 4", "rpm = 30",
        "timeout = 60.0", "max_attempts = 5", "# max_tokens_per_run = (not set)", "no_cache = false", "# judge = (not set)",
        'classification = ""', "max_bytes = 5000000", "max_articles = 1000", "max_chunks = 4000"]
    assert FAKE_KEY not in result.stdout + result.stderr


def test_config_toml_works_as_a_config_file(runner, tmp_path):
    first = runner.invoke(main, ["config", "--from", "2023-01-01", "--to", "2023-01-31", "--engine", "extractive",
                                 "--lock-timeout", "30", "--no-cache", "--max-tokens-per-run", "9000"],
                          prog_name="briefing")
    (tmp_path / "briefing.toml").write_text(first.stdout, encoding="utf-8")
    as_json = runner.invoke(main, ["config", "--format", "json"], prog_name="briefing")
    assert json.loads(as_json.stdout) == {
        "input": "seeds", "out": "out", "engine": "extractive", "language": "auto", "from": "2023-01-01",
        "to": "2023-01-31", "tz": json.loads(as_json.stdout)["tz"], "include_undated": False,
        "fail_if_empty": False, "lock_timeout": 30.0, "base_url": None, "model": "gpt-4o-mini", "api_key": None,
        "concurrency": 4, "rpm": None, "timeout": 60.0, "max_attempts": 5, "max_tokens_per_run": 9000,
        "no_cache": True, "judge": None, "classification": "", "max_bytes": 5000000, "max_articles": 1000, "max_chunks": 4000}


def test_config_json_redacts_the_key(runner):
    result = runner.invoke(main, ["config", "--format", "json"], prog_name="briefing", env={"OPENAI_API_KEY": FAKE_KEY})
    assert json.loads(result.stdout)["api_key"] == "***"
    assert FAKE_KEY not in result.stdout


@pytest.mark.parametrize("args, fragment", [
    (["config", "--tz", "Mars/Olympus"], "unknown --tz 'Mars/Olympus': use an IANA zone name such as Asia/Jakarta"),
    (["run", "--tz", "Mars/Olympus"], "unknown --tz 'Mars/Olympus'"),
    (["config", "--lock-timeout", "-1"], "invalid --lock-timeout -1.0: use 0 or more"),
])
def test_bad_new_settings_exit_2(runner, args, fragment):
    result = runner.invoke(main, args, prog_name="briefing")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, fragment)


def test_tz_decides_what_today_is(runner):
    from zoneinfo import ZoneInfo

    # 25 hours apart: these two zones never share a calendar date.
    days = {}
    for zone_name in ("Pacific/Kiritimati", "Pacific/Niue"):
        before = dt.datetime.now(ZoneInfo(zone_name)).date().isoformat()
        result = runner.invoke(main, ["config", "--format", "json", "--tz", zone_name], prog_name="briefing")
        after = dt.datetime.now(ZoneInfo(zone_name)).date().isoformat()
        days[zone_name] = json.loads(result.stdout)["to"]
        assert days[zone_name] in (before, after)
    assert days["Pacific/Kiritimati"] > days["Pacific/Niue"]


# --- determinism -----------------------------------------------------------------------------------

def without_generated_at(out: Path, stem: str) -> tuple[dict, str, str]:
    """JSON, HTML and PDF text of a brief with its generation time taken out."""
    brief = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
    stamp = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d[^\"<\n]*")  # dates alone (content) do not match
    brief.pop("generated_at")
    html = stamp.sub("TIME", (out / f"{stem}.html").read_text(encoding="utf-8"))
    pdf = stamp.sub("TIME", "\n".join(p.extract_text() for p in pypdf.PdfReader(out / f"{stem}.pdf").pages))
    return brief, html, pdf


def test_two_runs_give_identical_content(seed_run, seeds_dir, tmp_path):
    proc = briefing("run", "--input", seeds_dir, "--out", "again", "--from", "2020-01-01", "--to", "2023-12-31",
                    cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    first, second = without_generated_at(seed_run.out, STEM), without_generated_at(tmp_path / "again", STEM)
    assert first == second
    assert "TIME" in first[1]  # the generation time was there, and is the only difference
    assert run_record(seed_run.out)["inputs"] == run_record(tmp_path / "again")["inputs"]


def test_two_llm_runs_give_identical_content(tmp_path):
    from fake_openai import FakeOpenAI

    briefs = []
    for name in ("a", "b"):
        with FakeOpenAI() as fake:
            proc = briefing_llm("--out", tmp_path / name, cwd=tmp_path, base_url=fake.base_url)
        assert proc.returncode == 0, proc.stderr
        briefs.append(without_generated_at(tmp_path / name, STEM))
    assert briefs[0] == briefs[1]
    assert briefs[0][0]["usage"]["total"]["cached"] == 0  # both were answered by the model, not the cache


# --- README: running every morning ---------------------------------------------------------------

def readme_blocks(language: str) -> list[str]:
    """The fenced blocks of one language in the README's 'Running every morning' section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Running every morning\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"```{language}\n(.*?)```", section, flags=re.S)


CRON_FIELD = re.compile(r"^(\*|\d+(-\d+)?)(/\d+)?(,(\*|\d+(-\d+)?)(/\d+)?)*$")


def crontab_entry() -> tuple[list[str], str]:
    """The README's one crontab entry: its five time fields and its command."""
    (block,) = readme_blocks("crontab")
    (line,) = [line for line in block.splitlines() if line.strip() and not line.startswith("#")]
    fields = line.split(None, 5)
    return fields[:5], fields[5]


def test_readme_crontab_line_parses():
    fields, command = crontab_entry()
    ranges = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]
    for value, (low, high) in zip(fields, ranges):
        assert CRON_FIELD.match(value), value
        assert all(low <= int(n) <= high for n in re.findall(r"\d+", value.split("/")[0])), value
    assert "%" not in command  # cron turns % into a newline
    cd, briefing_command = command.split(" && ")
    assert cd == "cd /srv/briefing"
    args = briefing_command.split()
    assert args[:2] == [".venv/bin/briefing", "run"]
    help_text = CliRunner().invoke(main, ["run", "--help"], prog_name="briefing").stdout
    assert [a for a in args[2:] if a.startswith("-") and a not in help_text] == []


@pytest.mark.parametrize("day, code, ids", [
    ("2023-09-20", 0, ["001_4bdb7abb272d927f"]),
    ("2026-11-22", 3, []),
])
def test_readme_crontab_command_works(seeds_dir, tmp_path, day, code, ids):
    _, command = crontab_entry()
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "briefing").symlink_to(BRIEFING)
    (tmp_path / "news").symlink_to(seeds_dir)
    # As cron runs it: /bin/sh, a bare PATH, the day pinned through the environment.
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "SHELL": "/bin/sh", "BRIEFING_DATE": day}
    proc = subprocess.run(["/bin/sh", "-c", command.replace("/srv/briefing", str(tmp_path))], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == code, proc.stderr
    brief = json.loads((tmp_path / "briefs" / f"brief-{day}.json").read_text(encoding="utf-8"))
    assert [a["id"] for a in brief["articles"]] == ids
    assert proc.stdout == ""
    assert proc.stderr == ("" if code == 0 else proc.stderr.splitlines()[0] + "\n")  # a quiet day mails one line
    assert (run_record(tmp_path / "briefs")["exit_code"], run_record(tmp_path / "briefs")["config"]["tz"]) == (
        code, "Asia/Jakarta")


def test_readme_systemd_units_verify(tmp_path):
    import configparser

    units = {}
    for block in readme_blocks("ini"):
        name = Path(block.splitlines()[0].removeprefix("# ")).name
        units[name] = block
        parser = configparser.ConfigParser(strict=True, interpolation=None)
        parser.read_string(block)
    assert sorted(units) == ["briefing.service", "briefing.timer"]
    service = configparser.ConfigParser(interpolation=None)
    service.read_string(units["briefing.service"])
    exec_start = service["Service"]["ExecStart"].split()
    assert (service["Service"]["Type"], exec_start[1]) == ("oneshot", "run")
    assert exec_start[2:] == crontab_entry()[1].split()[6:]  # the same run as the crontab after "run -q"
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    # systemd checks that ExecStart exists: point it at the real program for the check.
    (tmp_path / "briefing.service").write_text(units["briefing.service"].replace(
        "/srv/briefing/.venv/bin/briefing", str(BRIEFING)).replace("/srv/briefing", str(tmp_path))
        .replace("User=briefing", "User=root"), encoding="utf-8")
    (tmp_path / "briefing.timer").write_text(units["briefing.timer"], encoding="utf-8")
    proc = subprocess.run(["systemd-analyze", "verify", "briefing.service", "briefing.timer"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert (proc.returncode, proc.stderr) == (0, "")


# --- the structured brief (sections, corroboration, changes, languages) ---------------------------

SEED_FIGURES = {("deaths", 6500.0): ["002_6abafbfe21ef9124", "004_1825697cf85d7d4d"],
                ("peacekeepers", 2000.0): ["000_7886f0821ccbc2f6", "004_1825697cf85d7d4d"]}


def test_seed_brief_has_every_section_in_order(seed_run):
    assert [s["key"] for s in seed_run.brief["sections"]] == [
        "bluf", "developments", "timeline", "actors", "figures", "outlook"]


def test_seed_figures_are_corroborated_by_two_articles(seed_run):
    figures = next(s for s in seed_run.brief["sections"] if s["key"] == "figures")["sentences"]
    found = {(f["figure"]["kind"], f["figure"]["value"]): f.get("corroborated_by") for f in figures}
    for key, articles in SEED_FIGURES.items():
        assert found[key] == articles
        sentence = next(f for f in figures if (f["figure"]["kind"], f["figure"]["value"]) == key)
        assert [c["article"] for c in sentence["citations"]] == articles  # one citation per agreeing article
    text = squash("\n".join(seed_run.pdf_pages))
    assert "✔ 2" in text and "dikuatkan oleh n artikel independen" in text


def test_timeline_is_chronological_with_dates(seed_run):
    timeline = next(s for s in seed_run.brief["sections"] if s["key"] == "timeline")["sentences"]
    dates = [s["date"] for s in timeline]
    assert dates == sorted(dates) and len(dates) >= 5
    assert {s["date_basis"] for s in timeline} <= {"event", "article"}


def test_no_blank_page(seed_run):
    assert [bool(page.strip()) for page in seed_run.pdf_pages] == [True] * len(seed_run.pdf_pages)


def test_markdown_version_has_the_same_sections(seed_run):
    md = (seed_run.out / f"{STEM}.md").read_text(encoding="utf-8")
    headings = [line[3:] for line in md.splitlines() if line.startswith("## ")]
    assert headings == [s["title"] for s in seed_run.brief["sections"]] + [
        "Verifikasi Kutipan", "Lampiran: Sumber dan Kutipan"]


@pytest.fixture(scope="module")
def english_run(tmp_path_factory, seeds_dir):
    """The seed brief with English headings and a classification line."""
    cwd = tmp_path_factory.mktemp("en")
    proc = briefing("run", "--input", seeds_dir, "--out", cwd / "out", "--from", "2020-01-01", "--to", "2023-12-31",
                    "--language", "en", "--classification", "UNCLASSIFIED // FOR INTERNAL USE", cwd=cwd)
    assert proc.returncode == 0, proc.stderr
    pdf = pypdf.PdfReader(cwd / "out" / f"{STEM}.pdf")
    return json.loads((cwd / "out" / f"{STEM}.json").read_text(encoding="utf-8")), pdf


def test_english_headings_dates_and_page_numbers(english_run):
    brief, pdf = english_run
    assert brief["language"] == "en"
    assert [s["title"] for s in brief["sections"]] == [
        "Bottom Line Up Front", "Key Developments", "Timeline", "Actors", "Key Figures", "What to Watch"]
    pages = [page.extract_text() for page in pdf.pages]
    text = squash("\n".join(pages))
    assert "Sunday, 31 December 2023" in text
    assert "6,500" in text and "2,000" in text  # English number format in the figures table
    assert pages[0].splitlines()[-1].endswith(f"Page 1 of {len(pages)}")
    top = [item["/Title"] for item in pdf.outline if not isinstance(item, list)]
    assert top[1:] == [s["title"] for s in brief["sections"]] + ["Citation Verification", "Appendix: Sources and Quotes"]


def test_classification_line_on_every_page(english_run):
    brief, pdf = english_run
    assert brief["classification"] == "UNCLASSIFIED // FOR INTERNAL USE"
    assert all("UNCLASSIFIED // FOR INTERNAL USE" in page.extract_text() for page in pdf.pages)


def test_second_run_with_a_new_article_has_a_changes_section(seeds_dir, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(seeds_dir, folder)
    out = tmp_path / "out"
    first = briefing("run", "--input", folder, "--out", out, "--from", "2020-01-01", "--to", "2023-12-31", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    (folder / "005_baru.md").write_text(
        "---\ntitle: Armenia dan Azerbaijan sepakat lanjutkan perundingan\npublished: 2023-09-21\n---\n"
        "Armenia dan Azerbaijan sepakat melanjutkan perundingan damai di Brussel pekan depan, kata juru bicara "
        "Uni Eropa pada Kamis.\n\nPerdana Menteri Armenia Nikol Pashinyan mengatakan negaranya siap menandatangani "
        "perjanjian damai sebelum akhir tahun ini.\n", encoding="utf-8")
    second = briefing("run", "--input", folder, "--out", out, "--from", "2020-01-01", "--to", "2023-12-31", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    brief = json.loads((out / f"{STEM}.json").read_text(encoding="utf-8"))
    assert brief["sections"][-1]["key"] == "changes"
    new = [s for s in brief["sections"][-1]["sentences"] if s["change"] == "new_article"]
    assert [(s["article"], s["title"]) for s in new] == [
        ("005_baru", "Armenia dan Azerbaijan sepakat lanjutkan perundingan")]
    assert brief["previous"]["path"] == str(out / f"{STEM}.json")
    text = squash(" ".join(p.extract_text() for p in pypdf.PdfReader(out / f"{STEM}.pdf").pages))
    assert "Perubahan Sejak Ringkasan Sebelumnya" in text
    assert "BARU Armenia dan Azerbaijan sepakat lanjutkan perundingan" in text
