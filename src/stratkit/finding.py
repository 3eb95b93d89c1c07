"""Find a student's answer to one exercise in a folder: the answer store and every notebook there.

Both copies are written on every change; they can still differ (a notebook not saved after the
last click, a folder whose store was lost, a notebook uploaded alone). The newest record wins, by
the time stamp each copy carries: that is the student's last action, whichever copy holds it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .answers import AnswerRecord, newest
from .notebook_copy import read_notebook, records_in_notebook
from .store import AnswerStore, StoreError


@dataclass
class Found:
    record: AnswerRecord | None
    source: str | None = None  # file the winning record came from
    notes: list[str] = field(default_factory=list)  # problems met on the way, for the student


def find_answer(exercise_id: str, folder: str | Path = ".") -> Found:
    folder = Path(folder)
    candidates: list[tuple[AnswerRecord, str]] = []
    notes: list[str] = []
    store = AnswerStore(folder)
    try:
        records, warning = store.read()
        if warning:
            notes.append(warning)
        if exercise_id in records:
            candidates.append((records[exercise_id], store.path.name))
    except StoreError as exc:
        notes.append(str(exc))
    for notebook_path in sorted(folder.glob("*.ipynb")):
        notebook = read_notebook(notebook_path)
        if notebook is None:
            continue
        for record in records_in_notebook(notebook):
            if record["exercise"] == exercise_id:
                candidates.append((record, notebook_path.name))
    best = newest([c[0] for c in candidates], exercise_id)
    if best is None:
        return Found(None, None, notes)
    source = next(name for record, name in candidates if record is best)
    return Found(best, source, notes)
