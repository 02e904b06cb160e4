"""Sentence versus quotes: numbers, dates, names, negation and word coverage, each with a reason code. Pure.

Every check asks whether the sentence says something its quotes do not: a number, a date (day,
month, year, weekday), a name, a negation, or a run of words. Numbers, dates and names are
compared across languages (an English sentence may cite an Indonesian quote); negation and word
coverage are compared word by word in the same language, and across languages by negation count
and by length only. Each text is read once into a cached `Profile`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from briefing.dates import MONTHS, clock_parts, periods
from briefing.lexicon import loanword, meanings, stem_keys, translation_keys
from briefing.numbers import COLLECTIVE, DIGIT, MULTIPLIERS, SCALES, UNITS, numbers, parse_number
from briefing.names import (WEEKDAYS, acronym_words, directions, expansion_words, folded, full_name, quote_names,
                            sentence_names, word_supported)
from briefing.predicates import action_mismatch, hedge_dropped
from briefing.text import FAILURES, NEGATORS, STOPWORDS, WORD

_SPACED_NON = re.compile(r"(?i)\bnon\s+-\s+")
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_FULL_MONTHS = {name for name in MONTHS if len(name) >= 5 or name in ("mei", "may", "juni", "june", "juli", "july")}
_DATE_PATTERNS = (  # (regex, field order); the month may be a name or a number
    (re.compile(rf"(?i)\b(\d{{1,2}})\s+({_MONTH})\.?(?:\s+(\d{{4}}))?\b"), "dmy"),
    (re.compile(rf"(?i)\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b(?![.,]\d)"), "mdy"),
    (re.compile(rf"\b({_MONTH.title()}|{_MONTH.upper()})\s+(?:(?:of|tahun)\s+)?(\d{{4}})\b"), "my"),
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?!\d)"), "ymd"),
    (re.compile(r"(?<![\d.,/])(\d{1,2})\s?/\s?(\d{1,2})(?:\s?/\s?(\d{4}|\d{2}))?(?![\d/])"), "num"),
)
_NUMERIC_DATE_PATTERNS = tuple(p for p in _DATE_PATTERNS if p[1] in ("ymd", "num"))
_MONTH_WORDS = frozenset(MONTHS)
_LETTERS = re.compile(r"[^\W\d_]+")
_BARE_MONTH = re.compile(r"\b(?:" + "|".join(sorted((m.title() for m in _FULL_MONTHS), key=len, reverse=True)) + r")\b")
_RELATIVE = {"kemarin": "yesterday", "yesterday": "yesterday", "besok": "tomorrow", "tomorrow": "tomorrow",
             "lusa": "after_tomorrow"}
# "not only", "tidak lama kemudian" (soon after), "tak sedikit" (many): negation words that negate nothing.
# "tidak seperti" (unlike) compares rather than negates.
_NOT_NEGATING = frozenset("hanya saja cuma lama sedikit jarang kurang seperti only just less least doubt".split())
# Words between a negation and what it negates: "tidak mampu memenuhi", "not able to meet" negate "memenuhi"/"meet".
_MODALS = frozenset("mampu boleh mau ingin perlu sempat berani usah bakal segera terlalu cukup able going want need "
                    "yet longer ever always really".split())
# Words that link or frame rather than state ("meanwhile", "earlier", "kini"): a translation adds them freely.
DISCOURSE = frozenset("""
meanwhile earlier later now currently also even still yet already around about among them us him her it its
their there here then thus however although though whereas just only really actually almost nearly some many
much several such other another each every per via within inside outside across along toward towards upon onto
amid amidst despite whether either neither late recently lately soon ago far well too very quite rather
respectively including include includes included part side way made make makes got get gets take took taken
went go goes going come came comes put puts set sets hold held holds one ones own
kini sekarang sendiri bahkan pula tengah memang lantas kemudian adapun selain yakni lain pihak
""".split())
# Scale and number words belong to the number check ("billion" is "miliar" there).
_COUNT_WORDS = frozenset(SCALES) | frozenset(w for table in (UNITS, MULTIPLIERS) for lang in table for w in table[lang])
MIN_COVERAGE = 0.6  # share of a sentence's content words its same-language quotes must contain
MAX_UNSUPPORTED_RUN = 3  # this many content words in a row that no quote has: an added clause
MAX_UNSUPPORTED_MEANINGS = 3  # this many known words whose meaning no quote expresses: not established


def date_mentions(text: str, language: str) -> list[tuple[int | None, int | None, int | None, bool]]:
    """(day, month, year, numeric month) of every date written in `text`, named months in either language."""
    text = folded(text)
    found = []
    named = _names_a_month(text)
    if DIGIT.search(text):
        for pattern, order in _DATE_PATTERNS if named else _NUMERIC_DATE_PATTERNS:
            before = len(found)
            for match in pattern.finditer(text):
                mention = _mention(order, match.groups(), language)
                if mention is not None:
                    found.append(mention)
            if len(found) > before:  # a date is read once: blank it for the looser patterns after it
                text = pattern.sub(lambda m: " " * len(m.group()), text)
    for match in _BARE_MONTH.finditer(text) if named else ():  # a month named alone: "pada bulan Mei"
        if not _opens(text, match.start()):
            found.append((None, MONTHS[match.group().lower()], None, False))
    return found


def _names_a_month(text: str) -> bool:
    """True when a word (or part of a hyphenated one) of `text` is a month name: only then can a month pattern match."""
    return not _MONTH_WORDS.isdisjoint(_LETTERS.findall(text.lower()))


def _opens(text: str, pos: int) -> bool:
    """True when the word at `pos` starts the sentence ("May" there is more likely the verb)."""
    before = text[max(0, pos - 4):pos].strip()
    return not before or before[-1] in ".!?\""


def _mention(order: str, groups: tuple, language: str) -> tuple[int | None, int | None, int | None, bool] | None:
    """One regex match as (day, month, year, numeric month); None when it is not a calendar date."""
    if order == "dmy":
        day, month, year = int(groups[0]), MONTHS[groups[1].lower()], groups[2]
    elif order == "mdy":
        day, month, year = int(groups[1]), MONTHS[groups[0].lower()], groups[2]
    elif order == "my":
        day, month, year = None, MONTHS[groups[0].lower()], groups[1]
    elif order == "ymd":
        day, month, year = int(groups[2]), int(groups[1]), groups[0]
    else:
        day, month, year = int(groups[0]), int(groups[1]), groups[2]
        if language == "en" and month > 12 >= day:  # 9/13/2022 written the American way
            day, month = month, day
    year = (int(year) + (2000 if len(year) == 2 else 0)) if year else None
    if (day is not None and not 1 <= day <= 31) or not 1 <= month <= 12:
        return None
    return day, month, year, order in ("ymd", "num")


def calendar_words(text: str) -> frozenset[str]:
    """Weekdays (capitalised, so 'minggu ini' is a week) and yesterday/tomorrow, language-neutral."""
    return _calendar(WORD.findall(folded(text)))


def _calendar(tokens: list[str]) -> frozenset[str]:
    """`calendar_words` of word tokens as written."""
    found = set()
    for token in tokens:
        lower = token.lower()
        if lower in WEEKDAYS and token[0].isupper():
            found.add(WEEKDAYS[lower])
        elif lower in _RELATIVE:
            found.add(_RELATIVE[lower])
    return frozenset(found)


def _is_content(word: str) -> bool:
    """A lower-case word that carries meaning (as in `content_words`)."""
    return word not in STOPWORDS and len(word) > 1 and not word.isdigit()


@dataclass(frozen=True)
class Profile:
    """What the checks need of one text, computed once: numbers, dates, word keys, negations."""

    numbers: frozenset[Decimal]  # stated by the text as a sentence
    supported_numbers: frozenset[Decimal]  # stated by the text as a quote (also "kedua", date parts)
    dates: tuple[tuple[int | None, int | None, int | None, bool], ...]
    calendar: frozenset[str]
    keys: tuple[frozenset[str], ...]  # match keys of each content word, in order
    words: tuple[str, ...]  # the content words themselves, lower-case, in the same order
    all_keys: frozenset[str]
    plain_keys: frozenset[str]  # content words no negation applies to
    negations: tuple[frozenset[str], ...]  # match keys of the word each negation applies to
    n_words: int
    tokens: tuple[str, ...]  # every word, lower-case (stopwords too: "kedua" states "second")
    capitals: frozenset[str]  # words written with a capital letter, lower-case (names, for the names check)


@functools.lru_cache(maxsize=16384)
def profile(text: str, language: str) -> Profile:
    """The `Profile` of a text written in `language`."""
    lang = language if language in UNITS else "en"
    stated = numbers(text, language)
    dates = tuple(date_mentions(text, lang))
    supported = set(stated) | {Decimal(n) for d in dates for n in d[:3] if n is not None}
    if lang == "id":
        supported.update(Decimal(UNITS["id"][m.group(1).lower()]) for m in COLLECTIVE.finditer(text))
    supported.update(clock_parts(text))
    supported.update(Decimal(n) for _, n in periods(text))  # "kuartal III" states the 3 of "the third quarter"
    written = WORD.findall(_SPACED_NON.sub("non-", folded(text)))  # IndoSum writes "non - Asia"
    tokens = [t.lower() for t in written]
    scopes = _negation_scopes(tokens, lang)
    keys, content, plain = [], [], set()
    for i, token in enumerate(tokens):
        if token not in STOPWORDS and len(token) > 1 and not token.isdigit():  # `_is_content`, inlined: hot loop
            word_keys = stem_keys(token, lang)
            keys.append(word_keys)
            content.append(token)
            if i not in scopes:
                plain |= word_keys
    negated = tuple(stem_keys(tokens[t].removeprefix("non-"), lang) if t >= 0 else frozenset() for t in scopes)
    return Profile(frozenset(stated), frozenset(supported), dates, _calendar(written), tuple(keys), tuple(content),
                   frozenset().union(*keys), frozenset(plain), negated, len(tokens), tuple(tokens),
                   frozenset(t.lower() for t in written if t[:1].isupper()))


def _negation_scopes(tokens: list[str], lang: str) -> dict[int, int]:
    """Word index of what each negation applies to (the next content word, modals skipped) → the negation's index.

    A negation with nothing to apply to gets a negative key of its own.
    """
    scopes: dict[int, int] = {}
    for i, token in enumerate(tokens):
        if token.startswith("non-"):
            scopes[i] = i
            continue
        yet_to = lang == "en" and token == "yet" and tokens[i + 1:i + 2] == ["to"]  # "has yet to sign" = belum
        if not (token in NEGATORS[lang] or (lang == "en" and token.endswith("n't")) or yet_to):
            continue
        if token == "no" and tokens[i + 1:i + 2] and tokens[i + 1][0].isdigit():  # "Jalan Hasanudin No 6"
            continue
        following = range(i + 1, min(i + 4, len(tokens)))
        if following and tokens[following[0]] in _NOT_NEGATING:
            continue
        target = next((j for j in following if _is_content(tokens[j]) and tokens[j] not in _MODALS
                       and tokens[j] not in NEGATORS[lang]), -1 - i)
        scopes[target] = i
    return scopes


def _failures(profile_: Profile) -> int:
    """How many failure words a text has, and English words negated by un- ("unsafe" for "tidak aman")."""
    return sum(token in FAILURES or (token.startswith("un") and len(token) > 5 and bool(meanings(token[2:], "en"))
                                     and not meanings(token, "en")) for token in profile_.tokens)


def dates_supported(sentence: Profile, quotes: list[Profile], quoted_numbers: frozenset[Decimal]) -> bool:
    """Every date the sentence states is a date of its quotes; a wrong numeral is left to the number check."""
    if not sentence.calendar <= frozenset().union(*(q.calendar for q in quotes)):
        return False
    quoted = [m for q in quotes for m in q.dates]
    for day, month, year, numeric in sentence.dates:
        if any(_compatible((day, month, year), q, quoted_numbers) for q in quoted):
            continue
        numerals = {Decimal(n) for n in (day, year, month if numeric else None) if n is not None}
        if numerals <= quoted_numbers:
            return False  # every numeral is there, so only the date itself can be wrong
    return True


def _compatible(stated: tuple, quoted: tuple, quoted_numbers: frozenset[Decimal]) -> bool:
    """The quoted date says what the stated one says; a year may come from elsewhere in the quote."""
    day, month, year = stated
    if day is not None and quoted[0] != day:
        return False
    if month is not None and quoted[1] != month:
        return False
    return year is None or quoted[2] == year or (quoted[2] is None and Decimal(year) in quoted_numbers)


def names_supported(text: str, language: str, quotes: list[tuple[str, str]], corpus: Callable[[], frozenset[str]],
                    context: tuple[str, ...] = ()) -> bool:
    """Every name of the sentence is named by its quotes (`name_check` finds nothing)."""
    return name_check(text, language, quotes, corpus, context) is None


def name_check(text: str, language: str, quotes: list[tuple[str, str]], corpus: Callable[[], frozenset[str]],
               context: tuple[str, ...] = ()) -> str | None:
    """`name_mismatch`, `name_unconfirmed` or None: is every name of the sentence named by its quotes?

    A capitalised word inside the sentence is a name, whether or not any article uses it, unless its quotes
    state it or its meaning ("Court" for pengadilan, "Cup" for piala). A capitalised opener is a name when the
    articles use it as one. A first name the cited articles (`context`) write next to a quoted surname
    ("Carrie Fisher" for "Fisher") is the same person. A name the quotes lack is a mismatch when the sentence
    drops a name of the quotes for it (a swap: Surabaya for Yogyakarta, Armenian for Rusia) or names another
    direction (Selatan, East); a name only added (the speaker a quote calls "dia") is unconfirmed.
    """
    keys, inner, openers = sentence_names(text)
    quoted = [quote_names(q) for q, _ in quotes]
    quoted_keys = frozenset().union(*(k for k, _ in quoted))
    quoted_words = frozenset().union(*(w for _, w in quoted))
    if not directions(text) <= frozenset().union(*(directions(q) for q, _ in quotes)):
        return "name_mismatch"
    cross = not any(lang in (language, "und") for _, lang in quotes)
    # A translated common noun ("Court" for pengadilan) is matched by meaning, across languages only.
    expressed = functools.cache(lambda: _expressed(tuple(quotes)) if cross else frozenset())
    missing = [k for k in keys if k not in quoted_keys]
    spelt_out = functools.cache(lambda: expansion_words(text, quoted_words)
                                | acronym_words(text, tuple(q for q, _ in quotes)))
    for word in inner:
        if not (word_supported(word, quoted_keys, quoted_words) or (cross and meanings(word, language) & expressed())
                or word in spelt_out() or full_name(text, word, quoted_words, context, tuple(q for q, _ in quotes))):
            missing.append(word)
    for word in openers:
        # A capitalised opener may be any word ("Sineas", "Langkah"): a name only when the articles use it as one.
        if not (word_supported(word, quoted_keys, quoted_words) or (cross and meanings(word, language) & expressed())) \
                and word in corpus():
            missing.append(word)
    if not missing:
        return None
    # A name put in place of one the quotes state contradicts them; one only added is not established.
    return "name_mismatch" if _names_dropped(text, language, quotes) else "name_unconfirmed"


def _names_dropped(text: str, language: str, quotes: list[tuple[str, str]]) -> bool:
    """A name of the quotes that the sentence does not state: with a name added, a swap (Armenian for Rusia)."""
    keys, words = quote_names(text)
    meaning = functools.cache(lambda: frozenset().union(*(meanings(w, language) for w in words)))
    for quote, lang in quotes:
        quote_keys, inner, _ = sentence_names(quote)
        if not set(quote_keys) <= keys:
            return True
        if any(not word_supported(w, keys, words) and not meanings(w, lang) & meaning() for w in inner):
            return True
    return False


def _expressed(quotes: tuple[tuple[str, str], ...]) -> frozenset[str]:
    """Every meaning the words of the quotes express."""
    return frozenset().union(*(_text_meanings(profile(q, lang if lang in UNITS else "en").tokens, lang)
                               for q, lang in quotes))


def negation_supported(sentence: Profile, quotes: list[Profile], cross: bool) -> bool:
    """A negation the sentence states is stated by its quotes, and the quotes' negations are kept."""
    quoted = [scope for q in quotes for scope in q.negations]
    if cross:
        # Across languages only the number of negations can be compared. A sentence may not negate more than
        # its quotes do; one that renders most of their words (a translation) must keep their negations.
        covers = sentence.n_words >= 0.7 * sum(q.n_words for q in quotes)
        stated = len(sentence.negations) + _failures(sentence)
        negated = len(quoted) + sum(_failures(q) for q in quotes)
        return stated <= negated and (stated == negated or not covers)
    if sentence.negations and not quoted:
        return False
    quote_plain = frozenset().union(*(q.plain_keys for q in quotes))
    quote_negated = frozenset().union(*quoted)
    sentence_negated = frozenset().union(*sentence.negations)
    for scope in sentence.negations:  # the sentence negates a word its quotes state only plainly
        if scope & quote_plain and not scope & quote_negated:
            return False
    for scope in quoted:  # the quotes negate a word the sentence states only plainly
        if scope & sentence.plain_keys and not scope & sentence_negated and not scope & quote_plain:
            return False
    return True


