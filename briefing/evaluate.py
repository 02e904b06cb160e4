"""Measure the verifier on a labelled set: detection per perturbation class, false rejections of correct sentences.

The evaluation itself is pure (`evaluate`, `format_report`, `target_failures`); `main` reads the
committed set `tests/data/verify_eval.jsonl` and the articles it cites (seeds/ and the IndoSum
sample), prints the table and exits 1 when a target is missed. It then prints, without targets, the
cross-lingual sets written by someone who had not seen the rules (HELD_OUT). Run it as
`python -m briefing.evaluate` or `make eval`.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from briefing.ingest import JsonlRecord, build_article, ingest
from briefing.model import Article, Citation, Sentence
from briefing.verify import anchor, check_sentence

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
EVAL_SET = DATA / "verify_eval.jsonl"
SAMPLE = DATA / "indosum-sample.jsonl"
# English sentences against Indonesian quotes, written without sight of the lexicon or the rules. The first two
# were then used to revise the rules (the README keeps their first looks); the third has not been.
HELD_OUT = {
    "held-out 1 (used to revise the lexicon)": DATA / "verify_heldout.jsonl",
    "held-out 2 (used to revise names and the lexicon)": DATA / "verify_heldout2.jsonl",
    "held-out 3 (not used to revise anything)": DATA / "verify_heldout3.jsonl",
}
HELD_OUT_ARTICLES = (DATA / "indosum-heldout2.jsonl", DATA / "indosum-heldout3.jsonl")
CORRECT = ("verbatim", "paraphrase", "translation")
PERTURBATIONS = ("number", "date", "name", "negation", "added_clause", "wrong_article", "invented_quote",
                 "missing_citation")
HELD_OUT_ONLY = ("substitution", "action_swap", "overclaim")  # only in the held-out and natural sets
STRICT = ("number", "date", "name", "wrong_article", "invented_quote")  # each must be caught 98% of the time
TARGETS = {"strict_detection": 0.98, "overall_detection": 0.80, "false_rejection_same": 0.03,
           "false_rejection_cross": 0.08}


class EvalCitation(BaseModel):
    """A citation of the set: the article and its quote (offsets are found at evaluation time)."""

    model_config = ConfigDict(extra="forbid")
    article: str
    quote: str


class EvalCase(BaseModel):
    """One labelled sentence."""

    model_config = ConfigDict(extra="forbid")
    id: str
    kind: str = Field(pattern="^(" + "|".join(CORRECT + PERTURBATIONS + HELD_OUT_ONLY) + ")$")
    mode: str = Field(pattern="^(same|cross)$")  # sentence in the quotes' language, or the other one
    language: str = Field(pattern="^(id|en)$")
    text: str
    citations: list[EvalCitation]
    expect: list[str]  # the reason codes a perturbation should raise (one of them suffices); [] when correct
    source: str = ""

    @property
    def correct(self) -> bool:
        """A correct sentence: it must be supported."""
        return self.kind in CORRECT


@dataclass
class Tally:
    """Cases and rejections of one row of the report."""

    cases: int = 0
    rejected: int = 0
    expected_reason: int = 0  # rejected with one of the expected reason codes

    @property
    def rate(self) -> float:
        """Share rejected."""
        return self.rejected / self.cases if self.cases else 0.0


@dataclass
class Report:
    """Per kind and mode tallies, and the misses for inspection."""

    rows: dict[tuple[str, str], Tally] = field(default_factory=dict)
    misses: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)  # (case id, kind, reasons)

    def total(self, kinds: Iterable[str], mode: str | None = None) -> Tally:
        """Sum of the rows of `kinds` (in one mode, or both)."""
        out = Tally()
        for (kind, row_mode), tally in self.rows.items():
            if kind in kinds and mode in (None, row_mode):
                out.cases += tally.cases
                out.rejected += tally.rejected
                out.expected_reason += tally.expected_reason
        return out


# Reasons of one check: a name the cited article has (name_unconfirmed) is still the name check's catch.
_SAME_CHECK = {"name_unconfirmed": "name_mismatch"}


def sentence_of(case: EvalCase, articles: dict[str, Article]) -> Sentence:
    """The case as a brief sentence; each quote's offsets are where it stands in its article (else 0)."""
    citations = []
    for c in case.citations:
        article = articles.get(c.article)
        span = anchor(c.quote, article.text) if article else None
        start, end = span if span else (0, len(c.quote))
        citations.append(Citation(c.article, c.quote, start, end))
    return Sentence(case.text, citations)


