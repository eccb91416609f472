"""The ``infoview-kit`` command: every subcommand and its options, in one place.

Exit statuses: 0 all well; 1 done with problems (problems in a sheet, a failed report in a
batch); 2 bad arguments or input that could not be read at all. No traceback is shown for bad
input. Only what a command needs is imported when it runs: ``--help`` and ``check`` load
neither matplotlib nor the notebook machinery.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .errors import InfoviewError

__all__ = ["EXIT_OK", "EXIT_PROBLEMS", "EXIT_USAGE", "build_parser", "main"]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
PROG = "infoview-kit"


class _Parser(argparse.ArgumentParser):
    """An argument parser whose complaints are one line, naming the command and its help."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


# ---------------------------------------------------------------------------------------------
# Argument types: each says in words what it expected.
# ---------------------------------------------------------------------------------------------


def _day(text: str) -> str:
    from .as_of import FIRST_DAY, LAST_DAY, OUTSIDE

    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a day written like 2026-11-01") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise argparse.ArgumentTypeError(f"{text!r} {OUTSIDE}; write a day like 2026-11-01")
    return day.isoformat()


def _positive(kind: Callable[[str], float], what: str) -> Callable[[str], float]:
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            value = None
        if value is None or value <= 0:
            raise argparse.ArgumentTypeError(f"{text!r} is not {what}")
        return value

    parse.__name__ = what  # argparse names the type in some messages
    return parse


_count = _positive(int, "a whole number above 0")
_seconds = _positive(float, "a number of seconds above 0")


def _suffixed(*suffixes: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if Path(text).suffix.lower() not in suffixes:
            raise argparse.ArgumentTypeError(f"{text!r} should end in {' or '.join(suffixes)}")
        return text

    return parse


def _mapping(text: str) -> tuple[str, str]:
    header, equals, name = text.rpartition("=")
    if not equals or not header.strip() or not name.strip():
        raise argparse.ArgumentTypeError(
            f'{text!r} should be written "Their header=name", like "Firm=company"'
        )
    return header.strip(), name.strip()


# ---------------------------------------------------------------------------------------------
# Options shared by several commands, written once.
# ---------------------------------------------------------------------------------------------


def _sheet_options() -> argparse.ArgumentParser:
    """--sheet, --map, --dayfirst/--monthfirst: how to read the sheets given."""
    options = argparse.ArgumentParser(add_help=False)
    group = options.add_argument_group("reading the sheets")
    group.add_argument(
        "--sheet", help="the workbook sheet to read (default: the one with contacts)"
    )
    group.add_argument(
        "--map",
        dest="columns",
        action="append",
        type=_mapping,
        metavar='"HEADER=name"',
        help='read the column HEADER as the kit\'s column name, like "Firm=company" '
        "(repeat for more columns)",
    )
    order = group.add_mutually_exclusive_group()
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
    return options


def _as_of_option() -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "--as-of",
        dest="as_of",
        type=_day,
        metavar="YYYY-MM-DD",
        help="the day the report describes: only what had happened by then counts (default: today)",
    )
    options.add_argument(
        "--timeout", type=_seconds, metavar="SECONDS", help="seconds a report may take"
    )
    return options


def loader_options(args: argparse.Namespace) -> dict:
    """The keyword arguments for ``check_contacts`` from the shared sheet options."""
    columns = dict(args.columns) if getattr(args, "columns", None) else None
    return {"dayfirst": args.dayfirst, "sheet": args.sheet, "columns": columns}


def _sources(files: Sequence[str]) -> str | list[str]:
    """One path for one file, a list for several: several files are one network."""
    return files[0] if len(files) == 1 else list(files)


# ---------------------------------------------------------------------------------------------
# The commands
# ---------------------------------------------------------------------------------------------


