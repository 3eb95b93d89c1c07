"""``stratkit.show(...)``: the one call in an exercise cell.

In a student's kernel it displays the exercise's widget with the saved answers restored. In
nbgrader's autograde kernel it builds no widget and imports no ipywidgets: it only reports the
answer it found, which the test cell then grades.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .answers import answer_problems
from .context import in_autograde, student_name
from .finding import find_answer

#: The widgets shown in this kernel, by exercise id: the latest one of each (for tests and tools).
shown: dict[str, Any] = {}


def _resolve(exercise: str) -> tuple[Path, str]:
    """A path to an exercise file, or an id whose file is ``<id>.yaml`` beside the notebook."""
    if exercise.endswith((".yaml", ".yml")) or "/" in exercise or "\\" in exercise:
        path = Path(exercise)
        return path, path.stem
    return Path(f"{exercise}.yaml"), exercise


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
    except Exception as exc:  # a student sees one line, never a traceback
        _say(f"stratkit could not show '{exercise}' ({type(exc).__name__}: {str(exc)[:200]}): run this cell "
             "again; if it keeps failing, tell your instructor. Your saved answers are safe.")
        return None


def _show(path: Path, exercise_id: str) -> Any:
    if in_autograde():
        found = find_answer(exercise_id, Path.cwd())
        for note in found.notes:
            _say(f"stratkit: {note}")
        if found.record is None:
            _say(f"stratkit: no saved answer for '{exercise_id}'.")
        else:
            _say(f"stratkit: answer for '{exercise_id}' saved {found.record['saved_at'][:19].replace('T', ' ')} "
                 f"UTC, read from {found.source}.")
        return None
    return _show_widget(path)


def _show_widget(path: Path) -> Any:
    from .loading import ExerciseFileError, read_exercise

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
    from IPython.display import display

    from .store import AnswerStore
    from .widgets import widget_for

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
    widget = widget_for(exercise)(exercise, store=AnswerStore(Path.cwd()), student=student_name(),
                                  practice=exercise.has_key, saved=found.record, notes=notes)
    shown[exercise.id] = widget
    display(widget)
    first = widget.notebook_bundle() if widget.record else {
        "text/plain": f"stratkit: no answer saved yet for '{exercise.title}'."}
    handle = display(first, raw=True, display_id=True)
    widget.publish = lambda data: handle.update(data, raw=True)
    return None
