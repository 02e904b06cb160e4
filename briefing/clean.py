"""Strip site boilerplate from raw article text with general rules, not per-site lists.

A body line is kept only when it reads like prose: enough words and a sentence end. On top of
that, widget/caption/credit patterns common to news sites are dropped, lines that repeat (or
nearly repeat) a dropped line are dropped too, and text printed twice loses both copies, since
that is what captions look like; a pull quote or excerpt yields to the paragraph it repeats.
"""

from __future__ import annotations

import functools
import re

from briefing.text import words

MIN_WORDS = 5
CREDIT_WORDS = 10  # a photo credit line: a name, an agency, a toggle word or two
# A sentence end: . ! ? or ellipsis, optionally followed by closing quotes/brackets
# (some corpora, IndoSum among them, put a space before the closing quote: "tahun. ”").
_SENTENCE_END = re.compile(r"""[.!?\u2026](\s?['"\u2019\u201d)\]])*\s*$""")
# An editor's sign-off after the last sentence: "(den / asa)", "(stu)", "[ary]".
_SIGNOFF = re.compile(r"""(?<=[.!?\u2026'"\u2019\u201d])\s*[(\[][^()\[\].!?]{1,24}[)\]]\s*$""")
_JUNK = re.compile(
    r"""(?ix)
    ^\s*(baca\s+(juga|pula|berita)|lihat\s+juga|simak|read\s+(also|more|previous|next)|berita\s+terkait)\b
    | ^\s*related(\s+(articles?|stories|news|posts|coverage))?\s*:
    | ^\s*(sumber|source|editor|penulis|reporter|pewarta|foto|photo|video|tags?|topik)\s*(link)?\s*[:|]?\s*$
    | copyright\s*(\u00a9|\(c\)|\d{4}) | \u00a9 | all\s+rights\s+reserved | hak\s+cipta\s+(dilindungi|\u00a9|\d{4})
    | leave\s+a\s+(reply|comment) | post\s+a\s+comment | your\s+email\s+address | required\s+fields
    | ^\s*\d+\s+(response|responses|comments?|komentar)\b | komentar\s*\(\d+\) | \bcomments?\s*\(\d+\)
    | bagaimana\s+reaksi\s+anda | ^\s*(share|bagikan)(\s+(this|on|via|artikel|berita|ke)\b|\s*$)
    | klik\s+di\s*sini | click\s+here | follow\s+us | ikuti\s+kami
    | ^\s*(subscribe|berlangganan|sign\s+up|dapatkan)\b
    | ^\s*\[[\w\s-]{1,40}\]\s*$
    | rendering\s+in\s+[\d.]+\s+seconds | ^\s*loading\.{0,3}\s*$
    | hide\s+caption | toggle\s+caption | sembunyikan\s+keterangan | beralih\s+keterangan
    | (?:^|\W)(foto|photo|image|gambar)\s*[/:] | \bvia\s+getty\b | \bmelalui\s+getty\b | \bgetty\s+images\b
    | slot\s+gacor
    """
)
# Credit lines such as "Kementerian Pertahanan Azerbaijan melalui AP", "Reuters/Foto", "Photo: Reuters".
_CREDIT = re.compile(
    r"(?i)\b(melalui|via)\s+(ap|afp|reuters|getty|epa|anadolu|tass)\b|/(ap|afp|reuters|epa|tass)\b"
    r"|getty\s+images|^\W*(foto|photo|image|gambar)\s*(:|/|by\b)"
)


# HTML left in a text file (a pasted page, a feed's markup): tags, comments, and script/style bodies. Kept, they
# would only be printed as literal text; no tag is ever rendered (autoescape), but a brief is no place for them.
_MARKUP = re.compile(
    r"(?is)<(script|style|iframe|noscript)\b[^>]*>.*?</\1\s*>|<!--.*?-->|</?[a-z][\w:-]*(?:\s[^<>]*)?/?>"
)


def strip_markup(line: str) -> str:
    """A line without HTML tags, comments and script/style bodies; the text between tags stays."""
    if "<" not in line:
        return line
    return re.sub(r"[ \t]{2,}", " ", _MARKUP.sub(" ", line)).strip()


@functools.lru_cache(maxsize=1024)
def _words(line: str) -> tuple[str, ...]:
    """`words` of a line, worked out once: each line is compared with up to a dozen neighbours."""
    return tuple(words(line))


def is_prose(line: str) -> bool:
    """True when a line looks like body prose: enough words and a sentence end."""
    return len(_words(line)) >= MIN_WORDS and bool(_SENTENCE_END.search(line))


def is_junk(line: str) -> bool:
    """True for known widget, caption, credit and spam patterns."""
    return bool(_JUNK.search(line) or _CREDIT.search(line))


def _similar(a: str, b: str) -> bool:
    """Near-duplicate lines: most of the shorter line's words occur in the other."""
    wa, wb = set(_words(a)), set(_words(b))
    if min(len(wa), len(wb)) < MIN_WORDS:
        return False  # a one-word menu item says nothing about a sentence
    return len(wa & wb) / min(len(wa), len(wb)) >= 0.8


def _longer(a: str, b: str) -> bool:
    """`a` is clearly longer than `b`: a paragraph that quotes `b`, not a copy of it."""
    return len(_words(a)) > 1.25 * len(_words(b))


def split_title(lines: list[str]) -> tuple[str | None, list[str]]:
    """Take a headline-like first line (no sentence end) off the top as the title."""
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if not _SENTENCE_END.search(line) and len(words(line)) <= 30 and not is_junk(line):
            return line.strip(), lines[i + 1:]
        return None, lines[i:]
    return None, []


def clean_lines(lines: list[str]) -> list[str]:
    """Keep the prose lines of an article body, in order, without repeats."""
    kept: list[str] = []
    dropped: list[str] = []
    for raw in lines:
        line = _SIGNOFF.sub("", strip_markup(raw).strip())
        if not line:
            continue
        if is_junk(line) or not is_prose(line) or _repeats(line, dropped[-6:]):
            dropped.append(line)
            continue
        twin = next((k for k in kept[-6:] if _similar(line, k)), None)
        if twin is not None and not _longer(line, twin):
            dropped.append(line)  # a pull quote repeating the paragraph above, or a second copy
            if not _longer(twin, line):
                kept.remove(twin)  # the same text twice, around a credit or toggle: a caption
            continue
        if twin is not None:
            kept.remove(twin)  # a short excerpt printed above the paragraph it comes from
        kept.append(line)
    return _drop_caption_neighbours(kept, lines)


def _repeats(line: str, dropped: list[str]) -> bool:
    """A line that repeats recently dropped text (a caption printed again with its credit)."""
    return any(_similar(line, other) and not _longer(line, other) for other in dropped)


def _drop_caption_neighbours(kept: list[str], lines: list[str]) -> list[str]:
    """Drop prose lines that sit right above a photo credit: they are captions."""
    stripped = [line.strip() for line in lines if line.strip()]
    captions = set()
    for i, line in enumerate(stripped[1:], start=1):
        # Only a credit on a line of its own; a caption with the credit at its end is itself dropped.
        if _CREDIT.search(line) and len(words(line)) <= CREDIT_WORDS:
            captions.add(_SIGNOFF.sub("", stripped[i - 1]))
    return [line for line in kept if line not in captions]


def clean_text(raw: str) -> tuple[str | None, str]:
    """Raw article text → (title or None, cleaned body with paragraphs separated by blank lines)."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title, body = split_title(lines)
    return title, "\n\n".join(clean_lines(body))