def _check(args: argparse.Namespace) -> int:
    from .contacts import check_contacts

    report = check_contacts(_sources(args.files), **loader_options(args))
    print(report.summary())
    counts = report.contacts["status"].value_counts(dropna=False)
    print("\nContacts by status:")
    for status, count in counts.items():
        print(f"  {status if isinstance(status, str) else '(none)'}: {count}")
    if not len(report.problems):
        return EXIT_OK
    import pandas as pd

    print(f"\nProblems ({len(report.problems)}):")
    with pd.option_context("display.max_colwidth", 80, "display.width", 200):
        print(report.problems.head(args.limit).to_string(index=False))
    if len(report.problems) > args.limit:
        print(f"... and {len(report.problems) - args.limit} more (raise --limit to see them).")
    return EXIT_PROBLEMS


def _sample(args: argparse.Namespace) -> int:
    from .contacts import save_contacts
    from .sample import make_contacts

    path = save_contacts(make_contacts(args.rows, seed=args.seed), args.output)
    print(f"Wrote {args.rows} synthetic contacts to {path}")
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from .reports import run_report

    path = run_report(
        _sources(args.files),
        args.output,
        owner=args.owner,
        as_of=args.as_of,
        keep_notebook=args.keep_notebook,
        timeout=args.timeout,
        **loader_options(args),
    )
    print(f"Wrote {path}")
    return EXIT_OK


def _batch(args: argparse.Namespace) -> int:
    from .reports import run_batch

    summary = run_batch(
        args.files,
        args.output,
        jobs=args.jobs,
        as_of=args.as_of,
        timeout=args.timeout,
        scheduler=args.scheduler,
        force=args.force,
        anonymize=args.anonymize,
        secret_file=args.secret_file,
        **loader_options(args),
    )
    failed = int((summary["status"] != "ok").sum())
    print(
        f"{len(summary) - failed} of {len(summary)} reports made; open "
        f"{Path(args.output) / 'index.html'}"
    )
    return EXIT_PROBLEMS if failed else EXIT_OK


def _app(args: argparse.Namespace) -> int:
    from .server import serve

    sources = _sources(args.files) if args.files else None
    return serve(sources, port=args.port, max_pages=args.max_pages, **loader_options(args))


def _demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    return run_demo(Path(args.output))


# ---------------------------------------------------------------------------------------------
# The parser
# ---------------------------------------------------------------------------------------------


def _add_check(commands, sheets: argparse.ArgumentParser) -> None:
    """``check``: what the kit understands in the sheets."""
    check = commands.add_parser(
        "check",
        parents=[sheets],
        help="say what the kit understands in your contacts sheets",
        description="Read FILE (several files are merged into one network) and print the "
        "column mapping, contacts by status and every problem found. Exit 0 when clean, 1 "
        "with problems, 2 when a file cannot be read.",
    )
    check.add_argument(
        "files", nargs="+", metavar="FILE", help="a .csv, .tsv, .txt or .xlsx sheet, or a .vcf"
    )
    check.add_argument("--limit", type=_count, default=50, help="problems to list (default 50)")
    check.set_defaults(run=_check)


def _add_app(commands, sheets: argparse.ArgumentParser) -> None:
    """``app``: the planner page, served on this computer."""
    app = commands.add_parser(
        "app",
        parents=[sheets],
        help="open the interview planner as a web page on this computer",
        description="Serve the planner (prepare_interview.ipynb) with Voila on 127.0.0.1 and "
        "print its address. Without FILE the page starts on the sample; upload your own there.",
    )
    app.add_argument("files", nargs="*", metavar="FILE", help="the contacts sheets to start with")
    app.add_argument("--port", type=_count, help="the port to serve on (default: a free one)")
    app.add_argument(
        "--max-pages", type=_count, help="how many pages may be open at once (default 6)"
    )
    app.set_defaults(run=_app)


