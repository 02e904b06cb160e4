"""Reading a folder of articles: seeds, IndoSum JSONL, metadata precedence, dates, and every kind of bad input."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from briefing.errors import InputError
from briefing.ingest import decode, ingest
from briefing.model import Skipped

D = dt.date
ID_BODY = (
    "Pemerintah kota mengumumkan bahwa jembatan utama di atas sungai akan ditutup selama dua minggu untuk "
    "perbaikan besar setelah retakan ditemukan pada pekan lalu.\n\n"
    "Kepala dinas pekerjaan umum mengatakan bahwa para pengendara harus memakai jalan alternatif di sisi utara "
    "kota selama perbaikan berlangsung."
)
EN_BODY = (
    "The city council said on Monday that the main bridge over the river would close for two weeks of urgent "
    "repairs after engineers found cracks in its deck.\n\n"
    "Drivers will have to use a detour through the northern districts, and buses will run on a temporary "
    "timetable until the work is finished."
)
SEED_DATES = {
    "000_7886f0821ccbc2f6": D(2023, 9, 19),
    "001_4bdb7abb272d927f": D(2023, 9, 20),
    "002_6abafbfe21ef9124": D(2022, 9, 13),
    "003_c9256a6db4ad9ab8": D(2020, 10, 4),
    "004_1825697cf85d7d4d": D(2022, 9, 14),
}


def write(folder: Path, name: str, content: str | bytes) -> Path:
    """Write a file (text as UTF-8) and return its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def only_article(folder: Path, **kwargs):
    """The single article a folder yields, checking nothing was skipped."""
    result = ingest(folder, **kwargs)
    assert (len(result.articles), result.skipped) == (1, [])
    return result.articles[0]


# --- seeds -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seeds(seeds_dir: Path):
    return ingest(seeds_dir)


def test_seeds_ids_dates_and_language(seeds):
    got = {a.id: (a.published, a.language, a.date_source) for a in seeds.articles}
    assert got == {k: (v, "id", "sidecar") for k, v in SEED_DATES.items()}


def test_seeds_nothing_skipped(seeds):
    assert seeds.skipped == []


def test_seeds_paths_and_titles(seeds, seeds_dir):
    by_id = {a.id: a for a in seeds.articles}
    assert [a.path for a in seeds.articles] == [str(seeds_dir / f"{k}.txt") for k in SEED_DATES]
    assert (by_id["004_1825697cf85d7d4d"].title, by_id["004_1825697cf85d7d4d"].source) == (
        "Bentrok dengan Azerbaijan, Armenia Minta Bantuan Militer Rusia", "SINDOnews.com")


def test_seed_dates_from_text_alone(seeds_dir, tmp_path):
    # Without metadata.toml the dateline/header date is used, and an article that states no full date is
    # undated (001 only says "20 September"), never given today's date.
    for path in seeds_dir.glob("*.txt"):
        shutil.copy(path, tmp_path / path.name)
    got = {a.id: (a.published, a.date_source) for a in ingest(tmp_path).articles}
    assert {k: got[k] for k in ("000_7886f0821ccbc2f6", "001_4bdb7abb272d927f", "003_c9256a6db4ad9ab8",
                                "004_1825697cf85d7d4d")} == {
        "000_7886f0821ccbc2f6": (D(2023, 9, 19), "header"),
        "001_4bdb7abb272d927f": (None, None),
        "003_c9256a6db4ad9ab8": (D(2020, 10, 4), "header"),
        "004_1825697cf85d7d4d": (D(2022, 9, 14), "header"),
    }


# --- IndoSum sample ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def indosum(indosum_sample, tmp_path_factory):
    folder = tmp_path_factory.mktemp("indosum")
    shutil.copy(indosum_sample, folder / indosum_sample.name)
    records = [json.loads(line) for line in indosum_sample.read_text(encoding="utf-8").splitlines()]
    return records, ingest(folder)


