"""What ``stratkit.show`` does under nbgrader's Validate button: say which exercises are still unanswered.

nbgrader runs the released notebook (hidden tests stripped) with ``NBGRADER_EXECUTION=validate`` and
reports every grade cell that produced an error. Without this, a problem set with nothing answered
"passes all the tests". An unanswered exercise raises :class:`NotAnswered`, whose one-line message
replaces the traceback (IPython shows ``_render_traceback_``), so the student reads a sentence, not code.
"""

from __future__ import annotations

import os
import textwrap
from typing import TYPE_CHECKING

from stratkit.answers.finding import find_answer
from stratkit.answers.record import is_empty

if TYPE_CHECKING:
    from pathlib import Path


class NotAnswered(Exception):
    """An exercise with no saved answer (or a sort with statements left unsorted), in one sentence."""

    def _render_traceback_(self) -> list[str]:
        # nbgrader's report cuts each line at about 90 characters: wrap, never cut
        return textwrap.wrap(str(self), width=78, break_long_words=False)


def in_validate() -> bool:
    """nbgrader sets NBGRADER_EXECUTION=validate while its Validate button runs the notebook."""
    return os.environ.get("NBGRADER_EXECUTION") == "validate"


def _public_exercise_title(path: Path, exercise_id: str) -> tuple[str, int | None, str]:
    """The title, the number of sort statements (None for other kinds) and the kind, as far as readable."""
    from stratkit.content.loading import ExerciseFileError, load_exercise

    try:
        exercise = load_exercise(path)
    except (ExerciseFileError, OSError, RecursionError):
        return exercise_id, None, ""
    statements = len(exercise.entries()) if exercise.kind == "sort" else None
    return exercise.title, statements, exercise.kind


def check_answered(path: Path, exercise_id: str, folder: Path) -> str:
    """One line saying the answer is saved; :class:`NotAnswered` when it is missing or a sort is unfinished."""
    title, statements, _ = _public_exercise_title(path, exercise_id)
    found = find_answer(exercise_id, folder)
    value = None if found.record is None else found.record.get("value")
    if found.record is None or is_empty(value):
        raise NotAnswered(f"'{title}' has no saved answer yet: answer it in its widget (answers save as you "
                          "click), save the notebook (Ctrl+S), then Validate again.")
    if statements is not None and isinstance(value, dict):
        left = statements - sum(1 for v in value.values() if type(v) is str)
        if left > 0:
            raise NotAnswered(f"'{title}': {left} of {statements} statements are not sorted yet: sort them, "
                              "save the notebook (Ctrl+S), then Validate again.")
    return f"stratkit: '{title}' has a saved answer ({found.source})."
