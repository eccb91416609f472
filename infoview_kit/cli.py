"""The ``infoview-kit`` command.

Exit statuses: 0 all well, 1 done with problems (or a failed report in a batch), 2 the input
could not be read at all. No traceback is shown for bad input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .errors import InfoviewError

EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE = 0, 1, 2


def _check(args: argparse.Namespace) -> int:
    import pandas as pd

    from .contacts import check_contacts

    report = check_contacts(args.file, dayfirst=args.dayfirst, sheet=args.sheet)
    print(report.summary())
    counts = report.contacts["status"].value_counts(dropna=False)
    print("\nContacts by status:")
    for status, count in counts.items():
        print(f"  {status if isinstance(status, str) else '(none)'}: {count}")
    if len(report.problems):
        shown = report.problems.head(args.limit)
        print(f"\nProblems ({len(report.problems)}):")
        with pd.option_context("display.max_colwidth", 80, "display.width", 200):
            print(shown.to_string(index=False))
        if len(report.problems) > args.limit:
            print(f"... and {len(report.problems) - args.limit} more (raise --limit to see them).")
        return EXIT_PROBLEMS
    return EXIT_OK


def _sample(args: argparse.Namespace) -> int:
    from .contacts import save_contacts
    from .sample import make_contacts

    path = save_contacts(make_contacts(args.rows, seed=args.seed), args.output)
    print(f"Wrote {args.rows} synthetic contacts to {path}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="infoview-kit",
        description="Informational-interview coaching kit: read your contacts sheet, report on "
        "your network, plan conversations and follow-ups.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    check = commands.add_parser(
        "check",
        help="say what the kit understands in a contacts spreadsheet",
        description="Read FILE and print its column mapping, contacts by status and every "
        "problem found. Exit 0 when clean, 1 with problems, 2 when it cannot be read.",
    )
    check.add_argument("file", help="a .csv, .tsv, .txt or .xlsx contacts sheet")
    order = check.add_mutually_exclusive_group()
    order.add_argument(
        "--dayfirst",
        dest="dayfirst",
        action="store_const",
        const=True,
        help="read ambiguous dates like 03/04/2024 as 3 April",
    )
    order.add_argument(
        "--monthfirst",
        dest="dayfirst",
        action="store_const",
        const=False,
        help="read ambiguous dates like 03/04/2024 as March 4",
    )
    check.add_argument("--sheet", help="workbook sheet to read (default: the first)")
    check.add_argument("--limit", type=int, default=50, help="problems to list (default 50)")
    check.set_defaults(run=_check)

    sample = commands.add_parser(
        "sample",
        help="write a synthetic contacts sheet (no real people)",
        description="Write a synthetic contacts sheet in the kit's columns.",
    )
    sample.add_argument("-o", "--output", required=True, help="file to write (.csv or .xlsx)")
    sample.add_argument("--rows", type=int, default=150, help="number of contacts (default 150)")
    sample.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    sample.set_defaults(run=_sample)

    _add_later_commands(commands)
    return parser


def _add_later_commands(commands) -> None:
    """Commands whose modules are imported only when used (reports, app)."""
    try:
        from . import reports  # noqa: F401
    except ImportError:
        return
    from .reports import add_commands
    from .server import add_commands as add_app

    add_commands(commands)
    add_app(commands)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except InfoviewError as exc:
        print(f"infoview-kit: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        print("infoview-kit: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not bad input: still no traceback for the person
        print(
            f"infoview-kit: unexpected error ({type(exc).__name__}: {exc}). This is a bug in "
            "infoview-kit; please report it with the command you ran.",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
