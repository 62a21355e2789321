"""Double coding: agreement of a second coding of the count facts with the corpus gold."""

import json

import pytest
from typer.testing import CliRunner

from marsad.annotations.agreement import agreement, cohen_kappa, read_coding
from marsad.annotations.corpus import CorpusError, Report, load_reports
from marsad.cli import app

GOLD = [
    {"text": "3 مدنيين", "value": 3, "qualifier": "exact", "category": "killed", "victim": "CIVILIANS", "scope": "new", "part_of": None},
    {"text": "طفل", "value": 1, "qualifier": "exact", "category": "killed", "victim": "CIVILIANS", "scope": "new", "part_of": 0},
    {"text": "5 عناصر", "value": 5, "qualifier": "exact", "category": "captured", "victim": "IS", "scope": "new", "part_of": None},
    {"text": "12", "value": 12, "qualifier": "exact", "category": "killed", "victim": "SDF", "scope": "cumulative", "part_of": None},
]


def reports():
    return [Report(id="r1", text="x", meta={"split": "dev"}, facts={"counts": GOLD}),
            Report(id="r2", text="y", meta={"split": "test"}, facts={"counts": GOLD[:1]})]


def test_one_victim_disagreement_is_counted_once_and_listed():
    second = [dict(c) for c in GOLD]
    second[2]["victim"] = "UNKNOWN"
    result = agreement(reports(), {"r1": (1, second), "r2": (2, GOLD[:1])})
    assert result["reports"] == 2 and result["counts"] == 5
    assert result["count_facts_f1"] == 0.8  # 4 of 5 (value, category, victim, scope) facts agree
    assert result["fields"]["victim"] == 0.8 and result["fields"]["category"] == 1.0
    assert result["disagreements"] == [{"id": "r1", "index": 2, "text": "5 عناصر",
                                        "fields": {"victim": ["IS", "UNKNOWN"]}}]
    assert agreement(reports(), {"r1": (1, second), "r2": (2, GOLD[:1])}, split="test")["count_facts_f1"] == 1.0


def test_kappa_corrects_for_chance():
    assert cohen_kappa([("a", "a"), ("b", "b")]) == 1.0
    assert cohen_kappa([("a", "b"), ("b", "a")]) == -1.0
    assert cohen_kappa([("a", "a"), ("a", "a")]) is None  # one label only: chance agreement is total
    # 3 of 4 agree, chance agreement 0.5: kappa 0.5
    assert cohen_kappa([("a", "a"), ("b", "b"), ("a", "a"), ("a", "b")]) == 0.5


def test_bad_codings_name_the_file_and_line(tmp_path):
    path = tmp_path / "second.jsonl"
    path.write_text('{"id": "r1", "counts": []}\n{"id": "r9", "counts": []}\n', encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        agreement(reports(), read_coding(path), source=path)
    assert str(err.value).startswith(f"{path}:2:") and "r9" in str(err.value)
    coding = read_coding(path)
    del coding["r9"]
    with pytest.raises(CorpusError, match="r1 has 0 counts, the corpus 4"):
        agreement(reports(), coding, source=path)
    path.write_text('{"id": "r1"}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match="needs `id` and `counts`"):
        read_coding(path)


def test_cli_agree_on_the_bundled_corpus(tmp_path):
    report = next(r for r in load_reports() if r.split == "dev" and r.facts["counts"])
    second = [dict(c) for c in report.facts["counts"]]
    second[0]["scope"] = "cumulative" if second[0]["scope"] == "new" else "new"
    coding = tmp_path / "second.jsonl"
    coding.write_text(json.dumps({"id": report.id, "counts": second}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "agree.json"
    result = CliRunner().invoke(app, ["corpus", "agree", str(coding), "--split", "dev", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 count(s) with a disagreement" in result.output
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["reports"] == 1 and figures["disagreements"][0]["fields"] == {"scope": [report.facts["counts"][0]["scope"], second[0]["scope"]]}
