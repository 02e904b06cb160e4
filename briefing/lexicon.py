"""Word meanings across English and Indonesian: open lexical data, hand-written news senses on top, match keys.

A meaning is a concept id: an English lemma ("win"), an Indonesian synonym set ("s123") or a hand-written
news sense ("#12"). An English word means its lemmas; an Indonesian word means the English lemmas it
translates to (Wordnet Bahasa, Wiktionary, CLDR: briefing/data/lex-*.tsv.gz, built by tools/build_lexicon.py,
CC BY-SA 3.0, NOTICE-lexicon) and its synonym sets. The lexical data is read once, on first use. The hand
senses (briefing/data/news-senses.txt) add the news senses the data lacks ("gubernur" for governor, "mahar"
for fee); their Indonesian side is matched by affix-cut keys, as the same-language coverage check matches.
A word with no meaning is unknown: it proves nothing either way.
"""

from __future__ import annotations

import functools
import gzip
from importlib import resources

DATA = resources.files("briefing") / "data"
# Indonesian particles and suffixes, cut in this order to find a listed form: -nya/-lah/-kah/-pun, then -kan/-an/-i.
_PARTICLES = ("nya", "lah", "kah", "pun")
_SUFFIXES = ("kan", "an", "i")
# Prefixes with the letter a nasal prefix swallows (me- + pukul = memukul), longest first.
_PREFIX_RESTORE = (("memper", ("",)), ("diper", ("",)), ("meny", ("s",)), ("peny", ("s",)), ("meng", ("", "k")),
                   ("peng", ("", "k")), ("mem", ("p", "")), ("pem", ("p", "")), ("men", ("t", "")), ("pen", ("t", "")),
                   ("ber", ("",)), ("ter", ("",)), ("per", ("",)), ("me", ("",)), ("pe", ("",)), ("di", ("",)),
                   ("ke", ("",)), ("se", ("",)))


def _lines(name: str) -> list[str]:
    """The lines of a gzip'd data file."""
    return gzip.decompress((DATA / name).read_bytes()).decode("utf-8").splitlines()


@functools.cache
def _translations() -> dict[str, str]:
    """Indonesian lemma → its English lemmas joined by '|' (split on use: most are never asked for)."""
    return dict(line.split("\t", 1) for line in _lines("lex-id-en.tsv.gz"))


@functools.cache
def _synsets() -> dict[str, tuple[str, ...]]:
    """Indonesian lemma → ids of the synonym sets it belongs to."""
    index: dict[str, list[str]] = {}
    for number, line in enumerate(_lines("lex-id-syn.tsv.gz")):
        for lemma in line.split("|"):
            index.setdefault(lemma, []).append(f"s{number}")
    return {lemma: tuple(ids) for lemma, ids in index.items()}


@functools.cache
def _irregular() -> dict[str, tuple[str, str]]:
    """English irregular form → (lemma, part of speech): rose → (rise, v), won → (win, v)."""
    rows = (line.split("\t") for line in _lines("lex-en-forms.tsv.gz"))
    return {form: (lemma, pos) for form, lemma, pos in rows}


def irregular_verb(word: str) -> bool:
    """An irregular English verb form (brought, won, fell)."""
    return _irregular().get(word, ("", ""))[1] == "v"


@functools.cache
def _en_synonyms() -> dict[str, tuple[int, ...]]:
    """English lemma → line numbers of its synonym sets (lines kept as read: most are never asked for)."""
    index: dict[str, list[int]] = {}
    for number, line in enumerate(_en_synonym_lines()):
        for lemma in line.split("|"):
            index.setdefault(lemma, []).append(number)
    return {lemma: tuple(numbers) for lemma, numbers in index.items()}


@functools.cache
def _en_synonym_lines() -> list[str]:
    return _lines("lex-en-syn.tsv.gz")


def en_synonyms(lemma: str) -> frozenset[str]:
    """The lemmas that share a synonym set with an English lemma (rock: shake, sway)."""
    lines = _en_synonym_lines()
    return frozenset(w for n in _en_synonyms().get(lemma, ()) for w in lines[n].split("|"))


@functools.cache
def _english_index() -> dict[str, tuple[str, ...]]:
    """English lemma → the Indonesian lemmas that translate it (the translations read the other way)."""
    index: dict[str, list[str]] = {}
    for id_, english in _translations().items():
        for en in english.split("|"):
            index.setdefault(en, []).append(id_)
    return {en: tuple(ids) for en, ids in index.items()}


@functools.lru_cache(maxsize=65536)
def translation_keys(word: str) -> frozenset[str]:
    """Match keys (`stem_keys`) of the Indonesian words an English word translates to: affixed forms the data
    does not list still meet them ("dihadiri" for attended)."""
    ids = [i for lemma in en_lemmas(word) for i in _english_index().get(lemma, ())]
    return frozenset(k for i in ids if " " not in i for k in stem_keys(i, "id"))


