"""Run only the instructor's code when grading a stratkit assignment.

Students answer stratkit exercises by clicking, never by writing code, so a code cell the
instructor did not write has no business in the grading kernel: there it could redefine
``stratkit.grade`` or read the key from the next cell. This step drops every code cell whose
nbgrader ``grade_id`` is not one of the source notebook's cells in the gradebook (a student can
copy metadata, not add a cell to the gradebook). nbgrader's ``OverwriteCells`` then restores the
source of the cells that remain. Markdown cells stay: they run nothing. The cells that stay lose any
tags (``skip-execution`` would leave a test cell unrun, which nbgrader scores as full marks).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nbgrader.preprocessors.base import NbGraderPreprocessor
from traitlets import List, Unicode

from stratkit.grading.preprocessors.source_cells import source_cells

if TYPE_CHECKING:
    from nbformat import NotebookNode


class DropStudentCode(NbGraderPreprocessor):
    """Drop code cells unknown to the gradebook, in the assignments listed in ``assignments``."""

    assignments = List(Unicode(), help="Assignments built by stratkit (answers are clicks, not code).").tag(
        config=True)

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[NotebookNode, dict[str, Any]]:
        found = source_cells(resources, self.assignments)
        if found is None:
            return nb, resources
        known = set(found.cells)
        kept = []
        untagged = 0
        for cell in nb.cells:
            grade_id = (cell.get("metadata", {}).get("nbgrader") or {}).get("grade_id")
            if cell.cell_type != "code" or grade_id in known:
                kept.append(cell)
            if cell.cell_type == "code" and grade_id in known and cell.get("metadata", {}).get("tags"):
                # tags steer the grading kernel: "skip-execution" leaves a test cell unrun (nbgrader then
                # gives it full marks), "raises-exception" lets it fail quietly. The instructor's cells have none.
                cell.metadata["tags"] = []
                untagged += 1
        if untagged:
            self.log.warning("stratkit: removed the tags a student put on %d exercise cell(s) of %s", untagged,
                             resources.get("nbgrader", {}).get("notebook"))
        dropped = len(nb.cells) - len(kept)
        if dropped:
            self.log.warning("stratkit: dropped %d code cell(s) the instructor did not write from %s",
                             dropped, resources.get("nbgrader", {}).get("notebook"))
        nb.cells = kept
        return nb, resources
