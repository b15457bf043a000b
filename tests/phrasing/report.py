"""Print the phrasing matrix's pass rate per event type; ``--failures`` shows what failed.

python tests/phrasing/report.py                 # the per-type table
python tests/phrasing/report.py --failures      # and each failing case: found vs expected
python tests/phrasing/report.py --failures --type CRITICIZE
python tests/phrasing/report.py --id recognize-03 --id meet-07   # just these cases
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.phrasing.harness import failures, floors, load, rates, run, table


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--failures", action="store_true", help="list each failing case")
    ap.add_argument("--type", help="only cases of this event type")
    ap.add_argument("--id", action="append", help="only this case (repeatable)")
    ap.add_argument(
        "--floors", action="store_true", help="print FLOORS for tests/unit/test_phrasing_matrix.py"
    )
    args = ap.parse_args(argv)
    cases = load()
    if args.type:
        cases = [c for c in cases if c.type == args.type.upper()]
    if args.id:
        cases = [c for c in cases if c.id in set(args.id)]
    outcomes = run(cases)
    if args.failures or args.id:
        text = failures(outcomes)
        if text:
            print(text, end="\n\n")
    print(table(outcomes))
    if args.floors:
        print("\nFLOORS: dict[str, float] = {")
        for key, value in floors(rates(outcomes)).items():
            print(f"    {key!r}: {value},")
        print("}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
