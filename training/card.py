"""The model card (README.md) of a trained model folder, Hub-ready.

The YAML front matter is built with huggingface_hub's ModelCardData, so the Hub reads it as written:
language, license, library_name, pipeline_tag, base_model, datasets, metrics, a widget sentence, and a
model-index entry with the test F1.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from marsad.model.labels import ENTITY_TYPES
from marsad.training.config import TrainConfig

LABEL_HELP = {
    "ACTOR": "armed or political actor that does or suffers the violence (قسد، تنظيم الدولة الإسلامية، قوات النظام)",
    "COUNT": "how many people or things were affected, with the counted noun (43 عنصراً، ثلاثة مدنيين، العشرات)",
    "LOC": "place name without generic heads (دير الزور، الباغوز، شرق الفرات)",
}
ARABERT_LICENSE = Path(__file__).resolve().parent / "vocab" / "arabert-v02" / "LICENSE-arabert.txt"


def card_data(config: TrainConfig, metrics: dict[str, Any]):
    from huggingface_hub import EvalResult, ModelCardData

    name = config.card.model_name or config.name
    results = []
    test = metrics.get("test") or {}
    if test:
        strict = test["strict"]["micro"]
        for key, shown in (("f1", "F1"), ("precision", "precision"), ("recall", "recall")):
            results.append(EvalResult(
                task_type="token-classification", task_name="Named entity recognition",
                dataset_type=config.card.datasets[0] if config.card.datasets else "marsad",
                dataset_name="marsad annotated conflict reports", dataset_split="test",
                metric_type=key, metric_value=strict[key], metric_name=f"Test {shown} (seqeval strict IOB2, micro)",
            ))
    is_pretrained = config.model.init == "pretrained"
    return ModelCardData(
        language="ar",
        license=config.card.license,
        license_name=config.card.license_name if config.card.license == "other" else None,
        license_link=config.card.license_link if config.card.license == "other" else None,
        library_name="transformers",
        pipeline_tag="token-classification",
        base_model=config.model.base if is_pretrained else None,
        datasets=list(config.card.datasets),
        metrics=["seqeval", "f1", "precision", "recall"],
        tags=["arabic", "ner", "conflict-events", "acled", "marsad"],
        model_name=name,
        eval_results=results or None,
        widget=[{"text": config.card.widget_text}],
    )


def _score_rows(split: dict[str, Any]) -> list[str]:
    rows = []
    for label in (*ENTITY_TYPES, "micro"):
        strict = split["strict"]["micro"] if label == "micro" else split["strict"]["per_label"][label]
        partial = split["partial"]["micro"] if label == "micro" else split["partial"]["per_label"][label]
        rows.append(f"| {label} | {strict['precision']:.3f} | {strict['recall']:.3f} | {strict['f1']:.3f} | "
                    f"{partial['f1']:.3f} | {strict.get('support', '')} |")
    return rows


def card_body(config: TrainConfig, metrics: dict[str, Any], sizes: dict[str, int]) -> str:
    name = config.card.model_name or config.name
    base = config.model.base if config.model.init == "pretrained" else None
    origin = (f"fine-tuned from [`{base}`](https://huggingface.co/{base})" if base else
              f"a small BERT ({config.model.random.hidden_size} hidden, {config.model.random.num_hidden_layers} "
              "layers) initialised at random on AraBERT v0.2's vocabulary: a demonstration and test model, "
              "not for real use")
    lines = [
        f"# {name}", "",
        f"Token classification of Arabic conflict reports into ACTOR, COUNT and LOC spans: {origin}.",
        ("It is the tagger of marsad (مرصد), which turns reports such as the Syrian "
        "Observatory for Human Rights' daily reports into structured, geocoded event records "
        "(actors, counts, locations, ACLED-style events)."), "",
        "## Intended use", "",
        ("- Pre-annotating or extracting actors, casualty and damage counts and places from Arabic conflict "
        "reporting, for researchers, monitoring NGOs, journalists and data teams who then review the output."),
        ("- Input: Modern Standard Arabic news-style reports of any length (long reports are read in overlapping "
        "windows). Output: word-level IOB2 labels; marsad's event layer turns them into events."),
        ("- Not for: decisions about individuals, casualty figures without human review, or other domains "
        "and dialects without evaluation."), "",
        "## Labels", "",
        "IOB2 over words (the first sub-word of each word carries the label):", "",
        "| label | meaning |", "|---|---|",
        *(f"| {label} | {LABEL_HELP[label]} |" for label in ENTITY_TYPES), "",
        "## Data", "",
        (f"marsad's annotated corpus: {sizes.get('train', 0)} training, {sizes.get('dev', 0)} development and "
        f"{sizes.get('test', 0)} test reports, written in the style of the Syrian Observatory's reports (nothing "
        "copied) and annotated by the project's guidelines (annotations/GUIDELINES.md)."), "",
        "## Evaluation", "",
        ("Entity level, seqeval `mode=\"strict\"`, IOB2, over the words of marsad's normaliser; partial is "
        "nervaluate's partial-match F1."), "",
    ]
    for split in ("dev", "test"):
        if split in metrics:
            lines += [f"**{split}**", "", "| label | precision | recall | F1 (strict) | F1 (partial) | support |",
                      "|---|---|---|---|---|---|", *_score_rows(metrics[split]), ""]
    lines += [
        "## Limits", "",
        ("- A small, synthetic-style corpus of one region and register: expect lower scores on other sources, "
        "dialects and social media."),
        ("- Counts and actors are tagged as spans only; values, victims and event types come from marsad's "
        "rule-based event layer, which has its own errors."),
        ("- Text is normalised as in AraBERT's preprocessing (no diacritics or tatweel, Arabic-Indic digits to "
        "ASCII); use the same normaliser (normalizer.json) for best results."), "",
        "## How to use", "",
        "With marsad (normalisation, windows, offsets into the original text, and the event layer):", "",
        "```python",
        "from marsad import EventExtractor",
        "",
        'extractor = EventExtractor.from_pretrained("MODEL")',
        "document = extractor.extract(text)",
        "print(document.entities, document.events)",
        "```", "",
        "With plain transformers (no event layer; long reports need `stride`):", "",
        "```python",
        "from transformers import pipeline",
        "",
        'tagger = pipeline("token-classification", model="MODEL", stride=64, aggregation_strategy="first")',
        "spans = tagger(text)",
        "```", "",
        ("Remove diacritics and tatweel first (as AraBERT's preprocessing does) when calling the pipeline "
        "directly; marsad does it for you and maps offsets back to the original text."), "",
        "## Training", "",
        (f"`marsad train` with the `{config.name}` config: learning rate {config.train.learning_rate}, "
        f"{config.train.epochs:g} epochs, batch {config.train.batch_size}, warm-up {config.train.warmup_ratio:g}, "
        f"weight decay {config.train.weight_decay}, windows of {config.tokenizer.max_length} sub-words with "
        f"stride {config.tokenizer.stride}, seed {config.train.seed}; the checkpoint with the best dev F1 is kept. "
        "The exact config, package versions and git commit are in `marsad_training.json`."), "",
    ]
    if config.card.license == "other" and config.card.license_link == ARABERT_LICENSE.name:
        lines += ["## License", "",
                  ("The vocabulary (and, for fine-tuned AraBERT, the weights) come from AraBERT, under AraBERT's "
                  f"license: see `{ARABERT_LICENSE.name}`."), ""]
    return "\n".join(lines)


def write_model_card(folder: str | Path, config: TrainConfig, metrics: dict[str, Any], sizes: dict[str, int]) -> Path:
    from huggingface_hub import ModelCard

    folder = Path(folder)
    data = card_data(config, metrics)
    card = ModelCard(f"---\n{data.to_yaml()}\n---\n\n{card_body(config, metrics, sizes)}")
    path = folder / "README.md"
    card.save(path)
    if config.card.license == "other" and config.card.license_link == ARABERT_LICENSE.name:
        shutil.copyfile(ARABERT_LICENSE, folder / ARABERT_LICENSE.name)
    return path
