"""Text helpers shared by the stages: normalization, words, stopwords, language."""

from __future__ import annotations

import html
import re
import unicodedata

# Typographic marks folded to ASCII so that quotes match whatever quote style a model or editor used.
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u2026": "...",
})
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACE = re.compile(r"\s+")
_UNIT = re.compile(
    r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;)"
    r"|.[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]*",
    re.DOTALL,
)
WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)

STOPWORDS_ID = frozenset("""
yang dan di ke dari ini itu dengan untuk pada adalah dalam tidak akan juga oleh sebagai atau telah
sudah bahwa karena saat ada mereka kami kita ia dia tersebut para secara lebih serta namun tetapi
hingga bagi sebuah seorang antara setelah sejak masih harus dapat bisa pun lalu kata katanya
mengatakan menurut yaitu yakni agar jika kalau maka sehingga tak belum bukan hanya saja lagi
sangat banyak beberapa semua setiap tiap tanpa atas bawah sekitar tentang terhadap melalui
kepada hal ketika sementara sedang baru pernah begitu nya pihaknya kedua satu dua tiga
""".split())
STOPWORDS_EN = frozenset("""
the a an and or of to in on at by for with from as is are was were be been being it its this that
these those he she they we you i his her their our not no but if then than so such which who whom
whose what when where while after before since during about into over under between against
has have had do does did will would can could should may might must also more most said says
there here all any each both some only very just up out new one two three
""".split())
STOPWORDS = STOPWORDS_ID | STOPWORDS_EN


def fold(text: str) -> str:
    """Unicode NFKC, HTML entities, ASCII quotes and dashes, no zero-width characters."""
    if text.isascii() and "&" not in text:  # most text: nothing to unescape, compose or fold but backticks
        return text.replace("`", "'")
    text = html.unescape(text)
    text = unicodedata.normalize("NFKC", text)
    return text.translate(_ZERO_WIDTH).translate(_FOLD)


def normalize(text: str) -> str:
    """`fold` plus collapsed whitespace: the form quotes are compared in."""
    return _SPACE.sub(" ", fold(text)).strip()


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """`normalize(text)` and, for each output character, the index where its source starts."""
    out: list[str] = []
    index: list[int] = []
    gap: int | None = None  # where the white space before the next output character began
    # Entities and letters with combining marks fold as a whole, as they do in `normalize`.
    for unit in _UNIT.finditer(text):
        folded = fold(unit.group())
        core = _SPACE.sub(" ", folded).strip()
        if gap is None and folded[:1].isspace():
            gap = unit.start()
        if not core:
            continue
        if out and gap is not None:
            out.append(" ")
            index.append(gap)
        out.extend(core)
        index.extend([unit.start()] * len(core))
        gap = unit.start() if folded[-1].isspace() else None
    return "".join(out), index


def words(text: str) -> list[str]:
    """Lower-case word tokens."""
    return [w.lower() for w in WORD.findall(fold(text))]


def content_words(text: str) -> list[str]:
    """Lower-case words that are not stopwords, numbers or single letters."""
    return [w for w in words(text) if w not in STOPWORDS and len(w) > 1 and not w.isdigit()]


def detect_language(text: str) -> str:
    """'id' or 'en' by stopword share; 'und' when neither language is evident."""
    tokens = words(text[:20000])
    if not tokens:
        return "und"
    ind = sum(t in STOPWORDS_ID for t in tokens)
    eng = sum(t in STOPWORDS_EN for t in tokens)
    if max(ind, eng) < max(2, len(tokens) // 50):
        return "und"
    return "id" if ind >= eng else "en"


# Words that negate what follows, and words of failure ("gagal membawa", "failed to take"), which negate it too.
NEGATORS = {
    "id": frozenset("tidak tak bukan belum tanpa jangan enggak nggak gak tiada takkan bukanlah tidaklah".split()),
    "en": frozenset("not no never without none nor neither cannot nobody nothing unable".split()),
}
FAILURES = frozenset("gagal urung batal enggan failed fail fails failing".split())
