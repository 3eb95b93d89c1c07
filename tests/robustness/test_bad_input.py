"""Bad input: every case is a file under tests/data/bad_input/, named by what is wrong.

For each: one line naming the file and saying what to do (on stdout or in the widget for a student,
from the CLI for an instructor), never a traceback, no answer lost, and the other exercises (and
other students) graded as before.
"""

from __future__ import annotations

import html
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import importlib

import stratkit
from stratkit.cli import main as cli_main
from stratkit.answers.finding import find_answer
from stratkit.answers.store import STORE_FILE, AnswerStore

from tests.conftest import DATA
from .helpers import (BAD, NOTEBOOK, PARTIAL, PERFECT, expected_table, grade_in, put_outputs,
                      record, released_notebook, student_folder)

SHOW = importlib.import_module("stratkit.student.show")
IDS = ("ps1-sort", "ps1-order", "ps1-pick")
OLDER = "2026-01-10T10:00:00.000000Z"  # the notebook copy (PARTIAL)
NEWER = "2026-01-11T10:00:00.000000Z"  # the store (PERFECT)
# a message says what to do: one of these verbs follows the description of the problem
ACTIONS = ("answer", "ask", "upgrade", "put", "open", "change", "save", "check", "tell", "starts a fresh file")

STORE_CASES = expected_table(BAD / "stores")
NOTEBOOK_CASES = expected_table(BAD / "notebooks")
EXERCISE_CASES = expected_table(BAD / "exercises")


def _points(text: str) -> list[float]:
    return [float(x) for x in text.split()]


def test_every_case_file_has_one_expectation_and_there_are_at_least_25():
    total = 0
    for sub, pattern in (("stores", "*.json"), ("notebooks", "*.ipynb"), ("exercises", "*.yaml")):
        files = sorted(p.name for p in (BAD / sub).glob(pattern))
        listed = [row[0] for row in expected_table(BAD / sub)]
        assert sorted(listed) == files, sub
        total += len(files)
    assert total >= 25 + 2  # plus a huge store and a huge notebook made at test time


def unwrap(out: str) -> list[str]:
    """Feedback paragraphs: grading wraps long messages, continuation lines indented (stratkit.grading.say)."""
    lines: list[str] = []
    for line in out.splitlines():
        if line.startswith("  ") and lines:
            lines[-1] += " " + line.strip()
        else:
            lines.append(line)
    return lines


def _assert_one_line_message(out: str, part: str, file_name: str) -> str:
    assert "Traceback" not in out
    lines = [line for line in unwrap(out) if part in line]
    assert lines, f"no line with {part!r} in:\n{out}"
    line = lines[0]
    assert file_name in line, line
    after = line.split(part, 1)[1].lower()
    assert any(action in after for action in ACTIONS), f"says what is wrong, not what to do: {line}"
    return line


# --------------------------------------------------------------------------- answer stores


def _store_folder(tmp_path: Path, case: str) -> Path:
    folder = student_folder(tmp_path)
    notebook = put_outputs(released_notebook(), {e: record(e, v, OLDER) for e, v in PARTIAL.items()})
    (folder / NOTEBOOK).write_text(json.dumps(notebook), encoding="utf-8")
    shutil.copy(BAD / "stores" / case, folder / STORE_FILE)
    return folder


def _grade_every_exercise(folder: Path, points: str, part: str, file_name: str) -> None:
    """Each exercise scores the expected points, stderr stays empty, and the message names the file."""
    outs = []
    for exercise_id, expected in zip(IDS, _points(points)):
        score, out, err = grade_in(folder, exercise_id)
        assert type(score) is float and score == pytest.approx(expected), (exercise_id, out)
        assert err == ""
        outs.append(out)
    everything = "\n".join(outs)
    if part == "-":
        assert "stratkit:" not in everything and "Traceback" not in everything
    else:
        _assert_one_line_message(everything, part, file_name)


