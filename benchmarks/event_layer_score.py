"""Score the event layer (`assemble` on gold spans) and measure its speed.

    python benchmarks/event_layer_score.py                  # tuning reports: train + dev
    python benchmarks/event_layer_score.py --split dev      # one split
    python benchmarks/event_layer_score.py --errors         # also list missed / added facts per report
    python benchmarks/event_layer_score.py --speed          # reports per second on one core
    python benchmarks/event_layer_score.py --by-batch       # one row per batch (b1-..b4-) and split
    python benchmarks/event_layer_score.py --ids b13-,b14-   # only these batches

`--by-batch` is the over-fitting check for rule changes: keep a change only when it helps most
batches and hurts none, whichever split the reports are in.

Which reports: with annotations/split.tsv, `--split tune` (the default) is train + dev and the test
split is never read here; before the split exists, tuning reports are those whose id ends in 0-6.
"""

from __future__ import annotations

import argparse
import json
import time

from marsad.annotations.corpus import REPORTS_DIR, SPLIT_FILE, load_reports, load_split
from marsad.model import event_layer_mode
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
    parser.add_argument("--ids", default="", help="only reports whose id starts with one of these comma-separated "
                        "prefixes (`b13-,b14-`: one batch's reports)")
    parser.add_argument("--errors", action="store_true", help="list missed and added facts per report")
    parser.add_argument("--speed", action="store_true", help="measure reports per second")
    parser.add_argument("--by-batch", action="store_true",
                        help="a table of count F1 and count-field accuracy per batch and split")
    parser.add_argument("--repeat", type=int, default=20, help="passes over the reports for --speed")
    args = parser.parse_args()

    prefixes = tuple(p for p in args.ids.split(",") if p)
    reports = [r for r in tuning_reports(args.split) if r.facts and (not prefixes or r.id.startswith(prefixes))]
    documents = assemble_reports(reports)
    result = score_facts(reports, documents, details=args.errors)
    errors = result.pop("errors", [])
    words = sum(len(r.text.split()) for r in reports)
    print(f"{len(reports)} reports ({words / max(1, len(reports)):.0f} words on average)")
    print(json.dumps(result, indent=1))
    for diff in errors:
        print(json.dumps(diff, ensure_ascii=False))
    if args.by_batch:
        _by_batch(reports, documents)
    if args.speed:
        _speed(reports, args.repeat)


_FIELDS = ("victim", "part_of", "category", "scope")


def _by_batch(reports: list, documents: list) -> None:
    """Count F1 (with tp/gold) and field accuracy for each batch (id prefix) and split, then per batch."""
    groups: dict[tuple[str, str], list[int]] = {}
    for i, report in enumerate(reports):
        batch = report.id.split("-", 1)[0] if "-" in report.id else report.id
        for key in ((batch, report.split or "-"), (batch, "all"), ("all", report.split or "-"), ("all", "all")):
            groups.setdefault(key, []).append(i)
    print(f"\n{'batch':6} {'split':6} {'reports':>7} {'count F1':>9} {'tp/gold':>10} "
          + " ".join(f"{name:>8}" for name in _FIELDS))
    for (batch, split), indexes in sorted(groups.items(), key=lambda kv: (kv[0][0] == "all", kv[0])):
        result = score_facts([reports[i] for i in indexes], [documents[i] for i in indexes])
        counts, fields = result["counts"], result["fields"]
        print(f"{batch:6} {split:6} {len(indexes):>7} {counts['f1']:>9.4f} {counts['tp']:>5}/{counts['gold']:<4} "
              + " ".join(f"{fields.get(name, float('nan')):>8.4f}" for name in _FIELDS))


def _speed(reports: list, repeat: int) -> None:
    """CPU time of `assemble` (process time: other work on a shared machine does not count).

    Two numbers: a warm process meeting reports it has not seen (the first half warms the memo
    tables of word readings, the second half is timed once), and repeated passes over all reports."""
    print(f"event layer: {event_layer_mode()}")  # (compiled: `MARSAD_COMPILE=1 pip install .`, see setup.py)
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
