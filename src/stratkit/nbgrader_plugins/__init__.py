"""nbgrader glue: the preprocessor that carries answers past ``ClearOutput``.

Imported only by ``nbgrader_config.py`` on the instructor's side, never in a student's kernel.
"""

from .collect_answers import CollectAnswers, sanitize_preprocessors
from .drop_student_code import DropStudentCode

__all__ = ["CollectAnswers", "DropStudentCode", "sanitize_preprocessors"]
