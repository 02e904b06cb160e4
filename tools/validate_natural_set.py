"""Checks a natural evaluation set (tools/natural-set-prompt.md): shape, and every quote a verbatim substring of its article.

Usage: python tools/validate_natural_set.py ARTICLES.jsonl CASES.jsonl
"""
import json, sys, collections
arts = {}
for line in open(sys.argv[1]):
    r = json.loads(line); arts[r['id']] = r['text']
KINDS = {"paraphrase","translation","number","date","name","negation","added_clause","action_swap","overclaim","wrong_article"}
bad = 0; counts = collections.Counter(); ids=set()
for n, line in enumerate(open(sys.argv[2]), 1):
    try:
        c = json.loads(line)
        assert set(c) == {"id","kind","mode","language","text","citations","expect","source"}, f"keys {sorted(c)}"
        assert c["id"] not in ids, "duplicate id"; ids.add(c["id"])
        assert c["kind"] in KINDS, "kind"
        assert (c["mode"], c["language"]) in {("same","id"),("cross","en")}, "mode/language"
        assert c["citations"], "no citation"
        for cit in c["citations"]:
            assert set(cit) == {"article","quote"}, "citation keys"
            assert cit["article"] in arts, f"unknown article {cit['article']}"
            if c["kind"] != "wrong_article":
                assert cit["quote"] in arts[cit["article"]], f"quote not verbatim in {cit['article']}: {cit['quote'][:60]}"
        if c["kind"] == "wrong_article":
            cit = c["citations"][0]
            assert cit["quote"] not in arts[cit["article"]], "wrong_article quote is in the cited article"
            assert any(cit["quote"] in t for t in arts.values()), "wrong_article quote is in no article"
        counts[(c["kind"], c["language"])] += 1
    except Exception as e:
        bad += 1; print(f"line {n}: {e}")
print("errors:", bad); print(sorted(counts.items()))