def coverage_supported(sentence: Profile, language: str, quotes: list[tuple[Profile, str]], cross: bool) -> bool:
    """Enough of the sentence's content words are in its quotes, and no run of them is missing (an added clause).

    Across languages: no more than twice as long as its quotes, and few words whose meaning none of them
    expresses (`unsupported_meanings`): fewer than three, as in the same language.
    """
    if cross:
        return (len(sentence.keys) <= 2 * sum(len(q.keys) for q, _ in quotes) + 4
                and len(unsupported_meanings(sentence, language, quotes)) < MAX_UNSUPPORTED_MEANINGS)
    if not sentence.keys:
        return True
    quote_keys = _quote_keys(quotes)
    # Synonyms are looked up only when the words as written are not enough (most sentences never ask).
    as_written = [bool(keys & quote_keys) for keys in sentence.keys]
    return _covered(as_written) or _covered(_present(sentence, language, quotes))


def _covered(present: list[bool]) -> bool:
    """Enough words present, no run of missing ones, fewer than three missing."""
    run = longest = 0
    for found in present:
        run = 0 if found else run + 1
        longest = max(longest, run)
    return (sum(present) / len(present) >= MIN_COVERAGE and longest < MAX_UNSUPPORTED_RUN
            and present.count(False) < MAX_UNSUPPORTED_MEANINGS)


