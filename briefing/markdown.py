"""The brief as Markdown: the same sections, marks, markers and sources as the PDF."""

from __future__ import annotations

import datetime as dt
import re

from briefing.i18n import labels, long_date, short_date
from briefing.model import Brief, Sentence
from briefing.render import FLAG_LABELS, FLAG_MARK, quotes_by_article, role_text, source_order

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&])")
# What would open a block at the start of a line or list item: "- ", "+ ", "---", "1. ", "2022) ".
_BLOCK_START = re.compile(r"^([-+]|\d{1,9}(?=[.)](?:\s|$)))")


def md_escape(text: str) -> str:
    """Article text can never become Markdown markup or HTML."""
    text = _SPECIAL.sub(r"\\\1", " ".join(text.split()))
    match = _BLOCK_START.match(text)
    if match is None:
        return text
    return text[:match.end()] + "\\" + text[match.end():] if match.group(1)[0].isdigit() else "\\" + text


def render_markdown(brief: Brief) -> str:
    """Markdown text of the brief."""
    words = labels(brief.language)
    number = {a.id: i for i, a in enumerate(source_order(brief), start=1)}
    lines = [f"# {md_escape(brief.title)}", ""]
    if brief.classification:
        lines += [f"**{md_escape(brief.classification)}**", ""]
    lines += [_date_line(brief), "", words["citation_note"], ""]
    if any(s.flags for section in brief.sections for s in section.sentences):
        lines += [f"{FLAG_MARK} = {_flag_words(brief)['legend']}", ""]
    for note in brief.notes:
        lines += [f"> {md_escape(note)}", ""]
    if not brief.sections:
        lines += [words["empty"], ""]
    for section in brief.sections:
        lines += [f"## {md_escape(section.title)}", ""]
        lines += [f"- {_line(section.key, s, number, brief.language)}" for s in section.sentences]
        lines.append("")
        lines += _legend(section.key, section.sentences, words)
    if brief.previous is not None and not any(s.key == "changes" for s in brief.sections):
        lines += [words["no_changes"], ""]
    lines += _verification(brief)
    lines += _sources(brief, number)
    return "\n".join(lines).rstrip() + "\n"


def _date_line(brief: Brief) -> str:
    """Date, window, number of sources and engine, as in the PDF's header band."""
    words, lang = labels(brief.language), brief.language
    engine = md_escape(brief.engine + (f" · {brief.model}" if brief.model else ""))
    count = words["source_count"].format(n=len(brief.articles), m=len({a.source or a.id for a in brief.articles}))
    return (f"**{long_date(brief.window.end, lang)}** · {words['window']}: {short_date(brief.window.start, lang)} – "
            f"{short_date(brief.window.end, lang)} · {count} · {engine}")


def _line(key: str, sentence: Sentence, number: dict[str, int], language: str) -> str:
    """One sentence as its section shows it (date, actor, figure, change tag) with its citation markers."""
    words, meta = labels(language), sentence.meta
    text = md_escape(sentence.text)
    if sentence.quotation:
        text = f"*\u201c{text}\u201d*"
    if key == "actors" and "actor" in meta:
        text = f"**{md_escape(meta['actor'])}** \u2014 {md_escape(role_text(sentence, language))}"
    if "date" in meta:
        star = "\\*" if meta.get("date_basis") == "article" else ""
        text = f"**{short_date(dt.date.fromisoformat(meta['date']), language)}**{star} {text}"
    if "figure" in meta:
        kind = words.get(f"kind_{meta['figure']['kind']}", meta["figure"]["kind"])
        text = f"**{md_escape(meta['figure']['display'])}** ({kind}): {text}"
    if "change" in meta:
        title = f" **{md_escape(meta.get('title') or meta['article'])}**:" if meta["change"] == "new_article" else ""
        tag = words.get(f"change_{meta['change']}", meta["change"])
        text = f"**{tag}**{title} {text}"
    text += _marks(sentence, number, words)
    flag = f" {FLAG_MARK}" if sentence.flags else ""
    return text + flag + " " + _markers(sentence.citations, number)


