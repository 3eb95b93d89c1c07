"""nbgrader configuration: the repository root is the course folder.

Source assignments (instructor versions with keys and hidden tests) live in ``solutions/``; their
releases, made by ``nbgrader generate_assignment`` / ``stratkit build``, in ``exercises/``.
"""

from pathlib import Path

from stratkit.answers.store import STORE_FILE
from stratkit.grading.preprocessors import (
    MatchSubmittedNotebooks,
    autograde_preprocessors,
    feedback_preprocessors,
    sanitize_preprocessors,
)

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
# A deleted exercise cell is put back (with a note naming it) so the saved answer still grades:
# nbgrader's own OverwriteCells.add_missing_cells fails on stratkit notebooks (see restore_cells.py).
c.RestoreGradeCells.assignments = _stratkit_assignments
c.RestoreGradeCells.source_folder = str(_solutions)
# The grading kernel imports nothing from the submission folder (a submitted stratkit.py, pathlib.py,
# stratkit/ or sitecustomize.py is data, never code): GradingExecute starts it through stratkit's
# GradingKernelManager, for stratkit's assignments (others keep nbgrader's usual kernel). After grading,
# HideKeys shortens the keys in the autograded notebook (formgrader, feedback) to "sk1:(hidden)".
c.Autograde.autograde_preprocessors = autograde_preprocessors()
c.GradingExecute.assignments = _stratkit_assignments
# Notebooks are found by what they are, not by their file name (renamed, "(1)" downloads, JupyterLite's
# folder_name.ipynb): at collect, zip_collect and autograde. See stratkit/grading/matching.py.
c.ExchangeFactory.collect = "stratkit.grading.preprocessors.MatchingCollect"
c.ZipCollectApp.collector_plugin = "stratkit.grading.preprocessors.LmsCollectorPlugin"
c.Autograde.pre_convert_hook = MatchSubmittedNotebooks(_solutions)
# release_feedback leaves out students collected from LMS uploads (no exchange submission) instead of failing.
c.ExchangeFactory.release_feedback = "stratkit.grading.preprocessors.ReleaseFeedbackExchangeOnly"
# stratkit is imported before any cell runs, even if the student moved the setup cell.
c.Execute.extra_arguments = ["--IPKernelApp.exec_lines=import stratkit"]
# Feedback never shows a test cell's hidden part (stratkit.grade(..., key="sk1:..."): the key).
c.GenerateFeedback.preprocessors = feedback_preprocessors()
# a stratkit assignment's grades come from test cells alone
c.ClearSolutions.code_stub = {"python": "# (nothing to write here)"}
