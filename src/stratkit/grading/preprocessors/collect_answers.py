"""Copy the answers saved in a submitted notebook's outputs into its metadata, before nbgrader clears them.

nbgrader's autograde clears every output (``ClearOutput``) and then runs the notebook in a fresh
kernel. Listed before ``ClearOutput`` in ``Autograde.sanitize_preprocessors``, this step sees the
outputs as the student saved them and keeps stratkit's answer records in
``metadata.stratkit.answers``; metadata survives sanitizing, and the grading kernel reads it from
the ``.ipynb`` in its working folder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nbgrader.preprocessors import (
    CheckCellMetadata,
    DeduplicateIds,
    OverwriteCells,
    OverwriteKernelspec,
)
from nbgrader.preprocessors import (
    ClearOutput as NbgraderClearOutput,
)
from nbgrader.preprocessors.base import NbGraderPreprocessor

from stratkit.answers.notebook_copy import METADATA_KEY, records_in_notebook
from stratkit.answers.record import newest

if TYPE_CHECKING:
    from nbformat import NotebookNode


class CollectAnswers(NbGraderPreprocessor):
    """Keep the newest answer record per exercise from outputs and metadata, in metadata."""

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[NotebookNode, dict[str, Any]]:
        records = records_in_notebook(nb)
        by_exercise: dict[str, Any] = {}
        for exercise_id in {r["exercise"] for r in records}:
            best = newest(records, exercise_id)
            if best is not None:
                by_exercise[exercise_id] = dict(best)
        ours = nb.metadata.get(METADATA_KEY)
        if not isinstance(ours, dict):
            ours = {}
        ours = dict(ours)
        ours["answers"] = by_exercise
        nb.metadata[METADATA_KEY] = ours
        if by_exercise:
            self.log.info("stratkit: kept answers to %s from the submitted notebook", ", ".join(sorted(by_exercise)))
        return nb, resources


def sanitize_preprocessors() -> list[type]:
    """nbgrader's own sanitize steps, with CollectAnswers first (it must see outputs), then
    DropStudentCode and RestoreGradeCells before OverwriteCells (which gives the instructor's source
    to the cells that remain and to the ones put back)."""
    from stratkit.grading.preprocessors.drop_student_code import DropStudentCode
    from stratkit.grading.preprocessors.restore_cells import RestoreGradeCells

    return [CollectAnswers, NbgraderClearOutput, DeduplicateIds, OverwriteKernelspec, DropStudentCode,
            RestoreGradeCells, OverwriteCells, CheckCellMetadata]

