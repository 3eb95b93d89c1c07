"""The written report: one self-contained HTML file, PNG pictures and the CSV tables behind them."""

from __future__ import annotations

import re
import shutil

import pytest

from stratkit.grading.batch import grade_assignment, load_assignment
from stratkit.instructor.reports.report import write_report
from stratkit.instructor.demo.simulated_class import simulate_class, work_on

from tests.conftest import REPO
from tests.submissions import new_submission

PS5 = "ps5-case-study"


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    course = tmp_path_factory.mktemp("report") / "course"
    shutil.copytree(REPO / "solutions" / PS5, course / "solutions" / PS5)
    key = load_assignment(course, PS5)
    for student in simulate_class(key, 16, seed=11):
        folder = new_submission(course, student.id, PS5)
        work_on(folder, f"{PS5}.ipynb", key, student)
    result = grade_assignment(course, PS5)
    analysis, files = write_report(result, course / "report", claims_csv=REPO / "course" / "claims.csv")
    return analysis, files


def test_html_is_self_contained_and_speaks_plainly(written):
    analysis, files = written
    html = files.html.read_text(encoding="utf-8")
    assert "What to reteach first" in html and "The point to reteach:" in html
    assert "Lesson 2: The four planning documents" in html
    sources = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert sources and all(s.startswith("data:image/png;base64,") for s in sources)  # nothing to fetch
    assert "<script" not in html
    assert html.count("data:image/png;base64,") == 5  # scores, entries, one per exercise


def test_pngs_and_csvs(written):
    analysis, files = written
    names = {p.name for p in files.png}
    assert names == {"scores.png", "entries.png", "1-sort-ps5-copperline-documents.png",
                     "2-order-ps5-copperline-sequence.png", "3-pick-ps5-copperline-review.png"}
    for png in files.png:
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000
    csv_names = {p.name for p in files.csv}
    assert {"grades.csv", "exercises.csv", "entries.csv", "choices.csv", "reteach.csv",
            "1-sort-ps5-copperline-documents-confusion.csv", "2-order-ps5-copperline-sequence-violations.csv",
            "3-pick-ps5-copperline-review-options.csv"} <= csv_names


def test_analysis_numbers_are_consistent(written):
    analysis, _ = written
    assert analysis.students == 16
    table = analysis.exercise_table
    assert list(table.index) == ["ps5-copperline-documents", "ps5-copperline-sequence", "ps5-copperline-review"]
    assert ((table.facility >= 0) & (table.facility <= 1)).all()
    assert len(analysis.entry_table) == 8 + 6 + 8
    assert analysis.topics and analysis.topics[0].mistakes[0].share >= 0.2


def test_cli_report(tmp_path, capsys):
    from stratkit.cli import main

    course = tmp_path / "course"
    shutil.copytree(REPO / "solutions" / PS5, course / "solutions" / PS5)
    key = load_assignment(course, PS5)
    for student in simulate_class(key, 6, seed=3):
        work_on(new_submission(course, student.id, PS5), f"{PS5}.ipynb", key, student)
    out = tmp_path / "out"
    assert main(["report", PS5, "--course", str(course), "--out", str(out),
                 "--claims", str(REPO / "course" / "claims.csv")]) == 0
    assert capsys.readouterr().out.strip() == f"Report: {out / 'report.html'}"
    assert (out / "report.html").is_file()


def test_a_class_that_answered_nothing_still_gets_a_report(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(REPO / "solutions" / PS5, course / "solutions" / PS5)
    for student in ("a", "b", "c"):
        new_submission(course, student, PS5)
    analysis, files = write_report(grade_assignment(course, PS5), tmp_path / "out")
    html = files.html.read_text(encoding="utf-8")
    assert "No mistake was made by one student in five or more" in html
    assert analysis.totals.sum() == 0 and len(files.png) == 5
