"""Notebooks found by what they are, not by their file name: stratkit.grading.matching and the LMS download names."""

from __future__ import annotations

import codecs
import json

import pytest

from stratkit.grading.batch import grade_assignment, load_assignment
from stratkit.grading.matching import apply_plan, plan_folder, source_notebooks
from stratkit.grading.preprocessors.lms import LmsCollectorPlugin

from tests.submissions import PARTIAL, PERFECT, PS1, PS1_NOTEBOOK, make_course, new_submission, save


@pytest.fixture
def course(tmp_path):
    return make_course(tmp_path, (PS1, "ps2-sorting"))


def _expected(course):
    return load_assignment(course, PS1).expected


def test_a_jupyterlite_download_is_found_and_renamed(course):
    folder = new_submission(course, "gus")
    save(folder, PARTIAL, store=False)
    (folder / PS1_NOTEBOOK).rename(folder / f"{PS1}_{PS1_NOTEBOOK}")  # JupyterLite: folder/name -> folder_name
    plan = plan_folder(folder, PS1, _expected(course), who="gus")
    assert plan.lines == [f"gus: {PS1}_{PS1_NOTEBOOK} -> {PS1_NOTEBOOK}: graded, because its notebook metadata says {PS1}"]
    assert grade_assignment(course, PS1).by_student()["gus"].total == 5.75  # read as graded, before any rename
    apply_plan(plan)
    assert sorted(p.name for p in folder.glob("*.ipynb")) == [PS1_NOTEBOOK]


def test_without_metadata_the_exercise_cells_say_which_assignment(course):
    folder = new_submission(course, "ann")
    save(folder, PERFECT, store=False)
    data = json.loads((folder / PS1_NOTEBOOK).read_text())
    del data["metadata"]["stratkit"]  # a tool stripped the notebook metadata
    (folder / PS1_NOTEBOOK).unlink()
    (folder / "homework.ipynb").write_text(json.dumps(data))
    plan = plan_folder(folder, PS1, _expected(course), who="ann")
    assert plan.lines == [f"ann: homework.ipynb -> {PS1_NOTEBOOK}: graded, because its exercise cells are {PS1}'s"]


def test_newest_answers_win_and_the_older_copy_is_kept_under_another_name(course):
    folder = new_submission(course, "fay")
    save(folder, PERFECT, store=False)  # the graded name, saved first
    (folder / f"{PS1} (1).ipynb").write_text((folder / PS1_NOTEBOOK).read_text())
    save(folder, PARTIAL, store=False, notebook_name=f"{PS1} (1).ipynb")  # the copy, saved later
    plan = plan_folder(folder, PS1, _expected(course), who="fay")
    assert plan.lines[0].startswith(f"fay: {PS1_NOTEBOOK}: not graded: {PS1} (1).ipynb holds newer answers (saved ")
    assert plan.lines[0].endswith(f"kept as {PS1} (older answers).ipynb")
    assert plan.lines[1] == (f"fay: {PS1} (1).ipynb -> {PS1_NOTEBOOK}: graded, because its notebook metadata says "
                             f"{PS1} and it holds the newest answers (saved " + plan.lines[1].split("(saved ")[1])
    assert grade_assignment(course, PS1).by_student()["fay"].total == 5.75  # the newest: PARTIAL
    apply_plan(plan)
    assert sorted(p.name for p in folder.glob("*.ipynb")) == [f"{PS1} (older answers).ipynb", PS1_NOTEBOOK]
    assert grade_assignment(course, PS1).by_student()["fay"].total == 5.75


def test_another_assignments_notebook_is_not_taken_for_this_one(course):
    folder = new_submission(course, "kim")
    save(folder, PERFECT)
    ps2 = new_submission(course, "kim", "ps2-sorting")
    (folder / "ps2-sorting.ipynb").write_text((ps2 / "ps2-sorting.ipynb").read_text())
    plan = plan_folder(folder, PS1, _expected(course), others={"ps2-sorting": set().union(
        *source_notebooks(course / "solutions" / "ps2-sorting").values())}, who="kim")
    assert "kim: ps2-sorting.ipynb: not graded: it holds assignment ps2-sorting (its notebook metadata)" in plan.lines
    assert not plan.changes