def _add_report_and_batch(
    commands, sheets: argparse.ArgumentParser, reports: argparse.ArgumentParser
) -> None:
    """``report`` and ``batch``: notebooks run on sheets, written as HTML."""
    report = commands.add_parser(
        "report",
        parents=[sheets, reports],
        help="write one person's networking report as HTML",
        description="Run the network report notebook on FILE (several files are one network) "
        "and write OUT.html: code hidden, images inline, viewable offline.",
    )
    report.add_argument("files", nargs="+", metavar="FILE", help="the contacts sheets")
    report.add_argument(
        "-o",
        "--output",
        required=True,
        type=_suffixed(".html", ".htm"),
        metavar="OUT.html",
        help="the HTML file to write",
    )
    report.add_argument("--owner", help="whose report it is (default: the file name)")
    report.add_argument(
        "--keep-notebook", action="store_true", help="also keep the executed notebook beside it"
    )
    report.set_defaults(run=_report)
    batch = commands.add_parser(
        "batch",
        parents=[sheets, reports],
        help="write a report per sheet, in parallel, with a summary",
        description="One report per FILE into DIR, plus DIR/summary.csv and DIR/index.html. "
        "A broken sheet fails alone; the exit status is 1 when any failed.",
    )
    batch.add_argument("files", nargs="+", metavar="FILE", help="contacts sheets, one a person")
    batch.add_argument("-o", "--output", required=True, metavar="DIR", help="folder to write")
    batch.add_argument("--jobs", type=_count, help="reports at a time (default: one per core)")
    batch.add_argument("--scheduler", metavar="ADDRESS", help="a Dask scheduler, tcp://HOST:PORT")
    batch.add_argument(
        "--force",
        action="store_true",
        help="redo every report, even unchanged ones, and write into DIR even when it holds "
        "files that are not an earlier batch's",
    )
    batch.add_argument(
        "--anonymize",
        action="store_true",
        help="name participants by keyed pseudonyms in file names, the summary and the index",
    )
    batch.add_argument(
        "--secret-file",
        metavar="FILE",
        help="the pseudonyms' secret (default: DIR/.cohort-secret, made on first use)",
    )
    batch.set_defaults(run=_batch)


def _add_sample_and_demo(commands) -> None:
    """``sample`` and ``demo``: synthetic data, no sheet of the person's."""
    sample = commands.add_parser(
        "sample",
        help="write a synthetic contacts sheet (no real people)",
        description="Write a synthetic contacts sheet in the kit's columns.",
    )
    sample.add_argument(
        "-o",
        "--output",
        required=True,
        type=_suffixed(".csv", ".xlsx"),
        metavar="FILE",
        help="the sheet to write (.csv or .xlsx)",
    )
    sample.add_argument("--rows", type=_count, default=150, help="contacts (default 150)")
    sample.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    sample.set_defaults(run=_sample)
    demo = commands.add_parser(
        "demo",
        help="check the sample and build the sample cohort's reports here",
        description="Check the bundled sample sheet, then write a report per participant of the "
        "bundled synthetic cohort into ./reports (or -o DIR), with an index page.",
    )
    demo.add_argument("-o", "--output", default="reports", metavar="DIR", help="default ./reports")
    demo.set_defaults(run=_demo)


def build_parser() -> argparse.ArgumentParser:
    """The ``infoview-kit`` argument parser with every subcommand."""
    parser = _Parser(
        prog=PROG,
        description="Informational-interview coaching kit: read your contacts sheets, report on "
        "your network, plan conversations and follow-ups. Nothing leaves your computer.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    sheets, reports = _sheet_options(), _as_of_option()

    _add_check(commands, sheets)
    _add_report_and_batch(commands, sheets, reports)
    _add_app(commands, sheets)
    _add_sample_and_demo(commands)
    return parser


def _quiet_closed_pipe() -> int:
    """``infoview-kit check x.csv | head`` closed our output: stop quietly (as ``cat`` does)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # nothing more to flush at exit
    except (OSError, ValueError):
        pass
    return EXIT_PROBLEMS


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        status = args.run(args)
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        return _quiet_closed_pipe()
    except InfoviewError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a fault in the kit, not in the input: still one plain line
        print(
            f"{PROG}: unexpected error ({type(exc).__name__}: {exc}). This is a bug in "
            f"{PROG}; please report it with the command you ran.",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
