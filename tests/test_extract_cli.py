"""`marsad extract`: inputs, formats, ordering, model errors and worker processes.

Most tests replace the model with FakeExtractor (same interface as EventExtractor) so that they check
the command itself; the last ones run the real EventExtractor on a tiny random model."""

import json

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.commands import extract as extract_cmd
from marsad.errors import MarsadError
from marsad.model.schema import Document, Entity, Event

runner = CliRunner()


class FakeExtractor:
    """Tags the first word as LOC and makes one event per non-empty report. A report containing BOOM
    fails; `interrupt_after` raises KeyboardInterrupt (Ctrl-C) when that many reports are done."""

    def __init__(self, interrupt_after=None):
        self.calls = []
        self.done = 0
        self.interrupt_after = interrupt_after

    def extract_batch(self, texts, ids=None, dates=None):
        return [self.extract(t, id=i, date=d) for t, i, d in zip(texts, ids, dates)]

    def extract(self, text, id=None, date=None):
        if self.interrupt_after is not None and self.done >= self.interrupt_after:
            raise KeyboardInterrupt
        if "BOOM" in text:
            raise RuntimeError("boom inside the model")
        self.calls.append((id, date))
        self.done += 1
        words = text.split()
        if not words:
            return Document(id=id)
        first = text.index(words[0])
        entity = Entity(label="LOC", start=first, end=first + len(words[0]), text=words[0], score=0.9)
        event = Event(event_type="Battles", sub_event_type="Armed clash", actor1="SDF", actor2="IS",
                      span=(0, len(text)), fatalities=len(words), confidence=0.5, date=date)
        return Document(id=id, entities=[entity], events=[event])


@pytest.fixture
def fake(monkeypatch):
    extractor = FakeExtractor()
    monkeypatch.setattr(extract_cmd, "load_extractor", lambda *args, **kwargs: extractor)
    return extractor


