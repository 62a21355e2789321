"""Fact metrics (training/fact_metrics.py): micro P/R/F1 of count facts, actor ids and admin1."""

from pathlib import Path

import pytest

from marsad.annotations.corpus import load_reports
from marsad.model.schema import Actor, AdminRef, Count, Document, Location
from marsad.training.fact_metrics import score_assemble_on_gold, score_facts

SEED = Path(__file__).resolve().parents[1] / "annotations" / "reports" / "seed.jsonl"


def _doc(counts=(), actors=(), admin1=()):
    return Document(
        counts=[Count(start=0, end=1, text="x", value=v, category=c, victim=w, scope=s) for v, c, w, s in counts],
        actors=[Actor(id=a, name=a, acled_name=a) for a in actors],
        locations=[Location(start=0, end=1, text="x", admin1=AdminRef(pcode=p, name=p)) for p in admin1],
    )


def _report(counts=(), actors=(), admin1=(), rid="r"):
    return {"id": rid, "facts": {
        "counts": [{"value": v, "category": c, "victim": w, "scope": s} for v, c, w, s in counts],
        "actors": list(actors), "admin1": list(admin1)}}


def test_perfect_documents_score_one():
    facts = [(43, "killed", "IS", "new"), (414, "killed", "IS", "cumulative")]
    result = score_facts([_report(facts, ["IS"], ["SY09"])], [_doc(facts, ["IS"], ["SY09"])])
    for key in ("counts", "actors", "admin1"):
        assert result[key]["f1"] == 1.0


def test_count_facts_are_multisets_and_micro_averaged():
    gold = [_report([(3, "killed", "CIVILIANS", "new")] * 2, rid="a"), _report([(5, "injured", "SDF", "new")], rid="b")]
    pred = [_doc([(3, "killed", "CIVILIANS", "new"), (3.0, "killed", "UNKNOWN", "new")]), _doc([(5, "injured", "SDF", "new")])]
    result = score_facts(gold, pred)["counts"]
    assert (result["tp"], result["predicted"], result["gold"]) == (2, 3, 3)
    assert result["precision"] == result["recall"] == pytest.approx(2 / 3, abs=1e-4)


def test_actor_and_admin1_sets():
    result = score_facts([_report(actors=["IS", "SDF"], admin1=["SY09"])], [_doc(actors=["IS", "IS", "HTS"], admin1=["SY09", "SY09", "SY07"])])
    assert (result["actors"]["tp"], result["actors"]["predicted"], result["actors"]["gold"]) == (1, 2, 2)
    assert (result["admin1"]["precision"], result["admin1"]["recall"]) == (0.5, 1.0)


def test_reports_without_facts_are_skipped_and_details_list_differences():
    result = score_facts([{"id": "x"}, _report([(1, "killed", "IS", "new")], rid="y")],
                         [_doc(), _doc([(2, "killed", "IS", "new")])], details=True)
    assert result["counts"]["reports"] == 1
    (diff,) = result["errors"]
    assert diff["id"] == "y" and diff["counts_missed"] and diff["counts_added"]


def test_gold_spans_mode_on_the_seed():
    result = score_assemble_on_gold(load_reports(SEED, split_file=None))
    assert result["counts"]["f1"] == 1.0 and result["actors"]["f1"] == 1.0 and result["admin1"]["f1"] == 1.0
    assert result["fields"]["part_of"] == 1.0