def loanword(english: str, indonesian: str) -> bool:
    """An English word and its Indonesian spelling (manager/manajer, document/dokumen, system/sistem)."""
    if len(english) < 5 or english[:2] != indonesian[:2]:
        return False
    spelled = english.replace("ph", "f").replace("c", "k").replace("g", "j").replace("y", "i").replace("x", "ks")
    target = indonesian.replace("g", "j")
    common = 0
    for a, b in zip(spelled, target):
        if a != b:
            break
        common += 1
    return common >= 5 or (common >= 4 and common >= len(spelled) - 2)


def data_loaders() -> tuple:
    """The functions that read the lexical data once (memos a cold verifier pass keeps: a run reads them once)."""
    return (_translations, _synsets, _irregular, _hand_index, _en_synonyms, _en_synonym_lines, _english_vocabulary,
            _english_index)


def load() -> int:
    """Read all lexical data now (a long run pays it once up front); the number of Indonesian lemmas."""
    _synsets(), _irregular(), _hand_index(), _en_synonyms(), _english_vocabulary(), _english_index()
    return len(_translations())


@functools.lru_cache(maxsize=65536)
def id_candidates(word: str) -> tuple[tuple[str, ...], ...]:
    """Forms an Indonesian word may be listed under, most specific first: as written, particle cut, suffix cut,
    prefix cut (with the swallowed letter restored), both."""
    base = word.partition("-")[0] if word.count("-") == 1 and word.split("-")[0] == word.split("-")[1] else word
    levels: list[tuple[str, ...]] = [(base,)]
    for particle in _PARTICLES:
        if base.endswith(particle) and len(base) - len(particle) >= 3:
            base = base[:-len(particle)]
            levels.append((base,))
            break
    stems = [base[:-len(s)] for s in _SUFFIXES if base.endswith(s) and len(base) - len(s) >= 3]
    if stems:
        levels.append(tuple(stems))
    unprefixed = [r for form in [base, *stems] for r in _unprefixed(form)]
    if unprefixed:
        levels.append(tuple(unprefixed))
    return tuple(levels)


def _unprefixed(form: str) -> list[str]:
    """`form` without its prefix, the swallowed letter restored where a nasal prefix took one."""
    for prefix, restored in _PREFIX_RESTORE:
        if form.startswith(prefix) and len(form) - len(prefix) >= 3:
            rest = form[len(prefix):]
            out = [letter + rest for letter in restored]
            if prefix in ("ke", "per", "pe") and rest.endswith("an") and len(rest) >= 5:  # ke-an, per-an: a confix
                out.append(rest[:-2])
            return out
    return []


@functools.lru_cache(maxsize=65536)
def id_lemmas(word: str) -> tuple[str, ...]:
    """The listed forms of an Indonesian word at its most specific level that the data has (none: unknown)."""
    listed = _translations()
    synsets = _synsets()
    if word in listed or word in synsets:  # most words are listed as written: no affix to try
        return (word,)
    for level in id_candidates(word):
        found = tuple(f for f in level if f in listed or f in synsets)
        if found:
            return found
    return ()


@functools.lru_cache(maxsize=65536)
def en_lemmas(word: str) -> frozenset[str]:
    """Lemmas an English word may be: itself, its irregular lemma, and its regular bases (attacked → attack)."""
    irregular = _irregular().get(word)
    return frozenset(en_forms(word)) | ({irregular[0]} if irregular else set())


