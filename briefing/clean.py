"""Strip site boilerplate from raw article text with general rules, not per-site lists.

A body line is kept only when it reads like prose: enough words and a sentence end. On top of
that, widget/caption/credit patterns common to news sites are dropped, and lines that repeat
(or nearly repeat) an already dropped line are dropped too, since captions are printed twice.
"""

from __future__ import annotations

import re

from briefing.text import words

MIN_WORDS = 5
# A sentence end: . ! ? or ellipsis, optionally followed by closing quotes/brackets.
_SENTENCE_END = re.compile(r"""[.!?\u2026]['"\u2019\u201d)\]]*\s*$""")
_JUNK = re.compile(
    r"""(?ix)
    ^\s*(baca\s+(juga|pula|berita)|lihat\s+juga|simak\s+juga|read\s+(also|more|previous|next)|related|berita\s+terkait)\b
    | ^\s*(sumber|source|editor|penulis|reporter|pewarta|foto|photo|video|tags?|topik)\s*(link)?\s*[:|]?\s*$
    | copyright | \u00a9 | all\s+rights\s+reserved | hak\s+cipta
    | leave\s+a\s+(reply|comment) | post\s+a\s+comment | your\s+email\s+address | required\s+fields
    | ^\s*\d+\s+(response|responses|comments?|komentar)\b | komentar\s*\(\d+\) | \bcomments?\s*\(\d+\)
    | bagaimana\s+reaksi\s+anda | ^\s*bagikan\b | ^\s*share\b
    | klik\s+di\s*sini | click\s+here | dapatkan\s+berita | subscribe | berlangganan | follow\s+us | ikuti\s+kami
    | ^\s*\[[\w\s-]{1,40}\]\s*$
    | rendering\s+in\s+[\d.]+\s+seconds | ^\s*loading\.{0,3}\s*$
    | hide\s+caption | toggle\s+caption | sembunyikan\s+keterangan | beralih\s+keterangan
    | (?:^|\W)(foto|photo|image|gambar)\s*/ | \bvia\s+getty\b | \bmelalui\s+getty\b | \bgetty\s+images\b
    | slot\s+gacor | judi\s+online
    """
)
# Credit lines such as "Kementerian Pertahanan Azerbaijan melalui AP" or "Reuters/Foto".
_CREDIT = re.compile(r"(?i)\b(melalui|via)\s+(ap|afp|reuters|getty|epa|anadolu|tass)\b|/(ap|afp|reuters|epa|tass)\b")


def is_prose(line: str) -> bool:
    """True when a line looks like body prose: enough words and a sentence end."""
    return len(words(line)) >= MIN_WORDS and bool(_SENTENCE_END.search(line))


def is_junk(line: str) -> bool:
    """True for known widget, caption, credit and spam patterns."""
    return bool(_JUNK.search(line) or _CREDIT.search(line))


def _similar(a: str, b: str) -> bool:
    """Near-duplicate lines: most of the shorter line's words occur in the other."""
    wa, wb = set(words(a)), set(words(b))
    if min(len(wa), len(wb)) < MIN_WORDS:
        return False  # a one-word menu item says nothing about a sentence
    return len(wa & wb) / min(len(wa), len(wb)) >= 0.8


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
        line = raw.strip()
        if not line:
            continue
        if is_junk(line) or not is_prose(line):
            dropped.append(line)
            continue
        if any(_similar(line, other) for other in dropped[-6:] + kept[-6:]):
            dropped.append(line)  # a caption printed again, or a syndicated repeat
            continue
        kept.append(line)
    return _drop_caption_neighbours(kept, lines)


def _drop_caption_neighbours(kept: list[str], lines: list[str]) -> list[str]:
    """Drop prose lines that sit right above a photo credit: they are captions."""
    stripped = [line.strip() for line in lines if line.strip()]
    captions = set()
    for i, line in enumerate(stripped[1:], start=1):
        if _CREDIT.search(line) or re.search(r"(?i)getty|/afp|/ap\b", line):
            captions.add(stripped[i - 1])
    return [line for line in kept if line not in captions]


def clean_text(raw: str) -> tuple[str | None, str]:
    """Raw article text → (title or None, cleaned body with paragraphs separated by blank lines)."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title, body = split_title(lines)
    return title, "\n\n".join(clean_lines(body))
