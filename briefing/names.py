"""Proper names in Indonesian and English: a compact bilingual table plus general rules. Pure.

A name is a country, place, organisation or person. The table maps the spellings that differ
between the languages (Rusia/Russia/Russian, PBB/UN, Amerika Serikat/AS/United States) to one key;
every other name is compared by its own spelling (case-insensitive), after English demonym and
possessive endings are tried ("Armenian", "Iran's", "Azerbaijani").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

from briefing.dates import MONTHS
from briefing.text import STOPWORDS, fold

# key: spellings in both languages (nouns, demonyms, acronyms). Only spellings that differ need a row.
_TABLE = "\n".join(line for line in (Path(__file__).resolve().parent / "data" / "names.txt").read_text("utf-8")
                   .splitlines() if line.strip() and not line.startswith("#"))

# Capitalised words that are titles, ranks, institutions or calendar words in either language, not names.
GENERIC = frozenset("""
presiden menteri perdana kementerian pertahanan luar negeri dalam dewan keamanan wakil ketua kepala juru bicara
pemerintah pemerintahan negara kota provinsi kabupaten kecamatan desa partai tentara pasukan militer republik
federasi jenderal kolonel letnan mayor kapten sekretaris direktur utama umum angkatan bersenjata kantor badan
komisi lembaga majelis mahkamah pengadilan organisasi perjanjian persahabatan kerja sama saling membantu kolektif
internasional nasional raja ratu gubernur bupati walikota wali polisi kepolisian parlemen kedutaan duta besar
kesehatan keuangan pendidikan perdagangan energi pertanian hukum kabinet senat kongres istana rakyat daerah
pusat selatan utara timur barat tenggara laut sungai gunung pulau jalan bandara stadion universitas rumah sakit
tuhan allah bapak ibu pak bu saudara sang rp rupiah usd idr us$ dolar dollar euro pounds
president minister prime ministry defence defense foreign affairs interior justice security council deputy chairman
chair head spokesman spokeswoman spokesperson government administration state city province district village
party army forces armed military republic federation general colonel lieutenant major captain secretary director
chief executive office agency commission committee court criminal international national treaty organization
organisation collective friendship cooperation mutual assistance king queen governor mayor police parliament
embassy ambassador health finance education trade energy agriculture cabinet senate congress house palace
people regional central south north east west southeast sea river mount island street airport stadium
university hospital god mr mrs ms dr sir madam minister's ministry's president's
""".split())
WEEKDAYS = {
    "senin": "mon", "monday": "mon", "selasa": "tue", "tuesday": "tue", "rabu": "wed", "wednesday": "wed",
    "kamis": "thu", "thursday": "thu", "jumat": "fri", "jum'at": "fri", "friday": "fri",
    "sabtu": "sat", "saturday": "sat", "minggu": "sun", "ahad": "sun", "sunday": "sun",
}
# English demonym and possessive endings tried in turn: "Iranian" → "Iran", "Armenian" → "Armenia".
# Indonesian "-nya" (its/the: "Instagramnya") is cut the same way.
_ENDINGS = ("'s", "'", "ians", "ian", "ans", "an", "ns", "n", "is", "i", "ese", "s", "nya")
TOKEN = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")  # a word, hyphen or apostrophe parts joined
# A capitalised word after one of these starts a sentence or a quotation.
_OPENING = frozenset(".!?:;\"'([\n\u201c\u2018\u00ab")


def _variants() -> dict[str, str]:
    """Every spelling in the table → its key."""
    out: dict[str, str] = {}
    for line in _TABLE.strip().splitlines():
        key, _, spellings = line.partition(":")
        for spelling in spellings.split("|"):
            out[spelling.strip()] = key.strip()
    return out


# Folding (entities, NFKC, quote marks) is the costliest step of reading a text; each text is folded once.
folded = functools.lru_cache(maxsize=32768)(fold)
VARIANTS = _variants()
# Acronyms count only in capitals ("US", "AS", "UN"), so "us" and "as" are never countries.
_SINGLE = {s.lower(): key for s, key in VARIANTS.items() if " " not in s and "." not in s and not s.isupper()}
_SINGLE_HEADS = frozenset(s[:3] for s in _SINGLE)
_ACRONYMS = {spelling: key for spelling, key in VARIANTS.items() if spelling.isupper() or "." in spelling}
# A many-word spelling may take a plural or possessive ending: "South Koreans", "the World Bank's".
_MULTI = re.compile(r"(?<![\w.])(" + "|".join(
    re.escape(s) for s in sorted((s for s in VARIANTS if " " in s or "." in s), key=len, reverse=True))
    + r")(?:'s|s)?(?![\w'])")
_CALENDAR = frozenset(WEEKDAYS) | frozenset(MONTHS)
# What each many-word spelling starts with, up to its first space or dot: a text holding none has none of them.
_MULTI_HEADS = tuple(sorted({re.match(r"[^ .]*[ .]", s).group() for s in VARIANTS if " " in s or "." in s}))
_MULTI_HEAD = re.compile("|".join(re.escape(head) for head in _MULTI_HEADS))  # one scan instead of one per head


def _multi(text: str) -> list[re.Match]:
    """The table's many-word spellings ("Amerika Serikat", "A.S.") in `text`."""
    return list(_MULTI.finditer(text)) if _MULTI_HEAD.search(text) else []


