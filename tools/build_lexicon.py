"""Build the package's lexical data (briefing/data/lex-*.tsv.gz) from ../shared/data/lexicon/.

Kept: Indonesian lemma → English lemmas for pairs whose English sense rank is at most RANK (dictionary rows,
which have no rank, are kept); single-word English lemmas only (a sentence is matched word by word);
Indonesian synonym sets of two or more lemmas; English irregular forms. The licence of the result is the
source's (CC BY-SA 3.0 as a whole, see briefing/data/NOTICE-lexicon). Run: python tools/build_lexicon.py
"""

from __future__ import annotations

import gzip
import shutil
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "data" / "lexicon"
TARGET = ROOT / "briefing" / "data"
RANK = 2  # English sense ranks kept: 1 and 2 hold the common senses, deeper ones mostly add noise


def _write(name: str, lines: list[str]) -> None:
    """A gzip'd text file, reproducible (no timestamp in the header)."""
    with open(TARGET / name, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(("\n".join(lines) + "\n").encode("utf-8"))


def translations(rank: int = RANK) -> list[str]:
    """`id_lemma<TAB>en|en|…` lines, sorted."""
    by_id: dict[str, set[str]] = defaultdict(set)
    with open(SOURCE / "en-id.tsv", encoding="utf-8") as rows:
        for line in rows:
            en, id_, _pos, _sources, sense = line.rstrip("\n").split("\t")
            if " " in en or (sense and int(sense) > rank):
                continue
            by_id[id_].add(en)
    return [f"{id_}\t{'|'.join(sorted(en))}" for id_, en in sorted(by_id.items())]


def synonyms(name: str) -> list[str]:
    """Synonym sets with two or more lemmas, `lemma|lemma|…` a line, deduplicated."""
    groups = set()
    with open(SOURCE / name, encoding="utf-8") as rows:
        for line in rows:
            lemmas = sorted(set(line.rstrip("\n").split("\t")[2].split("|")))
            if len(lemmas) > 1:
                groups.add("|".join(lemmas))
    return sorted(groups)


def forms() -> list[str]:
    """`form<TAB>lemma<TAB>pos` of English irregular forms."""
    with open(SOURCE / "en-forms.tsv", encoding="utf-8") as rows:
        return sorted({line.rstrip("\n") for line in rows if line.strip()})


def main() -> int:
    if not SOURCE.is_dir():
        print(f"build_lexicon: {SOURCE} not found (the shared lexicon sits beside the project)", file=sys.stderr)
        return 2
    TARGET.mkdir(exist_ok=True)
    _write("lex-id-en.tsv.gz", translations())
    _write("lex-id-syn.tsv.gz", synonyms("id-syn.tsv"))
    _write("lex-en-syn.tsv.gz", [g for g in synonyms("en-syn.tsv") if " " not in g])
    _write("lex-en-forms.tsv.gz", forms())
    shutil.copyfile(SOURCE / "NOTICE", TARGET / "NOTICE-lexicon")
    for path in sorted(TARGET.glob("lex-*")):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
