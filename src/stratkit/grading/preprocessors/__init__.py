"""nbgrader preprocessors, one step per file: carry answers past ``ClearOutput``, keep student code out,
grade in a kernel that imports nothing from the submission, and keep hidden tests (the key) out of feedback.

Imported only by ``nbgrader_config.py`` on the instructor's side, never in a student's kernel.
"""

from stratkit.grading.preprocessors.collect_answers import CollectAnswers, sanitize_preprocessors
from stratkit.grading.preprocessors.drop_student_code import DropStudentCode
from stratkit.grading.preprocessors.grading_kernel import GradingExecute, GradingKernelManager, autograde_preprocessors
from stratkit.grading.preprocessors.hide_hidden_tests import HideHiddenTests, feedback_preprocessors

__all__ = ["CollectAnswers", "DropStudentCode", "GradingExecute", "GradingKernelManager", "HideHiddenTests",
           "autograde_preprocessors", "feedback_preprocessors", "sanitize_preprocessors"]