def test_indosum_all_forty_read_with_their_ids(indosum):
    records, result = indosum
    assert ([a.id for a in result.articles], result.skipped) == ([r["id"] for r in records], [])
    assert len(result.articles) == 40


def test_indosum_fields_come_from_the_record(indosum):
    records, result = indosum
    got = [(a.published.isoformat(), a.language, a.title, a.source, a.url, a.date_source) for a in result.articles]
    assert got == [(r["published"], "id", r["title"], r["source"], r["url"], "metadata") for r in records]


def test_indosum_no_baca_juga_left(indosum):
    _, result = indosum
    left = [(a.id, line) for a in result.articles for line in a.text.split("\n")
            if line.strip().lower().startswith(("baca juga", "baca_juga", "simak juga", "(baca"))]
    assert left == []


# --- metadata precedence -------------------------------------------------------------------------

HEADED = "Jembatan Utama Ditutup Dua Minggu\nSenin, 4 Maret 2024 - 09:00 WIB\n" + ID_BODY


def test_front_matter_is_read(tmp_path):
    write(tmp_path, "a.md", "---\ntitle: Judul Dari Front Matter\npublished: 2024-01-02\nsource: Contoh News\n"
                            "url: https://example.com/a\nlanguage: en\n---\n" + HEADED)
    article = only_article(tmp_path)
    assert (article.id, article.title, article.published, article.source, article.url, article.language,
            article.date_source) == ("a", "Judul Dari Front Matter", D(2024, 1, 2), "Contoh News",
                                     "https://example.com/a", "en", "metadata")
    assert article.text == ID_BODY


def test_sidecar_overrides_text(tmp_path):
    write(tmp_path, "b.txt", HEADED)
    write(tmp_path, "metadata.toml", '["b.txt"]\npublished = 2024-01-03\ntitle = "Dari Sidecar"\nsource = "S"\n')
    article = only_article(tmp_path)
    assert (article.published, article.date_source, article.title, article.source) == (
        D(2024, 1, 3), "sidecar", "Dari Sidecar", "S")


def test_front_matter_overrides_sidecar(tmp_path):
    write(tmp_path, "c.md", "---\npublished: 2024-01-02\ntitle: Dari Front Matter\n---\n" + HEADED)
    write(tmp_path, "metadata.toml", '["c.md"]\npublished = 2024-01-03\ntitle = "Dari Sidecar"\nsource = "S"\n')
    article = only_article(tmp_path)
    assert (article.published, article.date_source, article.title, article.source) == (
        D(2024, 1, 2), "metadata", "Dari Front Matter", "S")


def test_sidecar_keys_are_paths_relative_to_the_input(tmp_path):
    write(tmp_path, "sub/d.txt", ID_BODY)
    write(tmp_path, "metadata.toml", '["sub/d.txt"]\npublished = "Selasa, 19 September 2023"\n')
    assert only_article(tmp_path).published == D(2023, 9, 19)


def test_text_date_fallback_uses_the_header(tmp_path):
    write(tmp_path, "e.txt", HEADED + "\n\nPerbaikan serupa dilakukan pada 5 Mei 2025 menurut rencana dinas kota.")
    article = only_article(tmp_path)
    assert (article.published, article.date_source, article.title) == (
        D(2024, 3, 4), "header", "Jembatan Utama Ditutup Dua Minggu")


def test_undated_article_is_never_given_today(tmp_path):
    write(tmp_path, "f.txt", "Jembatan Ditutup\nKemarin, pemerintah kota berkata begini.\n\n" + ID_BODY)
    article = only_article(tmp_path)
    assert (article.published, article.date_source) == (None, None)


def test_language_is_detected_per_article(tmp_path):
    write(tmp_path, "en.txt", EN_BODY)
    write(tmp_path, "id.txt", ID_BODY)
    assert {a.id: a.language for a in ingest(tmp_path).articles} == {"en": "en", "id": "id"}


