"""`marsad assemble`: the event layer on given spans (gold or another tagger's), through the CLI."""

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from marsad.cli import app

runner = CliRunner()
SEED_RECORD = Path(__file__).resolve().parents[1] / "annotations" / "reports" / "seed.jsonl"
TEXT = "قتل 3 مدنيين في حلب"


def _record(**fields):
    return json.dumps({"id": "x", "text": TEXT, "date": "2019-05-14",
                       "entities": [{"start": 4, "end": 12, "label": "COUNT"},
                                    {"start": 16, "end": 19, "label": "LOC"}], **fields}, ensure_ascii=False)


def test_given_spans_become_a_document(tmp_path):
    result = runner.invoke(app, ["assemble", "-"], input=_record() + "\n")
    assert result.exit_code == 0, result.stderr
    (doc,) = [json.loads(x) for x in result.stdout.splitlines()]
    assert doc["id"] == "x"
    assert [(e["label"], e["text"]) for e in doc["entities"]] == [("COUNT", "3 مدنيين"), ("LOC", "حلب")]
    assert doc["counts"][0]["value"] == 3 and doc["counts"][0]["victim"] == "CIVILIANS"
    assert doc["locations"][0]["admin1"]["pcode"] == "SY02"  # Aleppo


def test_other_taggers_labels_are_read_or_ignored():
    record = _record(id="y", entities=[{"start": 4, "end": 12, "label": "B-COUNT"},
                                       {"start": 16, "end": 19, "label": "GPE"}])
    result = runner.invoke(app, ["assemble", "-"], input=record + "\n")
    assert result.exit_code == 0, result.stderr
    (doc,) = [json.loads(x) for x in result.stdout.splitlines()]
    assert [e["label"] for e in doc["entities"]] == ["COUNT"]


def test_bad_spans_are_located_and_the_rest_is_written(tmp_path):
    path = tmp_path / "spans.jsonl"
    path.write_text("\n".join([
        _record(id="ok1"),
        _record(id="past-end", entities=[{"start": 16, "end": 99, "label": "LOC"}]),
        _record(id="no-label", entities=[{"start": 0, "end": 3}]),
        json.dumps({"id": "no-entities", "text": TEXT}),
        _record(id="ok2"),
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "events.csv"
    result = runner.invoke(app, ["assemble", str(path), "-o", str(out)])
    assert result.exit_code == 1
    assert f"{path}:2: entity 1: span [16, 99) is not inside the text (19 characters)" in result.stderr
    assert f"{path}:3: entity 1: missing 'label'" in result.stderr
    assert f"{path}:4: no 'entities' field" in result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert {row["report_id"] for row in rows} == {"ok1", "ok2"}
    assert "Traceback" not in result.stderr


def test_seed_gold_markup_to_acled_csv(tmp_path):
    out = tmp_path / "seed.csv"
    result = runner.invoke(app, ["assemble", str(SEED_RECORD), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows and all(row["report_id"] == "seed-000" for row in rows)
    assert "Islamic State (Syria)" in {row["actor1"] for row in rows} | {row["actor2"] for row in rows}
    assert {row["admin1_pcode"] for row in rows if row["admin1_pcode"]} == {"SY09"}  # Deir ez-Zor
    assert all(row["event_date"].startswith("2018-10-2") for row in rows)
