"""stratkit's nbgrader steps, without running nbgrader: what each one decides (the real runs are in
tests/robustness/ and tests/nbgrader/)."""

from __future__ import annotations

from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager
from traitlets.config import Config

from stratkit.grading.preprocessors import (
    GradingExecute,
    GradingKernelManager,
    HideHiddenTests,
    autograde_preprocessors,
    feedback_preprocessors,
)
from stratkit.grading.preprocessors.grading_kernel import CHDIR_LINE, FOLDER_VARIABLE, safe_pythonpath


def _manager_for(assignment: str, assignments: list[str] | None) -> type:
    config = Config()
    if assignments is not None:
        config.GradingExecute.assignments = assignments
    step = GradingExecute(config=config)
    step.resources = {"nbgrader": {"assignment": assignment}}
    step.nb = nbformat.v4.new_notebook()
    step.kernel_name = "python3"
    return type(step.create_kernel_manager())


def test_grading_execute_isolates_the_listed_assignments_only():
    assert _manager_for("ps1", None) is GradingKernelManager  # unset: every assignment
    assert _manager_for("ps1", ["ps1", "ps2"]) is GradingKernelManager
    assert _manager_for("python-lab", ["ps1"]) is AsyncKernelManager  # students' own modules keep working


def test_grading_execute_replaces_execute_in_nbgrader_s_list():
    from nbgrader.preprocessors import Execute

    steps = autograde_preprocessors()
    assert GradingExecute in steps and Execute not in steps
    assert steps.index(GradingExecute) == 0  # where nbgrader runs Execute


def test_the_kernel_starts_in_an_empty_folder_and_moves_into_the_grading_folder(tmp_path: Path):
    manager = GradingKernelManager(kernel_name="python3")
    kw = manager._isolated({"cwd": str(tmp_path), "env": {"PYTHONPATH": f"{tmp_path}:lib::/opt/site"},
                            "extra_arguments": ["--IPKernelApp.exec_lines=import stratkit"]})
    assert Path(kw["cwd"]) != tmp_path and not any(Path(kw["cwd"]).iterdir())
    assert kw["env"][FOLDER_VARIABLE] == str(tmp_path.resolve()) and kw["env"]["PYTHONSAFEPATH"] == "1"
    assert kw["env"]["PYTHONPATH"] == "/opt/site"  # the grading folder, relative and empty entries dropped
    # the move comes first, stratkit's import after it
    assert kw["extra_arguments"] == ["--InteractiveShellApp.ignore_cwd=True", f"--IPKernelApp.exec_lines={CHDIR_LINE}",
                                     "--IPKernelApp.exec_lines=import stratkit"]


def test_a_restart_keeps_the_grading_folder(tmp_path: Path):
    # jupyter_client restarts a kernel with the launch arguments it was started with, isolated already
    manager = GradingKernelManager(kernel_name="python3")
    first = manager._isolated({"cwd": str(tmp_path), "env": {}, "extra_arguments": ["--IPKernelApp.exec_lines=x"]})
    again = manager._isolated(first)
    assert again["env"][FOLDER_VARIABLE] == str(tmp_path.resolve()) and again["cwd"] == first["cwd"]
    assert again["extra_arguments"] == first["extra_arguments"]


def test_safe_pythonpath():
    folder = Path("/course/autograded/bob/ps1")
    assert safe_pythonpath(None, folder) is None
    assert safe_pythonpath(".:", folder) is None
    assert safe_pythonpath(f"/opt/a:{folder}/lib:{folder}:/opt/b", folder) == "/opt/a:/opt/b"


def test_feedback_hides_hidden_tests_and_never_fails():
    assert feedback_preprocessors()[0] is HideHiddenTests
    step = HideHiddenTests()
    test_cell = nbformat.v4.new_code_cell(
        'import stratkit\nstratkit.show("x")\n### BEGIN HIDDEN TESTS\nstratkit.grade("x", points=1, key="sk1:abc")\n'
        "### END HIDDEN TESTS")
    test_cell.metadata["nbgrader"] = {"grade": True, "grade_id": "x", "points": 1, "solution": False}
    cell, _ = step.preprocess_cell(test_cell, {}, 0)
    assert "sk1:" not in cell.source and cell.source.startswith("import stratkit")
    # a student's Markdown with an unclosed delimiter: nbgrader's step raises, this one cuts it
    note = nbformat.v4.new_markdown_cell("My notes\n### BEGIN HIDDEN TESTS\nsecret")
    cell, _ = step.preprocess_cell(note, {}, 0)
    assert "secret" not in cell.source and "My notes" in cell.source
