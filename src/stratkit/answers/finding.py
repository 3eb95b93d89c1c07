"""Find a student's answer to one exercise in a folder: the answer store and every notebook there.

Both copies are written on every change; they can still differ (a notebook not saved after the
last click, a folder whose store was lost, a notebook uploaded alone). The newest record wins, by
the time stamp each copy carries: that is the student's last action, whichever copy holds it.
Copies equally new but different (only a hand edit makes them) are kept as ``rivals``: grading
counts the one that earns least and says so (README, "Which copy wins").
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from stratkit.answers.notebook_copy import damaged_records, read_notebook_checked, records_in_notebook, wrong_assignment
from stratkit.answers.record import AnswerRecord, newest, rivals
from stratkit.answers.store import AnswerStore, StoreError


@dataclass
class Found:
    record: AnswerRecord | None
    source: str | None = None  # file the winning record came from
    notes: list[str] = field(default_factory=list)  # problems met on the way, for the student
    # answers saved under an id close to this one ('ps1-srot' for 'ps1-sort'): a hand edit or a renamed
    # exercise. They never count; saying so tells the student why an answer seems lost.
    near_misses: list[tuple[str, str]] = field(default_factory=list)  # (id, file)
    # records as new as ``record`` holding another answer (a hand edit): (record, file)
    rivals: list[tuple[AnswerRecord, str]] = field(default_factory=list)


def find_answer(exercise_id: str, folder: str | Path = ".") -> Found:
    folder = Path(folder)
    candidates: list[tuple[AnswerRecord, str]] = []
    notes: list[str] = []
    seen: dict[str, str] = {}  # every exercise id with a saved answer here -> the first file holding one
    store = AnswerStore(folder)
    try:
        records, warning = store.read()
        if warning:
            notes.append(warning)
        if exercise_id in records:
            candidates.append((records[exercise_id], store.path.name))
        elif exercise_id in store.last_ignored:
            notes.append(f"{store.path.name}: the answer saved for '{exercise_id}' is damaged (a field is missing, "
                         "of the wrong type or names another exercise), so it was ignored: answer the exercise again")
        seen.update((other, store.path.name) for other in records)
    except StoreError as exc:
        notes.append(str(exc))
    home = folder.resolve().name
    for notebook_path in sorted(folder.glob("*.ipynb")):
        notebook, problem = read_notebook_checked(notebook_path)
        if problem:
            notes.append(problem)
        if notebook is None:
            continue
        problem = wrong_assignment(notebook_path, notebook, home)
        if problem:
            notes.append(problem)
        damaged = damaged_records(notebook)
        if damaged:
            notes.append(f"{notebook_path.name} holds {damaged} damaged saved answer(s) (edited by hand?), which "
                         "were ignored: answer those exercises again in their widgets and save the notebook")
        for record in records_in_notebook(notebook):
            seen.setdefault(record["exercise"], notebook_path.name)
            if record["exercise"] == exercise_id:
                candidates.append((record, notebook_path.name))
    near = [(other, seen[other]) for other in
            difflib.get_close_matches(exercise_id, [o for o in seen if o != exercise_id], n=3, cutoff=0.85)]
    best = newest([c[0] for c in candidates], exercise_id)
    if best is None:
        return Found(None, None, notes, near)
    source = next(name for record, name in candidates if record is best)
    tied = rivals([c[0] for c in candidates], exercise_id)
    return Found(best, source, notes, near, [(r, name) for r, name in candidates if any(r is t for t in tied)])
