"""`marsad demo`: trains (here: a stand-in random model, training itself is tested elsewhere) or reuses
the model, extracts the seed report, prints its events and writes HTML and JSON."""

import json
import shutil

from typer.testing import CliRunner

from marsad import demo as demo_module
from marsad.cli import app

runner = CliRunner()


def test_demo_trains_once_then_reuses_the_model(tmp_path, monkeypatch, random_model_dir):
    trained = []

    def fake_train(model_dir, retrain, console):
        trained.append(retrain)
        shutil.copytree(random_model_dir, model_dir)

    monkeypatch.setattr(demo_module, "train_tiny_model", fake_train)
    out = tmp_path / "demo"
    first = runner.invoke(app, ["demo", "--output-dir", str(out)])
    assert first.exit_code == 0, first.output
    assert trained == [False]
    assert "Events" in first.stdout and "seed_report.html" in first.stdout
    doc = json.loads((out / "seed_report.json").read_text(encoding="utf-8"))
    assert doc[0]["id"] == "seed-000"
    page = (out / "seed_report.html").read_text(encoding="utf-8")
    assert 'dir="rtl"' in page and "seed-000" in page and "المرصد السوري" in page

    again = runner.invoke(app, ["demo", "--output-dir", str(out)])
    assert again.exit_code == 0 and trained == [False]
    assert "using the trained model" in again.stdout


def test_retrain_trains_even_when_a_model_is_there(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(demo_module, "train_tiny_model", lambda model_dir, retrain, console: calls.append(retrain))
    monkeypatch.setattr(demo_module, "has_trained_model", lambda folder: True)

    class Stop(Exception):
        pass

    def stop(*args, **kwargs):
        raise Stop

    monkeypatch.setattr("marsad.model.extractor.EventExtractor.from_pretrained", stop)
    result = runner.invoke(app, ["demo", "--output-dir", str(tmp_path), "--retrain"])
    assert isinstance(result.exception, Stop) and calls == [True]


def test_seed_report_is_found():
    path = demo_module.seed_report_path()
    assert path.name in ("000_842ca50e3db11f15.txt", "seed_report.txt")
    assert path.read_text(encoding="utf-8").startswith("معارك الـ 5 كلم")
