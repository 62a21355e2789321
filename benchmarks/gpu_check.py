"""GPU check: bf16 training and inference throughput of an AraBERT-base-shaped model.

    python benchmarks/gpu_check.py [--steps 20] [--json gpu.json]

Builds a randomly initialised BERT token classifier of AraBERT-base's shape (12 layers, 768 hidden,
12 heads, 3072 intermediate, AraBERT v0.2's 64k vocabulary) on the GPU, then measures:
- training: AdamW steps under bf16 autocast on random 512-sub-word batches (tokens/s, peak memory);
- inference: bf16 forward passes under torch.inference_mode (tokens/s);
- if marsad is installed: EventExtractor.extract_batch on the seed report (documents/s).
It prints the GPU's name with the numbers. Without a CUDA device it says so and exits with status 0.
Needs only torch and transformers (marsad itself is optional).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VOCAB = REPO / "training" / "vocab" / "arabert-v02" / "vocab.txt"
NUM_LABELS = 7


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=20, help="timed steps for each measurement")
    parser.add_argument("--train-batch", type=int, default=16, help="training batch (sequences of 512)")
    parser.add_argument("--infer-batch", type=int, default=64, help="inference batch (sequences of 512)")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    args = parser.parse_args()

    try:
        import torch
    except ImportError:
        print("torch is not installed: nothing to check")
        return 0
    if not torch.cuda.is_available():
        print("no CUDA device available: the GPU check has nothing to measure (everything else runs on CPU)")
        return 0

    results = {"gpu": torch.cuda.get_device_name(0), "torch": torch.__version__,
               "bf16_supported": torch.cuda.is_bf16_supported()}
    print(f"GPU: {results['gpu']} (torch {results['torch']}, bf16 supported: {results['bf16_supported']})", flush=True)
    model = build_model()
    results["training"] = time_training(model, args.train_batch, args.steps)
    print_result("bf16 training", results["training"])
    results["inference"] = time_inference(model, args.infer_batch, args.steps)
    print_result("bf16 inference", results["inference"])
    del model
    torch.cuda.empty_cache()
    results["extractor"] = time_extractor()
    if results["extractor"]:
        print(f"EventExtractor bf16: {results['extractor']['docs_per_s']:.1f} documents/s "
              f"({results['extractor']['documents']} copies of the seed report)")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


def build_model():
    import torch
    from transformers import BertConfig, BertForTokenClassification

    vocab_size = sum(1 for _ in VOCAB.open(encoding="utf-8")) if VOCAB.exists() else 64000
    config = BertConfig(vocab_size=vocab_size, hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
                        intermediate_size=3072, max_position_embeddings=512, num_labels=NUM_LABELS)
    torch.manual_seed(0)
    return BertForTokenClassification(config).cuda()


def random_batch(batch: int, length: int, vocab_size: int):
    import torch

    ids = torch.randint(5, vocab_size, (batch, length), device="cuda")
    labels = torch.randint(0, NUM_LABELS, (batch, length), device="cuda")
    return ids, torch.ones_like(ids), labels


def time_training(model, batch: int, steps: int, length: int = 512) -> dict:
    import torch

    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5)
    ids, mask, labels = random_batch(batch, length, model.config.vocab_size)
    torch.cuda.reset_peak_memory_stats()

    def step():
        with torch.autocast("cuda", dtype=torch.bfloat16):
            loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)

    for _ in range(3):  # warm-up
        step()
    torch.cuda.synchronize()
    started = time.perf_counter()
    for _ in range(steps):
        step()
    torch.cuda.synchronize()
    seconds = time.perf_counter() - started
    return {"batch": batch, "length": length, "steps": steps, "seconds": seconds,
            "tokens_per_s": batch * length * steps / seconds,
            "peak_memory_gb": torch.cuda.max_memory_allocated() / 2**30}


def time_inference(model, batch: int, steps: int, length: int = 512) -> dict:
    import torch

    model.eval()
    ids, mask, _ = random_batch(batch, length, model.config.vocab_size)
    torch.cuda.reset_peak_memory_stats()
    with torch.inference_mode(), torch.autocast("cuda", dtype=torch.bfloat16):
        for _ in range(3):
            model(input_ids=ids, attention_mask=mask)
        torch.cuda.synchronize()
        started = time.perf_counter()
        for _ in range(steps):
            model(input_ids=ids, attention_mask=mask)
        torch.cuda.synchronize()
    seconds = time.perf_counter() - started
    return {"batch": batch, "length": length, "steps": steps, "seconds": seconds,
            "tokens_per_s": batch * length * steps / seconds,
            "peak_memory_gb": torch.cuda.max_memory_allocated() / 2**30}


def time_extractor(copies: int = 256) -> dict | None:
    """End to end (normaliser, windows, decoding, event layer) when marsad is importable."""
    import tempfile

    try:
        import torch

        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from bench_data import SEED, build_random_model

        from marsad.model.extractor import EventExtractor
    except ImportError as err:
        print(f"EventExtractor: skipped (marsad is not installed: {err})")
        return None
    with tempfile.TemporaryDirectory() as tmp:
        folder = build_random_model(Path(tmp) / "arabert-base-random")
        extractor = EventExtractor.from_pretrained(folder, device="cuda", batch_size=64, dtype=torch.bfloat16)
        texts = [SEED.read_text(encoding="utf-8")] * copies
        extractor.extract_batch(texts[:8])
        torch.cuda.synchronize()
        started = time.perf_counter()
        extractor.extract_batch(texts)
        torch.cuda.synchronize()
        seconds = time.perf_counter() - started
    return {"documents": copies, "seconds": seconds, "docs_per_s": copies / seconds}


def print_result(name: str, result: dict) -> None:
    print(f"{name}: {result['tokens_per_s']:,.0f} tokens/s (batch {result['batch']} x {result['length']}, "
          f"{result['steps']} steps in {result['seconds']:.2f} s, peak {result['peak_memory_gb']:.1f} GiB)", flush=True)


if __name__ == "__main__":
    sys.exit(main())
