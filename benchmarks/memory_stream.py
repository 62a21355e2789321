"""Peak memory of `marsad extract` streaming N short reports (JSONL in, JSONL out).

    python benchmarks/memory_stream.py --model out --sizes 10000 100000

For each size it writes a JSONL of N short reports (corpus sentences, deterministic), runs
`marsad extract IN.jsonl --model MODEL -o OUT.jsonl` in a child process and reports the child's peak
RSS (getrusage), wall time and reports/s. Constant-memory streaming shows as a peak that does not grow
with N.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def short_reports(count: int) -> list[str]:
    """Sentences of 6-60 words from the corpus, cycled: like the one-line flashes of a daily feed."""
    sys.path.insert(0, str(REPO))
    from marsad.annotations.corpus import load_reports

    sentences = []
    for report in load_reports():
        for sentence in re.split(r"(?<=[.؟!])\s+|\n+", report.text):
            if 6 <= len(sentence.split()) <= 60:
                sentences.append(sentence.strip())
    return [sentences[i % len(sentences)] for i in range(count)]


def measure(model: str, count: int, workdir: Path) -> dict:
    source, target = workdir / f"in-{count}.jsonl", workdir / f"out-{count}.jsonl"
    with open(source, "w", encoding="utf-8") as handle:
        for i, text in enumerate(short_reports(count)):
            handle.write(json.dumps({"id": f"r{i}", "text": text}, ensure_ascii=False) + "\n")
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, "extract", str(source), "--model", model, "-o", str(target)],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    wall = time.perf_counter() - started
    peak_kb = int(done.stderr.strip().splitlines()[-1])  # the child's own peak, one process per size
    with open(target, encoding="utf-8") as handle:
        written = sum(1 for _ in handle)
    return {"reports": count, "written": written, "peak_rss_mb": round(peak_kb / 1024, 1),
            "wall_s": round(wall, 1), "reports_per_s": round(count / wall, 1)}


# Runs `marsad ...` and prints its own peak RSS (KiB) last on stderr, whatever the exit.
_CHILD = """
import resource, runpy, sys
sys.argv = ["marsad", *sys.argv[1:]]
try:
    runpy.run_module("marsad", run_name="__main__")
finally:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="a model folder (e.g. from `marsad train ... --output out`)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.sizes:
            result = measure(args.model, count, Path(tmp))
            results.append(result)
            print(json.dumps(result))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
