"""Issue 7, points 1 and 2: bad input is reported as FILE[:LINE]: reason and nothing finished is lost."""

import json

import pytest
from test_extract_cli import FakeExtractor, _jsonl
from typer.testing import CliRunner

from marsad.cli import app
from marsad.commands import extract as extract_cmd

runner = CliRunner()


@pytest.fixture
def use_fake(monkeypatch):
    holder = {"extractor": FakeExtractor()}
    monkeypatch.setattr(extract_cmd, "load_extractor", lambda *args, **kwargs: holder["extractor"])
    return holder


def _messy_inputs(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("اشتباكات عنيفة في ريف دير الزور", encoding="utf-8")
    latin1 = tmp_path / "cp1256.txt"
    latin1.write_bytes("قصف على حلب".encode("cp1256"))
    jsonl = tmp_path / "batch.jsonl"
    jsonl.write_bytes(
        b'{"id": "ok1", "text": "\xd9\x82\xd8\xb5\xd9\x81"}\n'  # valid UTF-8 Arabic
        b'{"id": "broken", "text": "unterminated\n'
        b"\n"
        b'{"id": "bad-bytes", "text": "\xff\xfe"}\n'
        b'["not", "an", "object"]\n'
        b'{"id": "no-text"}\n'
        b'{"id": "bad-date", "text": "x", "date": "28/10/2018"}\n'
        b'{"id": "ok2", "text": "BOOM"}\n'
        b'{"id": "ok3", "text": "\xd8\xad\xd9\x84\xd8\xa8"}\n'
    )
    missing = tmp_path / "missing.txt"
    return [str(good), str(latin1), str(jsonl), str(missing)], jsonl


def test_bad_inputs_are_listed_and_every_other_input_is_written(tmp_path, use_fake):
    inputs, jsonl = _messy_inputs(tmp_path)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", *inputs, "--model", "m", "-o", str(out)])
    assert result.exit_code == 1
    assert [d["id"] for d in _jsonl(out.read_text(encoding="utf-8"))] == ["good", "ok1", "ok3"]
    stderr = result.stderr
    expected = [
        f"{tmp_path / 'cp1256.txt'}: not UTF-8 text",
        f"{jsonl}:2: not valid JSON",
        f"{jsonl}:4: not UTF-8",
        f"{jsonl}:5: each line must be a JSON object",
        f"{jsonl}:6: missing field 'text'",
        f"{jsonl}:7: 'date' is not an ISO date",
        f"{jsonl}:8: could not process this report: boom inside the model",
        f"{tmp_path / 'missing.txt'}: no such file or folder",
    ]
    lines = stderr.splitlines()
    for prefix in expected:
        assert any(line.startswith(prefix) for line in lines), f"missing: {prefix}\n{stderr}"
    assert "8 input(s) failed" in stderr
    assert "Traceback" not in stderr


def test_debug_shows_the_traceback_of_a_failing_report(tmp_path, use_fake):
    (tmp_path / "x.jsonl").write_text('{"id": "a", "text": "BOOM"}\n', encoding="utf-8")
    quiet = runner.invoke(app, ["extract", str(tmp_path / "x.jsonl"), "--model", "m"])
    loud = runner.invoke(app, ["extract", str(tmp_path / "x.jsonl"), "--model", "m", "--debug"])
    assert quiet.exit_code == loud.exit_code == 1
    assert "Traceback" not in quiet.stderr
    assert "Traceback" in loud.stderr and "RuntimeError: boom inside the model" in loud.stderr


def test_empty_report_gives_a_valid_document(tmp_path, random_model_dir):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "blank.jsonl").write_text('{"id": "blank", "text": "  \\n "}\n', encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path / "empty.txt"), str(tmp_path / "blank.jsonl"),
                                 "--model", str(random_model_dir), "--device", "cpu"])
    assert result.exit_code == 0, result.stderr
    docs = _jsonl(result.stdout)
    assert [d["id"] for d in docs] == ["empty", "blank"]
    assert all(d["entities"] == [] and d["events"] == [] for d in docs)
    assert docs[0]["fatalities"] == {"by_victim": {}, "total": 0}