@functools.cache
def _hand_index() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """Hand senses: English word → sense ids, and Indonesian match key → sense ids."""
    english: dict[str, set[str]] = {}
    indonesian: dict[str, set[str]] = {}
    rows = [line for line in (DATA / "news-senses.txt").read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    for number, line in enumerate(rows):
        en, _, id_ = line.partition("|")
        for word in en.split():
            english.setdefault(word, set()).add(f"#{number}")
        for root in id_.split():
            for form in {root} if _derived(root) else _id_forms(root):
                for key in _id_keys(form, root):
                    indonesian.setdefault(key, set()).add(f"#{number}")
    return ({k: frozenset(v) for k, v in english.items()}, {k: frozenset(v) for k, v in indonesian.items()})


@functools.lru_cache(maxsize=65536)
def meanings(word: str, language: str) -> frozenset[str]:
    """The concept ids of a lower-case word (empty: a word neither the data nor the hand senses know)."""
    english, indonesian = _hand_index()
    if language == "en":
        lemmas = en_lemmas(word)
        if not _known_en(lemmas):
            return frozenset()
        return lemmas.union(*(english.get(f, frozenset()) for f in lemmas), *(en_synonyms(f) for f in lemmas))
    if language == "id":
        parts = {word, word.partition("-")[0]}  # kota-kota, the plural, means what kota means
        hand = frozenset().union(*(indonesian.get(k, frozenset()) for p in parts for k in stem_keys(p, "id")))
        return hand | _id_concepts(id_lemmas(word))
    return frozenset()


def _known_en(lemmas: frozenset[str]) -> bool:
    """Whether any lemma is an English word the data or the hand senses list."""
    return any(lemma in _english_vocabulary() or lemma in _hand_index()[0] for lemma in lemmas)


@functools.cache
def _english_vocabulary() -> frozenset[str]:
    """Every English lemma the translations name."""
    return frozenset(en for line in _translations().values() for en in line.split("|"))


def _id_concepts(lemmas: tuple[str, ...]) -> frozenset[str]:
    """English lemmas and synonym sets of listed Indonesian forms."""
    listed, synsets = _translations(), _synsets()
    out: set[str] = set()
    for lemma in lemmas:
        out.update(listed.get(lemma, "").split("|") if lemma in listed else ())
        out.update(synsets.get(lemma, ()))
    return frozenset(out)


_ID_PREFIXES = (("meny", "s"), ("peny", "s"), ("meng", "k"), ("peng", "k"), ("mem", "p"), ("pem", "p"),
                ("men", "t"), ("pen", "t"), ("ber", ""), ("ter", ""), ("per", ""), ("me", ""), ("pe", ""),
                ("di", ""), ("ke", ""), ("se", ""))
_ID_SUFFIXES = ("nya", "lah", "kah", "kan", "an", "i")
_EN_SUFFIXES = ("'s", "ies", "ing", "ed", "es", "s", "ly")
KEY_CHARS = 5  # words match when their stems share this many first letters ("evacuated" ~ "evacuation")
# Indonesian verbs take a prefix that may swallow the root's first letter (me- + pukul = memukul): a root is
# matched in each prefixed form, through the same affix cutting the quotes' words get.
_NASAL = {"p": "mem", "b": "mem", "t": "men", "d": "men", "c": "men", "j": "men", "k": "meng", "g": "meng",
          "h": "meng", "s": "meny"}
_PREFIXES = ("", "me", "di", "ber", "ter", "pe", "ke", "se", "per")
_DERIVING = _PREFIXES[1:]


def _id_forms(root: str) -> set[str]:
    """A root and its prefixed forms (menyerang, diserang, penyerang, …)."""
    forms = {p + root for p in _PREFIXES}
    nasal = _NASAL.get(root[:1], "meng")
    dropped = root[1:] if root[:1] in "ptks" else root
    forms.update((nasal + dropped, "pe" + nasal[2:] + dropped))
    return forms


def en_forms(word: str) -> set[str]:
    """The word and the bases its English inflections may come from (attacks, attacked, attacking → attack)."""
    forms = {word}
    for suffix, endings in (("ies", ("y",)), ("ied", ("y",)), ("es", ("", "e")), ("s", ("",)), ("ed", ("", "e")),
                            ("ing", ("", "e")), ("ly", ("",)), ("'s", ("",))):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[:-len(suffix)]
            forms.update(stem + e for e in endings)
            if suffix in ("ed", "ing") and len(stem) > 3 and stem[-1] == stem[-2]:  # stopped → stop
                forms.add(stem[:-1])
    return forms


def _derived(word: str) -> bool:
    """A listed word that is itself derived, prefix and suffix (perdagangan, kemerdekaan; not sengketa)."""
    return len(word) >= 8 and word.startswith(_DERIVING) and word.endswith("an") and len(stem_keys(word, "id")) > 1


def _id_keys(form: str, root: str) -> frozenset[str]:
    """Match keys of one form of a listed word, without first letters that are mostly a prefix."""
    keys = stem_keys(form, "id")
    # A prefixed form's first letters are a key only when they hold the root's start ("memat" of mematikan);
    # "mengg" of mengganti is mostly prefix, and mengguncang has it too. A derived word keeps only its cut
    # keys: "perda" of perdagangan would also be perdamaian's.
    head = form[:KEY_CHARS] if _derived(root) or root[:3] not in form[:KEY_CHARS] else ""
    return keys - {head}


@functools.lru_cache(maxsize=65536)
def stem_keys(word: str, language: str) -> frozenset[str]:
    """Match keys of a word: its first letters after common affixes (Indonesian or English) are cut."""
    forms = {word}
    if language == "id":
        base = word
        for suffix in _ID_SUFFIXES:
            if base.endswith(suffix) and len(base) - len(suffix) >= 4:
                base = base[:-len(suffix)]
        forms.add(base)
        for prefix, restored in _ID_PREFIXES:
            if base.startswith(prefix) and len(base) - len(prefix) >= 4:
                forms.update((base[len(prefix):], restored + base[len(prefix):]))
                break
    else:
        for suffix in _EN_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                forms.add(word[:-len(suffix)])
                break
    return frozenset(f[:KEY_CHARS] for f in forms)
