"""nbgrader glue: answers carried past ``ClearOutput``, only the instructor's code run, in a kernel that
imports nothing from the submission, and feedback without the hidden tests (the key).

Imported only by ``nbgrader_config.py`` on the instructor's side, never in a student's kernel.
"""

from .collect_answers import CollectAnswers, sanitize_preprocessors
from .drop_student_code import DropStudentCode
from .grading_kernel import GradingExecute, GradingKernelManager, autograde_preprocessors
from .hide_hidden_tests import HideHiddenTests, feedback_preprocessors

__all__ = ["CollectAnswers", "DropStudentCode", "GradingExecute", "GradingKernelManager", "HideHiddenTests",
           "autograde_preprocessors", "feedback_preprocessors", "sanitize_preprocessors"]
