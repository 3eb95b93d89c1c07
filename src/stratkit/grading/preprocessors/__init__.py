"""nbgrader steps, one per file: answers carried past ``ClearOutput``, student code kept out, deleted exercise
cells put back, a kernel that imports nothing from the submission, notebooks found by content, no key in feedback.

Configured in the course's ``nbgrader_config.py``; imported on the instructor's side only, never in a student's
kernel.
"""

from stratkit.grading.preprocessors.collect_answers import CollectAnswers, sanitize_preprocessors
from stratkit.grading.preprocessors.drop_student_code import DropStudentCode
from stratkit.grading.preprocessors.feedback import ReleaseFeedbackExchangeOnly
from stratkit.grading.preprocessors.grading_kernel import GradingExecute, GradingKernelManager, autograde_preprocessors
from stratkit.grading.preprocessors.hide_hidden_tests import HideHiddenTests, feedback_preprocessors
from stratkit.grading.preprocessors.hide_keys import HideKeys
from stratkit.grading.preprocessors.lms import LmsCollectorPlugin
from stratkit.grading.preprocessors.matching_steps import MatchingCollect, MatchSubmittedNotebooks
from stratkit.grading.preprocessors.restore_cells import RestoreGradeCells

__all__ = ["CollectAnswers", "DropStudentCode", "GradingExecute", "GradingKernelManager", "HideHiddenTests",
           "HideKeys", "LmsCollectorPlugin", "MatchSubmittedNotebooks", "MatchingCollect",
           "ReleaseFeedbackExchangeOnly", "RestoreGradeCells", "autograde_preprocessors", "feedback_preprocessors",
           "sanitize_preprocessors"]
