"""Numbers as Indonesian and English write them: numerals with either separator convention, scale words, number
words, ordinals and clock times. Pure."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from briefing.names import folded

SCALES = {
    "ribu": 10**3, "ribuan": 10**3, "rb": 10**3, "juta": 10**6, "jutaan": 10**6, "jt": 10**6, "miliar": 10**9,
    "milyar": 10**9,
    "triliun": 10**12, "thousand": 10**3, "million": 10**6, "mn": 10**6, "billion": 10**9,
    "bn": 10**9, "trillion": 10**12,
}
_NUMBER = re.compile(
    r"(?:(?<![\w.,])|(?<=\brp))(\d+(?:[.,]\d+)*)(?:\s*(%|persen|percent))?(?:\s+(" + "|".join(SCALES) + r")\b)?",
    re.IGNORECASE,
)
_SEPARATORS = {"id": (".", ","), "en": (",", ".")}
_GROUPED = {lang: re.compile(rf"\d{{1,3}}(\{t}\d{{3}})+(\{d}\d+)?") for lang, (t, d) in _SEPARATORS.items()}
_TAIL3 = {lang: re.compile(rf"\{t}\d{{3}}$") for lang, (t, _) in _SEPARATORS.items()}
# Number words from two up ("one"/"satu" are too often not a count: "salah satu", "no one").
UNITS = {
    "id": {"dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8, "sembilan": 9,
           "sepuluh": 10, "sebelas": 11, "seratus": 100, "seribu": 1000, "sejuta": 10**6},
    "en": {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
           "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
           "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
           "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90},
}
MULTIPLIERS = {"id": {"belas": None, "puluh": 10, "ratus": 100, "ribu": 10**3, "juta": 10**6, "miliar": 10**9},
                "en": {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9}}
# "kedua negara" = the two countries, "keduanya" = both of them: counts a quote may state.
COLLECTIVE = re.compile(r"(?i)\bke(dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh)(?:nya)?\b")
# Ordinals from the third up ("kedua"/"second" are too often "both" or a unit of time): "single keempat" is 4.
_ORDINALS = {"id": {"ketiga": 3, "keempat": 4, "kelima": 5, "keenam": 6, "ketujuh": 7, "kedelapan": 8,
                    "kesembilan": 9, "kesepuluh": 10},
             "en": {"third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
                    "tenth": 10}}
_CLOCK_HINT = re.compile(r"\d[.:]\d\d\b")
_CLOCK_TIME = re.compile(r"\b(\d{1,2})[.:](\d{2})(?=\s*(?:[ap]\.?\s?m\b\.?|WIB|WITA|WIT)\b)", re.IGNORECASE)
_ORDINAL_WORDS = {lang: re.compile(rf"(?i)\b({'|'.join(table)})\b") for lang, table in _ORDINALS.items()}
_NUMBER_WORDS = {lang: re.compile(rf"(?i)\b({'|'.join(UNITS[lang])})(?:[\s-]+({'|'.join(MULTIPLIERS[lang])}))?\b")
                 for lang in UNITS}

DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s+")


def parse_number(token: str, language: str) -> Decimal | None:
    """A numeral as written in `language`: id '2.000' = 2000 and '2,5' = 2.5; en '2,000' = 2000."""
    lang = "id" if language == "id" else "en"
    thousands, decimal = _SEPARATORS[lang]
    if _GROUPED[lang].fullmatch(token):
        token = token.replace(thousands, "")
    elif token.count(thousands) == 1 and token.count(decimal) == 0 and not _TAIL3[lang].search(token):
        token = token.replace(thousands, decimal)  # "2.5" in Indonesian text: a dot used as decimal mark
    try:
        return Decimal(token.replace(thousands, "").replace(decimal, "."))
    except InvalidOperation:
        return None


def numbers(text: str, language: str) -> set[Decimal]:
    """The numeric values stated in `text`, scale words applied (2,5 juta → 2500000), number words read."""
    text = _SPACE.sub(" ", folded(text))
    if _CLOCK_HINT.search(text):  # "11.59 p.m.", "19.41 WIB": an hour and a minute, not a decimal
        text = _CLOCK_TIME.sub(r"\1 \2 ", text)
    values = set()
    if DIGIT.search(text):  # the numeral pattern is slow to try at every position of a text without digits
        for match in _NUMBER.finditer(text):
            value = parse_number(match.group(1), language)
            if value is not None:
                scale = match.group(3)
                values.add((value * SCALES[scale.lower()] if scale else value).normalize())
    lower = text.lower()
    for lang in (("id", "en") if language not in UNITS else (language,)):
        if any(unit in lower for unit in UNITS[lang]):  # likewise the number words, without any of them
            for match in _NUMBER_WORDS[lang].finditer(text):
                values.add(Decimal(_word_value(lang, match.group(1).lower(), (match.group(2) or "").lower())))
        values.update(Decimal(_ORDINALS[lang][m.group(1).lower()]) for m in _ORDINAL_WORDS[lang].finditer(text))
    return values


def _word_value(lang: str, unit: str, multiplier: str) -> int:
    """Value of 'dua belas', 'tiga ratus', 'five thousand'."""
    value = UNITS[lang][unit]
    if not multiplier:
        return value
    factor = MULTIPLIERS[lang][multiplier]
    return value + 10 if factor is None else value * factor
