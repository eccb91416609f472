"""The infoview-kit command: exit statuses, plain messages, no tracebacks."""

from __future__ import annotations

import subprocess
import sys

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