# --- JSONL ---------------------------------------------------------------------------------------

def test_jsonl_bad_lines_are_skipped_with_their_line_number(tmp_path):
    lines = [
        json.dumps({"id": "ok1", "text": ID_BODY, "published": "2024-03-04", "mood": "unknown keys are ignored"}),
        json.dumps({"text": ID_BODY}),
        json.dumps({"id": "no-text"}),
        "",
        "{not json",
        json.dumps({"id": "  ", "text": ID_BODY}),
        json.dumps({"id": 7, "text": EN_BODY, "language": "en"}),
        json.dumps({"id": "short", "text": "Terlalu pendek."}),
        json.dumps(["a", "list"]),
    ]
    path = write(tmp_path, "batch.jsonl", "\n".join(lines) + "\n")
    result = ingest(tmp_path)
    assert [(a.id, a.published, a.language, a.path) for a in result.articles] == [
        ("ok1", D(2024, 3, 4), "id", str(path)), ("7", None, "en", str(path))]
    assert [(s.path, s.reason.split(":")[0]) for s in result.skipped] == [(str(path), f"line {n}") for n in
                                                                         (2, 3, 5, 6, 8, 9)]
    reasons = [s.reason for s in result.skipped]
    assert (reasons[0], reasons[1]) == ("line 2: invalid JSONL record: id: Field required",
                                        "line 3: invalid JSONL record: text: Field required")
    assert reasons[4] == "line 8: no article text after cleaning (0 characters)"


def test_jsonl_with_a_bad_date_skips_only_that_line(tmp_path):
    write(tmp_path, "x.jsonl", json.dumps({"id": "bad", "text": ID_BODY, "published": "31/02/2020"}) + "\n"
          + json.dumps({"id": "good", "text": ID_BODY, "published": "2020-02-29"}) + "\n")
    result = ingest(tmp_path)
    assert [(a.id, a.published) for a in result.articles] == [("good", D(2020, 2, 29))]
    assert len(result.skipped) == 1
    assert result.skipped[0].reason.startswith("line 1: invalid JSONL record: published: Value error, cannot read")


def test_duplicate_ids_across_files_name_both(tmp_path):
    first = write(tmp_path, "a/same.txt", ID_BODY)
    second = write(tmp_path, "b/same.md", EN_BODY)
    with pytest.raises(InputError, match=rf"duplicate article id 'same' in {first} and {second}"):
        ingest(tmp_path)


def test_duplicate_id_between_text_file_and_jsonl(tmp_path):
    write(tmp_path, "a.jsonl", json.dumps({"id": "story", "text": ID_BODY}) + "\n")
    write(tmp_path, "story.txt", EN_BODY)
    with pytest.raises(InputError, match=r"duplicate article id 'story' in .*a\.jsonl and .*story\.txt"):
        ingest(tmp_path)


# --- files that cannot be read -------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("notes.docx", ID_BODY, "unsupported file type '.docx' (use .txt, .md, .jsonl or .html)"),
    ("README", ID_BODY, "unsupported file type 'README' (use .txt, .md, .jsonl or .html)"),
    ("empty.txt", "", "empty file"),
    ("picture.txt", PNG, "binary file, not text"),
    ("stub.txt", "Judul\n\nHome | News\n", "no article text after cleaning (0 characters)"),
    ("broken.md", "---\ntitle: [unclosed\n---\n" + ID_BODY, None),
    ("open.md", "---\ntitle: never closed\n" + ID_BODY, "front matter opened with '---' but never closed"),
    ("list.md", "---\n- a\n- b\n---\n" + ID_BODY, "front matter must be a mapping of key: value lines"),
])
def test_unreadable_file_is_skipped_with_reason(tmp_path, name, content, reason):
    path = write(tmp_path, name, content)
    result = ingest(tmp_path)
    assert (result.articles, [s.path for s in result.skipped]) == ([], [str(path)])
    if reason is None:  # YAML's own message varies by version; ours names the problem
        assert result.skipped[0].reason.startswith("front matter is not valid YAML: ")
    else:
        assert result.skipped[0].reason == reason