def _quote_keys(quotes: list[tuple[Profile, str]]) -> frozenset[str]:
    """Match keys of every content word of the quotes."""
    return frozenset().union(*(q.all_keys for q, _ in quotes))


def _present(sentence: Profile, language: str, quotes: list[tuple[Profile, str]]) -> list[bool]:
    """For each content word of the sentence, whether its quotes have it or a synonym of it (same language)."""
    quote_keys = _quote_keys(quotes)
    present = [bool(keys & quote_keys) for keys in sentence.keys]
    if all(present):
        return present
    expressed = _quote_meanings(quotes, cross=False)
    return [found or bool(meanings(word, language) & expressed) for found, word in zip(present, sentence.words)]


def _quote_meanings(quotes: list[tuple[Profile, str]], cross: bool = True) -> frozenset[str]:
    """Every meaning the words of the quotes express, and their two-word entries ("musim panas": summer).

    In the same language the content words suffice: a synonym of a stopword is a stopword.
    """
    return frozenset().union(*(_text_meanings(q.tokens if cross else q.words, lang) for q, lang in quotes))


@functools.lru_cache(maxsize=8192)
def _text_meanings(tokens: tuple[str, ...], language: str) -> frozenset[str]:
    """The meanings of a text's words and of its two-word Indonesian entries, once per text."""
    singles = (meanings(word, language) for word in tokens)
    pairs = (meanings(f"{a} {b}", language) for a, b in zip(tokens, tokens[1:])) if language == "id" else ()
    return frozenset().union(*singles, *pairs)


