"""Find and parse publication dates in Indonesian and English text."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

MONTHS = {
    "januari": 1, "january": 1, "jan": 1, "februari": 2, "february": 2, "feb": 2, "pebruari": 2,
    "maret": 3, "march": 3, "mar": 3, "april": 4, "apr": 4, "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6, "juli": 7, "july": 7, "jul": 7,
    "agustus": 8, "august": 8, "agu": 8, "aug": 8, "agt": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11, "nopember": 11, "desember": 12, "december": 12, "des": 12, "dec": 12,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_PATTERNS = (
    # 14 September 2022, Rabu, 14 September 2022 - 01:44 WIB
    (re.compile(rf"(?i)\b(\d{{1,2}})\s+({_MONTH})\.?\s+(\d{{4}})\b"), "dmy_text"),
    # September 14, 2022
    (re.compile(rf"(?i)\b({_MONTH})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})\b"), "mdy_text"),
    # 2022-09-14, also as the date part of 2022-09-14T01:44:00+07:00
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?!\d)"), "ymd"),
    # (04/10/2020), 13/9/2022, 23 / 12 / 2017 — Indonesian order is day/month/year
    (re.compile(r"\b(\d{1,2})\s?[/.-]\s?(\d{1,2})\s?[/.-]\s?(\d{4})\b"), "dmy_num"),
)


def _build(kind: str, groups: tuple[str, ...]) -> dt.date | None:
    """Turn one regex match into a date, or None when it is not a real calendar date."""
    try:
        if kind == "dmy_text":
            return dt.date(int(groups[2]), MONTHS[groups[1].lower()], int(groups[0]))
        if kind == "mdy_text":
            return dt.date(int(groups[2]), MONTHS[groups[0].lower()], int(groups[1]))
        if kind == "ymd":
            return dt.date(int(groups[0]), int(groups[1]), int(groups[2]))
        return dt.date(int(groups[2]), int(groups[1]), int(groups[0]))
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[int, dt.date]]:
    """All full dates (day, month and year) in `text`, as (position, date), in text order."""
    found: dict[int, dt.date] = {}
    for pattern, kind in _PATTERNS:
        for match in pattern.finditer(text):
            day = _build(kind, match.groups())
            if day is not None and 1900 <= day.year <= 2100:
                found.setdefault(match.start(), day)
    return sorted(found.items())


def parse_date_value(value: object) -> dt.date | None:
    """A date given in metadata (date, datetime, ISO or free text such as 'Rabu, 14 September 2022')."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    dates = find_dates(text)
    if dates:
        return dates[0][1]
    return _dateparser(text)


def _dateparser(text: str) -> dt.date | None:
    """Last resort for free-form dates: dateparser with Indonesian and English, day first."""
    import dateparser  # slow to import; most inputs never get here

    parsed = dateparser.parse(
        text, languages=["id", "en"],
        # No relative-time parser: "kemarin" must never become today's date.
        settings={"PARSERS": ["custom-formats", "absolute-time"], "DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    return parsed.date() if parsed else None


def date_from_text(header: str, body: str) -> tuple[dt.date | None, str | None]:
    """The publication date stated in an article: first date of the header, else latest date of the body."""
    in_header = find_dates(header)
    if in_header:
        return in_header[0][1], "header"
    in_body = find_dates(body)
    if in_body:
        # News reports on the latest events they mention; older dates are background.
        return max(day for _, day in in_body), "body"
    return None, None


# A clock time: after pukul/jam/at, or before a time zone or am/pm ("pukul 20.36", "19:41 WIB", "7:41 pm").
_CLOCK = re.compile(r"\b(?:pukul|jam|at)\s+(\d{1,2})[.:](\d{2})\b|\b(\d{1,2})[.:](\d{2})\s*(?:WIB|WITA|WIT|[ap]\.?m\b)",
                    re.IGNORECASE)


def clock_parts(text: str) -> set[Decimal]:
    """Hours and minutes of the clock times a quote states, the hour also on a 12-hour clock (19.41 WIB: 7:41 pm)."""
    parts = set()
    if ":" in text or "." in text:
        for match in _CLOCK.finditer(text):
            hour, minute = int(match.group(1) or match.group(3)), int(match.group(2) or match.group(4))
            parts.update((Decimal(hour), Decimal(minute), Decimal(hour % 12 or 12)))
    return parts


_ORDINALS = {"pertama": 1, "kesatu": 1, "i": 1, "1": 1, "first": 1, "1st": 1, "kedua": 2, "ii": 2, "2": 2,
             "second": 2, "2nd": 2, "ketiga": 3, "iii": 3, "3": 3, "third": 3, "3rd": 3, "keempat": 4, "iv": 4,
             "4": 4, "fourth": 4, "4th": 4}
_PERIOD_WORDS = {"kuartal": "q", "triwulan": "q", "quarter": "q", "semester": "h", "half": "h", "caturwulan": "t"}
_ORDINAL = "|".join(sorted(_ORDINALS, key=len, reverse=True))
_PERIOD_WORD = "|".join(_PERIOD_WORDS)
_PERIOD = re.compile(rf"(?i)\b(?:({_PERIOD_WORD})\s+(?:ke-?\s?)?({_ORDINAL})|({_ORDINAL})\s+({_PERIOD_WORD}))\b"
                     r"|\b([QqHh])([1-4])\b")


_PERIOD_HINT = re.compile(r"(?i)kuartal|triwulan|quarter|semester|half|caturwulan|\b[QH][1-4]\b")


def periods(text: str) -> frozenset[tuple[str, int]]:
    """Quarters and halves a text names: "kuartal kedua", "the third quarter", "Q3", "semester I" → ('q', 2) …"""
    if not _PERIOD_HINT.search(text):  # most texts name no period: skip the long pattern
        return frozenset()
    found = set()
    for match in _PERIOD.finditer(text):
        word, ordinal, ordinal_first, word_after, letter, digit = match.groups()
        if letter:
            found.add(("q" if letter.lower() == "q" else "h", int(digit)))
        else:
            found.add((_PERIOD_WORDS[(word or word_after).lower()], _ORDINALS[(ordinal or ordinal_first).lower()]))
    return frozenset(found)