@pytest.mark.parametrize("encoding", ["bom", "utf-16"])
def test_a_notebook_resaved_with_a_byte_order_mark_is_read_and_reencoded(course, encoding):
    folder = new_submission(course, "ivan")
    save(folder, PERFECT, store=False)
    text = json.dumps(json.loads((folder / PS1_NOTEBOOK).read_text()), indent=4).replace("\n", "\r\n")
    raw = codecs.BOM_UTF8 + text.encode() if encoding == "bom" else text.encode("utf-16")
    (folder / PS1_NOTEBOOK).write_bytes(raw)
    assert grade_assignment(course, PS1).by_student()["ivan"].total == 10.0  # stratkit reads it as it is
    plan = plan_folder(folder, PS1, _expected(course), who="ivan")
    assert plan.reencode == [folder / PS1_NOTEBOOK]
    apply_plan(plan)
    import nbformat

    assert nbformat.read(folder / PS1_NOTEBOOK, as_version=4).metadata["stratkit"]["assignment"] == PS1  # nbgrader too


# --------------------------------------------------------------------------- LMS download names

CLASS = [{"id": "dmitri", "first_name": "Dmitri", "last_name": "Volkov", "lms_user_id": "1008"},
         {"id": "zoe", "first_name": "Zoë", "last_name": "Ødegård", "lms_user_id": ""},
         {"id": "sam1", "first_name": "Sam", "last_name": "Lee", "lms_user_id": ""},
         {"id": "sam2", "first_name": "Sam", "last_name": "Lee", "lms_user_id": ""}]


def test_canvas_names():
    """Canvas: <sortable name>[_LATE]_<user id>_<attachment id>_<file> (canvas-lms lib/content_zipper.rb)."""
    plugin = LmsCollectorPlugin(lms="canvas")
    assert plugin._who(f"volkovdmitri_1008_70001_{PS1_NOTEBOOK}", CLASS) == (
        "dmitri", PS1_NOTEBOOK, "Canvas user 1008 is dmitri in the class list")
    student, original, how = plugin._who(f"volkovdmitri_LATE_1008_70002_{PS1} (1).ipynb", CLASS)
    assert (student, original) == ("dmitri", f"{PS1} (1).ipynb") and "Canvas marked it LATE" in how
    assert plugin._who(f"newstudent_2001_70003_{PS1_NOTEBOOK}", CLASS)[:2] == ("2001", PS1_NOTEBOOK)
    assert plugin._who(f"anon_xY12z_70004_{PS1_NOTEBOOK}", CLASS)[:2] == ("anon_xY12z", PS1_NOTEBOOK)
    assert plugin._who("notes.ipynb", CLASS)[0] is None


def test_moodle_names():
    """Moodle: <Full name>_<participant id>_assignsubmission_file/<file>, or flat (mod/assign/classes/downloader.php)."""
    plugin = LmsCollectorPlugin(lms="moodle")
    assert plugin._who(f"Zoë Ødegård_4418_assignsubmission_file/{PS1_NOTEBOOK}", CLASS)[:2] == ("zoe", PS1_NOTEBOOK)
    assert plugin._who(f"Ødegård Zoë_4418_assignsubmission_file_{PS1_NOTEBOOK}", CLASS)[:2] == ("zoe", PS1_NOTEBOOK)
    student, _, why = plugin._who(f"Sam Lee_4419_assignsubmission_file/{PS1_NOTEBOOK}", CLASS)
    assert student is None and "matches 2 students" in why
    student, _, why = plugin._who(f"Ann Other_4420_assignsubmission_file/{PS1_NOTEBOOK}", CLASS)
    assert student is None and "is not in the class list" in why and "nbgrader db student add" in why