def test_a_long_report_is_processed_to_its_end(tmp_path, random_model_dir, seed_text):
    long_text = "\n\n".join([seed_text] * 4)  # about 2,100 words: several 512-sub-word windows
    (tmp_path / "long.txt").write_text(long_text, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path / "long.txt"), "--model", str(random_model_dir),
                                 "--device", "cpu"])
    assert result.exit_code == 0, result.stderr
    (doc,) = _jsonl(result.stdout)
    ends = [e["end"] for e in doc["entities"]]
    # The random model tags words all over the text, so entities must reach its last part.
    assert ends and max(ends) > 0.95 * len(long_text)
    assert all(long_text[e["start"] : e["end"]] == e["text"] for e in doc["entities"])


def _numbered_inputs(tmp_path, n=6):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"id": f"r{i}", "text": f"قصف رقم {i}"}, ensure_ascii=False) + "\n"
                            for i in range(n)), encoding="utf-8")
    return path


def test_interrupted_run_keeps_finished_reports_and_resume_completes_it(tmp_path, use_fake):
    source = _numbered_inputs(tmp_path)
    out = tmp_path / "out.jsonl"
    # --batch-size 1 sends the model chunks of 4 reports: r0-r3 are written, Ctrl-C comes within r4-r5.
    use_fake["extractor"] = FakeExtractor(interrupt_after=5)
    stopped = runner.invoke(app, ["extract", str(source), "--model", "m", "-o", str(out), "--batch-size", "1"])
    assert stopped.exit_code == 130
    assert "rerun with --resume" in stopped.stderr
    assert [d["id"] for d in _jsonl(out.read_text(encoding="utf-8"))] == ["r0", "r1", "r2", "r3"]  # flushed
    # A kill in the middle of a write leaves half a line: resume drops it and redoes that report.
    with open(out, "rb+") as handle:
        handle.seek(-20, 2)
        handle.truncate()
    use_fake["extractor"] = FakeExtractor()
    resumed = runner.invoke(app, ["extract", str(source), "--model", "m", "-o", str(out), "--resume"])
    assert resumed.exit_code == 0, resumed.stderr
    assert [d["id"] for d in _jsonl(out.read_text(encoding="utf-8"))] == [f"r{i}" for i in range(6)]
    assert [call[0] for call in use_fake["extractor"].calls] == ["r3", "r4", "r5"]
    assert "3 reports already in" in resumed.stderr


def test_resume_of_a_complete_run_adds_nothing(tmp_path, use_fake):
    source = _numbered_inputs(tmp_path, 3)
    out = tmp_path / "out.jsonl"
    assert runner.invoke(app, ["extract", str(source), "--model", "m", "-o", str(out)]).exit_code == 0
    before = out.read_text(encoding="utf-8")
    again = runner.invoke(app, ["extract", str(source), "--model", "m", "-o", str(out), "--resume"])
    assert again.exit_code == 0
    assert out.read_text(encoding="utf-8") == before


def test_interrupted_whole_file_output_leaves_the_old_file_untouched(tmp_path, use_fake):
    source = _numbered_inputs(tmp_path)
    out = tmp_path / "events.csv"
    out.write_text("the previous run's file\n", encoding="utf-8")
    use_fake["extractor"] = FakeExtractor(interrupt_after=2)
    stopped = runner.invoke(app, ["extract", str(source), "--model", "m", "-o", str(out), "--batch-size", "1"])
    assert stopped.exit_code == 130
    assert out.read_text(encoding="utf-8") == "the previous run's file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv", "in.jsonl"]  # no temporary left


def test_resume_needs_jsonl_output(tmp_path, use_fake):
    source = _numbered_inputs(tmp_path, 1)
    result = runner.invoke(app, ["extract", str(source), "--model", "m", "-o", str(tmp_path / "x.csv"), "--resume"])
    assert result.exit_code == 1
    assert "--resume works with jsonl output only" in result.stderr and "Traceback" not in result.stderr