def test_bad_date_in_front_matter_is_skipped_with_reason(tmp_path):
    write(tmp_path, "d.md", "---\npublished: kemarin\n---\n" + ID_BODY)
    result = ingest(tmp_path)
    assert result.skipped[0].reason == ("published: Value error, cannot read 'kemarin' as a date "
                                        "(use YYYY-MM-DD)")


def test_file_over_the_size_limit_is_skipped(tmp_path):
    path = write(tmp_path, "big.txt", ID_BODY)
    size = path.stat().st_size
    result = ingest(tmp_path, max_bytes=100)
    assert result.skipped == [Skipped(str(path), f"file too large ({size:,} bytes > limit 100; raise --max-bytes)")]


def test_file_at_the_size_limit_is_read(tmp_path):
    path = write(tmp_path, "fits.txt", ID_BODY)
    assert only_article(tmp_path, max_bytes=path.stat().st_size).id == "fits"


def test_symlink_outside_the_input_is_skipped(tmp_path):
    outside = write(tmp_path, "outside/secret.txt", ID_BODY)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "link.txt").symlink_to(outside)
    (folder / "linkdir").symlink_to(outside.parent, target_is_directory=True)
    result = ingest(folder)
    assert (result.articles, result.skipped) == ([], [
        Skipped(str(folder / "link.txt"), "symlink points outside the input folder"),
        Skipped(str(folder / "linkdir"), "symlink points outside the input folder"),
    ])


