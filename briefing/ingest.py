"""Read a folder of articles (.txt/.md with front matter, .jsonl, .html) into clean Articles."""

from __future__ import annotations

import codecs
import datetime as dt
import json
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from briefing.clean import clean_text, is_prose, strip_markup
from briefing.dates import date_from_text, parse_date_value
from briefing.errors import InputError
from briefing.injection import find_injections
from briefing.model import Article, Skipped
from briefing.text import detect_language

SIDECAR = "metadata.toml"
TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
MAX_BYTES = 5_000_000
# Characters read from one text or HTML file (or one JSONL line) at most, whatever --max-bytes allows: a news
# article is far shorter, and reading stops there, so memory stays bounded on a huge file.
MAX_TEXT_CHARS = 1_000_000
BLOCK = 1 << 20  # bytes read at a time
MIN_CHARS = 200  # less cleaned text than this is not an article (a stub, an index page)


class ArticleMeta(BaseModel):
    """Metadata a user supplies: front matter, a JSONL record's fields or a sidecar entry."""

    model_config = ConfigDict(extra="ignore")
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None

    @field_validator("published", mode="before")
    @classmethod
    def _date(cls, value: object) -> dt.date | None:
        day = parse_date_value(value)
        if value not in (None, "") and day is None:
            raise ValueError(f"cannot read {value!r} as a date (use YYYY-MM-DD)")
        return day

    @field_validator("title", "source", "url", "language", mode="before")
    @classmethod
    def _text(cls, value: object) -> str | None:
        return None if value is None or str(value).strip() == "" else str(value).strip()

    @field_validator("title", "source")
    @classmethod
    def _no_markup(cls, value: str | None) -> str | None:
        # Shown in the brief as text: a tag would only print as "<b>"; the words between tags stay.
        return (strip_markup(value) or None) if value else value


class SidecarEntry(ArticleMeta):
    """One file's entry in metadata.toml; unknown keys are typos and refused."""

    model_config = ConfigDict(extra="forbid")


class JsonlRecord(ArticleMeta):
    """One line of a .jsonl input: `id` and `text` required, unknown keys ignored."""

    id: str
    text: str

    @field_validator("id", mode="before")
    @classmethod
    def _id(cls, value: object) -> object:
        # Numeric ids are common in datasets; a blank id could not be cited.
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, str) and not value.strip():
            raise ValueError("must not be empty")
        return value


