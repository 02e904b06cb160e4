"""The LLM endpoint failing: 30% injected faults through a real proxy, fatal answers, the key kept secret.

Every run is the real `briefing` CLI against the scripted server (or, marked `local`, the real llama.cpp
server), with tests/fault_proxy.py in between.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pypdf
import pytest

from fake_openai import FakeOpenAI, error, scripted_model
from fault_proxy import KINDS, FaultProxy
from cli_env import BRIEFING, CLEAN_ENV

FAKE_KEY = "sk-FAULTS-fake-key-7f3a9c1e5b"
WINDOW = ("--from", "2016-01-01", "--to", "2023-12-31")  # the seeds and the IndoSum sample
STEM = "brief-2016-01-01_2023-12-31"
SEED_PREFIXES = ("000_", "001_", "002_", "003_", "004_")
TIMEOUT = 4.0  # --timeout; the proxy holds a "timeout" fault half a second longer


def briefing(*args, cwd: Path, extra_env: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """The installed `briefing` CLI with a recognisable API key in the environment."""
    env = {**CLEAN_ENV, "OPENAI_API_KEY": FAKE_KEY, **(extra_env or {})}
    return subprocess.run([str(BRIEFING), *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


def llm_run(corpus: Path, out: Path, base_url: str, *args, cwd: Path) -> subprocess.CompletedProcess:
    """`briefing run --engine llm` over `corpus` against `base_url`, quick to give up on a silent server."""
    return briefing("run", "--engine", "llm", "--input", corpus, "--out", out, "--base-url", base_url,
                    "--model", "fake-model", *WINDOW, "--timeout", TIMEOUT, "--max-attempts", "5",
                    "--concurrency", "8", *args, cwd=cwd)


def records(out: Path) -> list[dict]:
    """The run records of an output folder, oldest first."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((out / "runs").glob("*.json"))]


def brief_files(out: Path) -> dict[str, bytes]:
    """The brief files of an output folder, by name."""
    return {p.name: p.read_bytes() for p in sorted(out.glob("brief-*"))}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seeds_dir, indosum_sample) -> Path:
    """The five seeds and the 40 IndoSum articles in one folder: some 70 chunks, so some 30 faults at 30%."""
    folder = tmp_path_factory.mktemp("corpus") / "news"
    shutil.copytree(seeds_dir, folder)
    shutil.copy(indosum_sample, folder / indosum_sample.name)
    return folder


@pytest.fixture(scope="module")
def runs(tmp_path_factory, corpus):
    """The same run fault-free and at 30% faults (with -v), against one scripted server."""
    cwd = tmp_path_factory.mktemp("faults")
    with FakeOpenAI() as fake:
        clean = llm_run(corpus, cwd / "clean", fake.base_url, cwd=cwd)
        with FaultProxy(fake.base_url, rate=0.3, seed=7, hold=TIMEOUT + 0.5) as proxy:
            faulty = llm_run(corpus, cwd / "faulty", proxy.base_url, "-v", cwd=cwd)
    return {"cwd": cwd, "clean": clean, "faulty": faulty, "proxy": proxy,
            "briefs": [json.loads((cwd / name / f"{STEM}.json").read_text(encoding="utf-8"))
                       for name in ("clean", "faulty")]}


def test_run_completes_at_30_percent_faults_of_every_kind(runs):
    assert runs["clean"].returncode == 0, runs["clean"].stderr
    assert runs["faulty"].returncode == 0, runs["faulty"].stderr
    proxy = runs["proxy"]
    assert 0.2 <= proxy.faults / proxy.requests <= 0.4, (proxy.faults, proxy.requests)
    assert set(proxy.injected) == set(KINDS)
    assert min(proxy.injected.values()) >= 2


def test_every_fault_is_one_retry_in_the_run_record(runs):
    proxy = runs["proxy"]
    (record,) = records(runs["cwd"] / "faulty")
    by_stage = Counter(stage for stage, kind in proxy.log if kind is not None)
    assert record["retries"] == {"total": proxy.faults, "stages": {"map": by_stage["map"], "reduce": by_stage["reduce"]}}
    usage = record["usage"]
    assert (usage["total"]["retries"], usage["total"]["failures"]) == (proxy.faults, 0)
    assert runs["briefs"][1]["usage"] == usage
    assert f"(0 answered from cache, {proxy.faults} retries)" in runs["faulty"].stdout
    assert records(runs["cwd"] / "clean")[0]["retries"]["total"] == 0


def test_brief_under_faults_equals_the_fault_free_brief(runs):
    clean, faulty = runs["briefs"]
    assert len(clean["sections"][0]["sentences"]) == 4
    for key in ("articles", "skipped", "sections", "verification", "prompts"):
        assert faulty[key] == clean[key], key


def test_every_printed_sentence_passes_verify(runs, corpus):
    proc = briefing("verify", runs["cwd"] / "faulty" / f"{STEM}.json", "--input", corpus, "--json", cwd=runs["cwd"])
    assert proc.returncode == 0, proc.stdout
    report = json.loads(proc.stdout)
    assert (report["unsupported"], report["supported"]) == (0, sum(len(s["sentences"])
                                                                   for s in runs["briefs"][1]["sections"]))


# --- the key: sent in the Authorization header, written nowhere -----------------------------------

def output_texts(out: Path) -> dict[str, str]:
    """Every file of an output folder as text (the PDF's extracted text as well as its bytes)."""
    texts = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        texts[str(path)] = path.read_bytes().decode("latin-1")
        if path.suffix == ".pdf":
            texts[f"{path} (text)"] = "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    return texts