def starts_sentence(text: str, pos: int) -> bool:
    """True when the word at `pos` opens the text, a sentence, a line or a quotation."""
    start = pos
    while start > 0 and text[start - 1] in " \t\xa0":  # a blanked table name may leave a long run of spaces
        start -= 1
    return start == 0 or text[start - 1] in _OPENING


@functools.lru_cache(maxsize=65536)
def table_key(word: str) -> str | None:
    """The table key of one word (any case), trying English demonym endings; None when not in the table."""
    if word in _ACRONYMS:
        return _ACRONYMS[word]
    lower = word.lower()
    if lower[:3] not in _SINGLE_HEADS:  # every spelling, with or without an ending, starts with one of these
        return None
    if lower in _SINGLE:
        return _SINGLE[lower]
    for ending in _ENDINGS:
        if lower.endswith(ending) and len(lower) - len(ending) >= 3 and lower[:-len(ending)] in _SINGLE:
            return _SINGLE[lower[:-len(ending)]]
    return None


@functools.lru_cache(maxsize=8192)
def quote_names(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """What a quote can support: table keys it names, and every word it contains (lower case, with parts)."""
    text = folded(text)
    keys = {VARIANTS[m.group(1)] for m in _multi(text)}
    tokens = set(TOKEN.findall(text))
    keys.update(key for key in map(table_key, tokens) if key)
    words = {token.lower() for token in tokens}
    words |= {_unaccented(w) for w in words}  # "Karaiskáki" is written "Karaiskakis" in English
    for compound in [w for w in words if "-" in w or "'" in w]:
        words.update(compound.replace("'", "-").split("-"))
    return frozenset(keys), frozenset(words)


@functools.lru_cache(maxsize=8192)
def sentence_names(text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Names a sentence states: table keys, capitalised words inside the sentence, capitalised sentence openers."""
    text = folded(text)
    found = _multi(text)
    keys = [VARIANTS[m.group(1)] for m in found]
    for m in found:  # blanked, so that their words are not read again one by one
        text = text[:m.start()] + " " * len(m.group()) + text[m.end():]
    inner: list[str] = []
    openers: list[str] = []
    for match in TOKEN.finditer(text):
        if match.group().islower():  # no capital, no name (table spellings written in lower case are common nouns)
            continue
        opener = starts_sentence(text, match.start())
        for token in _possessive(match.group()).split("-"):  # "Russian-brokered", "Nagorno-Karabakh": each part
            if not token or not token[0].isupper():
                continue
            key = table_key(token)
            lower = token.lower()
            if key:
                keys.append(key)
            elif lower in STOPWORDS or lower in GENERIC or lower in _CALENDAR or len(token) < 2:
                continue
            elif token.isupper() or not opener:
                inner.append(lower)
            else:
                openers.append(lower)
            opener = False
    return tuple(dict.fromkeys(keys)), tuple(dict.fromkeys(inner)), tuple(dict.fromkeys(openers))


def _possessive(token: str) -> str:
    """An English possessive without its ending: "Barcelona's" → "Barcelona", "Reuters'" → "Reuters"."""
    if token.endswith("'s"):
        return token[:-2]
    return token[:-1] if token.endswith("'") else token


def _unaccented(word: str) -> str:
    """The word without accents (á → a)."""
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def word_supported(word: str, keys: frozenset[str], words: frozenset[str]) -> bool:
    """A name word is stated by a quote: same word, a demonym of it, or all parts of a compound."""
    word = _unaccented(word)
    if word in words:
        return True
    parts = word.replace("'", "-").split("-")
    if len(parts) > 1 and all(p in words for p in parts if p not in ("s", "")):
        return True
    if any(word.endswith(e) and word[:-len(e)] in words for e in _ENDINGS if len(word) - len(e) >= 3):
        return True
    return len(word) >= 6 and any(spelling_variant(word, w) for w in words)


_VOWELS = frozenset("aeiou")


def spelling_variant(a: str, b: str) -> bool:
    """Two spellings of one name: a vowel for another (Mohammed/Mohammad), c for k, or a doubled letter."""
    if len(a) == len(b):
        diff = [(x, y) for x, y in zip(a, b) if x != y]
        # a vowel for another, or c for k (Puerto Rico, Puerto Riko)
        return len(diff) == 1 and (diff[0][0] in _VOWELS and diff[0][1] in _VOWELS or set(diff[0]) == {"c", "k"})
    short, long_ = sorted((a, b), key=len)
    if len(long_) != len(short) + 1:
        return False
    i = next((k for k, (x, y) in enumerate(zip(short, long_)) if x != y), len(short))
    return long_[:i] + long_[i + 1:] == short and i > 0 and long_[i] == long_[i - 1]


_EXPANSION = re.compile(r"((?:[A-Z][\w'&-]*\s+(?:(?:of|for|and|on|the|dan|untuk)\s+)*)+)\(([A-Z][A-Za-z]{1,9})\)")


def expansion_words(text: str, quoted: frozenset[str]) -> frozenset[str]:
    """Words of a name spelt out before an acronym the quote has: "Center for Volcanology … (PVMBG)"."""
    out: set[str] = set()
    if "(" not in text:
        return frozenset()
    for match in _EXPANSION.finditer(folded(text)):
        if match.group(2).lower() in quoted:
            out.update(w.lower() for w in TOKEN.findall(match.group(1)))
    return frozenset(out)


_ACRONYM = re.compile(r"\b[A-Z][A-Za-z]*[A-Z][A-Za-z]*\b")  # two capitals in a word: PAN, RS, GoT
_CONNECTORS = frozenset("of and the for on dan untuk di de".split())


@functools.lru_cache(maxsize=8192)
def initial_runs(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """Runs of capitalised words and their initials, with and without connectors ("Game of Thrones": got, gt)."""
    runs: list[list[str]] = [[]]
    for token in TOKEN.findall(folded(text)):
        if token[:1].isupper() and not token.isupper():
            runs[-1].append(token)
        elif token.lower() in _CONNECTORS and runs[-1]:
            runs[-1].append(token.lower())
        else:
            runs.append([])
    out = []
    for run in runs:
        for start in range(len(run)):  # every stretch of the run: "Rumah Sakit" of "Rumah Sakit Manchester …"
            for end in range(start + 2, min(len(run), start + 7) + 1):
                part = run[start:end]
                capitals = [w for w in part if w[:1].isupper()]
                if len(capitals) >= 2 and part[0][:1].isupper() and part[-1][:1].isupper():
                    words = frozenset(w.lower() for w in capitals)
                    out.append(("".join(w[0] for w in part).lower(), words))
                    out.append(("".join(w[0] for w in capitals).lower(), words))
    return tuple(out)


def acronym_words(text: str, quotes: tuple[str, ...]) -> frozenset[str]:
    """Name words an acronym stands for across sentence and quotes: the sentence's "PAN" for the quote's "Partai
    Amanat Nasional", and the sentence's "Game of Thrones" for the quote's "GoT"."""
    if not any(_ACRONYM.search(t) for t in (text, *quotes)):  # no acronym on either side: nothing to spell out
        return frozenset()
    quoted_tokens = {t.lower() for q in quotes for t in TOKEN.findall(folded(q))}
    out = {w for initials, words in initial_runs(text) if initials in quoted_tokens for w in words}
    sentence_tokens = {t.lower() for t in TOKEN.findall(folded(text))}
    out.update(initials for q in quotes for initials, _ in initial_runs(q) if initials in sentence_tokens)
    return frozenset(out)


@functools.lru_cache(maxsize=64)
def _lowered(text: str) -> str:
    """An article in lower case, once per article (first names are looked up in it)."""
    return text.lower()


def full_name(text: str, word: str, quoted: frozenset[str], context: tuple[str, ...], quotes: tuple[str, ...] = ()
              ) -> bool:
    """`word` stands next to a name the quote has ("Carrie" before "Fisher"), and the articles write the two so.

    Not when the quote writes that name with another word of its own ("Joongang Ilbo" is no "Chosun Ilbo").
    """
    tokens = TOKEN.findall(folded(text))
    lower = [t.lower() for t in tokens]
    texts = [_lowered(t) for t in context]
    for i, token in enumerate(lower):
        if token != word:
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(tokens) and lower[j] in quoted and tokens[j][:1].isupper():
                pair = f"{lower[min(i, j)]} {lower[max(i, j)]}"
                if any(pair in t for t in texts) and not _named_otherwise(tokens[j], j < i, quotes):
                    return True
    return False


def _named_otherwise(name: str, before: bool, quotes: tuple[str, ...]) -> bool:
    """The quotes write `name` with another capitalised word on the side where the sentence has its word."""
    for quote in quotes:
        words = TOKEN.findall(folded(quote))
        for k, w in enumerate(words):
            if w == name:
                other = words[k + 1] if before and k + 1 < len(words) else words[k - 1] if not before and k else ""
                if other[:1].isupper():
                    return True
    return False


# A capitalised word after a word or comma and a space: inside a sentence. Lower-case words are common words.
_MID_CAPITAL = re.compile(r"(?<=[^\W_,;][ \t]|[,;)][ \t])([A-Z][^\W\d_]*(?:['-][^\W\d_]+)*)")
_LOWER_WORD = re.compile(r"(?<![^\W\d_'-])([a-z][^\W\d_]*(?:['-][^\W\d_]+)*)")


@functools.lru_cache(maxsize=16384)
def article_vocabulary(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """Words an article writes capitalised inside sentences (its proper nouns), and words it writes in lower case."""
    common = frozenset(_LOWER_WORD.findall(text))
    proper = frozenset(w.lower() for w in _MID_CAPITAL.findall(text)) - common
    return proper, common


@functools.lru_cache(maxsize=8)
def corpus_names(texts: tuple[str, ...]) -> frozenset[str]:
    """Proper nouns of a collection of articles: capitalised inside sentences, in lower case in none of them."""
    vocabularies = [article_vocabulary(text) for text in texts]
    proper = frozenset().union(*(p for p, _ in vocabularies))
    return proper.difference(*(c for _, c in vocabularies))


# Compass points, matched across languages: "Jakarta Selatan" is not "East Jakarta".
_DIRECTIONS = {"barat daya": "sw", "barat laut": "nw", "timur laut": "ne", "tenggara": "se", "selatan": "s",
               "utara": "n", "timur": "e", "barat": "w", "southwest": "sw", "south-west": "sw", "northwest": "nw",
               "north-west": "nw", "northeast": "ne", "north-east": "ne", "southeast": "se", "south-east": "se",
               "southern": "s", "south": "s", "northern": "n", "north": "n", "eastern": "e", "east": "e",
               "western": "w", "west": "w"}
_DIRECTION = re.compile(r"(?i)(?<![\w-])(" + "|".join(sorted(_DIRECTIONS, key=len, reverse=True)) + r")(?![\w-])")


@functools.lru_cache(maxsize=8192)
def directions(text: str) -> frozenset[str]:
    """Compass points a text names, outside the table's names ("Timur Tengah" is the Middle East)."""
    text = folded(text)
    if not _DIRECTION.search(text):  # most texts name no direction: skip reading the table's names
        return frozenset()
    for match in _multi(text):
        text = text[:match.start()] + " " * len(match.group()) + text[match.end():]
    return frozenset(_DIRECTIONS[m.group(1).lower()] for m in _DIRECTION.finditer(text))


_LETTER = re.compile(r"[^\W\d_]")
_ALNUM = re.compile(r"[^\W_]")


class CorpusNames:
    """`word in CorpusNames(texts)` answers `word in corpus_names(texts)` for one word at a time.

    The verifier asks about a handful of words per run; reading the whole vocabulary of every article
    to answer them cost more than the rest of the verification. Each word is looked up where it occurs
    in the joined texts instead, reading the tokens around it as `article_vocabulary`'s patterns do,
    and the answer is kept.
    """

    def __init__(self, texts: tuple[str, ...]) -> None:
        # A newline between articles: neither pattern of `article_vocabulary` reads across it.
        self._text = "\n".join(texts)
        self._lower = self._text.lower()
        self._texts = texts
        self._answers: dict[str, bool] = {}

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or not word:
            return False
        if word not in self._answers:
            self._answers[word] = self._proper(word)
        return self._answers[word]

    def _proper(self, word: str) -> bool:
        """Written capitalised inside a sentence somewhere, and in lower case nowhere."""
        if len(self._lower) != len(self._text) or word != word.lower():
            return word in corpus_names(self._texts)  # lower() changed some lengths: offsets would not line up
        capitalised, pos = False, self._lower.find(word)
        while pos >= 0:
            if self._token_at(pos, len(word)):
                first = self._text[pos]
                written = self._text.startswith(word, pos)  # as `article_vocabulary` keeps them: "vInales" is not "vinales"
                if written and "a" <= first <= "z" and not self._lower_run_before(pos):
                    return False
                capitalised = capitalised or ("A" <= first <= "Z" and self._opens_mid_sentence(pos))
            pos = self._lower.find(word, pos + 1)
        return capitalised

    def _letter(self, pos: int) -> bool:
        return 0 <= pos < len(self._text) and _LETTER.match(self._text, pos) is not None

    def _token_at(self, pos: int, length: int) -> bool:
        """A segment of a word starts at `pos` and the word (letters joined by ' or -) ends `length` later."""
        end = pos + length
        joined_on = end < len(self._text) and self._text[end] in "'-" and self._letter(end + 1)
        return not self._letter(pos - 1) and not self._letter(end) and not joined_on

    def _segment_before(self, pos: int) -> int | None:
        """Start of the word segment joined to the one at `pos` by ' or -, if there is one."""
        if pos < 2 or self._text[pos - 1] not in "'-" or not self._letter(pos - 2):
            return None
        start = pos - 2
        while self._letter(start - 1):
            start -= 1
        return start

    def _lower_run_before(self, pos: int) -> bool:
        """An earlier segment of the same word starts in lower case: the lower-case token began there."""
        start = self._segment_before(pos)
        while start is not None:
            if "a" <= self._text[start] <= "z":
                return True
            start = self._segment_before(start)
        return False

    def _opens_mid_sentence(self, pos: int) -> bool:
        """The word starts at `pos`, after a space that follows a letter, digit or , ; )."""
        if pos < 2 or self._segment_before(pos) is not None or self._text[pos - 1] not in " \t":
            return False
        return self._text[pos - 2] in ",;)" or _ALNUM.match(self._text, pos - 2) is not None
