"""Inference speed: marsad's EventExtractor against the plain transformers pipeline, in one run.

    python benchmarks/bench_inference.py            # default run (a few minutes on 2 cores)
    python benchmarks/bench_inference.py --quick    # small smoke run
    python benchmarks/bench_inference.py --json results.json

Every method runs in its own process (so its peak RSS is its own) on the same AraBERT-base-shaped
random model and the same fixed mix of short and long reports, and reports documents/s, tokens/s
and peak memory; ratios are against `pipeline(..., aggregation_strategy="first")` at batch 1.
tokens/s counts the sub-words of the normalised reports (special tokens and window overlaps not
counted), the same number for every method. The last line times the event layer alone
(`assemble` on the corpus's gold spans) on one core.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_data import build_random_model, text_mix

PIPELINE_METHODS = {"pipeline-b1": 1, "pipeline-b8": 8}
MARSAD_METHODS = {  # name: (backend, quantize)
    "marsad-fp32": ("torch", None),
    "marsad-int8": ("torch", "int8"),
    "marsad-onnx-fp32": ("onnx", None),
    "marsad-onnx-int8": ("onnx", "int8"),
}
TARGETS = {"marsad-fp32": 1.3, "marsad-int8": 3.0}


def main() -> None:
    args = parse_args()
    if args.child:
        run_child(args)
        return
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="marsad-bench-"))
    model_dir = Path(args.model) if args.model else build_random_model(workdir / "arabert-base-random")
    n_long, n_short = (6, 6) if args.quick else (args.long, args.short)
    texts = text_mix(n_long, n_short)
    texts_file = workdir / "texts.json"
    texts_file.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    tokens = count_tokens(model_dir, texts)
    methods = list(PIPELINE_METHODS) + [m for m in MARSAD_METHODS if wanted(m, args)]
    load_at_start = os.getloadavg()
    print(describe_setup(model_dir, texts, tokens, args), flush=True)

    results = run_interleaved(methods, model_dir, texts_file, args)
    for result in results:
        if result.get("seconds"):
            result["docs_per_s"] = len(texts) / result["seconds"]
            result["tokens_per_s"] = tokens / result["seconds"]
    event_layer = run_event_layer(model_dir, texts_file, args)
    print_table(results, event_layer)
    if args.json:
        summary = {
            "machine": machine_info() | {"load_average_at_start": load_at_start},
            "setup": {"model": str(model_dir), "documents": len(texts), "tokens": tokens, "stride": args.stride,
                      "batch_size": args.batch_size, "repeats": args.repeats, "quick": args.quick},
            "results": results,
            "event_layer": event_layer,
        }
        Path(args.json).write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a small run (12 documents, 1 repeat)")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    parser.add_argument("--model", metavar="DIR", help="a model folder to time instead of the random AraBERT-base")
    parser.add_argument("--workdir", metavar="DIR", help="where the random model and texts go (default: a temp dir)")
    parser.add_argument("--long", type=int, default=24, help="full reports in the mix (default 24)")
    parser.add_argument("--short", type=int, default=24, help="short reports (opening sentences) in the mix")
    parser.add_argument("--repeats", type=int, default=3, help="rounds of timed passes; a method's best counts")
    parser.add_argument("--stride", type=int, default=128, help="window overlap, the same for every method")
    parser.add_argument("--batch-size", type=int, default=16, help="EventExtractor batch size")
    parser.add_argument("--no-onnx", action="store_true", help="skip the ONNX Runtime paths")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--texts", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.repeats = 1
    return args


def wanted(method: str, args: argparse.Namespace) -> bool:
    if MARSAD_METHODS[method][0] != "onnx":
        return True
    if args.no_onnx:
        return False
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        print(f"skipping {method}: onnxruntime is not installed (pip install marsad[onnx])")
        return False
    return True


def worker_command(method: str, model_dir: Path, texts_file: Path, args: argparse.Namespace) -> list[str]:
    return [sys.executable, __file__, "--child", method, "--model", str(model_dir), "--texts", str(texts_file),
            "--stride", str(args.stride), "--batch-size", str(args.batch_size)]


def run_interleaved(methods: list[str], model_dir: Path, texts_file: Path, args: argparse.Namespace) -> list[dict]:
    """One worker process per method (its peak memory is its own), loaded once; then `repeats` rounds
    in which every method makes one timed pass, in a rotating order, so that a busy spell on the
    machine hits all methods alike. A method's time is its best pass."""
    workers, results = {}, {}
    for method in methods:
        print(f"loading {method} ...", flush=True)
        process = subprocess.Popen(worker_command(method, model_dir, texts_file, args), stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        reply = _read_reply(process)
        if "error" in reply:
            print(f"  {method} failed: {reply['error']}")
            results[method] = {"method": method, "error": reply["error"]}
            continue
        workers[method] = process
        results[method] = {"method": method, "load_seconds": reply["load_seconds"], "all_seconds": []}
    for round_index in range(args.repeats):
        order = list(workers)
        order = order[round_index % len(order):] + order[: round_index % len(order)] if order else order
        for method in order:
            reply = _ask(workers[method], "run")
            results[method]["all_seconds"].append(reply["seconds"])
            print(f"  round {round_index + 1}: {method} {reply['seconds']:.2f} s", flush=True)
    for method, process in workers.items():
        reply = _ask(process, "quit")
        process.wait()
        times = results[method]["all_seconds"]
        results[method].update(seconds=min(times), median_seconds=sorted(times)[len(times) // 2], **reply)
    return [results[m] for m in methods]


def run_event_layer(model_dir: Path, texts_file: Path, args: argparse.Namespace) -> dict:
    print("timing the event layer ...", flush=True)
    done = subprocess.run(worker_command("event-layer", model_dir, texts_file, args), check=False,
                          capture_output=True, text=True)
    replies = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    if not replies:
        return {"method": "event-layer", "error": " | ".join(done.stderr.strip().splitlines()[-3:])}
    return replies[-1]


def _ask(process: subprocess.Popen, command: str) -> dict:
    process.stdin.write(command + "\n")
    process.stdin.flush()
    return _read_reply(process)


def _read_reply(process: subprocess.Popen) -> dict:
    for line in process.stdout:
        if line.startswith("{"):
            return json.loads(line)
    error = process.stderr.read().strip().splitlines()[-3:]
    return {"error": " | ".join(error) or f"exited with {process.wait()}"}


# ---------------------------------------------------------------- inside a child process


def run_child(args: argparse.Namespace) -> None:
    """A worker: load, warm up, then answer `run` (one timed pass) and `quit` (memory, entities)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    texts = json.loads(Path(args.texts).read_text(encoding="utf-8"))
    if args.child == "event-layer":
        _reply(time_event_layer())
        return
    started = time.perf_counter()
    run = make_runner(args.child, args)
    run(texts[:4])  # warm-up: first-call allocations and kernel selection are not what we time
    _reply({"load_seconds": time.perf_counter() - started})
    entities = 0
    for command in sys.stdin:
        if command.strip() == "run":
            started = time.perf_counter()
            outputs = run(texts)
            seconds = time.perf_counter() - started
            entities = sum(len(o) for o in outputs)
            _reply({"seconds": seconds})
        elif command.strip() == "quit":
            break
    _reply({"peak_rss_mb": peak_rss_mb(), "entities": entities})


def _reply(message: dict) -> None:
    print(json.dumps(message), flush=True)


def make_runner(method: str, args: argparse.Namespace):
    if method in PIPELINE_METHODS:
        from transformers import pipeline

        pipe = pipeline("token-classification", model=args.model, aggregation_strategy="first",
                        stride=args.stride, device="cpu")
        batch_size = PIPELINE_METHODS[method]
        return lambda texts: pipe(texts, batch_size=batch_size)
    from marsad.model.extractor import EventExtractor

    backend, quantize = MARSAD_METHODS[method]
    extractor = EventExtractor.from_pretrained(args.model, device="cpu", batch_size=args.batch_size,
                                               quantize=quantize, backend=backend, stride=args.stride)
    return lambda texts: [doc.entities for doc in extractor.extract_batch(texts)]


def time_event_layer(min_seconds: float = 5.0) -> dict:
    """`assemble` on the corpus's gold spans, pinned to one core."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    try:
        from marsad.model.assemble import assemble
    except ImportError as err:
        return {"method": "event-layer", "error": f"assemble is not available ({err})"}
    from marsad.annotations.corpus import load_reports
    from marsad.model import event_layer_mode
    from marsad.model.schema import Entity

    reports = load_reports(split_file=None)
    inputs = [
        (r.text, [Entity(label=s.label, start=s.start, end=s.end, text=r.text[s.start : s.end]) for s in r.entities],
         r.id, r.meta.get("date"))
        for r in reports
    ]
    done, started = 0, time.perf_counter()
    while True:
        for text, entities, doc_id, date in inputs:
            assemble(text, entities, id=doc_id, date=date)
        done += len(inputs)
        elapsed = time.perf_counter() - started
        if elapsed >= min_seconds:
            break
    return {"method": "event-layer", "reports": done, "seconds": elapsed, "reports_per_s": done / elapsed,
            "distinct_reports": len(inputs), "peak_rss_mb": peak_rss_mb(), "mode": event_layer_mode()}


def peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


# ---------------------------------------------------------------- reporting


def count_tokens(model_dir: Path, texts: list[str]) -> int:
    from transformers import AutoTokenizer

    from marsad.model.inference import tokenize_words
    from marsad.model.normalize import NormalizerConfig, normalize

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    config = NormalizerConfig.load(model_dir)
    words = [[w.text for w in normalize(t, config).words] for t in texts]
    return sum(len(doc.ids) for doc in tokenize_words(tokenizer, words))


def machine_info() -> dict:
    import torch
    import transformers

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
            "torch": torch.__version__, "transformers": transformers.__version__, "python": platform.python_version(),
            "torch_threads": torch.get_num_threads(), "load_average": os.getloadavg()}


def describe_setup(model_dir: Path, texts: list[str], tokens: int, args: argparse.Namespace) -> str:
    info = machine_info()
    return (f"{info['cpu']}, {info['cores']} cores, torch {info['torch']}, transformers {info['transformers']}, "
            f"load average {info['load_average'][0]:.2f}\n"
            f"model {model_dir}\n{len(texts)} documents ({sum(map(len, texts))} characters, {tokens} sub-words), "
            f"stride {args.stride}, EventExtractor batch size {args.batch_size}, best of {args.repeats} interleaved rounds")


def add_ratios(results: list[dict]) -> None:
    """Speed-up against the pipeline at batch 1, paired by round: in each round the two passes ran
    minutes apart at most, under the same load, so the median of the per-round ratios is robust to a
    busy machine. The ratio of the best passes is kept too."""
    base = next((r for r in results if r["method"] == "pipeline-b1" and r.get("all_seconds")), None)
    for r in results:
        if base is None or "error" in r:
            continue
        per_round = [b / t for b, t in zip(base["all_seconds"], r["all_seconds"])]
        r["ratio_per_round"] = per_round
        r["ratio_vs_pipeline_b1"] = statistics.median(per_round)
        r["ratio_of_best_passes"] = base["seconds"] / r["seconds"]


def print_table(results: list[dict], event_layer: dict) -> None:
    add_ratios(results)
    print(f"\n{'method':<18}{'docs/s':>9}{'tokens/s':>11}{'peak RSS MB':>13}{'x pipeline b1':>15}{'(best/best)':>13}")
    for r in results:
        if "error" in r:
            print(f"{r['method']:<18}  failed: {r['error']}")
            continue
        ratio = r.get("ratio_vs_pipeline_b1", float("nan"))
        target = TARGETS.get(r["method"])
        note = f"  (target {target}x: {'met' if ratio >= target else 'NOT met'})" if target else ""
        print(f"{r['method']:<18}{r['docs_per_s']:>9.2f}{r['tokens_per_s']:>11.0f}{r['peak_rss_mb']:>13.0f}"
              f"{ratio:>14.2f}x{r.get('ratio_of_best_passes', float('nan')):>12.2f}x{note}")
    print("docs/s and tokens/s: best pass; x pipeline b1: median over rounds of the same-round ratio")
    if "error" in event_layer:
        print(f"\nevent layer: skipped ({event_layer['error']})")
    else:
        met = "met" if event_layer["reports_per_s"] >= 2000 else "NOT met"
        print(f"\nevent layer (assemble on gold spans, one core): {event_layer['reports_per_s']:.0f} reports/s "
              f"({event_layer['reports']} reports in {event_layer['seconds']:.1f} s, {event_layer.get('mode', '?')}; "
              f"target 2000: {met})")


if __name__ == "__main__":
    main()
