"""nbgrader configuration: the repository root is the course folder.

Source assignments (instructor versions with keys and hidden tests) live in ``solutions/``; their
releases, made by ``nbgrader generate_assignment`` / ``stratkit build``, in ``exercises/``.
"""

from pathlib import Path

from stratkit.grading.preprocessors import autograde_preprocessors, feedback_preprocessors, sanitize_preprocessors
from stratkit.answers.store import STORE_FILE

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

c.CourseDirectory.course_id = "stratkit"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
# keys/ holds the readable answer keys (and assignment.yaml the build recipe): never released,
# never copied into a grading folder.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "keys", "assignment.yaml"]
# An answer file left in solutions/ (an instructor trying the notebook) must never replace a
# student's own during autograde: nbgrader copies source files over the submission otherwise.
_solutions = Path(__file__).resolve().parent / "solutions"
c.Autograde.exclude_overwriting = {
    folder.name: [STORE_FILE] for folder in (_solutions.iterdir() if _solutions.is_dir() else ()) if folder.is_dir()
}
# CollectAnswers must run before ClearOutput: it copies saved answers from outputs into metadata.
# DropStudentCode keeps only the instructor's code cells in stratkit-built assignments.
c.Autograde.sanitize_preprocessors = sanitize_preprocessors()
_stratkit_assignments = sorted(
    folder.parent.name for folder in (_solutions.glob("*/assignment.yaml") if _solutions.is_dir() else ()))
c.DropStudentCode.assignments = _stratkit_assignments
# The grading kernel imports nothing from the submission folder (a submitted stratkit.py, pathlib.py,
# stratkit/ or sitecustomize.py is data, never code): GradingExecute starts it through stratkit's
# GradingKernelManager, for stratkit's assignments (others keep nbgrader's usual kernel).
c.Autograde.autograde_preprocessors = autograde_preprocessors()
c.GradingExecute.assignments = _stratkit_assignments
# stratkit is imported before any cell runs, even if the student moved the setup cell.
# (OverwriteCells.add_missing_cells is left off: nbgrader 0.9.6 fails on it when the cell before a
# missing test cell is a locked, non-grade cell, as stratkit's exercise cells are. A deleted test
# cell scores 0, never more, and crosscheck lists it.)
c.Execute.extra_arguments = ["--IPKernelApp.exec_lines=import stratkit"]
# Feedback never shows a test cell's hidden part (stratkit.grade(..., key="sk1:..."): the key).
c.GenerateFeedback.preprocessors = feedback_preprocessors()
# a stratkit assignment's grades come from test cells alone
c.ClearSolutions.code_stub = {"python": "# (nothing to write here)"}