@pytest.mark.parametrize("case,part,points", STORE_CASES, ids=[r[0] for r in STORE_CASES])
def test_bad_store_is_graded_with_one_line_naming_it(tmp_path: Path, case: str, part: str, points: str):
    folder = _store_folder(tmp_path, case)
    original = (folder / STORE_FILE).read_bytes()
    _grade_every_exercise(folder, points, part, STORE_FILE)
    # nothing is lost: the store is untouched, or a byte-for-byte copy of it was kept
    copies = [p.read_bytes() for p in folder.glob(f"{STORE_FILE}.bad-*")]
    assert (folder / STORE_FILE).read_bytes() == original or original in copies


def test_huge_store_is_set_aside_not_read(tmp_path: Path):
    folder = _store_folder(tmp_path, "utf8-bom.json")
    with open(folder / STORE_FILE, "w") as handle:  # 17 MB of one long answer
        handle.write('{"format": "stratkit-answers", "version": 1, "answers": {"x": "' + "x" * (17 << 20) + '"}}')
    score, out, err = grade_in(folder, "ps1-sort")
    assert score == 3.0 and err == ""
    _assert_one_line_message(out, "bytes, far more than an answer file holds", STORE_FILE)


@pytest.mark.parametrize("case,part,points", STORE_CASES, ids=[r[0] for r in STORE_CASES])
def test_bad_store_in_the_widget_warns_and_loses_no_answer(tmp_path: Path, shown, in_folder, case, part, points):
    folder = in_folder(_store_folder(tmp_path, case))
    before = {e: find_answer(e, folder).record for e in IDS}
    original = (folder / STORE_FILE).read_bytes()
    for exercise_id in IDS:
        stratkit.show(exercise_id)
    widgets = {e: SHOW.shown[e] for e in IDS}
    status = html.unescape(" ".join(w.status_text() for w in widgets.values()))
    if part != "-":
        assert part in status and STORE_FILE in status, status
    assert "Traceback" not in status
    pick = widgets["ps1-pick"]
    ticked = "o2" not in pick.value()
    pick.tick("o2", ticked)  # one click
    assert pick.record is not None and pick.record["value"] == pick.value()
    assert ("o2" in pick.record["value"]) == ticked
    # the click reached the notebook copy whatever happened to the file
    assert pick.publish is not None
    after_status = html.unescape(pick.status_text())
    assert "Traceback" not in after_status
    for exercise_id in ("ps1-sort", "ps1-order"):
        found = find_answer(exercise_id, folder).record
        was = before[exercise_id]
        assert (found is None) == (was is None) and (found is None or found["value"] == was["value"]), exercise_id
    if "newer stratkit" in part:  # left exactly as it was, and the student is told
        assert (folder / STORE_FILE).read_bytes() == original
        assert "newer stratkit" in after_status
    else:  # the file holds this click and every answer the notebook's widgets hold
        records, _ = AnswerStore(folder).read()
        assert records["ps1-pick"]["value"] == pick.value()
        held = {e for e, w in widgets.items() if w.record is not None}
        assert held <= set(records), (held, set(records))
        copies = [p.read_bytes() for p in folder.glob(f"{STORE_FILE}.bad-*")]
        assert original in copies or json.loads(original.decode("utf-8-sig"))  # damaged ones were kept


# --------------------------------------------------------------------------- notebooks


def _notebook_folder(tmp_path: Path, notebook_file: Path | None) -> Path:
    folder = student_folder(tmp_path)
    store = AnswerStore(folder)
    for seq, (exercise_id, value) in enumerate(PERFECT.items(), 1):
        store.save(record(exercise_id, value, NEWER, seq))
    if notebook_file is not None:
        shutil.copy(notebook_file, folder / NOTEBOOK)
    return folder


