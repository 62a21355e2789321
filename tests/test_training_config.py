"""Training configs: bundled ones validate, typos are errors naming file, line and key, --set coerces."""

import pytest

from marsad.errors import MarsadError
from marsad.training.config import CONFIGS_DIR, load_config


@pytest.mark.parametrize("path", sorted(CONFIGS_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_bundled_configs_validate(path):
    config = load_config(path)
    assert config.tokenizer.max_length <= 512
    assert config.train.seed is not None


def test_bundled_recipes():
    arabert = load_config("arabert")
    assert arabert.model.base == "aubmindlab/bert-base-arabertv02"
    assert (arabert.train.learning_rate, arabert.train.warmup_ratio, arabert.train.weight_decay) == (5e-5, 0.1, 0.01)
    assert arabert.tokenizer.source == "vocab"  # not the Hub tokenizer.json, which lowercases
    tiny = load_config("tiny")
    assert tiny.model.init == "random" and tiny.tokenizer.source == "bundled"


def test_unknown_key_names_file_line_and_key(tmp_path):
    path = tmp_path / "typo.yaml"
    path.write_text("name: x\nmodel:\n  init: random\ntrain:\n  epochs: 2\n  learning_rte: 0.1\n", encoding="utf-8")
    with pytest.raises(MarsadError) as err:
        load_config(path)
    assert err.value.path == str(path) and err.value.line == 6
    assert "unknown key 'train.learning_rte'" in err.value.reason and "learning_rate" in err.value.reason


def test_bad_value_and_bad_section(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("model:\n  init: random\ntrain:\n  epochs: many\n", encoding="utf-8")
    with pytest.raises(MarsadError, match=r"bad.yaml:4: train.epochs"):
        load_config(path)
    path.write_text("model:\n  init: pretrained\n", encoding="utf-8")
    with pytest.raises(MarsadError, match=r"model\.base is required"):
        load_config(path)
    path.write_text("model: [1, 2\n", encoding="utf-8")
    with pytest.raises(MarsadError, match="not valid YAML"):
        load_config(path)


def test_set_overrides_with_type_coercion():
    config = load_config("tiny", ["train.learning_rate=1e-4", "train.epochs=3", "data.augment.enabled=true",
                                  "model.random.hidden_size=64", "model.random.num_attention_heads=2"])
    assert config.train.learning_rate == pytest.approx(1e-4) and isinstance(config.train.learning_rate, float)
    assert config.train.epochs == 3 and config.data.augment.enabled is True
    assert config.model.random.hidden_size == 64


def test_set_errors_are_clear():
    with pytest.raises(MarsadError, match=r"unknown key 'train.lr'.*\(from --set\)"):
        load_config("tiny", ["train.lr=0.1"])
    with pytest.raises(MarsadError, match="key=value"):
        load_config("tiny", ["train.epochs"])
    with pytest.raises(MarsadError, match="no such config file"):
        load_config("no-such-config")
