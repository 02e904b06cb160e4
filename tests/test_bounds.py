"""Limits on what a run takes in: future dates, --max-articles, --max-chunks, --max-bytes, and their settings."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from briefing.bounds import cap_articles, cap_chunks, newest_first, not_in_future
from briefing.chunking import chunk_articles
from briefing.config import resolve
from briefing.errors import ConfigError
from briefing.model import Article, Skipped
from cli_env import BRIEFING, CLEAN_ENV

D = dt.date
SENTENCE = "Pasukan perdamaian tiba di perbatasan pada pagi hari setelah perundingan panjang di ibu kota. "


def article(article_id: str, published: dt.date | None, paragraphs: int = 1) -> Article:
    text = "\n\n".join([SENTENCE.strip()] * paragraphs)
    return Article(article_id, text, f"{article_id}.txt", "id", published=published)


@pytest.mark.parametrize("published, kept", [
    (D(2024, 5, 1), True), (D(2024, 5, 2), True), (D(2024, 5, 3), False), (D(2099, 1, 1), False), (None, True)])
def test_articles_dated_after_tomorrow_are_left_out(published, kept):
    a = article("a", published)
    got = not_in_future([a], today=D(2024, 5, 1))
    if kept:
        assert got == ([a], [])
    else:
        assert got == ([], [Skipped("a.txt", f"a: dated {published}, after today (2024-05-01): a wrong date or a "
                                             "scheduled post; fix the date to use it")])


def test_newest_first_puts_undated_last_and_keeps_ties_in_order():
    articles = [article("u", None), article("old", D(2020, 1, 1)), article("new", D(2023, 1, 1)),
                article("new2", D(2023, 1, 1))]
    assert [a.id for a in newest_first(articles)] == ["new", "new2", "old", "u"]


def test_cap_articles_keeps_the_newest_in_input_order():
    articles = [article(f"a{i}", D(2023, 1, 1) + dt.timedelta(days=(i * 7) % 10)) for i in range(10)]
    kept, skipped = cap_articles(articles, 3)
    assert [(a.id, a.published.day) for a in kept] == [("a1", 8), ("a4", 9), ("a7", 10)]
    assert len(skipped) == 7
    assert skipped[0] == Skipped("a0.txt", "a0: over --max-articles 3: only the 3 newest articles of the window are "
                                           "used")
    assert cap_articles(articles, 10) == (articles, [])


def test_cap_chunks_takes_whole_articles_newest_first_while_they_fit():
    articles = [article("old", D(2023, 1, 1), 1), article("big", D(2023, 3, 1), 30), article("new", D(2023, 4, 1), 2)]
    chunks = chunk_articles(articles, max_chars=100)
    assert [sum(c.article_id == a.id for c in chunks) for a in articles] == [1, 30, 2]
    kept, kept_chunks, skipped = cap_chunks(articles, chunks, 5)
    assert [a.id for a in kept] == ["old", "new"]  # "big" does not fit after "new"; "old" still does
    assert [c.id for c in kept_chunks] == ["old#0", "new#0", "new#1"]
    assert skipped == [Skipped("big.txt", "big: over --max-chunks 5: its 30 chunks do not fit after newer articles'")]
    assert cap_chunks(articles, chunks, 33) == (articles, chunks, [])


@pytest.mark.parametrize("flags, environ, expected", [
    ({}, {}, (5_000_000, 1000, 4000)),
    ({"max_bytes": "100"}, {"BRIEFING_MAX_BYTES": "7"}, (100, 1000, 4000)),
    ({}, {"BRIEFING_MAX_ARTICLES": "12", "BRIEFING_MAX_CHUNKS": "34"}, (5_000_000, 12, 34)),
])
def test_limits_are_settings(flags, environ, expected):
    s = resolve(flags, environ=environ, today=D(2024, 1, 1))
    assert (s.max_bytes, s.max_articles, s.max_chunks) == expected


@pytest.mark.parametrize("name", ["max_bytes", "max_articles", "max_chunks"])
def test_a_limit_below_one_is_refused(name):
    flag = name.replace("_", "-")
    with pytest.raises(ConfigError, match=rf"invalid --{flag} 0: use 1 or more"):
        resolve({name: "0"}, environ={}, today=D(2024, 1, 1))


def test_config_file_sets_limits(tmp_path):
    (tmp_path / "b.toml").write_text("[briefing]\nmax-articles = 2\nmax_chunks = 9\n", encoding="utf-8")
    s = resolve({}, tmp_path / "b.toml", environ={}, today=D(2024, 1, 1))
    assert (s.max_articles, s.max_chunks) == (2, 9)


def briefing(*args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(BRIEFING), *map(str, args)], cwd=cwd, env=CLEAN_ENV, capture_output=True, text=True,
                          timeout=300)


def test_cli_limits_skip_with_reasons(seeds_dir, tmp_path):
    proc = briefing("run", "--input", seeds_dir, "--out", tmp_path / "out", "--from", "2020-01-01", "--to",
                    "2023-12-31", "--max-articles", "3", "--max-chunks", "6", "--max-bytes", "5000", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    brief = json.loads((tmp_path / "out" / "brief-2020-01-01_2023-12-31.json").read_text(encoding="utf-8"))
    reasons = {Path(s["path"]).stem: s["reason"] for s in brief["skipped"]}
    sizes = {p.stem: p.stat().st_size for p in seeds_dir.glob("*.txt")}
    too_big = sorted(k for k, v in sizes.items() if v > 5000)
    assert too_big == ["000_7886f0821ccbc2f6", "003_c9256a6db4ad9ab8"]
    assert all(reasons[k] == f"file too large ({sizes[k]:,} bytes > limit 5,000; raise --max-bytes)" for k in too_big)
    assert len(brief["articles"]) <= 3
    assert sum(1 for r in reasons.values() if "over --max-" in r) + len(brief["articles"]) + len(too_big) == 5
    record = json.loads(next((tmp_path / "out" / "runs").glob("*.json")).read_text(encoding="utf-8"))
    assert (record["config"]["max_bytes"], record["config"]["max_articles"], record["config"]["max_chunks"]) == (
        5000, 3, 6)


def test_verify_and_articles_take_max_bytes(seeds_dir, tmp_path):
    listed = json.loads(briefing("articles", "--input", seeds_dir, "--json", "--max-bytes", "5000", cwd=tmp_path).stdout)
    assert [(Path(s["path"]).stem, s["reason"][:14]) for s in listed["skipped"]] == [
        ("000_7886f0821ccbc2f6", "file too large"), ("003_c9256a6db4ad9ab8", "file too large")]
    assert briefing("run", "--input", seeds_dir, "--out", tmp_path / "out", "--from", "2020-01-01", "--to",
                    "2023-12-31", cwd=tmp_path).returncode == 0
    path = tmp_path / "out" / "brief-2020-01-01_2023-12-31.json"
    assert briefing("verify", path, "--input", seeds_dir, cwd=tmp_path).returncode == 0
    limited = briefing("verify", path, "--input", seeds_dir, "--json", "--max-bytes", "5000", cwd=tmp_path)
    assert limited.returncode == 1  # the two big seeds are not read, so sentences citing them cannot be checked
    bad = [s for s in json.loads(limited.stdout)["sentences"] if s["verdict"] == "unsupported"]
    assert bad and all(s["reasons"] == ["unknown_article"] for s in bad)
