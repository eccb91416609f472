"""The infoview-kit command: exit statuses, plain messages, no tracebacks."""

from __future__ import annotations

import datetime
import subprocess
import sys

import pytest

from infoview_kit.cli import main


def test_check_clean_file_exits_0(fixtures, capsys):
    assert main(["check", str(fixtures / "career_centre.csv")]) == 0
    out = capsys.readouterr().out
    assert "How I found them" in out and "-> source" in out
    assert "Contacts by status:" in out and "thanked: 1" in out
    assert "No problems found." in out


def test_check_with_problems_exits_1_and_lists_them(fixtures, capsys):
    assert main(["check", str(fixtures / "messy.csv")]) == 1
    out = capsys.readouterr().out
    assert "Problems (" in out and "Twitter" in out and "next Tuesday" in out


def test_check_dayfirst_flag(fixtures, capsys):
    assert main(["check", "--dayfirst", str(fixtures / "ambiguous_dates.csv")]) == 0
    assert main(["check", str(fixtures / "ambiguous_dates.csv")]) == 1


def test_unreadable_exits_2_without_traceback(fixtures):
    result = subprocess.run(
        [sys.executable, "-m", "infoview_kit.cli", "check", str(fixtures / "picture.csv")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "does not look like a spreadsheet" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_sample_writes_a_sheet_the_loader_reads_cleanly(tmp_path, capsys):
    target = tmp_path / "mine.csv"
    assert main(["sample", "-o", str(target), "--rows", "40", "--seed", "7"]) == 0
    assert main(["check", str(target)]) == 0
    assert "40 contacts" in capsys.readouterr().out


def _cli(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "infoview_kit", *args], capture_output=True, text=True, **kw
    )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["report", "x.csv", "-o", "out.html", "--as-of", "2026-13-45"],
            "'2026-13-45' is not a day",
        ),
        (
            ["report", "x.csv", "-o", "out.html", "--as-of", "0024-09-10"],
            "'0024-09-10' is outside the years the kit can read (1900 to 2099); write a day "
            "like 2026-11-01",
        ),
        (
            ["batch", "x.csv", "-o", "out", "--as-of", "9999-12-31"],
            "'9999-12-31' is outside the years the kit can read",
        ),
        (["sample", "-o", "s.csv", "--rows", "-5"], "'-5' is not a whole number above 0"),
        (["report", "x.csv", "-o", "notes.txt"], "'notes.txt' should end in .html"),
        (["batch", "x.csv", "-o", "out", "--jobs", "0"], "'0' is not a whole number above 0"),
        (["check", "x.csv", "--map", "Firm"], '"Their header=name"'),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_arguments_get_one_line_and_exit_2(args, said, tmp_path):
    result = _cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and said in lines[0], result.stderr
    assert "bug" not in result.stderr and "Traceback" not in result.stderr
    assert not list(tmp_path.iterdir())  # nothing written


def test_version_and_python_dash_m(tmp_path):
    import infoview_kit

    version = _cli("--version", cwd=tmp_path)
    assert (
        version.returncode == 0
        and version.stdout.strip() == f"infoview-kit {infoview_kit.__version__}"
    )
    helped = _cli("--help", cwd=tmp_path)
    assert helped.returncode == 0 and helped.stdout.startswith("usage: infoview-kit")
    for command in ("check", "report", "batch", "app", "sample", "demo"):
        assert command in helped.stdout


