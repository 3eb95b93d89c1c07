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
from typing import TYPE_CHECKING, Any

from stratkit.answers.finding import find_answer
from stratkit.answers.record import answer_problems, is_empty
from stratkit.content.keyblob import decode_key
from stratkit.scoring.marking import (
    describe,
    feedback,
    heading,
    least_earning,
    points_earned,
    scheme_in_words,
    show_points,
)

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

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
        except Exception as exc:  # noqa: BLE001 - a bug must not hand out points, nor print to stderr
            say(f"stratkit could not grade '{exercise_id}' ({type(exc).__name__}: {exc}); "
                "0 points for now: your instructor will check it.")
            return 0.0


def tie_note(exercise_id: str, sources: list[str], record: Mapping[str, Any]) -> str:
    """One line on rival copies of an answer (equally new, different): which rule settled it."""
    files = sorted(set(sources))
    where = f"{' and '.join(files)} hold" if len(files) > 1 else f"{files[0]} holds"
    return (f"{where} different answers to '{exercise_id}' saved at the same moment ({record.get('saved_at')}); "
            "clicks never do that, so the one that earns less counts.")


def _grade(exercise_id: str, points: float, key: str, folder: Path) -> float:
    exercise = decode_key(key)
    if exercise.id != exercise_id:
        say(f"stratkit: this test cell's key is for '{exercise.id}', not '{exercise_id}': the instructor must "
            "rebuild the assignment. 0 points for now.")
        return 0.0
    found = find_answer(exercise_id, folder)
    for note in found.notes:
        say(f"stratkit: {note}")
    record, source = found.record, found.source
    if record is not None and found.rivals:
        record = least_earning(exercise, [record, *(r for r, _ in found.rivals)])  # type: ignore[assignment]
        source = next((name for r, name in found.rivals if r is record), found.source)
        say(f"stratkit: {tie_note(exercise_id, [found.source or '?', *(n for _, n in found.rivals)], record)}")
    for other, where in found.near_misses:
        say(f"stratkit: {where} holds an answer to '{other}', not '{exercise_id}' (edited by hand?): it does not "
            f"count here; answer '{exercise_id}' in its widget.")
    if record is None or is_empty(record.get("value")):
        say(f"{heading(exercise.title)} no answer was saved, so 0 of {show_points(points)} points. (Answers save "
            "as soon as you click; make sure you ran the exercise cell and chose answers.)")
        return 0.0
    if record.get("kind") != exercise.kind:
        say(f"{heading(exercise.title)} the answer saved in {source} is not a {exercise.kind} answer, so 0 of "
            f"{show_points(points)} points: answer the exercise again in its widget.")
        return 0.0
    problems = answer_problems(exercise, record["value"])
    if problems:
        say(f"stratkit: the answer to '{exercise_id}' saved in {source} does not fit the exercise "
            f"({'; '.join(problems)}): those parts count as wrong; answer it again in its widget.")
    score = points_earned(exercise, record["value"], points)
    say(f"{heading(exercise.title)} {show_points(score)} of {show_points(points)} points "
        f"({scheme_in_words(exercise.scheme)}).")
    saved = str(record.get("saved_at", ""))[:19].replace("T", " ")
    when = f", saved {saved} UTC ({source})" if saved else f" ({source})"
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
        # an explanation is feedback on an answer given: none for an entry left unanswered (it would
        # hand out the key of a blank or half-blank submission)
        explanation = "" if fb.right is None or fb.status == "missing" else f" {fb.explanation}"
        say(fb.text, "- ", "  ")
        say(f"{mark} {verdict}{explanation}", "  ", "    ")
    return float(score)