def _jsonl(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _write_inputs(tmp_path):
    (tmp_path / "a.txt").write_text("قتل ثلاثة مدنيين في حلب", encoding="utf-8")
    records = [{"id": "j1", "text": "اشتباكات في إدلب", "date": "2019-05-14"},
               {"text": "غارات على دير الزور", "meta": {"date": "2018-10-28"}}]
    (tmp_path / "b.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                      encoding="utf-8")
    return [str(tmp_path / "a.txt"), str(tmp_path / "b.jsonl")]


def test_jsonl_to_stdout_in_input_order_with_ids_and_dates(tmp_path, fake):
    result = runner.invoke(app, ["extract", *_write_inputs(tmp_path), "--model", "m"])
    assert result.exit_code == 0, result.stderr
    docs = _jsonl(result.stdout)
    assert [d["id"] for d in docs] == ["a", "j1", "b:2"]
    assert fake.calls == [("a", None), ("j1", "2019-05-14"), ("b:2", "2018-10-28")]
    assert docs[0]["entities"][0]["text"] == "قتل"
    assert "3 reports, 3 events -> standard output (jsonl)" in result.stderr


@pytest.mark.parametrize(("name", "check"), [
    ("out.csv", lambda text: text.startswith("event_id_cnty,event_date,year,")),
    ("out.geojson", lambda text: json.loads(text)["type"] == "FeatureCollection"),
    ("out.json", lambda text: [d["id"] for d in json.loads(text)] == ["a", "j1", "b:2"]),
    ("out.html", lambda text: 'dir="rtl"' in text and "<mark" in text),
])
def test_format_follows_the_output_suffix(tmp_path, fake, name, check):
    out = tmp_path / name
    result = runner.invoke(app, ["extract", *_write_inputs(tmp_path), "--model", "m", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert check(out.read_text(encoding="utf-8"))
    assert result.stdout == ""


def test_format_option_wins_and_csv_has_one_row_per_event(tmp_path, fake):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "events.txt"
    inputs = [*_write_inputs(tmp_path), str(tmp_path / "empty.txt")]
    result = runner.invoke(app, ["extract", *inputs, "--model", "m", "-o", str(out), "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + 3  # header, then the three events; the empty report adds no row
    assert "4 reports, 3 events" in result.stderr


def test_folder_and_stdin_inputs(tmp_path, fake):
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    (folder / "x.txt").write_text("قصف على حماة", encoding="utf-8")
    (folder / "sub" / "y.txt").write_text("اشتباكات في درعا", encoding="utf-8")
    (folder / "notes.md").write_text("ignored", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(folder), "-", "--model", "m"], input="نص من المدخل القياسي")
    assert result.exit_code == 0, result.stderr
    assert [d["id"] for d in _jsonl(result.stdout)] == ["sub/y", "x", "stdin"]


def test_no_input_reads_standard_input(fake):
    stdin = json.dumps({"id": "s1", "text": "قصف"}, ensure_ascii=False) + "\n"
    result = runner.invoke(app, ["extract", "--model", "m"], input=stdin)
    assert result.exit_code == 0, result.stderr
    assert [d["id"] for d in _jsonl(result.stdout)] == ["s1"]


def test_model_error_is_one_line_without_traceback(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise MarsadError("only pickle weights (pytorch_model.bin); marsad loads safetensors only", "bad-model")

    monkeypatch.setattr(extract_cmd, "load_extractor", refuse)
    result = runner.invoke(app, ["extract", *_write_inputs(tmp_path), "--model", "bad-model"])
    assert result.exit_code == 1
    assert "bad-model: only pickle weights" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_unexpected_load_error_becomes_one_line_naming_the_model(tmp_path, monkeypatch):
    class Broken:
        @staticmethod
        def from_pretrained(*args, **kwargs):
            raise RuntimeError("CUDA driver exploded\nlong details")

    import marsad.model.extractor as extractor_module

    monkeypatch.setattr(extractor_module, "EventExtractor", Broken)
    inputs = _write_inputs(tmp_path)
    result = runner.invoke(app, ["extract", *inputs, "--model", "some/model"])
    assert result.exit_code == 1
    assert "some/model: cannot load the model: CUDA driver exploded" in result.stderr
    assert "long details" not in result.stderr and "Traceback" not in result.stderr
    debug = runner.invoke(app, ["extract", *inputs, "--model", "some/model", "--debug"])
    assert debug.exit_code != 0 and isinstance(debug.exception, MarsadError)  # --debug re-raises


def test_inputs_that_all_fail_never_load_the_model(tmp_path, monkeypatch):
    def must_not_load(*args, **kwargs):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(extract_cmd, "load_extractor", must_not_load)
    result = runner.invoke(app, ["extract", str(tmp_path / "missing.txt"), "--model", "m"])
    assert result.exit_code == 1
    assert f"{tmp_path / 'missing.txt'}: no such file or folder" in result.stderr


# ------------------------------------------------------------------ the real EventExtractor


def test_real_model_missing_folder_is_named(tmp_path):
    (tmp_path / "a.txt").write_text("قصف", encoding="utf-8")
    missing = tmp_path / "no-model"
    result = runner.invoke(app, ["extract", str(tmp_path / "a.txt"), "--model", str(missing)])
    assert result.exit_code == 1
    assert str(missing) in result.stderr and "Traceback" not in result.stderr


def test_workers_give_the_same_output_in_the_same_order(tmp_path, random_model_dir, seed_text):
    paths = []
    for i in range(5):
        path = tmp_path / f"r{i}.txt"
        path.write_text(seed_text[i * 300 : i * 300 + 400 + 200 * i], encoding="utf-8")
        paths.append(str(path))
    one = tmp_path / "one.jsonl"
    two = tmp_path / "two.jsonl"
    args = ["extract", *paths, "--model", str(random_model_dir), "--device", "cpu", "--batch-size", "1"]
    first = runner.invoke(app, [*args, "-o", str(one)])
    second = runner.invoke(app, [*args, "-o", str(two), "--workers", "2"])
    assert first.exit_code == 0 and second.exit_code == 0, second.stderr
    docs_one, docs_two = _jsonl(one.read_text(encoding="utf-8")), _jsonl(two.read_text(encoding="utf-8"))
    assert [d["id"] for d in docs_two] == ["r0", "r1", "r2", "r3", "r4"]
    assert docs_one == docs_two
