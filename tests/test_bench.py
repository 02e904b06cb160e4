"""The benchmark harness (bench/): ROUGE, the three selectors, the scaled inputs, and a whole run on tiny inputs.

No timing is asserted here: speed targets are what `make bench` reports, not what tests check.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `bench` is a folder of the repo, not an installed package

from bench import rouge, selection  # noqa: E402
from bench.harness import ROWS_PER_FILE, date_range, load_rows, run_cli, scaled, write_input  # noqa: E402
from bench.run import Config, bench_rouge, main, prepare  # noqa: E402
from briefing.ingest import ingest  # noqa: E402

REQUIRED = ("verifier_throughput", "verifier_vs_rapidfuzz", "offline_750_seconds", "offline_750_rss_mb",
            "offline_7500_ratio", "llm_tokens_ratio", "llm_concurrency_8_ratio", "llm_rerun_calls", "rouge_vs_lead3",
            "rouge_vs_lexrank", "render_20_pages_seconds", "lexicon_load_seconds", "lexicon_rss_mb")


@pytest.mark.parametrize(("candidate", "reference", "expected"), [
    ("the cat sat", "The cat sat.", (1.0, 1.0, 1.0)),
    ("a b c d", "a b e d", (0.75, 1 / 3, 0.75)),
    ("the the the", "the cat", (0.4, 0.0, 0.4)),
    ("", "a b", (0.0, 0.0, 0.0)),
    ("x y", "a b", (0.0, 0.0, 0.0)),
])
def test_rouge_scores(candidate, reference, expected):
    got = rouge.score(candidate, reference)
    assert (got.rouge1, got.rouge2, got.rougeL) == pytest.approx(expected)


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("a b c d".split(), "a c d".split(), 3),
    ("a b c".split(), "c b a".split(), 1),
    ([], "a".split(), 0),
    ("x a y b z".split(), "a b".split(), 2),
])
def test_lcs_length(a, b, expected):
    assert rouge.lcs_length(a, b) == expected


def test_rouge_tokens_are_lower_case_words():
    assert rouge.tokens("Kata-kata, DAN 2.000 orang_baru!") == ["kata", "kata", "dan", "2", "000", "orang", "baru"]


def test_rouge_average_is_the_macro_mean():
    got = rouge.average([rouge.Scores(1.0, 0.5, 0.0), rouge.Scores(0.0, 0.5, 1.0)])
    assert (got.rouge1, got.rouge2, got.rougeL, got.mean) == (0.5, 0.5, 0.5, 0.5)


@pytest.fixture(scope="module")
def sample_articles(indosum_sample, tmp_path_factory):
    return ingest(write_input(load_rows(indosum_sample, 3), tmp_path_factory.mktemp("sample"))).articles


@pytest.mark.parametrize("pick", [selection.lead, selection.engine, selection.lexrank])
def test_selectors_pick_three_sentences_of_the_article_in_order(pick, sample_articles, monkeypatch):
    import nltk

    def refused(*args, **kwargs):
        raise RuntimeError("NLTK must not be used: its data would have to be downloaded")
    for name in ("word_tokenize", "sent_tokenize", "download"):
        monkeypatch.setattr(nltk, name, refused)
    article = sample_articles[0]
    sentences = selection.sentences(article)
    picked = pick(article, 3)
    assert len(picked) == 3
    positions = [sentences.index(s) for s in picked]
    assert positions == sorted(positions)
    if pick is selection.lead:
        assert picked == sentences[:3]


def write_rows(path: Path, ids: list[str]) -> Path:
    """A JSONL file of minimal rows with these ids."""
    path.write_text("".join(json.dumps({"id": i, "text": "x"}) + "\n" for i in ids), encoding="utf-8")
    return path


@pytest.mark.parametrize(("shared_rows", "expected"), [
    (200, {"s0", "s1"} | {f"d{i}" for i in range(selection.TUNING_ARTICLES)}),  # the first 150 of the dev file
    (20, {"s0", "s1"} | {f"d{i}" for i in range(20)}),
    (None, {"s0", "s1"}),                                                        # no dev file: the sample alone
])
def test_tuning_split_is_the_sample_and_the_first_150_dev_articles(tmp_path, shared_rows, expected):
    sample = write_rows(tmp_path / "sample.jsonl", ["s0", "s1"])
    shared = tmp_path / "dev.jsonl"
    if shared_rows is not None:
        write_rows(shared, [f"d{i}" for i in range(shared_rows)])
    assert selection.TUNING_ARTICLES == 150
    assert selection.tuning_ids(shared, sample) == expected


@pytest.fixture
def rouge_context(indosum_sample, tmp_path):
    return prepare(Config(data=indosum_sample, limit=3), tmp_path)


def test_rouge_rows_are_measured_on_held_out_articles_only(rouge_context, monkeypatch):
    ctx = rouge_context
    monkeypatch.setattr(selection, "tuning_ids", lambda: {ctx.articles[0].id})
    results = bench_rouge(ctx)
    held = selection.rouge_means(ctx.articles[1:], ctx.summaries)
    tuned = selection.rouge_means(ctx.articles[:1], ctx.summaries)
    assert results["rouge_vs_lead3"].value == pytest.approx(held["engine"].mean)
    assert results["rouge_vs_lead3"].baseline == pytest.approx(held["lead3"].mean)
    assert results["rouge_2_vs_lexrank"].baseline == pytest.approx(held["lexrank"].rouge2)
    assert results["rouge_vs_lead3"].unit == "mean ROUGE-1/2/L F1, held-out"
    held_label = ("ROUGE F1 (3 sentences each) over 2 held-out articles (the first 150 of indosum-dev01.jsonl set "
                  "the engine's weights and are left out)")
    assert [n.split(":")[0] for n in ctx.notes] == [
        held_label, "ROUGE F1 (3 sentences each) over the 1 tuning articles (for comparison only)"]
    assert f"engine R1 {tuned['engine'].rouge1:.3f} " in ctx.notes[1]


def test_rouge_on_the_sample_uses_every_article_and_says_they_are_not_held_out(rouge_context):
    ctx = rouge_context
    results = bench_rouge(ctx)
    every = selection.rouge_means(ctx.articles, ctx.summaries)
    assert results["rouge_vs_lexrank"].value == pytest.approx(every["engine"].mean)
    assert results["rouge_l_vs_lead3"].unit == "ROUGE-L F1, tuning split"
    assert len(ctx.notes) == 1
    assert ctx.notes[0].startswith("ROUGE F1 (3 sentences each) over all 3 articles, every one in the tuning split "
                                   "(the first 150 of indosum-dev01.jsonl set the engine's weights): not held-out "
                                   "numbers: engine R1 ")


def test_word_tokenizer_speaks_sumys_interface():
    tokenizer = selection.WordTokenizer()
    assert tokenizer.to_words("Presiden Joko Widodo, kemarin.") == ("presiden", "joko", "widodo", "kemarin")
    assert tokenizer.to_sentences("Satu dua tiga empat. Lima enam tujuh.") == ("Satu dua tiga empat.",
                                                                                 "Lima enam tujuh.")


def test_scaled_copies_are_distinct_and_in_the_past(indosum_sample):
    rows = load_rows(indosum_sample, 4)
    first, last = date_range(rows)
    span = (last - first).days + 1
    many = scaled(rows, 3)
    assert many[:4] == rows
    assert len({r["id"] for r in many}) == 12
    assert [r["id"] for r in many[4:6]] == [f"{rows[0]['id']}~1", f"{rows[1]['id']}~1"]
    shifts = [(dt.date.fromisoformat(r["published"]) - dt.date.fromisoformat(rows[i % 4]["published"])).days
              for i, r in enumerate(many)]
    assert shifts == [0] * 4 + [-span] * 4 + [-2 * span] * 4
    mine = [line for line in rows[0]["text"].splitlines() if line.strip()]
    assert many[4]["text"].startswith(mine[0])
    assert len({r["text"] for r in many}) == 12


def test_write_input_splits_into_files_ingest_accepts(tmp_path, indosum_sample):
    rows = scaled(load_rows(indosum_sample), (ROWS_PER_FILE // 40) + 1)
    folder = write_input(rows, tmp_path / "in")
    files = sorted(folder.glob("*.jsonl"))
    assert len(files) == -(-len(rows) // ROWS_PER_FILE)
    assert sum(len(f.read_text().splitlines()) for f in files) == len(rows)


def test_run_cli_reports_the_childs_exit_code_and_memory(tmp_path):
    run = run_cli(["articles", "--input", str(tmp_path / "missing")], tmp_path)
    assert run.returncode == 2
    assert "missing" in run.stderr
    assert run.rss_mb > 10


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench") / "results.json"
    assert main(["--quick", "--out", str(out)]) == 0
    return json.loads(out.read_text())


def check_shape(results: dict) -> None:
    assert set(REQUIRED) <= set(results)
    for name, row in results.items():
        assert set(row) == {"value", "unit", "baseline", "target", "ok"}, name
        assert isinstance(row["value"], (int, float)) and isinstance(row["unit"], str) and row["unit"], name
        assert row["baseline"] is None or isinstance(row["baseline"], (int, float)), name
        assert row["target"] is None or isinstance(row["target"], (int, float)), name
        assert isinstance(row["ok"], bool), name


def test_quick_run_writes_every_result_in_shape(quick_run):
    check_shape(quick_run)
    assert quick_run["bench_articles"]["value"] == 6
    assert quick_run["llm_rerun_calls"] == {"value": 0, "unit": "calls", "baseline": None, "target": 0, "ok": True}
    assert quick_run["render_pages"]["value"] >= 2
    assert {"llm_concurrency_1_ratio", "llm_concurrency_8_ratio"} <= set(quick_run)


def test_quick_run_rouge_rows_compare_the_same_engine_with_both_baselines(quick_run):
    engine = quick_run["rouge_vs_lead3"]["value"]
    assert 0 < engine <= 1 and engine == quick_run["rouge_vs_lexrank"]["value"]
    for name in ("rouge_vs_lead3", "rouge_vs_lexrank"):
        row = quick_run[name]
        assert row["target"] == row["baseline"] and row["ok"] == (row["value"] > row["baseline"])


def test_quick_run_ok_follows_the_targets(quick_run):
    for name in ("offline_750_seconds", "offline_750_rss_mb", "llm_tokens_ratio", "verifier_vs_rapidfuzz"):
        row = quick_run[name]
        assert row["ok"] == (row["value"] <= row["target"]), name
    row = quick_run["verifier_throughput"]
    assert row["ok"] == (row["value"] >= row["target"])


def test_committed_results_are_in_shape():
    check_shape(json.loads((ROOT / "bench" / "results.json").read_text()))
