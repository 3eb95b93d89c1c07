"""Copy the answers saved in a submitted notebook's outputs into its metadata, before nbgrader clears them.

nbgrader's autograde clears every output (``ClearOutput``) and then runs the notebook in a fresh
kernel. Listed before ``ClearOutput`` in ``Autograde.sanitize_preprocessors``, this step sees the
outputs as the student saved them and keeps stratkit's answer records in
``metadata.stratkit.answers``; metadata survives sanitizing, and the grading kernel reads it from
the ``.ipynb`` in its working folder.
"""

from __future__ import annotations

import re
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
from stratkit.answers.record import newest, rivals
from stratkit.scoring.marking import least_earning

if TYPE_CHECKING:
    from collections.abc import Mapping

    from nbformat import NotebookNode

    from stratkit.content.model import AnyExercise

_KEY = re.compile(r'key="(sk1:[^"]+)"')


def _keys(resources: dict[str, Any]) -> dict[str, AnyExercise]:
    """The exercises (with keys) of the notebook being graded, read from the instructor's test lines in
    the gradebook, never from the submission; empty outside autograde or when the gradebook has none."""
    from stratkit.content.keyblob import decode_key
    from stratkit.grading.preprocessors.source_cells import source_cells

    info = resources.get("nbgrader") or {}
    if not info.get("db_url"):
        return {}
    found = source_cells(resources, [str(info.get("assignment"))])
    keys: dict[str, AnyExercise] = {}
    for source, _, _ in (found.cells.values() if found else ()):
        for match in _KEY.finditer(source or ""):
            try:
                exercise = decode_key(match.group(1))
            except (ValueError, KeyError, TypeError):
                continue
            keys[exercise.id] = exercise
    return keys


class CollectAnswers(NbGraderPreprocessor):
    """Keep the newest answer record per exercise from outputs and metadata, in metadata."""

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[NotebookNode, dict[str, Any]]:
        records = records_in_notebook(nb)
        by_exercise: dict[str, Any] = {}
        keys: dict[str, AnyExercise] | None = None
        for exercise_id in {r["exercise"] for r in records}:
            best = newest(records, exercise_id)
            if best is None:
                continue
            chosen: Mapping[str, Any] = best
            tied = rivals(records, exercise_id)
            if tied:  # copies saved "at the same moment" (planted): the one that earns less, as stratkit grade does
                keys = _keys(resources) if keys is None else keys
                if exercise_id in keys:
                    chosen = least_earning(keys[exercise_id], [best, *tied])
            by_exercise[exercise_id] = dict(chosen)
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

