"""Deterministic sections beyond the bottom line: timeline, actors, figures, outlook.

They are read off the articles themselves, whatever engine wrote the bottom line, and every
sentence is a verbatim source sentence (or a verbatim span, for actors) cited with offsets.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from briefing.chunking import split_sentences
from briefing.dates import MONTHS, find_dates
from briefing.engines.extractive import readable
from briefing.figures import FigureGroup, group_figures, month_of, sentence_figures
from briefing.i18n import format_number, labels
from briefing.model import Article, Citation, Section, Sentence
from briefing.names import GENERIC, article_vocabulary, table_key

MAX_TIMELINE, MAX_ACTORS, MAX_FIGURES, MAX_OUTLOOK = 10, 8, 8, 5
WEEKDAYS = {
    "senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "sabtu": 5, "minggu": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}
_WEEKDAY = re.compile(r"(?i)\b(?:pada\s+(hari\s+)?|on\s+)(" + "|".join(WEEKDAYS) + r")\b")
# "minggu" is also "week": "pada minggu lalu" (last week) names no day; "pada hari Minggu" and "pada Minggu (…)" do.
_WEEK = re.compile(r"(?i)\s+(?:lalu|ini|depan|kemarin|terakhir|pertama|kedua|ketiga|keempat|ke-?\d+|sebelumnya|yang)\b")
_DAY_MONTH = re.compile(r"(?i)\b(\d{1,2})\s+(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b(?!\s+\d{4})")
_OUTLOOK = re.compile(
    r"(?i)\b(akan|berencana|dijadwalkan|siap untuk|mendesak|menyerukan|meminta|ultimatum|permintaan|"
    r"will|plans? to|scheduled|ready to|urged?|calls? (?:on|for)|called (?:on|for)|requested|demands?)\b"
)
_ROLE = re.compile(
    r"\b(Perdana Menteri|Wakil Presiden|Presiden|Menteri Luar Negeri|Menteri Pertahanan|Menteri Dalam Negeri|"
    r"Menteri|Kanselir|Sekretaris Jenderal|Raja|juru bicara|ajudan Presiden|"
    r"Prime Minister|Vice President|President|Foreign Minister|Defence Minister|Defense Minister|"
    r"Secretary of State|Secretary-General|Chancellor|spokesman|spokeswoman|spokesperson)"
    r"((?:[^\S\n]+[A-Z][\w-]*)+)"  # a name never runs across a line break
)


@dataclass(frozen=True)
class Span:
    """A readable sentence of an article."""

    article: Article
    start: int
    end: int

    @property
    def text(self) -> str:
        """The sentence verbatim."""
        return self.article.text[self.start:self.end]

    def citation(self) -> Citation:
        """Citation of the whole sentence."""
        return Citation(self.article.id, self.text, self.start, self.end)


def spans(articles: list[Article]) -> list[Span]:
    """Every readable sentence of every article, in article order."""
    return [Span(a, s.start, s.end) for a in articles for s in split_sentences(a.text)
            if readable(a.text[s.start:s.end])]


def extra_sections(articles: list[Article], language: str, used: set[tuple[str, int]]) -> list[Section]:
    """Timeline, actors, figures and outlook; `used` holds (article, start) already in the brief."""
    sentences = spans(articles)
    words = labels(language)
    events = timeline(sentences, language)
    # What comes next should be news to the reader, not a line the timeline just printed.
    shown = used | {(c.article, c.start) for s in events for c in s.citations}
    built = [
        Section("timeline", words["timeline"], events),
        Section("actors", words["actors"], actors(articles)),
        Section("figures", words["figures"], figures(sentences, language)),
        Section("outlook", words["outlook"], outlook(sentences, shown)),
    ]
    return [section for section in built if section.sentences]


def event_date(span: Span) -> tuple[dt.date, str] | None:
    """When the sentence says its event happened: a full date, a day and month, or a weekday."""
    published = span.article.published
    found = find_dates(span.text)
    if found:
        return found[0][1], "event"
    if published is None:
        return None
    day = _day_month(span.text, published)
    if day is not None:
        return day, "event"
    for match in _WEEKDAY.finditer(span.text):
        name = match.group(2)
        if name.lower() == "minggu" and not match.group(1) and (name.islower() or _WEEK.match(span.text, match.end())):
            continue
        back = (published.weekday() - WEEKDAYS[name.lower()]) % 7
        return published - dt.timedelta(days=back), "event"
    return None


def _day_month(text: str, published: dt.date) -> dt.date | None:
    """A day and month without year ("20 September"), in the year up to the publication date."""
    for match in _DAY_MONTH.finditer(text):
        month = month_of(match.group(2))  # "20 may have died" is no date
        if month is None:
            continue
        try:
            day = dt.date(published.year, month, int(match.group(1)))
        except ValueError:
            return None
        if day <= published:
            return day
        try:
            return day.replace(year=day.year - 1)
        except ValueError:  # 29 February of a year before a non-leap year
            return None
    return None


def timeline(sentences: list[Span], language: str) -> list[Sentence]:
    """Dated events, oldest first, a fair share per article, preferring events near publication."""
    by_article: dict[str, list[tuple[dt.date, str, Span]]] = {}
    for span in sentences:
        dated = event_date(span)
        if dated:
            by_article.setdefault(span.article.id, []).append((dated[0], dated[1], span))
    articles = {s.article.id: s.article for s in sentences}
    leads: dict[str, Span] = {}
    for span in sentences:
        leads.setdefault(span.article.id, span)  # each article's first readable sentence
    share = max(1, min(3, MAX_TIMELINE // max(1, len(articles))))
    entries: list[tuple[dt.date, str, Span]] = []
    for aid, article in articles.items():
        dated = by_article.get(aid, [])
        # Background dates ("the 1994 ceasefire") matter less than what happened when the article was written.
        dated.sort(key=lambda e: (abs((article.published - e[0]).days) if article.published else 0, e[2].start))
        if dated:
            entries.extend(dated[:share])
        elif article.published:
            entries.append((article.published, "article", leads[aid]))
    entries.sort(key=lambda e: (e[0], e[2].article.id, e[2].start))
    return [Sentence(span.text, [span.citation()], meta={"date": day.isoformat(), "date_basis": basis})
            for day, basis, span in entries[:MAX_TIMELINE]]


ROLES_EN = {
    "perdana menteri": "Prime Minister", "presiden": "President", "wakil presiden": "Vice President",
    "menteri luar negeri": "Foreign Minister", "menteri pertahanan": "Defence Minister",
    "menteri dalam negeri": "Interior Minister", "menteri": "Minister", "kanselir": "Chancellor",
    "sekretaris jenderal": "Secretary-General", "raja": "King", "juru bicara": "spokesperson",
    "ajudan presiden": "aide to the President",
}
# Qualifiers after an Indonesian role, as an English brief writes them ("Menteri Luar Negeri AS" → "… of the United
# States"). A qualifier spelled the same in both languages ("Armenia") needs no row.
_QUALIFIERS_EN = {spelling: english for line in """
Amerika Serikat|Amerika|AS|A.S.: the United States
Rusia|Federasi Rusia: Russia
Prancis|Perancis: France
Inggris|Inggris Raya|Britania Raya: the United Kingdom
Turki: Turkey
Jerman: Germany
Tiongkok|Cina: China
Jepang: Japan
Korea Selatan|Korsel: South Korea
Korea Utara|Korut: North Korea
Arab Saudi: Saudi Arabia
Mesir: Egypt
Spanyol: Spain
Belanda: the Netherlands
Yunani: Greece
Hongaria: Hungary
Ukraina: Ukraine
Polandia: Poland
Swedia: Sweden
Norwegia: Norway
Finlandia: Finland
Belgia: Belgium
Kanada: Canada
Meksiko: Mexico
Brasil: Brazil
Filipina: the Philippines
Singapura: Singapore
Selandia Baru: New Zealand
Irak: Iraq
Suriah: Syria
Yordania: Jordan
Palestina: Palestine
Uni Eropa|UE: the European Union
PBB|Perserikatan Bangsa-Bangsa: the United Nations
Kementerian Luar Negeri: the Foreign Ministry
Kementerian Pertahanan: the Defence Ministry
Kementerian Dalam Negeri: the Interior Ministry
Gedung Putih: the White House
""".strip().splitlines() for english in [line.split(": ")[1]] for spelling in line.split(": ")[0].split("|")}
_NOT_NAME = frozenset(WEEKDAYS) | frozenset(MONTHS)
# Portfolios and bodies after a role are not names: "Menteri Pertanian Andi Amran Sulaiman", "Menteri Agama …".
_PORTFOLIO = frozenset("""agama pariwisata riset teknologi lingkungan hidup koordinator bidang politik sosial budaya
olahraga pemuda agraria tata ruang informatika komunikasi tenaga kerja desa serikat ikatan asosiasi himpunan
laksamana marsekal madya muda brigadir academy authority committee council board foundation institute company
corporation group bank""".split())
_PLACE = re.compile(r"\b(?:di|ke|in|at)\s+([A-Z][^\W\d_]+)")  # "di Israel", "in Portugal": a place, not a name
_AFFIXED_NOUN = re.compile(r"(?i)^(?:pe[rmn]?g?|ke)[^\W\d_]{3,}an$")  # Pertanian, Kesehatan, Pembangunan, Kemaritiman
MAX_NAME_WORDS = 3
_WORD_RUN = re.compile(r"\w+")


def actors(articles: list[Article]) -> list[Sentence]:
    """People named with a role ("Nikol Pashinyan — Perdana Menteri Armenia"), most widely mentioned first."""
    first: dict[str, tuple[Article, int, int, str, str]] = {}
    for article in articles:
        common = article_vocabulary(article.text)[1] | {w.lower() for w in _PLACE.findall(article.text)}
        for match in _ROLE.finditer(article.text):
            tokens = match.group(2).split()
            while tokens and tokens[-1].lower() in _NOT_NAME:
                tokens.pop()
            size = _name_size(tokens, common)
            if size < 2:
                continue
            name, qualifier = " ".join(tokens[-size:]), " ".join(tokens[:-size])
            # The end of the last kept token (a calendar word after the name is cut off the quote).
            end = [m.end() for m in re.finditer(r"\S+", match.group(2))][len(tokens) - 1] + match.start(2)
            first.setdefault(name, (article, match.start(1), end, match.group(1), qualifier))
    reach = _reach_all(list(first), articles)
    ranked = sorted(first, key=lambda n: (-reach[n], n))
    return [_actor(name, *first[name], reach=reach[name]) for name in ranked[:MAX_ACTORS]]


def _name_size(tokens: list[str], common: set[str] | frozenset[str]) -> int:
    """How many of the last tokens name a person: up to three name-like words, not opening with a common word."""
    size = 0
    for token in reversed(tokens):
        if size == MAX_NAME_WORDS or not _name_like(token):
            break
        size += 1
    # "Pariwisata Totok Suryono", "Israel Reuven Rivlin": a word the article writes in lower case or as a place
    # ("di Israel") opens no name.
    while size and (tokens[-size].lower() in common or _AFFIXED_NOUN.match(tokens[-size])):
        size -= 1
    return size


def _name_like(token: str) -> bool:
    """A word that can be part of a person's name: no title, place, country, acronym, number or calendar word."""
    lower = token.lower()
    return not (lower in GENERIC or lower in _PORTFOLIO or lower in _NOT_NAME or table_key(token)
                or (token.isupper() and len(token) > 1) or any(ch.isdigit() for ch in token))


