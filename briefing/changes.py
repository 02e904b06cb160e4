"""What is new since the previous brief in the output folder: new articles, new events, changed figures."""

from __future__ import annotations

import json
from pathlib import Path

from briefing.i18n import labels
from briefing.model import Article, Section, Sentence
from briefing.structure import spans


def find_previous(out_dir: Path, stem: str, day: str) -> Path | None:
    """The brief this run replaces (same file name), else the latest earlier one; unreadable files are passed over."""
    same = out_dir / f"{stem}.json"
    if read_brief(same) is not None:
        return same
    earlier = []
    for path in out_dir.glob("brief-*.json"):
        data = read_brief(path)
        if data is not None and data["window"]["to"] <= day:
            earlier.append((data["window"]["to"], str(data.get("generated_at") or ""), path.name, path))
    return max(earlier)[3] if earlier else None


def read_brief(path: Path) -> dict | None:
    """A brief JSON, or None when it is unreadable or not a brief (a broken file must not stop the run)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("schema") != "briefing/v1":
        return None
    window, articles, sections = data.get("window"), data.get("articles", []), data.get("sections", [])
    # Only the fields this module reads are checked: enough that a hand-edited file cannot crash the run.
    if not (isinstance(window, dict) and isinstance(window.get("to"), str) and isinstance(articles, list)
            and isinstance(sections, list) and all(isinstance(x, dict) for x in articles + sections)):
        return None
    return data


def changes_section(previous: dict, articles: list[Article], sections: list[Section], language: str) -> Section:
    """New articles (their lead sentence), new dated events and changed figures, each cited verbatim."""
    known = {a.get("id") for a in previous.get("articles", [])}
    out = [_new_article(a) for a in articles if a.id not in known]
    out = [s for s in out if s is not None]
    out += _new_events(previous, sections, known)
    out += _changed_figures(previous, sections)
    return Section("changes", labels(language)["changes"], out)


def _new_article(article: Article) -> Sentence | None:
    """The lead sentence of an article the previous brief did not have."""
    lead = next(iter(spans([article])), None)
    if lead is None:
        return None
    return Sentence(lead.text, [lead.citation()],
                    meta={"change": "new_article", "article": article.id, "title": article.title})


def _previous_sentences(previous: dict, key: str) -> list[dict]:
    """Sentences of one section of the previous brief."""
    return [s for sec in previous.get("sections", []) if sec.get("key") == key
            for s in sec.get("sentences") or [] if isinstance(s, dict)]


def _new_events(previous: dict, sections: list[Section], known: set[str]) -> list[Sentence]:
    """Timeline entries of already known articles that the previous timeline did not show."""
    before = {(c.get("article"), c.get("start")) for s in _previous_sentences(previous, "timeline")
              for c in s.get("citations") or [] if isinstance(c, dict)}
    out = []
    for sentence in _current(sections, "timeline"):
        cite = sentence.citations[0]
        if cite.article in known and (cite.article, cite.start) not in before:
            out.append(Sentence(sentence.text, sentence.citations, meta={"change": "new_event", **sentence.meta}))
    return out


def _changed_figures(previous: dict, sections: list[Section]) -> list[Sentence]:
    """Figures of a kind the previous brief tracked, now with a value it did not have."""
    before: dict[str, set[float]] = {}
    for s in _previous_sentences(previous, "figures"):
        figure = s.get("figure")
        if isinstance(figure, dict) and isinstance(figure.get("value"), (int, float)):
            before.setdefault(figure.get("kind"), set()).add(figure["value"])
    out = []
    for sentence in _current(sections, "figures"):
        figure = sentence.meta["figure"]
        values = before.get(figure["kind"])
        if values and figure["value"] not in values:
            meta = {"change": "figure", **sentence.meta, "previous_values": sorted(values)}
            out.append(Sentence(sentence.text, sentence.citations, meta=meta))
    return out


def _current(sections: list[Section], key: str) -> list[Sentence]:
    """Sentences of one section of the brief being built."""
    return [s for section in sections if section.key == key for s in section.sentences]
