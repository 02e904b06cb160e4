"""Brief → HTML (jinja2, autoescaped) → PDF (WeasyPrint) and JSON, written atomically."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from briefing import __version__
from briefing.chart import articles_chart
from briefing.errors import RenderError
from briefing.i18n import labels, long_date, short_date
from briefing.model import Article, Brief, Citation, Section, Sentence
from briefing.resources import resource_dir

TEMPLATES = resource_dir("templates")
FLAG_MARK = "\u2691"  # ⚑ beside a sentence that cites a chunk holding instruction-like text
# Labels of the prompt-injection flag and of syndicated copies, in the brief's languages.
FLAG_LABELS = {
    "id": {"legend": "mengutip bagian artikel yang memuat teks berupa perintah untuk model AI (kemungkinan "
                     "injeksi prompt); periksa sumbernya.",
           "heading": "Masukan yang ditandai", "reason": "teks berupa perintah untuk model AI (kemungkinan injeksi prompt)",
           "also": "Juga diterbitkan oleh"},
    "en": {"legend": "cites a part of an article that holds text addressed to an AI model (possible prompt "
                     "injection); check the source.",
           "heading": "Flagged inputs", "reason": "text addressed to an AI model (possible prompt injection)",
           "also": "Also published by"},
}


def _environment() -> Environment:
    """Jinja environment over templates/ with autoescape always on."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True, lstrip_blocks=True,
    )


def source_order(brief: Brief) -> list[Article]:
    """Articles numbered for citation markers: cited ones by first citation, then the rest by date."""
    by_id = {a.id: a for a in brief.articles}
    order: list[str] = []
    for section in brief.sections:
        for sentence in section.sentences:
            order.extend(c.article for c in sentence.citations if c.article not in order and c.article in by_id)
    rest = sorted((a for a in brief.articles if a.id not in order), key=lambda a: (a.published is None, a.published, a.id))
    return [by_id[i] for i in order] + rest


def quotes_by_article(brief: Brief) -> dict[str, list[Citation]]:
    """Distinct quotes used per article, in text order."""
    used: dict[str, dict[tuple[int, int], Citation]] = {}
    for section in brief.sections:
        for sentence in section.sentences:
            for c in sentence.citations:
                used.setdefault(c.article, {})[(c.start, c.end)] = c
    return {aid: [q[k] for k in sorted(q)] for aid, q in used.items()}


def _groups(section: Section) -> list[tuple[str | None, list[Sentence]]]:
    """Consecutive sentences of a section that share a thread label."""
    out: list[tuple[str | None, list[Sentence]]] = []
    for sentence in section.sentences:
        if out and out[-1][0] == sentence.group:
            out[-1][1].append(sentence)
        else:
            out.append((sentence.group, [sentence]))
    return out


def role_text(sentence: Sentence, language: str) -> str:
    """An actor's role in the brief language (roles are read from Indonesian or English sources)."""
    if language == "en" and "described_en" in sentence.meta:
        return sentence.meta["described_en"]
    role = sentence.meta["role_en"] if language == "en" else sentence.meta["role"]
    return " ".join(part for part in (role, sentence.meta.get("qualifier", "")) if part)


def _chart(brief: Brief) -> Markup | None:
    """Articles per day/month/year with the timeline's events; none for an empty brief."""
    if not brief.articles:
        return None
    events = [dt.date.fromisoformat(s.meta["date"]) for sec in brief.sections if sec.key == "timeline"
              for s in sec.sentences]
    return articles_chart(brief.articles, events, brief.window, labels(brief.language)["chart_caption"])


def _display_text(sentence: Sentence) -> str:
    """A sentence as printed: a verbatim source sentence put in after a failed repair is quoted."""
    return f"\u201c{sentence.text}\u201d" if sentence.quotation else sentence.text


