"""``stratkit.grade(...)``: the one line in an nbgrader hidden test cell.

nbgrader reads a test cell's last expression as its score, and is unforgiving: a numpy scalar,
``True`` or a string give full marks, a value above the points fails the whole submission, and any
stderr output gives 0. So this returns a plain ``float`` in [0, points], silences warnings, sends
every message to stdout (the student's feedback), and never raises.
"""

from __future__ import annotations

import contextlib
import math
import sys
import textwrap
import warnings
from pathlib import Path
from typing import Iterator

from .answers import answer_problems, is_empty
from .finding import find_answer
from .keyblob import decode_key
from .marking import describe, feedback, heading, points_earned, scheme_in_words, show_points

#: Feedback lines are wrapped to this width: nbgrader shows the cell's output as preformatted text,
#: so a longer line makes the student scroll sideways in every box.
WIDTH = 78


def say(text: str, indent: str = "", later: str | None = None) -> None:
    """Print one paragraph of feedback, wrapped to :data:`WIDTH` (stdout: nbgrader scores stderr as 0).

    Continuation lines are indented (by two spaces unless ``later`` says otherwise), so a message
    stays one paragraph that a reader (or a test) can tell from the next.
    """
    later = indent + "  " if later is None else later
    print(textwrap.fill(" ".join(text.split()), WIDTH, initial_indent=indent,
                        subsequent_indent=later, break_on_hyphens=False,
                        break_long_words=False))


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with contextlib.redirect_stderr(sys.stdout):
            yield


def _safe_points(points: object) -> float:
    try:
        value = float(points)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
    return value if math.isfinite(value) and value > 0 else 0.0


def grade(exercise_id: str, points: float, key: str, folder: str | Path = ".") -> float:
    """Score the saved answer to ``exercise_id`` out of ``points``, printing feedback."""
    with _quiet():
        try:
            return _grade(exercise_id, _safe_points(points), key, Path(folder))
        except Exception as exc:  # a bug must not hand out points, nor print to stderr
            say(f"stratkit could not grade '{exercise_id}' ({type(exc).__name__}: {exc}); "
                "0 points for now: your instructor will check it.")
            return 0.0


def _grade(exercise_id: str, points: float, key: str, folder: Path) -> float:
    exercise = decode_key(key)
    if exercise.id != exercise_id:
        say(f"stratkit: this test cell's key is for '{exercise.id}', not '{exercise_id}': the instructor must "
            "rebuild the assignment. 0 points for now.")
        return 0.0
    found = find_answer(exercise_id, folder)
    for note in found.notes:
        say(f"stratkit: {note}")
    record = found.record
    for other, where in found.near_misses:
        say(f"stratkit: {where} holds an answer to '{other}', not '{exercise_id}' (edited by hand?): it does not "
            f"count here; answer '{exercise_id}' in its widget.")
    if record is None or is_empty(record.get("value")):
        say(f"{heading(exercise.title)} no answer was saved, so 0 of {show_points(points)} points. (Answers save as soon "
            "as you click; make sure you ran the exercise cell and chose answers.)")
        return 0.0
    if record.get("kind") != exercise.kind:
        say(f"{heading(exercise.title)} the answer saved in {found.source} is not a {exercise.kind} answer, so 0 of "
            f"{show_points(points)} points: answer the exercise again in its widget.")
        return 0.0
    problems = answer_problems(exercise, record["value"])
    if problems:
        say(f"stratkit: the answer to '{exercise_id}' saved in {found.source} does not fit the exercise "
            f"({'; '.join(problems)}): those parts count as wrong; answer it again in its widget.")
    score = points_earned(exercise, record["value"], points)
    say(f"{heading(exercise.title)} {show_points(score)} of {show_points(points)} points "
        f"({scheme_in_words(exercise.scheme)}).")
    saved = str(record.get("saved_at", ""))[:19].replace("T", " ")
    when = f", saved {saved} UTC ({found.source})" if saved else f" ({found.source})"
    if exercise.kind == "order":  # the sequence itself: the verdicts below follow the steps' listing
        say(f"Your order{when}:")
        for line in describe(exercise, record["value"]):
            say(line, "  ", "      ")
        say("Each step:")
    else:  # each verdict line says what was chosen
        say(f"Your answer{when}, {'statement' if exercise.kind == 'sort' else 'option'} by "
            f"{'statement' if exercise.kind == 'sort' else 'option'}:")
    for fb in feedback(exercise, record["value"]):
        mark = {"right": "✔", "partial": "◐", "missing": "○"}.get(fb.status) or (
            "○" if fb.right is None else "✔" if fb.right else "✘")
        verdict = f"Right: {fb.chosen}." if fb.kind == "sort" and fb.right else fb.verdict()
        say(fb.text, "- ", "  ")
        say(f"{mark} {verdict} {fb.explanation}", "  ", "    ")
    return float(score)
