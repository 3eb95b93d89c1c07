"""Put back a stratkit exercise cell the student deleted, so the saved answer still grades.

A student who deletes an exercise's cell (by accident, or to tidy up) has not withdrawn the answer:
it is still in the answer file and, if the cell's output was saved, nowhere else. nbgrader leaves a
missing grade cell ungraded ("needs manual grading" for ever), and its own repair
(``OverwriteCells.add_missing_cells``) fails when the cell before the missing one is locked and not
a grade cell, as stratkit's introduction is. This step, listed before ``OverwriteCells`` in
``Autograde.sanitize_preprocessors``, inserts every missing grade cell of the gradebook's source
notebook where the source notebook has it, after a short note naming the exercise; OverwriteCells
then gives it the instructor's source (hidden test included), and the grading kernel scores the
saved answer as usual. The note and the cell's own output tell the student, in their feedback, which
exercise was missing and what it earned.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from nbformat import NotebookNode, from_dict
from nbformat.v4 import new_code_cell, new_markdown_cell
from nbgrader.preprocessors.base import NbGraderPreprocessor
from traitlets import List, Unicode

from stratkit.grading.preprocessors.source_cells import source_cells

_KEY = re.compile(r'key="(sk1:[^"]+)"')


def _title(source: str, fallback: str) -> str:
    """The exercise's title, read from the key in the instructor's test line."""
    from stratkit.content.keyblob import decode_key

    match = _KEY.search(source or "")
    if match:
        try:
            return decode_key(match.group(1)).title
        except (ValueError, KeyError, TypeError):
            pass
    return fallback


class RestoreGradeCells(NbGraderPreprocessor):  # nbgrader is untyped
    """Re-insert missing grade cells of stratkit assignments (those listed in ``assignments``)."""

    assignments = List(Unicode(), help="Assignments built by stratkit.").tag(config=True)
    source_folder = Unicode("", help="The course's source folder (solutions/), to put a cell back in its "
                                     "place; without it, the gradebook's order.").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[NotebookNode, dict[str, Any]]:
        found = source_cells(resources, self.assignments)
        if found is None:
            return nb, resources
        info = resources["nbgrader"]
        cells, points, order = found.cells, found.points, found.order
        order = self._source_order(info["assignment"], info["notebook"]) or order
        present = [(cell.get("metadata", {}).get("nbgrader") or {}).get("grade_id") for cell in nb.cells]
        missing = [name for name in order if name in points and name not in present]
        for name in missing:
            source, cell_type, locked = cells[name]
            if cell_type != "code":
                continue
            exercise = name[len("grade-"):] if name.startswith("grade-") else name
            title = _title(source, exercise)
            cell = new_code_cell(source=source, id=f"{name}-restored")
            cell.metadata = from_dict({"deletable": False, "editable": False, "nbgrader": {
                "grade": True, "grade_id": name, "locked": bool(locked), "points": points[name],
                "schema_version": 3, "solution": False, "task": False}})
            note = new_markdown_cell(
                source=f"**stratkit:** the cell of the exercise *{title}* was missing from your notebook (deleted?). "
                       "It was put back for grading, so your saved answer still counts: its score and feedback "
                       "follow.", id=f"{name}-restored-note")
            at = self._insert_at(nb, order, name)
            nb.cells[at:at] = [note, cell]
            self.log.warning("stratkit: %s: the cell of %s (%s) was missing; put back for grading",
                             info.get("student"), exercise, title)
        return nb, resources

    def _source_order(self, assignment: str, notebook: str) -> list[str]:
        if not self.source_folder:
            return []
        path = Path(self.source_folder) / assignment / f"{notebook}.ipynb"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        ids = [(c.get("metadata", {}).get("nbgrader") or {}).get("grade_id") for c in data.get("cells", [])]
        return [str(i) for i in ids if i]

    @staticmethod
    def _insert_at(nb: NotebookNode, order: list[str], name: str) -> int:
        """Right after the nearest cell that comes before it in the source, else before the nearest after it."""
        index = {(c.get("metadata", {}).get("nbgrader") or {}).get("grade_id"): i for i, c in enumerate(nb.cells)}
        position = order.index(name)
        for earlier in reversed(order[:position]):
            if earlier in index:
                return index[earlier] + 1
        for later in order[position + 1:]:
            if later in index:
                return index[later]
        return len(nb.cells)
