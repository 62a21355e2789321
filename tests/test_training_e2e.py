"""`marsad train` / `evaluate` / `push` end to end, on a handful of reports and a very small BERT.

One short training run (module fixture) is shared by the output-folder, card, pipeline, evaluate and
push tests; the resume test makes its own interrupted run."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.annotations.corpus import parse_markup
from marsad.cli import app
from marsad.errors import MarsadError

SENTENCES = [
    "قتل <COUNT>5 عناصر</COUNT> من <ACTOR>قوات النظام</ACTOR> في قصف على بلدة <LOC>كفرنبل</LOC> بريف <LOC>إدلب</LOC>",
    "سيطرت <ACTOR>قسد</ACTOR> على بلدة <LOC>هجين</LOC> بعد اشتباكات مع <ACTOR>التنظيم</ACTOR> قتل فيها <COUNT>عنصران</COUNT>",
    "أصيب <COUNT>ثلاثة مدنيين</COUNT> بقصف <ACTOR>الطائرات الروسية</ACTOR> على مدينة <LOC>أريحا</LOC>",
    "اعتقلت <ACTOR>هيئة تحرير الشام</ACTOR> <COUNT>4 أشخاص</COUNT> في <LOC>سرمدا</LOC> شمال <LOC>إدلب</LOC>",
    "استهدفت <ACTOR>طائرات التحالف الدولي</ACTOR> مواقع <ACTOR>التنظيم</ACTOR> في <LOC>الباغوز</LOC> ودمرت <COUNT>6 عربات</COUNT>",
    "قضى <COUNT>مواطن</COUNT> برصاص <ACTOR>مسلحين مجهولين</ACTOR> في بلدة <LOC>الشحيل</LOC> بريف <LOC>دير الزور</LOC>",
]
SPLITS = ["train", "train", "train", "train", "dev", "test"]
FACTS = {"counts": [{"value": 5, "category": "killed", "victim": "SYRIAN_GOV", "scope": "new"}],
         "actors": ["SYRIAN_GOV"], "admin1": ["SY07"]}


def write_corpus(folder: Path) -> Path:
    """Six reports (each three sentences, so that windows of 32 sub-words overlap) with a split."""
    lines = []
    for i, split in enumerate(SPLITS):
        markup = "\n".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(3))
        text, spans = parse_markup(markup)
        record = {"id": f"t{i}", "text": text, "entities": [s.model_dump() for s in spans], "meta": {"split": split}}
        lines.append(json.dumps(record, ensure_ascii=False))
    path = folder / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def tiny_overrides(corpus: Path, **extra) -> list[str]:
    settings = {
        "data.corpus": str(corpus), "model.random.hidden_size": 32, "model.random.num_hidden_layers": 1,
        "model.random.num_attention_heads": 2, "model.random.intermediate_size": 64,
        "tokenizer.max_length": 32, "tokenizer.stride": 8, "train.batch_size": 4, "train.learning_rate": 5e-3,
        "train.logging_steps": 1, "train.epochs": 2,
    } | extra
    return [f"{k}={v}" for k, v in settings.items()]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """`marsad train tiny --output OUT` through the CLI, on the six-report corpus."""
    folder = tmp_path_factory.mktemp("train")
    corpus = write_corpus(folder)
    out = folder / "out"
    args = ["train", "tiny", "--output", str(out)]
    for item in tiny_overrides(corpus):
        args += ["--set", item]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return out, corpus, result.output


def test_output_folder_is_hub_ready(trained):
    out, _, output = trained
    for name in ("model.safetensors", "config.json", "tokenizer.json", "tokenizer_config.json", "vocab.txt",
                 "normalizer.json", "metrics.json", "training_log.jsonl", "marsad_training.json",
                 "training_args.json", "README.md", "LICENSE-arabert.txt"):
        assert (out / name).is_file(), name
    assert not list(out.glob("*.bin"))  # no pickles at the top level
    config = json.loads((out / "config.json").read_text())
    assert config["id2label"] == {"0": "O", "1": "B-ACTOR", "2": "I-ACTOR", "3": "B-COUNT", "4": "I-COUNT",
                                  "5": "B-LOC", "6": "I-LOC"}
    tok = json.loads((out / "tokenizer_config.json").read_text())
    assert tok["tokenizer_class"] == "BertTokenizer" and tok["model_max_length"] == 512
    assert len((out / "vocab.txt").read_text(encoding="utf-8").splitlines()) == 64000
    metrics = json.loads((out / "metrics.json").read_text())
    for split in ("dev", "test"):
        assert set(metrics[split]["strict"]["per_label"]) == {"ACTOR", "COUNT", "LOC"}
        assert {"precision", "recall", "f1"} <= set(metrics[split]["strict"]["micro"])
        assert "f1" in metrics[split]["partial"]["micro"]
    provenance = json.loads((out / "marsad_training.json").read_text())
    assert provenance["config"]["model"]["random"]["hidden_size"] == 32
    assert provenance["versions"]["transformers"] and "sha" in provenance["git"]
    log = [json.loads(line) for line in (out / "training_log.jsonl").read_text().splitlines()]
    assert any("loss" in r for r in log) and sum("eval_f1" in r for r in log) == 2  # one dev eval per epoch
    assert "ACTOR" in output and "micro" in output  # the per-epoch table


def test_model_card_metadata(trained):
    from huggingface_hub import ModelCard, metadata_load

    out = trained[0]
    meta = metadata_load(out / "README.md")
    assert meta["language"] == "ar" and meta["library_name"] == "transformers"
    assert meta["pipeline_tag"] == "token-classification"
    assert meta["license"] == "other" and meta["license_name"] == "arabert"
    assert meta["widget"][0]["text"].startswith("محافظة")
    assert meta["datasets"] and "seqeval" in meta["metrics"]
    card = ModelCard.load(out / "README.md")
    f1 = [r for r in card.data.eval_results if r.metric_type == "f1"]
    assert f1 and f1[0].dataset_split == "test"
    assert f1[0].metric_value == json.loads((out / "metrics.json").read_text())["test"]["strict"]["micro"]["f1"]
    body = card.text
    for heading in ("## Intended use", "## Labels", "## Data", "## Limits", "## How to use"):
        assert heading in body
    assert 'pipeline("token-classification"' in body and "stride=64" in body and "EventExtractor" in body


def test_plain_transformers_pipeline_on_the_seed_report(trained, seed_text):
    from transformers import pipeline

    out = trained[0]
    tagger = pipeline("token-classification", model=str(out), stride=64, aggregation_strategy="first")
    spans = tagger(seed_text)  # longer than 512 sub-words: needs model_max_length and stride
    assert isinstance(spans, list)
    for span in spans:
        assert span["entity_group"] in {"ACTOR", "COUNT", "LOC"}
        assert 0 <= span["start"] < span["end"] <= len(seed_text)


def test_dev_scores_match_a_direct_forward_pass(trained):
    """metrics.json's dev scores must equal scoring the saved model window by window (catches any
    reordering of dev predictions inside the Trainer)."""
    import torch
    from transformers import AutoModelForTokenClassification

    from marsad.training.config import load_config
    from marsad.training.metrics import entity_scores
    from marsad.training.run import build_tokenizer, prepare_data, word_predictions

    out, corpus, _ = trained
    config = load_config("tiny", tiny_overrides(corpus))
    prepared = prepare_data(config, build_tokenizer(config))
    model = AutoModelForTokenClassification.from_pretrained(out).eval()
    with torch.no_grad():
        predicted = [model(input_ids=torch.tensor([w.input_ids])).logits[0].argmax(-1).tolist()
                     for w in prepared.dev.windows]
    direct = entity_scores(prepared.dev.word_labels, word_predictions(prepared.dev, predicted))
    saved = json.loads((out / "metrics.json").read_text())["dev"]
    assert saved["strict"] == direct["strict"]
    assert len(prepared.dev.windows) > 1  # the dev report really is windowed


def test_evaluate_prints_strict_and_partial(trained, tmp_path):
    out, corpus, _ = trained
    scores = tmp_path / "scores.json"
    result = CliRunner().invoke(app, ["evaluate", str(out), str(corpus), "--output", str(scores)])
    assert result.exit_code == 0, result.output
    assert "strict" in result.output and "partial" in result.output and "LOC" in result.output
    saved = json.loads(scores.read_text())
    assert saved["reports"] == 6 and set(saved["entities"]["strict"]["per_label"]) == {"ACTOR", "COUNT", "LOC"}


def test_evaluate_argument_errors(trained):
    out, corpus, _ = trained
    result = CliRunner().invoke(app, ["evaluate", str(out)])
    assert result.exit_code == 1 and "MODEL and DATA" in result.output
    result = CliRunner().invoke(app, ["evaluate", "--gold-spans", str(corpus)])
    assert result.exit_code == 1 and "facts" in result.output  # this corpus has no gold facts


def test_external_set_reader_maps_types(tmp_path):
    from marsad.training.evaluation import EXTERNAL_SETS, load_external

    folder = tmp_path / "ext" / "anercorp-camel-test"
    folder.mkdir(parents=True)
    (folder / "ANERCorp_CamelLab_test.txt").write_text(
        "قصفت O\nقوات B-ORG\nالنظام I-ORG\nمدينة O\nحلب B-LOC\nوقال O\nأحمد B-PERS\n\nفي O\nدمشق B-LOC\n",
        encoding="utf-8")
    reports, spec = load_external("anercorp", tmp_path / "ext")
    assert spec is EXTERNAL_SETS["anercorp"] and len(reports) == 2
    first = reports[0]
    assert [(first.mention(s), s.label) for s in first.entities] == [("قوات النظام", "ACTOR"), ("حلب", "LOC")]
    with pytest.raises(MarsadError, match="--external-dir"):
        load_external("wojood", tmp_path / "ext")


def test_push_dry_run_lists_files_and_validates_card(trained, tmp_path):
    out = trained[0]
    result = CliRunner().invoke(app, ["push", str(out), "me/marsad-tiny", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "model.safetensors" in result.output and "README.md" in result.output
    assert "checkpoint" not in result.output and "nothing uploaded" in result.output

    broken = tmp_path / "broken"
    broken.mkdir()
    for path in out.iterdir():
        if path.is_file():
            (broken / path.name).write_bytes(path.read_bytes())
    card = (broken / "README.md").read_text(encoding="utf-8").replace("pipeline_tag: token-classification\n", "")
    (broken / "README.md").write_text(card, encoding="utf-8")
    result = CliRunner().invoke(app, ["push", str(broken), "me/marsad-tiny", "--dry-run"])
    assert result.exit_code == 1 and "pipeline_tag" in result.output
    result = CliRunner().invoke(app, ["push", str(out), "not a repo id", "--dry-run"])
    assert result.exit_code == 1 and "owner/name" in result.output


def test_hub_id_loads_offline_from_a_prefilled_cache(trained, tmp_path):
    """A Hub id resolves from HF_HUB_CACHE with HF_HUB_OFFLINE=1 (models--org--name/snapshots/<sha>)."""
    out = trained[0]
    sha = "0123456789abcdef0123456789abcdef01234567"
    repo = tmp_path / "hub" / "models--marsad-test--tiny-ner"
    snapshot = repo / "snapshots" / sha
    snapshot.mkdir(parents=True)
    for path in out.iterdir():
        if path.is_file():
            (snapshot / path.name).write_bytes(path.read_bytes())
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(sha)
    script = (
        "from transformers import AutoModelForTokenClassification, AutoTokenizer\n"
        "from marsad.model.extractor import EventExtractor\n"
        "m = AutoModelForTokenClassification.from_pretrained('marsad-test/tiny-ner', use_safetensors=True)\n"
        "t = AutoTokenizer.from_pretrained('marsad-test/tiny-ner')\n"
        "ex = EventExtractor.from_pretrained('marsad-test/tiny-ner', device='cpu')\n"
        "print(m.config.id2label[5], t.model_max_length, len(ex.predict_entities(['قتل 5 عناصر في حلب'])))\n"
    )
    env = os.environ | {"HF_HUB_CACHE": str(tmp_path / "hub"), "HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[-3:] == ["B-LOC", "512", "1"]


def test_resume_continues_the_global_step(tmp_path):
    """A run stopped after 2 steps (as a kill after the first checkpoint would leave it) resumes from
    that checkpoint and carries on counting steps, instead of starting again."""
    from marsad.training.config import load_config
    from marsad.training.run import run_training

    corpus = write_corpus(tmp_path)
    out = tmp_path / "out"
    # 4 training reports, batch 2 -> at least 2 steps an epoch; stop at the end of the first epoch
    keep = {"train.batch_size": 2, "train.save_total_limit": 3}  # with 1, the last is dropped at the end
    first = load_config("tiny", tiny_overrides(corpus, **keep, **{"train.max_steps": 2}))
    assert run_training(first, out).global_step == 2
    assert (out / "checkpoints" / "checkpoint-2").is_dir()
    with pytest.raises(MarsadError, match="--resume"):
        run_training(first, out)  # a second run into the same folder must not silently start over

    more = load_config("tiny", tiny_overrides(corpus, **keep, **{"train.max_steps": 5}))
    result = run_training(more, out, resume=True)
    assert result.global_step == 5
    state = json.loads((out / "checkpoints" / "checkpoint-5" / "trainer_state.json").read_text())
    assert state["global_step"] == 5
    steps = [json.loads(line)["step"] for line in (out / "training_log.jsonl").read_text().splitlines()]
    loss_steps = [s for s in steps if s > 2]
    assert loss_steps and min(loss_steps) == 3  # the resumed run logged steps 3.. and never 1 or 2 again
    assert steps.count(1) == 1


def test_corpus_errors_stop_before_training(tmp_path):
    from marsad.training.config import load_config
    from marsad.training.run import run_training

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "قتل", "entities": [], "meta": {"split": "train"}}\n{"id": "b", "text": ',
                   encoding="utf-8")
    config = load_config("tiny", [f"data.corpus={bad}"])
    with pytest.raises(MarsadError) as err:
        run_training(config, tmp_path / "out")
    assert err.value.path == str(bad) and err.value.line == 2
    assert not (tmp_path / "out" / "checkpoints").exists()


def test_a_killed_training_run_resumes_from_its_last_checkpoint(tmp_path):
    """Kill a real `marsad train` process (SIGKILL, no clean-up) once it has written a checkpoint;
    `--resume` then carries on from that checkpoint's step and finishes the run."""
    import os
    import signal
    import time

    corpus = write_corpus(tmp_path)
    out = tmp_path / "out"
    base = [sys.executable, "-m", "marsad", "train", "tiny", "--output", str(out)]
    for item in tiny_overrides(corpus, **{"train.batch_size": 2, "train.epochs": 500, "train.save_total_limit": 3}):
        base += ["--set", item]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1"}
    proc = subprocess.Popen(base, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    checkpoints: list[Path] = []
    while time.monotonic() < deadline and proc.poll() is None:
        checkpoints = [c for c in (out / "checkpoints").glob("checkpoint-*") if (c / "trainer_state.json").exists()]
        if checkpoints:
            time.sleep(0.5)  # let the writer finish the folder it is in
            break
        time.sleep(0.2)
    assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (out / "model.safetensors").exists()  # the run did not finish

    killed_at = max(int(c.name.split("-")[1]) for c in (out / "checkpoints").glob("checkpoint-*")
                    if (c / "trainer_state.json").exists())
    resumed = subprocess.run(
        [*base, "--resume", "--set", f"train.max_steps={killed_at + 2}"],
        env=env, capture_output=True, text=True, timeout=180, check=False,
    )
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert (out / "model.safetensors").exists()
    steps = [json.loads(line)["step"] for line in (out / "training_log.jsonl").read_text().splitlines()]
    # the killed run may have logged a few steps past its last checkpoint; the resumed one goes on from it
    assert steps[-1] == killed_at + 2 and killed_at + 1 in steps
    assert json.loads((out / "checkpoints" / f"checkpoint-{killed_at + 2}" / "trainer_state.json").read_text())[
        "global_step"] == killed_at + 2