def _reach_all(names: list[str], articles: list[Article]) -> dict[str, int]:
    """`_reach` of every name from one pass over the words of the articles, not a regex scan per name and article."""
    if not names:
        return {}
    frequency: Counter[str] = Counter()
    for article in articles:
        frequency.update(set(_WORD_RUN.findall(article.text)))
    # `\bX\b` for a run of word characters X matches exactly where X is one whole run of them.
    families = {name: name.split()[-1] for name in names}
    return {name: frequency[family] if _WORD_RUN.fullmatch(family) else _reach(name, articles)
            for name, family in families.items()}


def _reach(name: str, articles: list[Article]) -> int:
    """How many articles mention the person's family name."""
    family = name.split()[-1]
    return sum(bool(re.search(rf"\b{re.escape(family)}\b", a.text)) for a in articles)


def _actor(name: str, article: Article, start: int, end: int, role: str, qualifier: str, reach: int) -> Sentence:
    """The actor line, citing the verbatim span that names the role."""
    quote = article.text[start:end]
    described = " ".join(part for part in (role, qualifier) if part)
    return Sentence(f"{name} \u2014 {described}", [Citation(article.id, quote, start, end)],
                    meta={"actor": name, "role": role, "role_en": ROLES_EN.get(role.lower(), role),
                          "qualifier": qualifier, "described_en": described_en(role, qualifier), "articles": reach})


