"""Do the fast paths find the same entities as fp32? Agreement and F1 change on a trained model.

    python benchmarks/int8_agreement.py --model out/model --data annotations/reports [--split test]

For each fast path (torch int8, and ONNX fp32 / int8 when onnxruntime is installed) it reports:
- agreement: entities found identically (same label, start, end) by both fp32 and the fast path, over
  the entities found by either (so a dropped, added or moved entity all count against it);
- entity F1 against the gold spans (exact label and offsets) for fp32 and the fast path, and the change.
DATA is a JSONL file or a folder of them, in the corpus interchange (`text` + `entities`) or authoring
(`markup`) form.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

FAST_PATHS = {"torch-int8": ("torch", "int8"), "onnx-fp32": ("onnx", None), "onnx-int8": ("onnx", "int8")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="a trained marsad model folder (or Hub id)")
    parser.add_argument("--data", required=True, help="JSONL file or folder with gold entities")
    parser.add_argument("--split", help="only reports of this split (train/dev/test), from meta or split.tsv")
    parser.add_argument("--paths", default=",".join(FAST_PATHS), help=f"fast paths to compare ({', '.join(FAST_PATHS)})")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    reports = load_gold(args.data, args.split)
    if not reports:
        sys.exit(f"{args.data}: no reports" + (f" in split {args.split!r}" if args.split else ""))
    texts = [r.text for r in reports]
    gold = [{(s.label, s.start, s.end) for s in r.entities} for r in reports]
    # Gold and predicted spans stretched to whole normalised words (a span leaves out a clitic like و
    # or ل; the model tags whole words): the word-level scoring of `marsad train` / `marsad evaluate`.
    gold_words = [snap_to_words(r.text, g) for r, g in zip(reports, gold)]
    print(f"{len(reports)} reports, {sum(map(len, gold))} gold entities, model {args.model}")

    reference = predict(args.model, "torch", None, texts)
    results = {"fp32": scores(reference["entities"], gold, gold_words, texts) | {"seconds": reference["seconds"]}}
    for name in [p.strip() for p in args.paths.split(",") if p.strip()]:
        backend, quantize = FAST_PATHS[name]
        if backend == "onnx" and not onnx_available():
            print(f"skipping {name}: onnxruntime is not installed")
            continue
        run = predict(args.model, backend, quantize, texts)
        result = scores(run["entities"], gold, gold_words, texts) | agreement(reference["entities"], run["entities"])
        result["f1_change"] = result["f1"] - results["fp32"]["f1"]
        result["f1_words_change"] = result["f1_words"] - results["fp32"]["f1_words"]
        result["seconds"] = run["seconds"]
        results[name] = result

    print(f"\n{'path':<12}{'agreement':>11}{'F1 chars':>10}{'change':>9}{'F1 words':>10}{'change':>9}"
          f"{'entities':>10}{'seconds':>9}")
    for name, r in results.items():
        agree = f"{r['agreement']:.2%}" if "agreement" in r else "-"
        change = f"{r['f1_change']:+.4f}" if "f1_change" in r else "-"
        words_change = f"{r['f1_words_change']:+.4f}" if "f1_words_change" in r else "-"
        print(f"{name:<12}{agree:>11}{r['f1']:>10.4f}{change:>9}{r['f1_words']:>10.4f}{words_change:>9}"
              f"{r['predicted']:>10}{r['seconds']:>9.1f}")
    print("F1 chars: exact label and character offsets; F1 words: gold and predicted spans stretched to whole words")
    if args.json:
        Path(args.json).write_text(json.dumps({"model": args.model, "data": args.data, "split": args.split,
                                               "reports": len(reports), "results": results}, indent=2) + "\n")


def load_gold(data: str, split: str | None):
    from marsad.annotations.corpus import load_reports

    reports = load_reports(data)
    return [r for r in reports if r.split == split] if split else reports


def predict(model: str, backend: str, quantize: str | None, texts: list[str]) -> dict:
    from marsad.model.extractor import EventExtractor

    extractor = EventExtractor.from_pretrained(model, device="cpu", backend=backend, quantize=quantize)
    started = time.perf_counter()
    entities = extractor.predict_entities(texts)
    return {"entities": [{(e.label, e.start, e.end) for e in doc} for doc in entities],
            "seconds": time.perf_counter() - started}


def scores(predicted: list[set], gold: list[set], gold_words: list[set], texts: list[str]) -> dict:
    predicted_words = [snap_to_words(text, spans) for text, spans in zip(texts, predicted)]
    chars, words = score(predicted, gold), score(predicted_words, gold_words)
    return chars | {"f1_words": words["f1"], "precision_words": words["precision"], "recall_words": words["recall"]}


def score(predicted: list[set], gold: list[set]) -> dict:
    """Micro entity F1 with exact label and offsets (seqeval's strict mode)."""
    tp = sum(len(p & g) for p, g in zip(predicted, gold))
    n_pred, n_gold = sum(map(len, predicted)), sum(map(len, gold))
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "predicted": n_pred}


def snap_to_words(text: str, spans: set) -> set:
    from marsad.model.normalize import normalize

    words = normalize(text).words
    snapped = set()
    for label, start, end in spans:
        inside = [w for w in words if w.end > start and w.start < end]
        snapped.add((label, inside[0].start, inside[-1].end) if inside else (label, start, end))
    return snapped


def agreement(reference: list[set], other: list[set]) -> dict:
    same = sum(len(a & b) for a, b in zip(reference, other))
    either = sum(len(a | b) for a, b in zip(reference, other))
    kept = same / max(1, sum(map(len, reference)))
    return {"agreement": same / either if either else 1.0, "fp32_entities_kept": kept}


def onnx_available() -> bool:
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    from marsad.errors import MarsadError

    try:
        main()
    except MarsadError as err:
        sys.exit(f"error: {err}")
