"""Instructions per report of the event layer under callgrind: a measure that load does not move.

    PYTHONHASHSEED=0 python benchmarks/event_layer_instructions.py            # needs valgrind
    PYTHONHASHSEED=0 python benchmarks/event_layer_instructions.py --reports 200 --data annotations/reports

It runs this file twice under `valgrind --tool=callgrind` (`--child`): once assembling the reports one
time, once two times, and divides the difference by the number of reports, so that start-up, imports
and the first pass's memo warm-up cancel out. Python seeds its string hashing per process, which moves
the count by about 1%: fix PYTHONHASHSEED when comparing two versions.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path


def _child(data: str, reports: int, passes: int) -> None:
    from marsad.annotations.corpus import load_reports
    from marsad.training.fact_metrics import assemble_reports

    chosen = [r for r in load_reports(Path(data)) if r.facts][:reports]
    for _ in range(passes):
        assemble_reports(chosen)


def _collected(data: str, reports: int, passes: int) -> int:
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__,
               "--child", str(passes), "--data", data, "--reports", str(reports)]
    run = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy(), check=True)
    match = re.search(r"Collected\s*:\s*(\d+)", run.stderr)
    if not match:
        raise SystemExit(f"no instruction count in callgrind's output:\n{run.stderr[-2000:]}")
    return int(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(Path(__file__).resolve().parents[1] / "annotations" / "reports"),
                        help="annotated reports (a folder of JSONL files)")
    parser.add_argument("--reports", type=int, default=200, help="how many reports with facts to assemble")
    parser.add_argument("--child", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.data, args.reports, args.child)
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt install valgrind)")
    one, two = _collected(args.data, args.reports, 1), _collected(args.data, args.reports, 2)
    print(f"{(two - one) / args.reports / 1e6:.3f} M instructions per report "
          f"({args.reports} reports, PYTHONHASHSEED={os.environ.get('PYTHONHASHSEED', 'random')})")


if __name__ == "__main__":
    main()