@dataclass
class IngestResult:
    """What a folder yielded: the usable articles and every input left out, with why."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def ingest(input_dir: Path, max_bytes: int = MAX_BYTES) -> IngestResult:
    """Read every article file under `input_dir`, in path order."""
    if not input_dir.is_dir():
        raise InputError(f"input folder not found: {input_dir} (pass --input DIR)")
    sidecar = load_sidecar(input_dir)
    result = IngestResult()
    for path in _list_files(input_dir):
        _ingest_file(path, input_dir, sidecar, max_bytes, result)
    _check_unique(result.articles)
    return result


def _list_files(input_dir: Path) -> list[Path]:
    """Candidate files, sorted, without hidden files and the sidecar."""
    files = []
    for path in sorted(input_dir.rglob("*")):
        rel = path.relative_to(input_dir)
        if any(part.startswith(".") for part in rel.parts) or rel.as_posix() == SIDECAR:
            continue
        if path.is_file() or path.is_symlink():
            files.append(path)
    return files


def load_sidecar(input_dir: Path) -> dict[str, SidecarEntry]:
    """The optional metadata.toml: file name → title, published, source, url, language."""
    path = input_dir / SIDECAR
    if not path.exists():
        return {}
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        return {name: SidecarEntry.model_validate(entry) for name, entry in raw.items()}
    except (tomllib.TOMLDecodeError, ValidationError, UnicodeDecodeError, AttributeError) as exc:
        first = str(exc).splitlines()[0]
        raise InputError(f"{path}: invalid metadata file: {first}") from exc


def _ingest_file(path: Path, root: Path, sidecar: dict, max_bytes: int, result: IngestResult) -> None:
    """Read one file into `result`, or record why it was skipped."""
    reason = _refusal(path, root, max_bytes)
    if reason:
        result.skipped.append(Skipped(str(path), reason))
        return
    try:
        if path.suffix.lower() == ".jsonl":
            _read_jsonl(path, result)
            return
        raw, cut = read_text(path)
        meta, body = _split_source(path, raw)
    except (ValueError, ValidationError) as exc:
        result.skipped.append(Skipped(str(path), _one_line(exc)))
        return
    if cut:
        result.skipped.append(Skipped(str(path), f"partly read: only the first {MAX_TEXT_CHARS:,} characters are "
                                                 "used (a news article is far shorter; split the file)"))
    extra = sidecar.get(path.relative_to(root).as_posix())
    _add(result, build_article(path.stem, body, str(path), meta, extra))


def _refusal(path: Path, root: Path, max_bytes: int) -> str | None:
    """Why a file cannot be read at all, or None."""
    if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
        return "symlink points outside the input folder"
    if not path.exists():
        return "broken symlink"
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | {".jsonl", ".html", ".htm"}:
        return f"unsupported file type '{suffix or path.name}' (use .txt, .md, .jsonl or .html)"
    size = path.stat().st_size
    if size > max_bytes:
        return f"file too large ({size:,} bytes > limit {max_bytes:,}; raise --max-bytes)"
    if size == 0:
        return "empty file"
    return None


def decode(data: bytes) -> str:
    """Bytes → text: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252; binary is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise ValueError("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_text(path: Path, max_chars: int = MAX_TEXT_CHARS) -> tuple[str, bool]:
    """A file's text decoded as `decode` does, read in blocks; cut at a line end near `max_chars` (True if cut)."""
    with path.open("rb") as handle:
        head = handle.read(BLOCK)
        encoding = _encoding(head)
        try:
            return _read_decoded(handle, head, encoding, max_chars)
        except UnicodeDecodeError:
            handle.seek(0)
            return _read_decoded(handle, handle.read(BLOCK), "cp1252", max_chars)


def _encoding(head: bytes) -> str:
    """The encoding `decode` would pick, judged on a file's first block."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if b"\x00" in head[:4096]:
        raise ValueError("binary file, not text")
    return "utf-8-sig"


def _read_decoded(handle, block: bytes, encoding: str, max_chars: int) -> tuple[str, bool]:
    """Decode block by block; stop once more than `max_chars` characters are read."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace" if encoding == "cp1252" else "strict")
    parts: list[str] = []
    size = 0
    while block:
        parts.append(decoder.decode(block))
        size += len(parts[-1])
        if size > max_chars:
            text = "".join(parts)
            end = text.rfind("\n", 0, max_chars)
            return text[:end if end > 0 else max_chars], True
        block = handle.read(BLOCK)
    parts.append(decoder.decode(b"", final=True))
    return "".join(parts), False


def _split_source(path: Path, raw: str) -> tuple[ArticleMeta, str]:
    """Front matter (text files) or trafilatura metadata (HTML), and the raw body text."""
    if path.suffix.lower() in {".html", ".htm"}:
        return _read_html(raw)
    return split_front_matter(raw)


def split_front_matter(raw: str) -> tuple[ArticleMeta, str]:
    """Optional YAML front matter between '---' lines at the top of a text file."""
    lines = raw.split("\n")
    if not lines or lines[0].strip() != "---":
        return ArticleMeta(), raw
    for end, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            try:
                data = yaml.safe_load("\n".join(lines[1:end])) or {}
            except yaml.YAMLError as exc:
                raise ValueError(f"front matter is not valid YAML: {_one_line(exc)}") from exc
            if not isinstance(data, dict):
                raise ValueError("front matter must be a mapping of key: value lines")
            return ArticleMeta.model_validate(data), "\n".join(lines[end + 1:])
    raise ValueError("front matter opened with '---' but never closed")


