"""nbgrader glue, configured in the course's ``nbgrader_config.py``; imported on the instructor's side only.

* ``CollectAnswers``, ``DropStudentCode``, ``RestoreGradeCells``: sanitize steps of autograde;
* ``HideKeys``: after grading, the answer keys out of the autograded notebook;
* ``MatchingCollect``, ``LmsCollectorPlugin``, ``MatchSubmittedNotebooks``: each notebook under the
  name nbgrader grades, matched by content (exchange collect, zip_collect, autograde);
* ``ReleaseFeedbackExchangeOnly``: release_feedback that skips LMS-collected students.
"""

from .collect_answers import CollectAnswers, autograde_preprocessors, sanitize_preprocessors
from .drop_student_code import DropStudentCode
from .feedback import ReleaseFeedbackExchangeOnly
from .hide_keys import HideKeys
from .lms import LmsCollectorPlugin
from .matching_steps import MatchingCollect, MatchSubmittedNotebooks
from .restore_cells import RestoreGradeCells

__all__ = ["CollectAnswers", "DropStudentCode", "HideKeys", "LmsCollectorPlugin", "MatchSubmittedNotebooks",
           "MatchingCollect", "ReleaseFeedbackExchangeOnly", "RestoreGradeCells", "autograde_preprocessors",
           "sanitize_preprocessors"]