def render_html(brief: Brief) -> str:
    """The brief as a standalone HTML document (CSS inlined, no external resources)."""
    sources = source_order(brief)
    number = {a.id: i for i, a in enumerate(sources, start=1)}

    def markers(sentence: Sentence) -> Markup:
        nums = sorted({number[c.article] for c in sentence.citations if c.article in number})
        links = "".join(f'<a href="#src-{n}">[{n}]</a>' for n in nums)
        flag = f'<span class="flag">{FLAG_MARK}</span>' if sentence.flags else ""
        return Markup(f'{flag}<span class="cite">{links}</span>')

    lang = brief.language
    window = brief.window
    window_text = short_date(window.start, lang) if window.start == window.end else \
        f"{short_date(window.start, lang)} – {short_date(window.end, lang)}"
    template = _environment().get_template("brief.html.j2")
    return template.render(
        brief=brief, L=labels(lang), version=__version__, css=Markup((TEMPLATES / "brief.css").read_text()),
        long_date=lambda d: long_date(d, lang), short_date=lambda d: short_date(d, lang),
        window_text=window_text, outlets=len({a.source or a.id for a in brief.articles}),
        sources=sources, quotes=quotes_by_article(brief), by_id={a.id: a for a in brief.articles},
        markers=markers, groups=_groups, escape=escape, text=_display_text,
        marker_for=lambda aid: Markup(f'<span class="cite"><a href="#src-{number[aid]}">[{number[aid]}]</a></span>')
        if aid in number else "",
        iso=dt.date.fromisoformat, role=lambda s: role_text(s, lang), classification=brief.classification,
        chart=_chart(brief), has_changes=any(s.key == "changes" for s in brief.sections),
        quoted=any(s.quotation for section in brief.sections for s in section.sentences),
        F=FLAG_LABELS.get(lang, FLAG_LABELS["en"]), flag_mark=FLAG_MARK, flagged=brief.flagged(),
        any_flag=any(s.flags for section in brief.sections for s in section.sentences),
    )


def refuse_fetch(url: str, *args, **kwargs) -> dict:
    """WeasyPrint URL fetcher that fetches nothing: the HTML is self-contained by design."""
    raise RenderError(f"refused to fetch {url!r}: briefs load no external resources")


def _fetcher():
    """`refuse_fetch` in the form this WeasyPrint takes: a URLFetcher since v68, a function before."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:
        return refuse_fetch

    # A plain function crashes WeasyPrint 70 on the first resource ("no attribute '_fail_on_errors'").
    class RefusingFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            return refuse_fetch(url)

    return RefusingFetcher()


def render_pdf(html: str) -> bytes:
    """PDF bytes of the HTML, with no resource fetching at all."""
    from weasyprint import HTML  # heavy import; only rendering needs it

    try:
        return HTML(string=html, base_url=str(TEMPLATES), url_fetcher=_fetcher()).write_pdf()
    except RenderError:
        raise
    except Exception as exc:  # WeasyPrint raises many types; the user needs one clear line
        raise RenderError(f"PDF rendering failed: {exc}") from exc


def brief_json(brief: Brief) -> str:
    """The brief JSON text, stable key order, UTF-8 kept readable."""
    return json.dumps(brief.to_json(), ensure_ascii=False, indent=2) + "\n"


def write_outputs(brief: Brief, out_dir: Path) -> dict[str, Path]:
    """Render everything in memory first, then move each file into place atomically."""
    from briefing.markdown import render_markdown  # markdown.py builds on this module's helpers

    html = render_html(brief)
    payloads = {".json": brief_json(brief).encode(), ".html": html.encode(), ".pdf": render_pdf(html),
                ".md": render_markdown(brief).encode()}
    paths = {suffix.lstrip("."): out_dir / f"{brief.window.stem}{suffix}" for suffix in payloads}
    # Refuse before replacing anything: a folder in the way would fail midway and mix old and new files.
    blocked = [str(path) for path in paths.values() if path.is_dir()]
    if blocked:
        raise RenderError(f"cannot write {blocked[0]}: a folder has that name; move it away")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for path, data in zip(paths.values(), payloads.values()):
            write_atomic(path, data)
    except OSError as exc:
        raise RenderError(f"cannot write the brief into {out_dir}: {exc.strerror or exc}") from exc
    return paths


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, fsync, then rename: readers never see half a file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; a brief is meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
