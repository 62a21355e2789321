"""The fixed train/dev/test split (annotations/split.tsv).

Assignments never change once written: `assign_new` only places reports that have no split yet, so
adding reports never moves old ones and the test split stays untouched by tuning. Within each batch
(the id prefix before '-'), new reports are ordered by a hash of their id and dealt out in the
requested shares; `test_digits` restricts the test split to ids ending in those digits (the event
layer was developed only on ids ending 0-6, so test draws from 7-9).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path

from marsad.annotations.corpus import SPLIT_FILE, Report, load_split


def _hash(report_id: str) -> str:
    return hashlib.sha1(report_id.encode("utf-8")).hexdigest()


def assign_new(
    reports: list[Report], existing: dict[str, str], test_share: float, dev_share: float, test_digits: str = "789"
) -> dict[str, str]:
    """Splits for the reports not in `existing`, stratified by batch."""
    batches: dict[str, list[Report]] = defaultdict(list)
    for report in reports:
        if report.id not in existing:
            batches[report.id.split("-")[0]].append(report)
    assigned: dict[str, str] = {}
    for batch in batches.values():
        batch.sort(key=lambda r: _hash(r.id))
        n_test, n_dev = round(len(batch) * test_share), round(len(batch) * dev_share)
        for report in batch:
            eligible = report.id[-1:] in test_digits
            if eligible and n_test > 0 and report.id != "seed-000":
                assigned[report.id], n_test = "test", n_test - 1
            elif n_dev > 0 and report.id != "seed-000":
                assigned[report.id], n_dev = "dev", n_dev - 1
            else:
                assigned[report.id] = "train"
    return assigned


def write_split(split: dict[str, str], path: Path = SPLIT_FILE) -> None:
    lines = ["# id<TAB>split - fixed; new reports are appended by `marsad corpus split`"]
    lines += [f"{report_id}\t{name}" for report_id, name in sorted(split.items())]
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)


def extend_split(reports: list[Report], test_share: float, dev_share: float, path: Path = SPLIT_FILE) -> dict[str, str]:
    existing = load_split(path)
    new = assign_new(reports, existing, test_share, dev_share)
    write_split({**existing, **new}, path)
    return new
