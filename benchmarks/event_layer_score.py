"""Score the event layer (`assemble` on gold spans) and measure its speed.

    python benchmarks/event_layer_score.py                  # tuning reports: train + dev
    python benchmarks/event_layer_score.py --split dev      # one split
    python benchmarks/event_layer_score.py --errors         # also list missed / added facts per report
    python benchmarks/event_layer_score.py --speed          # reports per second on one core

Which reports: with annotations/split.tsv, `--split tune` (the default) is train + dev and the test
split is never read here; before the split exists, tuning reports are those whose id ends in 0-6.
"""

from __future__ import annotations

import argparse
import json
import time

from marsad.annotations.corpus import REPORTS_DIR, SPLIT_FILE, load_reports, load_split
from marsad.training.fact_metrics import assemble_reports, score_facts


def tuning_reports(split: str = "tune") -> list:
    has_split = bool(load_split(SPLIT_FILE)) if SPLIT_FILE.exists() else False
    reports = load_reports(REPORTS_DIR)
    if has_split:
        wanted = {"train", "dev"} if split == "tune" else {split}
        if "test" in wanted:
            raise SystemExit("the test split is not for tuning; use `marsad evaluate` for the final number")
        return [r for r in reports if r.split in wanted]
    return [r for r in reports if r.id[-1:] in "0123456"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", default="tune", help="tune (train+dev), train or dev")
    parser.add_argument("--errors", action="store_true", help="list missed and added facts per report")
    parser.add_argument("--speed", action="store_true", help="measure reports per second")
    parser.add_argument("--repeat", type=int, default=20, help="passes over the reports for --speed")
    args = parser.parse_args()

    reports = [r for r in tuning_reports(args.split) if r.facts]
    documents = assemble_reports(reports)
    result = score_facts(reports, documents, details=args.errors)
    errors = result.pop("errors", [])
    words = sum(len(r.text.split()) for r in reports)
    print(f"{len(reports)} reports ({words / max(1, len(reports)):.0f} words on average)")
    print(json.dumps(result, indent=1))
    for diff in errors:
        print(json.dumps(diff, ensure_ascii=False))
    if args.speed:
        _speed(reports, args.repeat)


def _speed(reports: list, repeat: int) -> None:
    """CPU time of `assemble` (process time: other work on a shared machine does not count).

    Two numbers: a warm process meeting reports it has not seen (the first half warms the memo
    tables of word readings, the second half is timed once), and repeated passes over all reports."""
    half = len(reports) // 2
    warm, unseen = reports[:half], reports[half:]
    assemble_reports(warm)
    start = time.process_time()
    assemble_reports(unseen)
    seconds = time.process_time() - start
    words = sum(len(r.text.split()) for r in unseen)
    print(f"speed, unseen reports: {len(unseen) / seconds:.0f} reports/s ({seconds / len(unseen) * 1000:.2f} ms "
          f"per report of {words / len(unseen):.0f} words, {words / seconds:.0f} words/s), CPU time, one core")
    start = time.process_time()
    for _ in range(repeat):
        assemble_reports(reports)
    seconds = time.process_time() - start
    n = len(reports) * repeat
    print(f"speed, repeated passes: {n / seconds:.0f} reports/s ({seconds / n * 1000:.2f} ms per report)")


if __name__ == "__main__":
    main()
