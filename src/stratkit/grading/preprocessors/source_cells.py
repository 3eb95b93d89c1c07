"""The instructor's cells of the notebook being graded, as the gradebook knows them.

Why: the steps that keep student code out (``DropStudentCode``) and put deleted exercise cells back
(``RestoreGradeCells``) both trust the gradebook, never the submitted file, for what the instructor wrote.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nbgrader.api import Gradebook, MissingEntry


@dataclass(frozen=True)
class SourceCells:
    """``cells``: name -> (source, cell type, locked); ``points``: grade cell name -> max score;
    ``order``: cell names in the gradebook's order."""

    cells: dict[str, tuple[str, str, bool]]
    points: dict[str, float]
    order: list[str]


def source_cells(resources: dict[str, Any], assignments: list[str]) -> SourceCells | None:
    """The gradebook's source cells of the notebook in ``resources``; None when its assignment is not
    one of ``assignments`` (not built by stratkit) or the gradebook does not know the notebook (nbgrader
    itself reports that)."""
    info = resources.get("nbgrader", {})
    if info.get("assignment") not in assignments:
        return None
    with Gradebook(info["db_url"]) as gradebook:
        try:
            notebook = gradebook.find_notebook(info["notebook"], info["assignment"])
        except MissingEntry:
            return None
        return SourceCells(
            cells={cell.name: (cell.source, cell.cell_type, cell.locked) for cell in notebook.source_cells},
            points={cell.name: cell.max_score for cell in notebook.grade_cells},
            order=[cell.name for cell in notebook.source_cells],
        )
