"""Old name of :mod:`stratkit.grading.preprocessors`, kept so course ``nbgrader_config.py`` files that
import ``stratkit.nbgrader_plugins`` (or name its classes in strings) keep working."""

from stratkit.grading.preprocessors import (
    CollectAnswers,
    DropStudentCode,
    GradingExecute,
    GradingKernelManager,
    HideHiddenTests,
    HideKeys,
    LmsCollectorPlugin,
    MatchingCollect,
    MatchSubmittedNotebooks,
    ReleaseFeedbackExchangeOnly,
    RestoreGradeCells,
    autograde_preprocessors,
    feedback_preprocessors,
    sanitize_preprocessors,
)

__all__ = ["CollectAnswers", "DropStudentCode", "GradingExecute", "GradingKernelManager", "HideHiddenTests",
           "HideKeys", "LmsCollectorPlugin", "MatchSubmittedNotebooks", "MatchingCollect",
           "ReleaseFeedbackExchangeOnly", "RestoreGradeCells", "autograde_preprocessors", "feedback_preprocessors",
           "sanitize_preprocessors"]
