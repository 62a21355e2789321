"""How well the decode-time proclitic trim (model/clitics.py) recovers the guidelines' span starts.

    python benchmarks/clitic_trim_score.py                 # tuning reports: train + dev, per split
    python benchmarks/clitic_trim_score.py --split dev     # one split
    python benchmarks/clitic_trim_score.py --errors 40     # also the 40 most frequent remaining mismatches

No model is needed: each gold span is widened to whole normalised words (what the model outputs when
it tags exactly the right words), then trimmed, and its start is compared with the gold start.
"before" is the widened start (no trim), "after" the trimmed one. Ends are word ends in both; the
script also counts gold spans that end inside a word, which no trim of starts can fix.
The test split is never read here.
"""

from __future__ import annotations

import argparse
from collections import Counter

from marsad.annotations.corpus import REPORTS_DIR, load_reports
from marsad.model.clitics import proclitic_end
from marsad.model.labels import ENTITY_TYPES
from marsad.model.normalize import Word, normalize


def tuning_reports(split: str) -> dict[str, list]:
    """Reports by split name; `tune` is train + dev, scored apart."""
    wanted = ("train", "dev") if split == "tune" else (split,)
    if "test" in wanted:
        raise SystemExit("the test split is not for tuning; use `marsad evaluate MODEL test` for the final number")
    reports = load_reports(REPORTS_DIR)
    return {name: [r for r in reports if r.split == name] for name in wanted}


def word_at(words: list[Word], pos: int) -> Word | None:
    return next((w for w in words if w.start <= pos < w.end), None)


def score(reports: list) -> tuple[dict[str, Counter], Counter]:
    """Per label: spans, starts right before / after, ends inside a word; and the remaining misses."""
    tallies = {label: Counter() for label in ENTITY_TYPES}
    misses: Counter = Counter()
    for report in reports:
        words = normalize(report.text).words
        for span in report.entities:
            first, last = word_at(words, span.start), word_at(words, span.end - 1)
            tally = tallies[span.label]
            tally["spans"] += 1
            if first is None or last is None:
                tally["no_word"] += 1
                continue
            trimmed = proclitic_end(report.text, first.start, first.end, span.label)
            tally["before"] += first.start == span.start
            tally["after"] += trimmed == span.start
            tally["end_inside_word"] += last.end != span.end
            if trimmed != span.start:
                word = report.text[first.start : first.end]
                gold_prefix = report.text[first.start : span.start]
                misses[(span.label, word, gold_prefix, report.text[first.start : trimmed])] += 1
    return tallies, misses


def print_table(name: str, tallies: dict[str, Counter]) -> None:
    print(f"\n{name}: start offsets equal to gold (widened to words, before -> after trim)")
    print(f"{'label':6} {'spans':>6} {'before':>8} {'after':>8} {'ends inside word':>17}")
    total = Counter()
    for label, tally in tallies.items():
        total.update(tally)
        _row(label, tally)
    _row("all", total)


def _row(label: str, tally: Counter) -> None:
    n = max(1, tally["spans"])
    print(f"{label:6} {tally['spans']:>6} {tally['before'] / n:>8.4f} {tally['after'] / n:>8.4f} "
          f"{tally['end_inside_word']:>17}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", default="tune", help="tune (train and dev, each scored), train or dev")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="list the N most frequent misses")
    args = parser.parse_args()

    all_misses: Counter = Counter()
    for name, reports in tuning_reports(args.split).items():
        tallies, misses = score(reports)
        print_table(f"{name} ({len(reports)} reports)", tallies)
        all_misses.update(misses)
    if args.errors:
        print("\nremaining mismatches: count  label  word  gold-outside  trimmed-outside")
        for (label, word, gold, ours), count in all_misses.most_common(args.errors):
            print(f"{count:5}  {label:6} {word}  [{gold}]  [{ours}]")


if __name__ == "__main__":
    main()
