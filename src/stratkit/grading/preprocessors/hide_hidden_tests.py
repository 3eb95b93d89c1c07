"""Keep the hidden tests, and so the answer key, out of the feedback students receive.

nbgrader's ``generate_feedback`` renders the autograded notebook, whose test cells hold their hidden
part again: for stratkit, ``stratkit.grade(..., key="sk1:...")``, the packed key of the exercise,
which three lines of standard Python unpack into every answer and explanation. nbgrader's own
``ClearHiddenTests`` removes those regions and keeps the outputs (the feedback each test printed);
listed first in ``GenerateFeedback.preprocessors`` it runs on every notebook before it is rendered.

:class:`HideHiddenTests` is that step for feedback, made unable to fail: nbgrader's raises on a
region without its end, or on delimiters in a cell that is not a grade cell, which a student can
write into a Markdown cell, and that would leave the student without feedback. Here such a region
is cut to the end of the cell instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nbgrader.converters.generate_feedback import GenerateFeedback
from nbgrader.preprocessors import ClearHiddenTests

if TYPE_CHECKING:
    from nbformat import NotebookNode


class HideHiddenTests(ClearHiddenTests):
    """nbgrader's ``ClearHiddenTests``, for feedback: removes every hidden test region, never raises."""

    def preprocess_cell(self, cell: NotebookNode, resources: dict[str, Any],
                        cell_index: int) -> tuple[NotebookNode, dict[str, Any]]:
        source = cell.source
        try:
            self._remove_hidden_test_region(cell)
        except RuntimeError:  # nested or unclosed delimiters: drop everything from the first one on
            cell.source = source.split(self.begin_test_delimeter, 1)[0]
        return cell, resources


def feedback_preprocessors() -> list[type]:
    """nbgrader's ``GenerateFeedback.preprocessors`` with :class:`HideHiddenTests` first."""
    return [HideHiddenTests, *GenerateFeedback.class_traits()["preprocessors"].default()]