def _flag_words(brief: Brief) -> dict[str, str]:
    """The flag and syndication labels in the brief's language."""
    return FLAG_LABELS.get(brief.language, FLAG_LABELS["en"])


def _marks(sentence: Sentence, number: dict[str, int], words: dict[str, str]) -> str:
    """✔ (n) for a corroborated figure; ⚠ and the other sources' values for a conflicting one."""
    out = ""
    if "corroborated_by" in sentence.meta:
        out += f" \u2714 ({len(sentence.meta['corroborated_by'])})"
    if sentence.meta.get("conflicts_with"):
        other = ", ".join(f"{md_escape(c['display'])} [{number[c['article']]}]" if c["article"] in number
                          else md_escape(c["display"]) for c in sentence.meta["conflicts_with"])
        out += f" \u26a0 {words['conflicting']}: {other};"
    return out


def _markers(citations: list, number: dict[str, int]) -> str:
    """Citation markers [n], one per cited article, in source order."""
    return "".join(f"[{n}]" for n in sorted({number[c.article] for c in citations if c.article in number}))


def _legend(key: str, sentences: list[Sentence], words: dict[str, str]) -> list[str]:
    """The legend under the timeline (article dates) and the figures (marks)."""
    if key == "timeline" and any(s.meta.get("date_basis") == "article" for s in sentences):
        return [f"\\* {words['article_date_note']}", ""]
    if key == "figures":
        return [f"\u2714 (n) = {words['legend_corroborated']} · \u26a0 = {words['legend_conflicting']}", ""]
    return []


def _verification(brief: Brief) -> list[str]:
    """The verification summary and the skipped inputs."""
    words, v = labels(brief.language), brief.verification
    lines = [f"## {words['verification']}", "",
             words["verification_text"].format(checked=v.checked, supported=v.supported, dropped=v.dropped), ""]
    if brief.skipped:
        lines += [f"### {words['skipped']}", ""]
        lines += [f"- {md_escape(s.path)} \u2014 {md_escape(s.reason)}" for s in brief.skipped] + [""]
    flagged, flag_words = brief.flagged(), _flag_words(brief)
    if flagged:
        lines += [f"### {flag_words['heading']}", ""]
        lines += [f"- {FLAG_MARK} {md_escape(f['path'])} @{f['start']}\u2013{f['end']} \u2014 {flag_words['reason']}: "
                  f"\u201c{md_escape(_excerpt(f['text']))}\u201d" for f in flagged] + [""]
    return lines


def _excerpt(text: str, size: int = 120) -> str:
    """At most `size` characters of a text, cut at a word with an ellipsis."""
    return text if len(text) <= size else text[:size].rsplit(" ", 1)[0] + "\u2026"


def _sources(brief: Brief, number: dict[str, int]) -> list[str]:
    """The sources appendix with the quotes used and their offsets."""
    words = labels(brief.language)
    quotes = quotes_by_article(brief)
    lines = [f"## {words['appendix']}", ""]
    for article in source_order(brief):
        meta = " · ".join(x for x in (article.source, short_date(article.published, brief.language), article.url) if x)
        lines.append(f"{number[article.id]}. **{md_escape(article.title or article.id)}** — {md_escape(meta)}")
        for copy in article.also_published_by:
            where = " · ".join(x for x in (copy.source or copy.id, short_date(copy.published, brief.language),
                                           copy.url, copy.path) if x)
            lines.append(f"   {_flag_words(brief)['also']}: {md_escape(where)}")
        used = quotes.get(article.id, [])
        lines += [f"   > \u201c{md_escape(q.quote)}\u201d ({q.start}–{q.end})" for q in used]
        if not used:
            lines.append(f"   ({words['uncited']})")
    return lines + [""]
