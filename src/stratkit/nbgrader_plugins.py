"""Old name of :mod:`stratkit.grading.preprocessors`, kept so course ``nbgrader_config.py`` files that
import ``stratkit.nbgrader_plugins`` keep working. New configurations import the new name."""

from stratkit.grading.preprocessors import CollectAnswers, DropStudentCode, sanitize_preprocessors

__all__ = ["CollectAnswers", "DropStudentCode", "sanitize_preprocessors"]