def described_en(role: str, qualifier: str) -> str:
    """The role as an English brief prints it: "Menteri Luar Negeri" + "AS" → "Foreign Minister of the United States"."""
    english = ROLES_EN.get(role.lower())
    if english is None:  # read from an English source: already as an English reader expects it
        return " ".join(part for part in (role, qualifier) if part)
    return f"{english} of {_QUALIFIERS_EN.get(qualifier, qualifier)}" if qualifier else english


KIND_ORDER = ("deaths", "peacekeepers", "troops", "evacuees", "injured", "money", "settlements", "percent")


def figures(sentences: list[Span], language: str) -> list[Sentence]:
    """Key numbers: corroborated first, then by kind; conflicting statements cited beside them."""
    found = [f for s in sentences for f in sentence_figures(s.article, s.start, s.end)]
    groups = sorted(group_figures(found), key=lambda g: (not g.corroborated, -len(g.articles),
                                                           KIND_ORDER.index(g.kind), -g.value))
    out: list[Sentence] = []
    seen: set[tuple[str, int]] = set()
    for group in groups:
        main = group.figures[0]
        if (main.article.id, main.start) in seen or len(out) == MAX_FIGURES:
            continue
        seen.add((main.article.id, main.start))
        out.append(_figure_sentence(group, language))
    return out