def _read_html(raw: str) -> tuple[ArticleMeta, str]:
    """Main text and metadata of an HTML page via trafilatura."""
    import trafilatura  # heavy; only HTML inputs need it

    # No extensive date search: it guesses from copyright lines ("© 2024" → 2024-01-01); dates the
    # page does not state in its metadata are looked for in the text like for any other file.
    extracted = trafilatura.extract(raw, output_format="json", with_metadata=True, include_comments=False,
                                    date_extraction_params={"extensive_search": False, "original_date": True})
    if not extracted:
        raise ValueError("no article text found in the HTML page")
    data = json.loads(extracted)
    # trafilatura's JSON names the site "source-hostname" and the page URL "source".
    meta = ArticleMeta(title=data.get("title"), source=data.get("source-hostname") or data.get("hostname"),
                       url=data.get("source"), published=data.get("date"))
    title = f"{meta.title}\n\n" if meta.title else ""
    return meta, title + (data.get("text") or "")


def _read_jsonl(path: Path, result: IngestResult) -> None:
    """One article per line; a bad line is skipped with its line number."""
    with path.open("rb") as handle:
        for number, line in _lines(handle, MAX_TEXT_CHARS):
            if line is None:
                result.skipped.append(Skipped(str(path), f"line {number}: longer than {MAX_TEXT_CHARS:,} bytes; "
                                                         "a news article is far shorter"))
                continue
            if not line.strip():
                continue
            try:
                record = JsonlRecord.model_validate(json.loads(decode(line)))
            except (ValueError, ValidationError) as exc:
                result.skipped.append(Skipped(str(path), f"line {number}: invalid JSONL record: {_one_line(exc)}"))
                continue
            body = f"{record.title}\n\n{record.text}" if record.title else record.text
            _add(result, build_article(record.id, body, str(path), record, None, f"line {number}: "))


def _lines(handle, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines of a binary file; None for a line longer than `limit` bytes, which is never held whole."""
    number = 0
    while line := handle.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := handle.readline(BLOCK)) and not rest.endswith(b"\n"):
                pass  # skip the rest of the over-long line block by block
            yield number, None
        else:
            yield number, line


def build_article(article_id: str, raw: str, path: str, meta: ArticleMeta,
                  sidecar: ArticleMeta | None, where: str = "") -> Article | Skipped:
    """Clean the text and settle title, date and language: own metadata, then sidecar, then text."""
    title, body = clean_text(raw)
    if len(body) < MIN_CHARS:
        return Skipped(path, f"{where}no article text after cleaning ({len(body)} characters)")
    side = sidecar or ArticleMeta()
    published, date_source = _settle_date(raw, body, meta, side)
    language = meta.language or side.language or detect_language(body)
    return Article(
        id=article_id, text=body, path=path, language=language,
        title=meta.title or side.title or title, source=meta.source or side.source,
        url=meta.url or side.url, published=published, date_source=date_source, injected=find_injections(body),
    )


def _settle_date(raw: str, body: str, meta: ArticleMeta, side: ArticleMeta) -> tuple[dt.date | None, str | None]:
    """The published date and where it came from; None when nothing states it."""
    if meta.published:
        return meta.published, "metadata"
    if side.published:
        return side.published, "sidecar"
    return date_from_text(_header(raw), body)


def _header(raw: str) -> str:
    """The lines above the body plus the first body line, where datelines live."""
    lines = [line for line in raw.split("\n") if line.strip()]
    for i, line in enumerate(lines):
        if is_prose(line):
            return "\n".join(lines[: i + 1])
    return "\n".join(lines[:8])


def _add(result: IngestResult, item: Article | Skipped) -> None:
    """File an article or a skip."""
    (result.skipped if isinstance(item, Skipped) else result.articles).append(item)


def _check_unique(articles: list[Article]) -> None:
    """Article ids must be unique in a run: citations name articles by id."""
    seen: dict[str, str] = {}
    for article in articles:
        if article.id in seen:
            raise InputError(
                f"duplicate article id '{article.id}' in {seen[article.id]} and {article.path}; "
                "rename one file or change the JSONL id"
            )
        seen[article.id] = article.path


def _one_line(exc: Exception) -> str:
    """First line of an exception message, for skip reasons."""
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'record'}: {e['msg']}" for e in exc.errors())
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