def unsupported_meanings(sentence: Profile, language: str, quotes: list[tuple[Profile, str]]) -> list[str]:
    """Words of a translated sentence whose meaning (`briefing.lexicon`) none of its quotes expresses.

    Capitalised words (names: the names check's business), calendar words (the date check's) and discourse words
    ("meanwhile", "earlier") are not counted.
    """
    quote_keys = _quote_keys(quotes)
    expressed = _quote_meanings(quotes)
    missing = []
    for word, keys in zip(sentence.words, sentence.keys):
        if word in sentence.capitals or word in _MONTH_WORDS or word in WEEKDAYS or word in DISCOURSE \
                or word in _COUNT_WORDS:
            continue
        known = meanings(word, language)
        # A word the lexicon does not know proves nothing; one spelt as in the quote (a name, a loanword) is there.
        if known and not known & expressed and not keys & quote_keys and not _translated(word, language, quotes):
            missing.append(word)
    return missing


def _translated(word: str, language: str, quotes: list[tuple[Profile, str]]) -> bool:
    """An English word whose Indonesian translations or loanword spelling the quotes contain."""
    if language != "en":
        return False
    keys = translation_keys(word)
    return any(keys & q.all_keys or any(loanword(word, t) for t in q.tokens) for q, lang in quotes if lang == "id")


