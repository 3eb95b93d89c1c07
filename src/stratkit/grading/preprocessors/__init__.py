"""nbgrader preprocessors, one step per file: carry answers past ``ClearOutput``; keep student code out.

Imported only by ``nbgrader_config.py`` on the instructor's side, never in a student's kernel.
"""

from stratkit.grading.preprocessors.collect_answers import CollectAnswers, sanitize_preprocessors
from stratkit.grading.preprocessors.drop_student_code import DropStudentCode

__all__ = ["CollectAnswers", "DropStudentCode", "sanitize_preprocessors"]