@pytest.mark.parametrize("case,part,points", NOTEBOOK_CASES, ids=[r[0] for r in NOTEBOOK_CASES])
def test_bad_notebook_is_graded_with_one_line_naming_it(tmp_path: Path, case: str, part: str, points: str):
    folder = _notebook_folder(tmp_path, BAD / "notebooks" / case)
    original = (folder / NOTEBOOK).read_bytes()
    _grade_every_exercise(folder, points, part, NOTEBOOK)
    assert (folder / NOTEBOOK).read_bytes() == original  # grading never rewrites a notebook


@pytest.mark.parametrize("case,part,points", [r for r in NOTEBOOK_CASES if r[1] != "-"],
                         ids=[r[0] for r in NOTEBOOK_CASES if r[1] != "-"])
def test_bad_notebook_is_named_in_the_widget(tmp_path: Path, shown, in_folder, case, part, points):
    folder = in_folder(_notebook_folder(tmp_path, BAD / "notebooks" / case))
    stratkit.show("ps1-order")
    widget = SHOW.shown["ps1-order"]
    status = html.unescape(widget.status_text())
    assert part in status and NOTEBOOK in status, status
    assert widget.value() == PERFECT["ps1-order"]  # restored from the store all the same


def test_huge_notebook_is_not_read(tmp_path: Path):
    folder = _notebook_folder(tmp_path, None)
    notebook = released_notebook()
    notebook["cells"][0]["source"] = "x" * (65 << 20)
    (folder / NOTEBOOK).write_text(json.dumps(notebook))
    score, out, err = grade_in(folder, "ps1-pick")
    assert score == 3.0 and err == ""
    _assert_one_line_message(out, "too big to be read for answers", NOTEBOOK)


# --------------------------------------------------------------------------- exercise files


def _exercise_cases():
    for name, part, status in EXERCISE_CASES:
        marks = [pytest.mark.xfail(strict=True, reason=status.split(":", 1)[1].strip())] if status.startswith(
            "xfail:") else []
        yield pytest.param(BAD / "exercises" / name, part, marks=marks, id=name)
    for line in (DATA / "invalid_exercises" / "EXPECTED.tsv").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, part = line.split("\t")
            yield pytest.param(DATA / "invalid_exercises" / name, part, id=f"invalid_exercises/{name}")