def test_help_and_check_do_not_load_plotting_or_notebook_machinery(fixtures):
    probe = (
        "import sys\n"
        "from infoview_kit.cli import build_parser, main\n"
        "build_parser().format_help()\n"
        f"main(['check', {str(fixtures / 'career_centre.csv')!r}])\n"
        "heavy = ('matplotlib', 'papermill', 'nbconvert', 'nbclient', 'voila', 'ipywidgets')\n"
        "print('LOADED', sorted(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "LOADED []"


def test_shared_reading_options_reach_the_loader(monkeypatch, fixtures):
    from infoview_kit import contacts

    seen = {}
    real = contacts.check_contacts

    def spy(source, **options):
        seen.update(source=source, **options)
        return real(fixtures / "career_centre.csv")

    monkeypatch.setattr(contacts, "check_contacts", spy)
    files = [str(fixtures / "career_centre.csv"), str(fixtures / "messy.csv")]
    main(
        [
            "check",
            *files,
            "--sheet",
            "People",
            "--map",
            "Firm=company",
            "--map",
            "How we met=source",
            "--dayfirst",
        ]
    )
    assert seen == {
        "source": files,
        "dayfirst": True,
        "sheet": "People",
        "columns": {"Firm": "company", "How we met": "source"},
    }
    main(["check", files[0], "--monthfirst"])
    assert seen["source"] == files[0] and seen["dayfirst"] is False and seen["columns"] is None


def test_a_closed_pipe_ends_quietly(tmp_path):
    sheet = tmp_path / "big.csv"
    assert main(["sample", "-o", str(sheet), "--rows", "3000"]) == 0
    with sheet.open("a", encoding="utf-8") as f:  # problems to list, many lines of them
        f.writelines(f"Person {i},,,,,,,,,,,not a date,,,,,,,,\n" for i in range(3000))
    process = subprocess.Popen(
        [sys.executable, "-m", "infoview_kit", "check", str(sheet), "--limit", "5000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.readline()
    process.stdout.close()  # as `| head -1` does
    error = process.stderr.read().decode()
    process.wait(timeout=120)
    assert error == "" and process.returncode in (0, 1)


def test_batch_refuses_a_folder_holding_other_files_unless_forced(tmp_path, capsys):
    folder = tmp_path / "Documents"
    folder.mkdir()
    (folder / "thesis.docx").write_text("mine")
    assert main(["batch", str(tmp_path / "nothing.csv"), "-o", str(folder)]) == 2
    assert "--force" in capsys.readouterr().err
    assert sorted(p.name for p in folder.iterdir()) == ["thesis.docx"]


def test_demo_writes_into_the_current_folder(tmp_path, monkeypatch, capsys):
    import pandas as pd

    from infoview_kit import reports
    from infoview_kit.resources import cohort_files

    asked = {}

    def fake_batch(files, out_dir, **options):
        asked.update(files=[str(f) for f in files], out_dir=out_dir, as_of=options["as_of"])
        return pd.DataFrame({"status": ["ok"] * len(asked["files"])})

    monkeypatch.setattr(reports, "run_batch", fake_batch)
    monkeypatch.chdir(tmp_path)
    assert main(["demo"]) == 0
    assert asked["out_dir"] == str(tmp_path / "reports")
    assert asked["files"] == [str(p) for p in cohort_files()] and len(asked["files"]) == 12
    assert asked["as_of"] == "2026-11-01"
    assert str(tmp_path / "reports" / "index.html") in capsys.readouterr().out


@pytest.mark.parametrize("day", ["0024-09-10", datetime.date(9999, 12, 31)])
def test_reports_refuse_a_day_beyond_the_years_a_date_holds_before_anything_runs(
    tmp_path, fixtures, day
):
    """Such a day reached the report notebook, which failed with OutOfBoundsDatetime."""
    from infoview_kit.reports import run_batch, run_report

    sheet = fixtures / "career_centre.csv"
    named = "as_of='0024-09-10'" if isinstance(day, str) else "as_of=9999-12-31"
    with pytest.raises(ValueError, match=f"^{named} is outside the years the kit can read"):
        run_report(sheet, tmp_path / "out.html", as_of=day)
    with pytest.raises(ValueError, match=f"^{named} is outside the years the kit can read"):
        run_batch([sheet], tmp_path / "batch", as_of=day)
    assert not list(tmp_path.iterdir())  # no report, notebook or folder written