def test_key_goes_in_the_authorization_header_only(runs):
    proxy = runs["proxy"]
    assert {h["authorization"] for h in proxy.headers} == {f"Bearer {FAKE_KEY}"}
    out = runs["cwd"] / "faulty"
    texts = output_texts(out)
    kinds = {Path(name.split(" ")[0]).suffix for name in texts}
    assert {".json", ".html", ".pdf", ".md", ".sqlite", ".lock"} <= kinds  # brief, run record, cache, lock
    for secret in (FAKE_KEY, f"Bearer {FAKE_KEY}"):
        assert [name for name, text in texts.items() if secret in text] == []
        assert secret not in runs["faulty"].stdout + runs["faulty"].stderr
    assert " DEBUG settings: " in runs["faulty"].stderr  # -v was on: the debug lines were checked too


def echo_key(request: dict):
    """A server that puts the caller's key into its error message for every map request of an IndoSum article."""
    article = re.search(r'article="([^"]+)"', request["messages"][-1]["content"])
    if article and not article.group(1).startswith(SEED_PREFIXES):
        return error(500, f"Upstream rejected key {FAKE_KEY}; Authorization: Bearer {FAKE_KEY}")
    return scripted_model(request)


@pytest.mark.parametrize("log_format", ["plain", "json"])
def test_a_server_echoing_the_key_cannot_make_us_write_it(tmp_path, corpus, log_format):
    with FakeOpenAI(responder=echo_key) as fake:
        proc = llm_run(corpus, tmp_path / "out", fake.base_url, "-v", "--max-attempts", "1",
                       "--log-format", log_format, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    brief = json.loads((tmp_path / "out" / f"{STEM}.json").read_text(encoding="utf-8"))
    failed = [s for s in brief["skipped"] if "gave up after 1 attempts" in s["reason"]]
    assert len(failed) > 40  # every IndoSum chunk failed, with the server's message in the reason
    assert all("Upstream rejected key ***; Authorization: Bearer ***" in s["reason"] for s in failed)
    texts = output_texts(tmp_path / "out")
    assert [name for name, text in texts.items() if FAKE_KEY in text] == []
    assert FAKE_KEY not in proc.stdout + proc.stderr


# --- fatal answers: stop at once with one line naming the fix, the previous brief untouched -----

def key_revoked_after(ok: int, status: int):
    """A server that answers `ok` requests, then refuses every further one with `status`."""
    seen = Counter()

    def responder(request: dict):
        seen["n"] += 1
        if seen["n"] > ok:
            return error(status, f"refused; the key was {FAKE_KEY}")
        return scripted_model(request)
    return responder


@pytest.mark.parametrize("status, fix", [
    (401, "refused the API key (401): set a valid OPENAI_API_KEY"),
    (403, "denied access (403): check the key's permissions for model 'fake-model'"),
    (404, "model 'fake-model' not found at"),
])
def test_fatal_answer_mid_run_stops_with_one_line_and_keeps_the_previous_brief(runs, corpus, tmp_path, status, fix):
    out = tmp_path / "out"
    shutil.copytree(runs["cwd"] / "clean", out)
    before = brief_files(out)
    with FakeOpenAI(responder=key_revoked_after(5, status)) as fake:
        with FaultProxy(fake.base_url, rate=0.3, seed=11, hold=TIMEOUT + 0.5) as proxy:
            proc = llm_run(corpus, out, proxy.base_url, "--no-cache", cwd=tmp_path)
        refused = len(fake.history) - 5
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert lines[-1].startswith("briefing: error: ") and fix in lines[-1], proc.stderr
    assert [line for line in lines if line.startswith("Traceback")] == []
    assert 1 <= refused <= 8  # no retries: only the requests already in flight (--concurrency 8) were refused
    assert brief_files(out) == before
    record = records(out)[-1]
    assert (record["outcome"], record["exit_code"], fix in record["error"]) == ("failed", 1, True)
    assert FAKE_KEY not in proc.stderr + json.dumps(record)


# --- the real llama.cpp server behind the proxy ---------------------------------------------------

@pytest.mark.local
def test_llama_cpp_behind_the_fault_proxy(tmp_path, seeds_dir):
    from briefing.local_server import MODEL_NAME, llama_server

    # The model is slow on a CPU: a generous --timeout, and no "timeout" faults (each would cost all of it). The
    # day has a handful of requests: the first two fault whatever the draw.
    kinds = tuple(k for k in KINDS if k != "timeout")
    with llama_server() as base_url, FaultProxy(base_url, rate=0.3, seed=3, kinds=kinds, min_faults=2) as proxy:
        proc = briefing("run", "--engine", "llm", "--input", seeds_dir, "--out", tmp_path / "out", "--date",
                        "2023-09-20", "--base-url", proxy.base_url, "--model", MODEL_NAME, "--timeout", "600",
                        "--max-attempts", "5", "--concurrency", "1", cwd=tmp_path, timeout=3600)
    assert proc.returncode == 0, proc.stderr
    (record,) = records(tmp_path / "out")
    assert proxy.faults >= 2, proxy.log
    usage = record["usage"]["total"]
    assert record["retries"]["total"] == usage["retries"] >= proxy.faults - usage["failures"]
    path = tmp_path / "out" / "brief-2023-09-20.json"
    verify = briefing("verify", path, "--input", seeds_dir, "--json", cwd=tmp_path)
    assert verify.returncode == 0, verify.stdout
    assert json.loads(verify.stdout)["unsupported"] == 0