def test_broken_symlink_is_skipped(tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    assert ingest(tmp_path).skipped == [Skipped(str(tmp_path / "gone.txt"), "broken symlink")]


def test_hidden_files_are_ignored(tmp_path):
    write(tmp_path, ".draft.txt", ID_BODY)
    write(tmp_path, ".git/notes.txt", ID_BODY)
    result = ingest(tmp_path)
    assert (result.articles, result.skipped) == ([], [])


# --- encodings -----------------------------------------------------------------------------------

CAFE = "Kafe \u201cKopi Kita\u201d di Jalan Merdeka \u2013 tempat favorit para wartawan \u2013 tutup."


@pytest.mark.parametrize(("data", "text"), [
    (CAFE.encode("utf-8"), CAFE),
    (b"\xef\xbb\xbf" + CAFE.encode("utf-8"), CAFE),
    (CAFE.encode("utf-16"), CAFE),  # with BOM
    (b"\xfe\xff" + CAFE.encode("utf-16-be"), CAFE),
    (CAFE.encode("cp1252"), CAFE),
    ("Caf\u00e9 na\u00efve r\u00e9sum\u00e9".encode("cp1252"), "Caf\u00e9 na\u00efve r\u00e9sum\u00e9"),
])
def test_decode(data, text):
    assert decode(data) == text


def test_decode_refuses_binary():
    with pytest.raises(ValueError, match="binary file, not text"):
        decode(PNG)


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252"])
def test_non_utf8_article_is_read(tmp_path, encoding):
    body = CAFE + " " + ID_BODY
    write(tmp_path, "enc.txt", body.encode(encoding))
    assert only_article(tmp_path).text == body


# --- HTML ----------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Bridge reopens after repairs | Example News</title>
<meta property="og:site_name" content="Example News">
<link rel="canonical" href="https://example.com/news/bridge-reopens">
{date}
<style>body {{ color: red; }} .STYLECONTENT {{ display: none }}</style>
<script>var tracking = "SCRIPTCONTENT"; console.log("hello");</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Bridge reopens after repairs</h1>
<p>The old river bridge in Riverton reopened to traffic on Thursday after eight months of repairs that cost the city
about 12 million dollars.</p>
<p>Engineers replaced the steel cables and rebuilt the deck, and the mayor said the work would keep the bridge safe
for another fifty years.</p>
<script>document.write("INLINESCRIPT");</script>
<p>Local shop owners said the closure had cut their sales in half, and they welcomed the return of drivers who had
been taking a long detour.</p>
</article>
<footer>&copy; 2024 Example News. All rights reserved.</footer>
</body></html>
"""
PAGE_TEXT = [
    "The old river bridge in Riverton reopened to traffic on Thursday after eight months of repairs that cost the "
    "city about 12 million dollars.",
    "Engineers replaced the steel cables and rebuilt the deck, and the mayor said the work would keep the bridge "
    "safe for another fifty years.",
    "Local shop owners said the closure had cut their sales in half, and they welcomed the return of drivers who "
    "had been taking a long detour.",
]


def test_html_main_text_and_metadata(tmp_path):
    write(tmp_path, "bridge.html", PAGE.format(date='<meta name="date" content="2024-05-02">'))
    article = only_article(tmp_path)
    assert [" ".join(p.split()) for p in article.text.split("\n\n")] == PAGE_TEXT
    assert (article.id, article.title, article.source, article.url, article.published, article.language) == (
        "bridge", "Bridge reopens after repairs", "Example News", "https://example.com/news/bridge-reopens",
        D(2024, 5, 2), "en")


def test_html_script_style_and_nav_are_dropped(tmp_path):
    write(tmp_path, "bridge.htm", PAGE.format(date=""))
    text = only_article(tmp_path).text
    assert [w for w in ("SCRIPTCONTENT", "INLINESCRIPT", "STYLECONTENT", "console.log", "Home", "Sport", "©")
            if w in text] == []


def test_html_without_a_date_is_undated_not_guessed(tmp_path):
    # The only year on the page is the copyright line; it must not become 2024-01-01.
    write(tmp_path, "bridge.html", PAGE.format(date=""))
    assert only_article(tmp_path).published is None


def test_html_without_article_text_is_skipped(tmp_path):
    path = write(tmp_path, "blank.html", "<html><head><script>var x = 1;</script></head><body></body></html>")
    assert ingest(tmp_path).skipped == [Skipped(str(path), "no article text found in the HTML page")]


# --- folder-level errors -------------------------------------------------------------------------

def test_missing_input_folder(tmp_path):
    with pytest.raises(InputError, match=r"input folder not found: .*nowhere \(pass --input DIR\)"):
        ingest(tmp_path / "nowhere")


def test_input_that_is_a_file(tmp_path):
    path = write(tmp_path, "a.txt", ID_BODY)
    with pytest.raises(InputError, match="input folder not found"):
        ingest(path)


@pytest.mark.parametrize(("toml", "message"), [
    ('["a.txt"\npublished = 2024-01-01\n', r"metadata\.toml: invalid metadata file: "),
    ('["a.txt"]\npublshed = 2024-01-01\n', r"invalid metadata file: 1 validation error for SidecarEntry"),
    ('["a.txt"]\npublished = "31/02/2020"\n', r"invalid metadata file: "),
    ('title = "not a table"\n', r"invalid metadata file: "),
])
def test_invalid_metadata_toml(tmp_path, toml, message):
    write(tmp_path, "a.txt", ID_BODY)
    write(tmp_path, "metadata.toml", toml)
    with pytest.raises(InputError, match=message):
        ingest(tmp_path)


def test_empty_folder(tmp_path):
    result = ingest(tmp_path)
    assert (result.articles, result.skipped) == ([], [])


# --- size limits and huge files ------------------------------------------------------------------

def prose_file(path: Path, size: int) -> None:
    """`size` bytes of varied prose lines (a 2 MB pattern repeated), written in blocks."""
    import random

    rng = random.Random(1)
    vocab = ("pasukan perbatasan armenia azerbaijan rusia menteri warga kota desa bantuan pengungsi perundingan "
             "damai senjata laporan pejabat relawan makanan listrik jalan").split()
    lines = [" ".join(rng.choice(vocab) for _ in range(14)).capitalize() + ".\n" for _ in range(20_000)]
    block = "".join(lines).encode()
    with path.open("wb") as handle:
        for start in range(0, size, len(block)):
            handle.write(block[: min(len(block), size - start)])


@pytest.fixture(scope="module")
def huge_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("huge")
    prose_file(folder / "besar.txt", 50 * 1024 * 1024)
    return folder


def peak_memory(call) -> tuple[object, int]:
    """What `call()` returns and the peak bytes Python allocated meanwhile."""
    import tracemalloc

    tracemalloc.start()
    try:
        return call(), tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_50_mb_file_is_skipped_unread_by_default(huge_folder):
    result, peak = peak_memory(lambda: ingest(huge_folder))
    path = huge_folder / "besar.txt"
    assert result.skipped == [Skipped(str(path), "file too large (52,428,800 bytes > limit 5,000,000; raise --max-bytes)")]
    assert peak < 1_000_000


def test_50_mb_file_under_a_raised_limit_is_read_in_blocks_and_capped(huge_folder):
    from briefing.ingest import MAX_TEXT_CHARS

    result, peak = peak_memory(lambda: ingest(huge_folder, max_bytes=60_000_000))
    (article,) = result.articles
    assert 500_000 < len(article.text) < MAX_TEXT_CHARS
    assert result.skipped == [Skipped(str(huge_folder / "besar.txt"), "partly read: only the first 1,000,000 characters "
                                      "are used (a news article is far shorter; split the file)")]
    assert peak < 30_000_000  # the whole file would be 52 MB of bytes before decoding


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "cp1252"])
def test_read_text_cuts_at_a_line_end_in_every_encoding(tmp_path, encoding):
    from briefing.ingest import read_text

    line = "Kafe \u201cKopi\u201d di Jalan Merdeka tutup.\n"
    path = write(tmp_path, "a.txt", (line * 100).encode(encoding))
    assert read_text(path) == (line * 100, False)
    text, cut = read_text(path, max_chars=len(line) * 10 + 5)
    assert (text, cut) == ((line * 10).rstrip("\n"), True)


def test_read_text_falls_back_to_cp1252_after_the_first_block(tmp_path):
    from briefing.ingest import BLOCK, read_text

    data = b"a" * (BLOCK + 10) + "caf\u00e9 \u2013 na\u00efve".encode("cp1252")
    path = write(tmp_path, "late.txt", data)
    assert read_text(path, max_chars=10 * BLOCK) == ("a" * (BLOCK + 10) + "caf\u00e9 \u2013 na\u00efve", False)


def test_over_long_jsonl_line_is_skipped_without_holding_it(tmp_path):
    from briefing.ingest import MAX_TEXT_CHARS

    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "ok1", "text": ID_BODY}) + "\n")
        handle.write(json.dumps({"id": "huge", "text": "kata " * 4_000_000}) + "\n")  # a 20 MB line
        handle.write(json.dumps({"id": "ok2", "text": EN_BODY}) + "\n")
    result, peak = peak_memory(lambda: ingest(tmp_path, max_bytes=50_000_000))
    assert [a.id for a in result.articles] == ["ok1", "ok2"]
    assert result.skipped == [Skipped(str(path), "line 2: longer than 1,000,000 bytes; a news article is far shorter")]
    assert peak < 5 * MAX_TEXT_CHARS  # a few blocks, whatever the line's length


def test_markup_in_text_and_metadata_is_dropped(tmp_path):
    write(tmp_path, "m.md", '---\ntitle: Judul <b>Tebal</b>\nsource: <i>Portal</i>\n---\n'
          + ID_BODY.replace("perbaikan besar", 'perbaikan <img src="file:///etc/passwd"> besar'))
    article = only_article(tmp_path)
    assert (article.title, article.source, article.text) == ("Judul Tebal", "Portal", ID_BODY)