def evaluate(cases: list[EvalCase], articles: dict[str, Article]) -> Report:
    """Run the verifier on every case and tally rejections per kind and mode."""
    report = Report()
    for case in cases:
        verdict = check_sentence(sentence_of(case, articles), articles, case.language)
        tally = report.rows.setdefault((case.kind, case.mode), Tally())
        tally.cases += 1
        rejected = not verdict.supported
        tally.rejected += rejected
        tally.expected_reason += rejected and bool(set(case.expect) & {_SAME_CHECK.get(r, r) for r in verdict.reasons})
        if rejected == case.correct:
            report.misses.append((case.id, case.kind, verdict.reasons))
    return report


def measures(report: Report) -> dict[str, float]:
    """The four numbers the targets are about."""
    return {
        "strict_detection": report.total(STRICT).rate,
        "overall_detection": report.total(PERTURBATIONS).rate,
        "false_rejection_same": report.total(CORRECT, "same").rate,
        "false_rejection_cross": report.total(CORRECT, "cross").rate,
    }


def target_failures(report: Report) -> list[str]:
    """Targets missed, as lines; empty when all are met."""
    failures = []
    for name, value in measures(report).items():
        target = TARGETS[name]
        ok = value >= target if name.endswith("detection") else value <= target
        if not ok:
            failures.append(f"{name} {value:.1%} (target {'≥' if name.endswith('detection') else '≤'}{target:.0%})")
    return failures


def format_report(report: Report, targets: bool = True) -> str:
    """The evaluation as a text table (with the targets, or without them for a held-out set)."""
    lines = [f"{'class':<18}{'mode':<7}{'cases':>6}{'rejected':>10}{'rate':>8}{'right reason':>14}"]
    for kinds, label in ((PERTURBATIONS + HELD_OUT_ONLY, "detection rate"), (CORRECT, "false-rejection rate")):
        lines.append(f"-- {label}")
        for kind in kinds:
            for mode in ("same", "cross"):
                tally = report.rows.get((kind, mode))
                if tally:
                    reason = f"{tally.expected_reason}/{tally.rejected}" if kind not in CORRECT else ""
                    counts = f"{tally.cases:>6}{tally.rejected:>10}{tally.rate:>8.1%}{reason:>14}"
                    lines.append(f"{kind:<18}{mode:<7}{counts}")
    if not targets:
        return "\n".join(lines)
    lines.append("-- targets")
    for name, value in measures(report).items():
        sign = "≥" if name.endswith("detection") else "≤"
        lines.append(f"{name:<25}{value:>8.1%}  (target {sign}{TARGETS[name]:.0%})")
    return "\n".join(lines)


def load_cases(lines: Iterable[str]) -> list[EvalCase]:
    """Validated cases from JSONL lines."""
    return [EvalCase.model_validate_json(line) for line in lines if line.strip()]


def load_articles(seeds: Path, *jsonls: Path) -> dict[str, Article]:
    """The seed articles and IndoSum articles (the sample, …), cleaned exactly as `briefing run` cleans them."""
    articles = {a.id: a for a in ingest(seeds).articles}
    for jsonl in jsonls:
        articles.update(_jsonl_articles(jsonl))
    return articles


def _jsonl_articles(jsonl: Path) -> dict[str, Article]:
    """The articles of one IndoSum JSONL file."""
    articles = {}
    with jsonl.open(encoding="utf-8") as handle:
        for line in handle:
            record = JsonlRecord.model_validate_json(line)
            body = f"{record.title}\n\n{record.text}" if record.title else record.text
            article = build_article(record.id, body, str(jsonl), record, None)
            if isinstance(article, Article):
                articles[article.id] = article
    return articles


# Written in newsroom style over IndoSum articles no other set quotes, by writers who never saw the rules
# (tests/data/indosum-natural.jsonl). Set 1 tuned the rules; set 2 was unseen until its final look, then tuned
# on too; set 3 was written after that, looked at once unseen, then used for a last round of fixes. A fresh set is
# needed for the next honest measure (README, "Verification").
NATURAL = {"natural set 1 (used to tune the rules)": DATA / "verify_natural_1.jsonl",
           "natural set 2 (unseen until its final look, then used to tune)": DATA / "verify_natural_2.jsonl",
           "natural set 3 (unseen until its final look, then used for a last round of fixes)":
               DATA / "verify_natural_3.jsonl"}
