"""Model loading safety: safetensors only (pickles refused before they are opened), no remote code,
clear errors naming a missing folder or Hub id, marsad's labels checked, Hub ids from the cache."""

import json
import pickle
import shutil
from pathlib import Path

import pytest

from marsad.errors import MarsadError
from marsad.model.labels import LABELS
from marsad.model.loading import check_labels, load_model, looks_like_hub_id


class _Payload:
    """Unpickling this creates a marker file: proof that the pickle was opened."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (Path(self.marker),))


def _copy_config(src: Path, dst: Path) -> Path:
    dst.mkdir()
    for name in ("config.json", "tokenizer.json", "tokenizer_config.json", "normalizer.json"):
        shutil.copy(src / name, dst / name)
    return dst


def test_a_folder_with_only_pickle_weights_is_refused_before_unpickling(random_model_dir, tmp_path):
    folder = _copy_config(Path(random_model_dir), tmp_path / "pickled")
    marker = tmp_path / "unpickled.txt"
    for name in ("pytorch_model.bin", "weights.pt"):
        (folder / name).write_bytes(pickle.dumps(_Payload(marker)))
    with pytest.raises(MarsadError) as err:
        load_model(folder)
    assert "pickle" in err.value.reason and "pytorch_model.bin" in err.value.reason
    assert str(folder) in str(err.value)
    assert not marker.exists()


def test_a_missing_folder_is_named(tmp_path):
    missing = tmp_path / "no" / "such-model"
    with pytest.raises(MarsadError) as err:
        load_model(missing)
    assert str(missing) in str(err.value)


def test_an_unknown_hub_id_is_named(tmp_path, monkeypatch):
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "empty-cache"))
    with pytest.raises(MarsadError) as err:
        load_model("marsad-test/no-such-model")
    assert "marsad-test/no-such-model" in str(err.value)


def test_a_model_with_other_labels_is_refused(random_model_dir, tmp_path):
    folder = tmp_path / "other-labels"
    shutil.copytree(random_model_dir, folder)
    config = json.loads((folder / "config.json").read_text())
    config["id2label"] = {str(i): label for i, label in enumerate(["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"])}
    config["label2id"] = {v: int(k) for k, v in config["id2label"].items()}
    (folder / "config.json").write_text(json.dumps(config))
    with pytest.raises(MarsadError) as err:
        load_model(folder)
    assert "B-PER" in err.value.reason and "B-ACTOR" in err.value.reason


def test_labels_in_any_order_are_accepted_and_mapped():
    shuffled = list(reversed(LABELS))
    id2label = check_labels({"id2label": {str(i): label for i, label in enumerate(shuffled)}}, Path("m"))
    assert id2label == dict(enumerate(shuffled))
    with pytest.raises(MarsadError):
        check_labels({"id2label": {"0": "O", "1": "B-ACTOR"}}, Path("m"))


def test_remote_code_is_never_run(random_model_dir, tmp_path):
    folder = tmp_path / "remote-code"
    shutil.copytree(random_model_dir, folder)
    marker = tmp_path / "remote-code-ran.txt"
    (folder / "modeling_evil.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\n")
    config = json.loads((folder / "config.json").read_text())
    config["model_type"] = "evil-bert"
    config["auto_map"] = {"AutoConfig": "modeling_evil.EvilConfig",
                          "AutoModelForTokenClassification": "modeling_evil.EvilModel"}
    (folder / "config.json").write_text(json.dumps(config))
    with pytest.raises(MarsadError):
        load_model(folder)
    assert not marker.exists()


def test_a_file_instead_of_a_folder_is_refused(tmp_path):
    path = tmp_path / "model.safetensors"
    path.write_bytes(b"")
    with pytest.raises(MarsadError, match="folder"):
        load_model(path)


def test_hub_ids_and_paths_are_told_apart():
    assert looks_like_hub_id("aubmindlab/bert-base-arabertv02")
    assert looks_like_hub_id("bert-base-uncased")
    for path in ("./model", "/abs/model", "~/model", "a/b/c", "C:\\model"):
        assert not looks_like_hub_id(path)


def _fill_hub_cache(cache: Path, repo_id: str, model_dir: Path) -> None:
    """The layout huggingface_hub writes: models--org--name/{refs/main, snapshots/<commit>/files}."""
    commit = "0123456789abcdef0123456789abcdef01234567"
    repo = cache / ("models--" + repo_id.replace("/", "--"))
    snapshot = repo / "snapshots" / commit
    shutil.copytree(model_dir, snapshot)
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(commit)


def test_a_hub_id_loads_offline_from_a_prefilled_cache(random_model_dir, tmp_path, monkeypatch):
    from huggingface_hub import constants

    cache = tmp_path / "hub"
    _fill_hub_cache(cache, "marsad-test/tiny-ner", Path(random_model_dir))
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(cache))
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    loaded = load_model("marsad-test/tiny-ner")
    assert loaded.folder.parent.parent.name == "models--marsad-test--tiny-ner"
    assert sorted(loaded.id2label.values()) == sorted(LABELS)
    assert loaded.max_length == 512

    from marsad.model.extractor import EventExtractor

    extractor = EventExtractor.from_pretrained("marsad-test/tiny-ner", device="cpu")
    text = "قتل 3 عناصر من قوات النظام في ريف حلب"
    doc = extractor.extract(text, id="r1")
    assert doc.id == "r1"
    assert all(text[e.start : e.end] == e.text for e in doc.entities)
