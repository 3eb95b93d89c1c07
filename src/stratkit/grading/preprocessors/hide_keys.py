"""Shorten each answer key in the autograded notebook to a mark, after grading.

The hidden test line carries the exercise's key inline (``key="sk1:..."``, a few kilobytes of
base64): it must be in the notebook while the kernel grades. Afterwards the autograded notebook is
what formgrader shows the instructor and what ``generate_feedback`` turns into the student's HTML:
there the key is noise in one endless line (and in feedback, a leak). Listed after ``SaveAutoGrades``
in ``Autograde.autograde_preprocessors``, this step replaces each key with ``sk1:(hidden)``; the
grades are already saved, and a new ``nbgrader autograde`` starts again from ``submitted/``, whose
cells nbgrader restores from the gradebook.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from nbgrader.preprocessors.base import NbGraderPreprocessor

if TYPE_CHECKING:
    from nbformat import NotebookNode

KEY = re.compile(r'(key=")sk1:[A-Za-z0-9+/=]*(")')
HIDDEN = r"\1sk1:(hidden)\2"


class HideKeys(NbGraderPreprocessor):  # nbgrader is untyped
    """Replace ``key="sk1:..."`` in code cells with ``key="sk1:(hidden)"``."""

    def preprocess_cell(self, cell: NotebookNode, resources: dict[str, Any],
                        index: int) -> tuple[NotebookNode, dict[str, Any]]:
        if cell.cell_type == "code" and "sk1:" in cell.source:
            cell.source = KEY.sub(HIDDEN, cell.source)
        return cell, resources
