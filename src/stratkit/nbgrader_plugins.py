"""Old name of :mod:`stratkit.grading.preprocessors`, kept so course ``nbgrader_config.py`` files that
import ``stratkit.nbgrader_plugins`` keep working. New configurations import the new name."""

from stratkit.grading.preprocessors import (
    CollectAnswers,
    DropStudentCode,
    GradingExecute,
    GradingKernelManager,
    HideHiddenTests,
    autograde_preprocessors,
    feedback_preprocessors,
    sanitize_preprocessors,
)

__all__ = ["CollectAnswers", "DropStudentCode", "GradingExecute", "GradingKernelManager", "HideHiddenTests",
           "autograde_preprocessors", "feedback_preprocessors", "sanitize_preprocessors"]
