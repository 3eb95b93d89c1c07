"""``stratkit.show(...)``: the one call in an exercise cell.

In a student's kernel it displays the exercise's widget with the saved answers restored. In
nbgrader's autograde kernel it does nothing (no widget, no ipywidgets): the hidden test line of the
same cell, ``stratkit.grade``, finds the answer and writes it out in words with its score and
feedback, which is what formgrader and the student's feedback show.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Any

from stratkit.answers.finding import find_answer
from stratkit.answers.record import answer_problems
from stratkit.student.context import in_autograde, student_name
from stratkit.student.validating import NotAnswered, check_answered, in_validate

#: The widgets shown in this kernel, by exercise id: the latest one of each (for tests and tools).
shown: dict[str, Any] = {}


#: Where a lesson keeps its practice exercises, beside the notebook (a problem set keeps them beside it).
PRACTICE_FOLDER = "items"


def _resolve(exercise: str) -> tuple[Path, str]:
    """A path to an exercise file, or an id: ``<id>.yaml`` beside the notebook, else in ``items/``.

    Lessons name practice exercises by id, so the visible code never points at a file of answers.
    """
    if exercise.endswith((".yaml", ".yml")) or "/" in exercise or "\\" in exercise:
        path = Path(exercise)
        return path, path.stem
    beside = Path(f"{exercise}.yaml")
    practice = Path(PRACTICE_FOLDER) / beside
    return (practice if not beside.exists() and practice.exists() else beside), exercise


def _say(message: str) -> None:
    """Messages go to stdout: nbgrader scores any stderr output as 0, and students see stdout."""
    print(message, file=sys.stdout)


def show(exercise: str) -> Any:
    """Show one exercise (by id, or by the path of its YAML file) as a clickable widget."""
    if not isinstance(exercise, str) or not exercise:
        _say("stratkit.show needs the exercise id or file name in quotes, e.g. stratkit.show(\"ps1-sort\")")
        return None
    path, exercise_id = _resolve(exercise)
    try:
        return _show(path, exercise_id)
    except NotAnswered:  # nbgrader's Validate reports it, in one sentence
        raise
    except Exception as exc:  # noqa: BLE001 - a student sees one line, never a traceback
        _say(f"stratkit could not show '{exercise}' ({type(exc).__name__}: {str(exc)[:200]}): run this cell "
             "again; if it keeps failing, tell your instructor. Your saved answers are safe.")
        return None


def _show(path: Path, exercise_id: str) -> Any:
    if in_validate():
        _say(check_answered(path, exercise_id, Path.cwd()))
        return None
    if in_autograde():  # the hidden test line that follows reports the answer, in words, with its score
        return None
    return _show_widget(path)


def _show_widget(path: Path) -> Any:
    from stratkit.content.glossary import attach_terms
    from stratkit.content.loading import ExerciseFileError, read_exercise

    try:
        exercise = read_exercise(path)
    except RecursionError:
        _say(f"stratkit cannot show this exercise: {path} is nested too deeply to be an exercise file. "
             "Tell your instructor; your other answers are safe.")
        return None
    except ExerciseFileError as exc:
        first = exc.problems[0]
        more = f" (and {len(exc.problems) - 1} more problem(s))" if len(exc.problems) > 1 else ""
        _say(f"stratkit cannot show this exercise: {first}{more}. "
             "Tell your instructor; your other answers are safe.")
        return None
    # a lesson's practice exercise links terms in the course glossary; a released copy carries its own
    exercise = attach_terms(exercise, path)
    from IPython.display import display

    from stratkit.answers.notebook_copy import MIME, bundle
    from stratkit.answers.store import AnswerStore
    from stratkit.student.widgets import widget_for

    found = find_answer(exercise.id, Path.cwd())
    notes = list(found.notes)
    for other, where in found.near_misses:
        notes.append(f"{where} holds an answer to '{other}', not '{exercise.id}' (edited by hand?): it does not "
                     "count here; answer this exercise below")
    if found.record is not None:
        if found.record.get("kind") != exercise.kind:
            notes.append(f"the answer saved in {found.source} is not a {exercise.kind} answer, so it was not "
                         "restored: answer the exercise again")
            found.record = None
        else:
            problems = answer_problems(exercise, found.record.get("value"))
            if problems:
                notes.append(f"the answer saved in {found.source} does not fit this exercise ({'; '.join(problems)}): "
                             "those parts were left out here; check your answer and click to save it again")
    previous = shown.get(exercise.id)
    if previous is not None:  # the cell ran again: the old view goes, so two widgets never save in turn
        with contextlib.suppress(Exception):  # a view already gone (kernel restarted) closes nothing
            previous.close()
    widget = widget_for(exercise)(exercise, store=AnswerStore(Path.cwd()), student=student_name(),
                                  practice=exercise.has_key, saved=found.record, notes=notes)
    shown[exercise.id] = widget
    display(widget)
    # The fallback copy of the answer inside the notebook (see stratkit.notebook_copy): an output with
    # no text part, so nothing shows under the widget.
    handle = display(bundle(found.record) if found.record else {MIME: None}, raw=True, display_id=True)
    widget.publish = lambda data: handle.update(data, raw=True)
    return None
