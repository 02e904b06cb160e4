"""evaluate: the labelled set is complete and current, and the verifier meets its targets on it."""

from __future__ import annotations

import json

from collections import Counter

import pytest
from pydantic import ValidationError

import build_verify_eval
from briefing import claims
from briefing.evaluate import (CORRECT, EVAL_SET, HELD_OUT, HELD_OUT_ARTICLES, NATURAL, NATURAL4, NATURAL4_ARTICLES,
                               NATURAL_ARTICLES, UNSEEN, UNSEEN_ARTICLES,
                               PERTURBATIONS, STRICT, TARGETS, EvalCase, Report, Tally, evaluate,
                               format_natural, format_report, load_articles, load_cases, measures, natural_measures,
                               sentence_of, target_failures)


@pytest.fixture(scope="module")
def articles(seeds_dir, indosum_sample):
    """Seeds and the IndoSum sample, as the set cites them."""
    return load_articles(seeds_dir, indosum_sample)


@pytest.fixture(scope="module")
def cases():
    """The committed labelled set."""
    return load_cases(EVAL_SET.read_text(encoding="utf-8").splitlines())


@pytest.fixture(scope="module")
def report(cases, articles):
    """The verifier run over the whole set."""
    return evaluate(cases, articles)


def test_set_has_every_class_in_both_modes(cases):
    assert len(cases) >= 150
    kinds = {(c.kind, c.mode) for c in cases}
    for kind in PERTURBATIONS:
        assert {(kind, "same"), (kind, "cross")} <= kinds
    assert {("verbatim", "same"), ("paraphrase", "same"), ("translation", "cross")} <= kinds
    assert sum(c.kind == "translation" for c in cases) >= 25
    assert {c.source for c in cases} == {"seed", "indosum"}
    assert len({c.id for c in cases}) == len(cases)


def test_correct_cases_quote_their_articles_verbatim(cases, articles):
    for case in cases:
        if case.correct:
            assert [c.quote in articles[c.article].text for c in case.citations] == [True], case.id


def test_committed_set_is_what_the_builder_writes(cases, articles):
    correct = build_verify_eval.correct_cases(articles)
    rebuilt = correct + build_verify_eval.perturbations(correct, articles)
    assert [c.model_dump(exclude={"id"}) for c in cases] == [
        EvalCase.model_validate({"id": "x", **r}).model_dump(exclude={"id"}) for r in rebuilt]


def test_targets_are_met(report):
    values = measures(report)
    print(format_report(report))
    assert values["strict_detection"] >= TARGETS["strict_detection"]
    assert values["overall_detection"] >= TARGETS["overall_detection"]
    assert values["false_rejection_same"] <= TARGETS["false_rejection_same"]
    assert values["false_rejection_cross"] <= TARGETS["false_rejection_cross"]
    assert target_failures(report) == []


@pytest.mark.parametrize("kind", STRICT)
def test_strict_classes_are_caught_for_the_expected_reason(report, kind):
    tally = report.total([kind])
    assert tally.cases >= 17
    assert tally.expected_reason >= 0.98 * tally.cases


def test_sentence_of_finds_offsets_and_keeps_missing_quotes_at_zero(articles):
    quote = "Perdana Menteri Armenia Nikol Pashinyan mengatakan 49 tentaranya tewas."
    case = EvalCase(id="t1", kind="verbatim", mode="same", language="id", text=quote, expect=[],
                    citations=[{"article": "004_1825697cf85d7d4d", "quote": quote},
                               {"article": "004_1825697cf85d7d4d", "quote": "Kalimat yang tidak ada di sana."}])
    first, second = sentence_of(case, articles).citations
    assert articles["004_1825697cf85d7d4d"].text[first.start:first.end] == quote
    assert (second.start, second.end) == (0, len("Kalimat yang tidak ada di sana."))


@pytest.mark.parametrize(("field", "value", "message"), [
    ("kind", "typo", "String should match pattern"),
    ("mode", "both", "String should match pattern"),
    ("extra", 1, "Extra inputs are not permitted"),
])
def test_eval_case_is_validated(field, value, message):
    record = {"id": "t", "kind": "number", "mode": "same", "language": "id", "text": "x", "citations": [],
              "expect": [], field: value}
    with pytest.raises(ValidationError, match=message):
        EvalCase.model_validate_json(json.dumps(record))


def synthetic_report(caught: int, rejected_correct: int) -> Report:
    """Ten perturbations of each strict class, `caught` of each rejected; ten correct sentences per mode."""
    report = Report()
    for kind in STRICT:
        report.rows[(kind, "same")] = Tally(cases=10, rejected=caught, expected_reason=caught)
    report.rows[("verbatim", "same")] = Tally(cases=10, rejected=rejected_correct)
    report.rows[("translation", "cross")] = Tally(cases=10, rejected=0)
    return report