def _figure_sentence(group: FigureGroup, language: str) -> Sentence:
    """One figure: its first statement, plus a citation per agreeing article and per conflicting one."""
    main = group.figures[0]
    cited = [main] + [next(f for f in group.figures if f.article.id == aid) for aid in group.articles[1:]]
    conflicts = list({f.article.id: f for f in group.conflicts}.values())
    citations = [Citation(f.article.id, f.sentence, f.start, f.end) for f in cited + conflicts]
    meta = {"figure": {"kind": group.kind, "value": float(group.value), "unit": main.unit,
                       "display": format_number(group.value, language)}}
    if group.corroborated:
        meta["corroborated_by"] = group.articles
    if conflicts:
        meta["conflicts_with"] = [{"article": f.article.id, "value": float(f.value),
                                   "display": format_number(f.value, language)} for f in conflicts]
    return Sentence(main.sentence, citations, meta=meta)


def outlook(sentences: list[Span], used: set[tuple[str, int]]) -> list[Sentence]:
    """Statements about what comes next (talks, demands, requests), newest articles first."""
    picked = [s for s in sentences if _OUTLOOK.search(s.text) and (s.article.id, s.start) not in used]
    picked.sort(key=lambda s: (-(s.article.published or dt.date.min).toordinal(), s.article.id, s.start))
    per_article: Counter[str] = Counter()
    out = []
    for span in picked:
        if per_article[span.article.id] < 2 and len(out) < MAX_OUTLOOK:
            per_article[span.article.id] += 1
            out.append(Sentence(span.text, [span.citation()]))
    return out