def _show_in_subprocess(path: Path, cwd: Path, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    code = f"import stratkit; stratkit.show({str(path)!r})"
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize("path,part", list(_exercise_cases()))
def test_bad_exercise_file_shows_one_line_to_the_student(tmp_path: Path, shown, in_folder, capsys, path: Path,
                                                         part: str):
    if "bomb" in path.name:  # in a subprocess: a file that hangs the loader must not hang the test run
        try:
            process = _show_in_subprocess(path, tmp_path, timeout=5)
        except subprocess.TimeoutExpired:
            pytest.fail(f"stratkit.show({path.name}) did not finish")
        out, err = process.stdout, process.stderr
    else:
        in_folder(tmp_path)
        assert stratkit.show(str(path)) is None
        out, err = capsys.readouterr()
    assert err == "" and not shown  # no widget, nothing on stderr
    lines = out.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("stratkit cannot show this exercise"), out
    assert path.name in lines[0] and "Tell your instructor" in lines[0]


def _cli_cases():
    for name, part, status in EXERCISE_CASES:
        marks = [pytest.mark.xfail(strict=True, reason=status.split(":", 1)[1].strip())] if status.startswith(
            "xfail") else []
        yield pytest.param(name, part, marks=marks, id=name)


@pytest.mark.parametrize("name,part", list(_cli_cases()))
def test_bad_exercise_file_is_reported_by_validate(name: str, part: str, capsys):
    path = BAD / "exercises" / name
    if "bomb" in name:  # in a subprocess, with a time limit
        try:
            process = subprocess.run([sys.executable, "-m", "stratkit", "validate", str(path)], capture_output=True,
                                     text=True, timeout=5)
        except subprocess.TimeoutExpired:
            pytest.fail("stratkit validate did not finish")
        code, out, err = process.returncode, process.stdout, process.stderr
    else:
        code = cli_main(["validate", str(path)])
        out, err = capsys.readouterr()
    assert "Traceback" not in err and code == 1
    lines = out.strip().splitlines()
    assert lines and all(line.startswith(f"{path}:") for line in lines), out
    assert any(part in line for line in lines), out


def test_huge_exercise_file_and_a_folder_named_like_one(tmp_path: Path, capsys):
    huge = tmp_path / "huge.yaml"
    huge.write_text("# padding\n" * 200_000)
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    for path, part in ((huge, "over the"), (folder, "cannot read the file")):
        process = _show_in_subprocess(path, tmp_path)
        assert process.stderr == "" and part in process.stdout and len(process.stdout.strip().splitlines()) == 1
    assert cli_main(["validate", str(huge)]) == 1
    out = capsys.readouterr().out
    assert "over the" in out and out.startswith(str(huge))


# --------------------------------------------------------------------------- in a real autograde run


@pytest.mark.slow
def test_broken_submissions_never_stop_the_grading_of_others(autograded):
    from .autograde_batch import BROKEN, STUDENTS

    # every readable submission was graded, whatever the others held
    assert set(STUDENTS) <= set(autograded.scores)
    assert autograded.scores["honest"] == pytest.approx(5.75)
    for student in ("truncatedstore", "deepstore", "longnumberstore"):  # the notebook's answers count
        assert autograded.scores[student] == pytest.approx(5.75) == pytest.approx(autograded.honest[student])
    assert autograded.scores["unknowncategory"] == pytest.approx(autograded.honest["unknowncategory"])
    assert set(BROKEN) - {"brokennotebook"} <= set(autograded.scores)


@pytest.mark.slow
@pytest.mark.parametrize("student,part", [("truncatedstore", "is damaged (not valid JSON)"),
                                          ("deepstore", "is damaged (not valid JSON)"),
                                          ("longnumberstore", "is damaged (not valid JSON)"),
                                          ("unknowncategory", "unknown category 'budget'")])
def test_broken_submission_feedback_has_one_line_and_no_traceback(autograded, student, part):
    text = autograded.autograded_text(student)
    assert "Traceback" not in text and "Error:" not in text
    lines = [line for line in unwrap(text) if part in line]
    assert lines and STORE_FILE in lines[0]


@pytest.mark.slow
def test_unreadable_or_foreign_notebook_is_reported_to_the_instructor(autograded):
    """nbgrader cannot run a notebook cut short, nor grade another assignment's notebook: 0 points
    there, never more; ``stratkit crosscheck`` names both, with the points their answer files hold."""
    for student in ("brokennotebook", "otherassignment"):
        assert autograded.scores.get(student, 0.0) == 0.0
        assert autograded.honest[student] == pytest.approx(10.0)  # PERFECT in the answer file
        rows = [f for f in autograded.findings if f["student"] == student and f["level"] == "mismatch"]
        assert rows, autograded.findings
        assert all(f["detail"] and "\n" not in f["detail"] for f in rows)


@pytest.mark.slow
@pytest.mark.parametrize("student,file_name", [("truncatedstore", STORE_FILE), ("deepstore", STORE_FILE),
                                               ("longnumberstore", STORE_FILE), ("brokennotebook", NOTEBOOK),
                                               ("otherassignment", NOTEBOOK)])
def test_stratkit_grade_names_each_broken_file_for_the_instructor(autograded, student, file_name):
    assert "Traceback" not in autograded.grade_stderr
    (row,) = [r for r in autograded.grade_csv if r["student"] == student]
    problem = row.get("problem", "")
    assert file_name in problem and "\n" not in problem, row
    total = [k for k in row if k in ("total", "score", "points")]
    assert total and float(row[total[0]]) == pytest.approx(autograded.honest[student]), row