def test_target_failures_name_the_missed_target():
    assert target_failures(synthetic_report(10, 0)) == []
    assert target_failures(synthetic_report(9, 1)) == [
        "strict_detection 90.0% (target ≥98%)", "false_rejection_same 10.0% (target ≤3%)"]


def test_format_report_lists_rows_and_targets():
    lines = format_report(synthetic_report(9, 1)).splitlines()
    assert lines[0].split() == ["class", "mode", "cases", "rejected", "rate", "right", "reason"]
    assert "number            same       10         9   90.0%           9/9" in lines
    assert "verbatim          same       10         1   10.0%              " in lines
    assert lines[-4:] == ["strict_detection            90.0%  (target ≥98%)",
                          "overall_detection           90.0%  (target ≥80%)",
                          "false_rejection_same        10.0%  (target ≤3%)",
                          "false_rejection_cross        0.0%  (target ≤8%)"]
    assert set(CORRECT) & {line.split()[0] for line in lines if line.strip()} == {"verbatim", "translation"}


# --- the held-out cross-lingual sets (no targets: measured and printed by `make eval`) -------------------


@pytest.fixture(scope="module")
def all_articles(seeds_dir, indosum_sample):
    """Seeds, the IndoSum sample and the held-out set's own IndoSum articles."""
    return load_articles(seeds_dir, indosum_sample, *HELD_OUT_ARTICLES)


@pytest.fixture(scope="module", params=list(HELD_OUT.values()), ids=["held_out_1", "held_out_2", "held_out_3"])
def held_out(request):
    """One held-out set."""
    return load_cases(request.param.read_text(encoding="utf-8").splitlines())


def test_held_out_sets_are_cross_lingual_and_quote_their_articles(held_out, all_articles):
    assert {(c.mode, c.language) for c in held_out} == {("cross", "en")}
    assert {c.kind for c in held_out} == {"translation", "added_clause", "substitution"}
    assert len({c.id for c in held_out}) == len(held_out) >= 100
    for case in held_out:
        assert [c.quote in all_articles[c.article].text for c in case.citations] == [True], case.id


def rates(cases, articles) -> dict[str, float]:
    """Rejection rate per kind."""
    report = evaluate(cases, articles)
    return {kind: report.total([kind]).rate for kind in ("translation", "added_clause", "substitution")}


def test_lexicon_catches_what_the_length_check_alone_let_through(held_out, all_articles, monkeypatch):
    with_lexicon = rates(held_out, all_articles)
    monkeypatch.setattr(claims, "MAX_UNSUPPORTED_MEANINGS", 10 ** 6)  # the verifier before briefing.lexicon
    without = rates(held_out, all_articles)
    # With the lexical data (briefing/data) the coverage check catches most added clauses the other checks let
    # through (held-out 3: 23% → 90%), more swapped actions (30% → 43%), at a cost in translations left
    # unconfirmed (22% → 33%). These bounds keep that trade.
    assert with_lexicon["added_clause"] >= without["added_clause"] + 0.3
    assert with_lexicon["substitution"] > without["substitution"]
    assert with_lexicon["translation"] <= without["translation"] + 0.15


@pytest.mark.parametrize(("path", "source", "n_articles"),
                         [(p, NATURAL_ARTICLES, 150) for p in NATURAL.values()]
                         + [(NATURAL4, NATURAL4_ARTICLES, 50), (UNSEEN, UNSEEN_ARTICLES, 50)],
                         ids=[p.stem for p in NATURAL.values()] + [NATURAL4.stem, UNSEEN.stem])
def test_natural_sets_quote_their_articles(path, source, n_articles):
    # Shape only: the unseen set's verdicts are not looked at here (README, "Verification").
    natural = load_cases(path.read_text(encoding="utf-8").splitlines())
    # The writers quoted IndoSum's text as published (cleaning may drop a paragraph: that case then fails to anchor).
    corpus = {r["id"]: r["text"] for r in map(json.loads, source.read_text(encoding="utf-8").splitlines())}
    assert len(natural) == 240 and len(corpus) == n_articles
    for case in natural:
        for citation in case.citations:
            found = [i for i, text in corpus.items() if citation.quote in text]
            assert found and (citation.article in found) == (case.kind != "wrong_article"), case.id


def test_natural_report_counts_three_verdicts():
    counts = {"paraphrase": Counter(supported=18, unconfirmed=1, rejected=1),
              "translation": Counter(supported=16, unconfirmed=3, rejected=1),
              "number": Counter(rejected=10), "negation": Counter(supported=1, unconfirmed=1, rejected=2)}
    assert natural_measures(counts) == {"hard caught": 1.0, "subtle caught": 0.75, "paraphrase rejected": 0.05,
                                        "translation not supported": 0.2}
    lines = format_natural(counts).splitlines()
    assert lines[1].split() == ["paraphrase", "20", "18", "1", "1"]
    assert lines[-1].startswith("translation not supported")
