"""The copy of each answer that travels inside the notebook file itself.

Why: an instructor may receive only the ``.ipynb`` (an LMS upload fed to ``nbgrader zip_collect``).
The widget keeps a display output updated with the latest answer record under its own mimetype;
JupyterLab saves it in the ``.ipynb``. nbgrader clears outputs before grading, so stratkit's
``CollectAnswers`` preprocessor copies those records into notebook metadata first, where the
grading kernel finds them. This module reads both places; it never imports Jupyter.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator, Mapping

from .answers import AnswerRecord, is_record

MIME = "application/vnd.stratkit.answer+json"
METADATA_KEY = "stratkit"


def bundle(record: AnswerRecord, summary: str) -> dict[str, Any]:
    """A display mimebundle: the record for stratkit, plain text for people (and as 'Saved')."""
    return {MIME: dict(record), "text/plain": summary}


def records_in_outputs(notebook: Mapping[str, Any]) -> Iterator[AnswerRecord]:
    """Records found in saved cell outputs (before nbgrader clears them)."""
    cells = notebook.get("cells") if isinstance(notebook, Mapping) else None
    for cell in cells if isinstance(cells, list) else ():
        outputs = cell.get("outputs") if isinstance(cell, Mapping) else None
        for output in outputs if isinstance(outputs, list) else ():
            data = output.get("data") if isinstance(output, Mapping) else None
            if isinstance(data, Mapping) and is_record(data.get(MIME)):
                yield data[MIME]


def records_in_metadata(notebook: Mapping[str, Any]) -> Iterator[AnswerRecord]:
    """Records copied into ``metadata.stratkit.answers`` by the CollectAnswers preprocessor."""
    metadata = notebook.get("metadata") if isinstance(notebook, Mapping) else None
    ours = metadata.get(METADATA_KEY) if isinstance(metadata, Mapping) else None
    answers = ours.get("answers") if isinstance(ours, Mapping) else None
    for exercise_id, record in answers.items() if isinstance(answers, Mapping) else ():
        if is_record(record, exercise_id):
            yield record


def records_in_notebook(notebook: Mapping[str, Any]) -> list[AnswerRecord]:
    return [*records_in_metadata(notebook), *records_in_outputs(notebook)]


def read_notebook(path: Path) -> dict[str, Any] | None:
    """The notebook's JSON, or None when it cannot be read (a broken file must not stop grading)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None