def _quoted(language: str, quotes: list[tuple[str, str]]) -> tuple[bool, list[tuple[Profile, str]]]:
    """Whether the quotes are all in another language, and each quote's profile with its language."""
    cross = not any(lang in (language, "und") for _, lang in quotes)
    return cross, [(profile(q, lang if lang in UNITS else language), lang) for q, lang in quotes]


def unsupported_details(text: str, language: str, quotes: list[tuple[str, str]]) -> dict[str, list[str]]:
    """What a rewrite must leave out: the sentence's numbers and words its quotes do not state."""
    cross, quoted = _quoted(language, quotes)
    sentence = profile(text, language)
    supported = frozenset().union(*(q.supported_numbers for q, _ in quoted))
    if cross:
        words = unsupported_meanings(sentence, language, quoted)
    else:
        words = [w for w, found in zip(sentence.words, _present(sentence, language, quoted)) if not found]
    return {"numbers": [format(n, "f") for n in sorted(sentence.numbers - supported)],
            "words": list(dict.fromkeys(words))}


def claim_reasons(text: str, language: str, quotes: list[tuple[str, str]],
                  corpus: Callable[[], frozenset[str]] = frozenset, context: tuple[str, ...] = ()) -> list[str]:
    """Reason codes for what `text` (in `language`) says beyond its quotes [(quote, quote language)]."""
    cross, with_languages = _quoted(language, quotes)
    sentence = profile(text, language)
    quoted = [q for q, _ in with_languages]
    supported = frozenset().union(*(q.supported_numbers for q in quoted))
    names = name_check(text, language, quotes, corpus, context)
    checks = (
        ("number_mismatch", lambda: sentence.numbers <= supported),
        ("date_mismatch", lambda: dates_supported(sentence, quoted, supported)),
        ("date_mismatch", lambda: periods(text) <= frozenset().union(*(periods(q) for q, _ in quotes))),
        ("name_mismatch", lambda: names != "name_mismatch"),
        ("name_unconfirmed", lambda: names != "name_unconfirmed"),
        ("negation_mismatch", lambda: negation_supported(sentence, quoted, cross)),
        ("action_mismatch", lambda: not action_mismatch(text, language, quotes)),
        ("hedge_dropped", lambda: not hedge_dropped(text, language, quotes)),
        ("low_overlap", lambda: coverage_supported(sentence, language, with_languages, cross)),
    )
    return list(dict.fromkeys(code for code, passes in checks if not passes()))
