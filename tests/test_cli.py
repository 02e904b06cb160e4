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

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
BRIEFING = VENV_BIN / "briefing" if (VENV_BIN / "briefing").exists() else Path(sys.executable).parent / "briefing"
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
# Settings a developer's shell may carry; the tests pin every one of them by flags instead.
CLEAN_ENV = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFING_", "OPENAI_"))}


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


def assert_one_line_error(stderr: str, fragment: str) -> None:
    """A single `briefing: error: …` line that says what went wrong."""
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("briefing: error: ")
    assert fragment in lines[0]


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

def test_run_reports_and_writes_exactly_three_files(seed_run):
    b, v = seed_run.brief, seed_run.brief["verification"]
    assert sorted(p.name for p in seed_run.out.iterdir()) == [f"{STEM}.html", f"{STEM}.json", f"{STEM}.pdf"]
    assert seed_run.proc.stdout.splitlines() == [
        f"{len(b['articles'])} articles in 2020-01-01..2023-12-31, {len(b['skipped'])} skipped; "
        f"{v['supported']} of {v['checked']} sentences verified, {v['dropped']} dropped",
        f"wrote {seed_run.out / STEM}.json", f"wrote {seed_run.out / STEM}.html", f"wrote {seed_run.out / STEM}.pdf",
    ]
    assert seed_run.proc.stderr == ""


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
            rows.append({"section": section["key"], "index": index, "text": s["text"],
                         "verdict": "unsupported" if is_bad else "supported", "reasons": [reason] if is_bad else []})
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
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    result = runner.invoke(main, ["run", "--input", str(seeds_dir), "--out", str(out), *args], prog_name="briefing")
    assert result.exit_code == 2
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


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
    assert sorted(p.name for p in out.iterdir()) == ["brief-2026-11-22.html", "brief-2026-11-22.json",
                                                     "brief-2026-11-22.pdf"]
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
        third = briefing_llm("--out", cwd / "out", "--no-cache", cwd=cwd, base_url=fake.base_url)
        calls_after_third = len(fake.history)
    return {"cwd": cwd, "procs": (first, second, third), "briefs": (brief1, brief2),
            "calls": (calls_after_first, calls_after_second, calls_after_third)}


def test_llm_run_writes_a_verified_cited_brief(llm_runs, brief_schema, seed_articles):
    first = llm_runs["procs"][0]
    assert first.returncode == 0, first.stderr
    brief = llm_runs["briefs"][0]
    jsonschema.validate(brief, brief_schema)
    assert (brief["engine"], brief["model"]) == ("llm", "fake-model")
    assert [s["key"] for s in brief["sections"]] == ["bluf", "developments"]
    assert len(sentences(brief)) == 14
    assert len({c["article"] for s in sentences(brief) for c in s["citations"]}) >= 4
    for s in sentences(brief):
        for c in s["citations"]:
            assert seed_articles[c["article"]].text[c["start"]:c["end"]] == c["quote"]
    assert set(brief["prompts"]) == {"map", "reduce", "repair"}
    assert brief["prompts"]["map"]["version"] == "map/1"
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
    files = [p for p in (llm_runs["cwd"] / "out").rglob("*") if p.is_file()]
    assert len(files) >= 4  # pdf, html, json, cache
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
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with FakeOpenAI(responder=lambda request: error(status, f"Incorrect API key provided: {FAKE_KEY}")) as fake:
        proc = briefing_llm("--out", out, cwd=tmp_path, base_url=fake.base_url)
    assert proc.returncode == 1
    assert_one_line_error(proc.stderr, fragment)
    assert FAKE_KEY not in proc.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_unreachable_host_fails_within_the_retry_budget(seed_run, tmp_path):
    from briefing.local_server import free_port

    out = tmp_path / "out"
    shutil.copytree(seed_run.out, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    proc = briefing_llm("--out", out, "--max-attempts", "2", "--timeout", "2", cwd=tmp_path,
                        base_url=f"http://127.0.0.1:{free_port()}/v1")
    assert proc.returncode == 1
    assert_one_line_error(proc.stderr, "the LLM endpoint failed for all 13 chunks (map: gave up after 2 attempts: "
                                       "Connection error.): check --base-url / OPENAI_BASE_URL")
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
