"""Key figures: numbers with what they count, grouped across articles into corroborated or conflicting.

A figure is a number in a sentence plus the kind of quantity it counts, read from the words
around it ("6.500 nyawa" after "merenggut" → deaths; "2.000 pasukan penjaga perdamaian" →
peacekeepers). Two independent articles stating the same value of the same kind corroborate
each other; different values of the same kind, from articles published within a few days of
each other whose sentences share a year or several content words, conflict.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from briefing.dates import MONTHS
from briefing.model import Article
from briefing.numbers import SCALES, parse_number
from briefing.text import content_words, words

# Word stems (lower case, without -nya) that tell what a number counts, most specific first. A stem matches the
# start of a word ("evacuat" → "evacuated"); one ending in a space is a whole word ("euro", not "European").
KINDS = (
    ("peacekeepers", ("penjaga perdamaian", "peacekeep", "pasukan perdamaian")),
    ("evacuees", ("evakuasi", "dievakuasi", "mengevakuasi", "evacuat", "mengungsi", "pengungsi", "refugee", "displaced")),
    ("deaths", ("tewas", "menewaskan", "meninggal", "nyawa", "jiwa", "korban jiwa", "merenggut", "killed", "dead ",
                "death", "lives", "died", "fatalities")),
    ("injured", ("luka", "terluka", "injured", "wounded")),
    ("troops", ("tentara", "prajurit", "pasukan", "personel", "troops", "soldiers", "personnel", "servicemen")),
    ("settlements", ("desa", "permukiman", "pemukiman", "villages", "settlements")),
    ("money", ("rp ", "rupiah", "dolar", "dollar", "usd ", "euro ", "euros ")),  # "$5", "Rp5": see _CURRENCY
)
_NUMBER = re.compile(r"(?:(?<![\w.,])|(?<=\brp))(\d+(?:[.,]\d+)*)(\s*(?:%|persen|percent))?", re.IGNORECASE)
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
# Durations and distances are not figures a brief tracks ("10 hari", "30 tahun", "5 km").
_SKIP_UNITS = frozenset("""detik menit jam hari minggu pekan bulan tahun dekade abad km kilometer meter mil
seconds minutes hours days weeks months years decades centuries miles kilometres kilometers metres""".split())
_AFTER, _BEFORE = 5, 4  # words of context read after and before a number
# Month names that are never common words; the others ("may", "mar", "jan") count only capitalised.
_FULL_MONTHS = frozenset(m for m in MONTHS if len(m) >= 5) | {"mei", "juni", "juli", "june", "july"}
_MONTH_AFTER = re.compile(r"(?:st|nd|rd|th)?\.?[ \t\xa0]+([^\W\d_]+)")  # 9 November, 19th September
_MONTH_BEFORE = re.compile(r"([^\W\d_]+)\.?[ \t\xa0]+$")  # September 19, Sept. 19
_CURRENCY = re.compile(r"(?i)(?:\$|\brp\.?)\s*$")  # $5 million, Rp5 miliar


@dataclass(frozen=True)
class Figure:
    """One number stated by one sentence of one article."""

    article: Article
    start: int  # offsets of the sentence in the article's cleaned text
    end: int
    value: Decimal
    kind: str
    unit: str  # the words right after the number, as written

    @property
    def sentence(self) -> str:
        """The sentence that states the figure, verbatim."""
        return self.article.text[self.start:self.end]


@dataclass
class FigureGroup:
    """All statements of one value of one kind, with the articles that agree and those that differ."""

    kind: str
    value: Decimal
    figures: list[Figure]
    conflicts: list[Figure]

    @property
    def articles(self) -> list[str]:
        """Distinct article ids stating this value, in first-seen order."""
        return list(dict.fromkeys(f.article.id for f in self.figures))

    @property
    def independent(self) -> list[str]:
        """The stating articles with syndicated copies counted once (a copy names its original's id)."""
        original = {copy.id: f.article.id for f in self.figures for copy in f.article.also_published_by}
        return list(dict.fromkeys(original.get(aid, aid) for aid in self.articles))

    @property
    def corroborated(self) -> bool:
        """Stated by at least two independent articles: a copy agreeing with its original corroborates nothing."""
        return len(self.independent) >= 2


def month_of(word: str) -> int | None:
    """The month a word names ("September", "Sept", "May"), None for other words such as English "may"."""
    lower = word.lower()
    if lower in MONTHS and (word[:1].isupper() or lower in _FULL_MONTHS):
        return MONTHS[lower]
    return None


def kind_of(before: list[str], after: list[str]) -> str | None:
    """The kind of quantity from the words around a number; None when nothing tells."""
    # A stem must start a word: "rp" is not in "terpisah", "euro" not in "European", "desa" not in "mendesak".
    near_after = " " + " ".join(w.removesuffix("nya") for w in after) + " "
    around = " " + " ".join(w.removesuffix("nya") for w in before) + near_after
    for kind, stems in KINDS:
        # The unit noun right after the number decides first; verbs before it refine people counts.
        if any(" " + stem in near_after for stem in stems) and kind not in ("deaths", "evacuees", "injured"):
            return kind
        if any(" " + stem in around for stem in stems):
            return kind
    return None


def sentence_figures(article: Article, start: int, end: int) -> list[Figure]:
    """Figures stated in one sentence (years, dates and bare small numbers are left out)."""
    text = article.text[start:end]
    found = []
    for match in _NUMBER.finditer(text):
        token = match.group(1)
        if _YEAR.match(token) or _is_date_part(text, match.start(), match.end()):
            continue
        value = parse_number(token, article.language)
        before = words(text[:match.start()])[-_BEFORE:]
        after = words(text[match.end():])[:_AFTER + 1]
        if value is not None and after and after[0] in SCALES and not match.group(2):
            value, after = value * SCALES[after[0]], after[1:]  # the unit is what follows "juta"
        after = after[:_AFTER]
        if after and after[0] in _SKIP_UNITS and not match.group(2):
            continue
        kind = "percent" if match.group(2) else "money" if _CURRENCY.search(text[:match.start()]) \
            else kind_of(before, after)
        if value is None or kind is None or value < 2:
            continue
        found.append(Figure(article, start, end, value.normalize(), kind, " ".join(after[:3])))
    return found


def _is_date_part(text: str, start: int, end: int) -> bool:
    """A day or month number inside a date: 13/9/2022, '9 November 2020', 'September 19, 2023'."""
    if re.match(r"\s*[/.-]\s*\d", text[end:end + 4]) or re.search(r"\d\s*[/.-]\s*$", text[max(0, start - 4):start]):
        return True
    if not text[start:end].isdigit() or not 1 <= int(text[start:end]) <= 31:
        return False
    after = _MONTH_AFTER.match(text, end)
    before = _MONTH_BEFORE.search(text, max(0, start - 16), start)
    return any(m is not None and month_of(m.group(1)) is not None for m in (after, before))


def group_figures(figures: list[Figure], max_days: int = 3) -> list[FigureGroup]:
    """Group by (kind, value); attach figures of the same kind that conflict with each group."""
    groups: dict[tuple[str, Decimal], FigureGroup] = {}
    for fig in figures:
        groups.setdefault((fig.kind, fig.value), FigureGroup(fig.kind, fig.value, [], [])).figures.append(fig)
    ordered = list(groups.values())
    # An article that states a value itself does not contradict it (its other number counts something else).
    owns = [set(group.articles) for group in ordered]
    index = _day_index(ordered)
    for o, other in enumerate(ordered):
        if other.kind == "percent":
            continue  # percentages never conflict (see `conflicting`)
        for fig in other.figures:  # in group order, then figure order: the order the conflicts are listed in
            for g, mine in _near(index, ordered, fig, max_days).items():
                if g != o and fig.article.id not in owns[g] and any(conflicting(fig, m, max_days) for m in mine):
                    ordered[g].conflicts.append(fig)
    return ordered


def _day_index(groups: list[FigureGroup]) -> dict[tuple[str, int | None], dict[int, list[Figure]]]:
    """(kind, publication day ordinal or None) → group number → that group's figures of that day."""
    index: dict[tuple[str, int | None], dict[int, list[Figure]]] = {}
    for g, group in enumerate(groups):
        for fig in group.figures:
            day = fig.article.published
            index.setdefault((group.kind, day.toordinal() if day else None), {}).setdefault(g, []).append(fig)
    return index


def _near(index: dict, groups: list[FigureGroup], fig: Figure, max_days: int) -> dict[int, list[Figure]]:
    """Group number → its figures of fig's kind that `conflicting` does not rule out by date alone (comparing
    every figure with every group would take time quadratic in the articles)."""
    day = fig.article.published
    if day is None or max_days > 366:
        return {g: group.figures for g, group in enumerate(groups) if group.kind == fig.kind}
    near: dict[int, list[Figure]] = {}
    for key in (None, *range(day.toordinal() - max_days, day.toordinal() + max_days + 1)):
        for g, figures in index.get((fig.kind, key), {}).items():
            near.setdefault(g, []).extend(figures)
    return near


def conflicting(a: Figure, b: Figure, max_days: int) -> bool:
    """Different values of one kind, in different articles, about the same moment and event."""
    if a.article.id == b.article.id or a.value == b.value or a.kind == "percent":
        return False
    if a.article.published and b.article.published:
        if abs((a.article.published - b.article.published).days) > max_days:
            return False
    years_a, words_a = _terms(a.sentence)
    years_b, words_b = _terms(b.sentence)
    return bool(years_a & years_b) or len(words_a & words_b) >= 4


@functools.lru_cache(maxsize=8192)
def _terms(sentence: str) -> tuple[frozenset[str], frozenset[str]]:
    """The years and content words of a sentence, worked out once: each is compared with many others."""
    return frozenset(w for w in words(sentence) if _YEAR.match(w)), frozenset(content_words(sentence))