NATURAL_ARTICLES = DATA / "indosum-natural.jsonl"
NATURAL4 = DATA / "verify_natural_4.jsonl"  # looked at once, unseen, with the final verifier of issue 13's round
NATURAL4_ARTICLES = DATA / "indosum-natural4.jsonl"
# Set 5 (50 more articles, indosum-natural5.jsonl) is the unseen part: no rule has been tuned on it and no one has
# looked at its results. `make eval` leaves it out; `python -m briefing.evaluate --unseen` prints it — once, after
# the next round of changes, as their honest measure (then it is a dev set and a fresh one is needed).
UNSEEN = DATA / "verify_natural_5.jsonl"
UNSEEN_ARTICLES = DATA / "indosum-natural5.jsonl"
HARD = ("number", "date", "name", "wrong_article")
SUBTLE = ("negation", "added_clause", "action_swap", "overclaim")
# Acceptance on the unseen part: share caught (not supported) of hard and subtle classes; share rejected of
# Indonesian paraphrases; share rejected or unconfirmed of English translations.
NATURAL_TARGETS = {"hard caught": (0.99, "≥"), "subtle caught": (0.85, "≥"), "paraphrase rejected": (0.05, "≤"),
                   "translation not supported": (0.20, "≤")}


def natural_counts(cases: list[EvalCase], articles: dict[str, Article]) -> dict[str, Counter]:
    """Per class: how many cases were supported, unconfirmed and rejected (verifier only, no judge)."""
    counts: dict[str, Counter] = {}
    for case in cases:
        status = check_sentence(sentence_of(case, articles), articles, case.language).status
        counts.setdefault(case.kind, Counter())[status] += 1
    return counts


def natural_measures(counts: dict[str, Counter]) -> dict[str, float]:
    """The four acceptance shares of a natural set."""
    def share(kinds: tuple[str, ...], statuses: tuple[str, ...]) -> float:
        total = sum(sum(counts.get(k, Counter()).values()) for k in kinds)
        return sum(counts.get(k, Counter())[s] for k in kinds for s in statuses) / total if total else 0.0
    return {"hard caught": share(HARD, ("rejected", "unconfirmed")),
            "subtle caught": share(SUBTLE, ("rejected", "unconfirmed")),
            "paraphrase rejected": share(("paraphrase",), ("rejected",)),
            "translation not supported": share(("translation",), ("rejected", "unconfirmed"))}


def format_natural(counts: dict[str, Counter]) -> str:
    """A natural set as a table: per class supported / unconfirmed / rejected, then the acceptance shares."""
    lines = [f"{'class':<15}{'cases':>6}{'supported':>11}{'unconfirmed':>13}{'rejected':>10}"]
    for kind in ("paraphrase", "translation") + HARD + SUBTLE:
        c = counts.get(kind)
        if c:
            lines.append(f"{kind:<15}{sum(c.values()):>6}{c['supported']:>11}{c['unconfirmed']:>13}{c['rejected']:>10}")
    for name, value in natural_measures(counts).items():
        target, sign = NATURAL_TARGETS[name]
        lines.append(f"{name:<26}{value:>7.1%}  (acceptance on the unseen part {sign}{target:.0%})")
    return "\n".join(lines)


def main() -> int:
    """Print the evaluation tables; exit 1 when a target of the committed set is missed."""
    articles = load_articles(ROOT / "seeds", SAMPLE)  # the committed set's corpus, as it was built
    cases = load_cases(EVAL_SET.read_text(encoding="utf-8").splitlines())
    report = evaluate(cases, articles)
    print(f"{len(cases)} cases ({sum(c.correct for c in cases)} correct, "
          f"{sum(not c.correct for c in cases)} perturbed) from {EVAL_SET.relative_to(ROOT)}")
    print(format_report(report))
    for case_id, kind, reasons in report.misses:
        print(f"miss {case_id} {kind}: {', '.join(reasons) or 'supported'}")
    for path in HELD_OUT_ARTICLES:  # the seeds and the sample are in already
        articles.update(_jsonl_articles(path))
    for label, path in HELD_OUT.items():
        held = load_cases(path.read_text(encoding="utf-8").splitlines())
        print(f"\n{label}: {len(held)} cases from {path.relative_to(ROOT)} (no targets)")
        print(format_report(evaluate(held, articles), targets=False))
    articles.update(_jsonl_articles(NATURAL_ARTICLES))
    articles.update(_jsonl_articles(NATURAL4_ARTICLES))
    natural = {**NATURAL, "natural set 4 (looked at once, unseen, with the final verifier)": NATURAL4}
    if "--unseen" in sys.argv[1:]:
        articles.update(_jsonl_articles(UNSEEN_ARTICLES))
        natural["natural set 5 (the unseen part: its first look)"] = UNSEEN
    for label, path in natural.items():
        natural = load_cases(path.read_text(encoding="utf-8").splitlines())
        print(f"\n{label}: {len(natural)} cases from {path.relative_to(ROOT)}, each in a brief of its own language")
        print(format_natural(natural_counts(natural, articles)))
    failures = target_failures(report)
    for line in failures:
        print(f"target missed: {line}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
