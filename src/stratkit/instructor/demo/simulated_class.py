"""A simulated class for the demo: students whose answers follow realistic, seeded misconceptions.

Each student has an ability (normal, mean 0). Each *misconception* (say, "a launch plan is the
GTM plan") has a prevalence; a student holds it with a probability that falls as ability rises,
and a held misconception shows up consistently across exercises (the sort statement, the order
step and the pick option that test the same idea), the way real confusions do. On top, rare
random slips. Everything comes from one seed, so a demo run is repeatable.

Students also *work* differently, as real ones do: most save the notebook at the end; some keep
clicking after their last save (the answer file is newer than the notebook); one lost the answer
file (only the notebook's copy is left); one submits without answering.

On top of the class, :func:`tampered_students` gives two deliberately tampered submissions:
``mallory`` adds a code cell that replaces ``stratkit.grade`` with a function handing out full
marks (DropStudentCode keeps it out of the grading kernel; crosscheck lists it); ``trudy``'s
answer file is edited by hand after autograde (:func:`edit_answers_after_grading`; crosscheck
flags it).

``ps5-case-study`` has a hand-written set of misconceptions taken from the course's claims; any
other assignment gets a generic one derived from its keys.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from stratkit.answers.notebook_copy import bundle
from stratkit.answers.record import make_record
from stratkit.answers.store import AnswerStore
from stratkit.content.model import AnyExercise, OrderExercise, PickExercise, SortExercise

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from stratkit.answers.record import AnswerRecord
    from stratkit.grading.batch import AssignmentKey

SAVED = "saved"  # answered, saved the notebook at the end
KEPT_CLICKING = "kept-clicking"  # saved the notebook mid-way, changed answers after: the store is newer
STORE_LOST = "store-lost"  # only the notebook's copy of the answers is left
BLANK = "blank"  # submitted without answering
CHEAT = "cheat"  # added a cell that replaces stratkit.grade


@dataclass(frozen=True)
class Effect:
    """What holding a misconception does to one answer.

    ``file``: sort statement ``entry`` goes under category ``target``; ``before``: order step
    ``entry`` is moved just before step ``target``; ``tick`` / ``untick``: pick option ``entry``.
    """

    exercise: str
    action: str
    entry: str
    target: str | None = None


@dataclass(frozen=True)
class Misconception:
    id: str
    description: str
    prevalence: float  # share of an average class holding it
    effects: tuple[Effect, ...]


def known_misconceptions(solutions: Path) -> dict[str, tuple[Misconception, ...]]:
    """The misconceptions written for some assignments, by assignment id, from
    ``solutions/demo-misconceptions.yaml``: the confusions the articles warn about, as the wrong answers
    they lead to. They give the keys away, so they live beside the keys, never in the package. Empty
    when the file is absent (the demo then draws generic ones from the keys)."""
    import yaml

    from stratkit.content.loading import MISCONCEPTIONS_FILE

    path = solutions / MISCONCEPTIONS_FILE
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {assignment: tuple(Misconception(str(m["id"]), str(m["description"]), float(m["prevalence"]),
                                            tuple(Effect(str(e["exercise"]), str(e["action"]), str(e["entry"]),
                                                         e.get("target")) for e in m["effects"]))
                              for m in items)
            for assignment, items in data.items()}

FIRST_NAMES = ("Amara", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kiri", "Liam",
               "Maya", "Nikhil", "Olga", "Pablo", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wen", "Ximena",
               "Yusuf", "Zoe", "Aiko", "Bruno", "Carmen", "Dmitri", "Esme", "Felix", "Gita", "Hamid", "Isla",
               "Jamal", "Keiko", "Lucas", "Mei", "Noah")
LAST_NAMES = ("Okafor", "Schmidt", "Dubois", "Patel", "Rossi", "Haddad", "Kim", "Laurent", "Silva", "Berg",
              "Ngata", "Murphy", "Cohen", "Rao", "Ivanova", "Garcia", "Walsh", "Moreno", "Nakamura", "Singh",
              "Ali", "Novak", "Zhang", "Lopez", "Demir", "Fischer", "Tanaka", "Costa", "Ruiz", "Petrov", "Hughes",
              "Meyer", "Sharma", "Karimi", "Fraser", "Bello", "Ito", "Martins", "Chen", "Adeyemi")


@dataclass
class SimulatedStudent:
    id: str
    first_name: str
    last_name: str
    email: str
    lms_user_id: str
    ability: float
    habit: str
    answers: dict[str, Any] = field(default_factory=dict)  # the final answer per exercise
    draft: dict[str, Any] = field(default_factory=dict)  # what the notebook last saved (kept-clicking)
    holds: tuple[str, ...] = ()

    def as_row(self) -> dict[str, str]:
        return {"id": self.id, "first_name": self.first_name, "last_name": self.last_name, "email": self.email,
                "lms_user_id": self.lms_user_id}


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def valid_order(exercise: OrderExercise, rng: random.Random) -> list[str]:
    """A correct order; with prerequisites, one picked at random among the valid ones."""
    return exercise.valid_order(pick=rng.choice)


def perfect_answer(exercise: AnyExercise, rng: random.Random) -> Any:
    if isinstance(exercise, SortExercise):
        return dict(exercise.key())
    if isinstance(exercise, OrderExercise):
        return valid_order(exercise, rng)
    if isinstance(exercise, PickExercise):
        return list(exercise.correct_ids())
    raise TypeError(exercise)  # pragma: no cover


def apply_effect(answer: Any, effect: Effect) -> Any:
    if effect.action == "file" and isinstance(answer, dict):
        answer[effect.entry] = effect.target
    elif effect.action == "before" and isinstance(answer, list) and effect.entry in answer and effect.target in answer:
        answer.remove(effect.entry)
        answer.insert(answer.index(effect.target), effect.entry)
    elif effect.action == "tick" and isinstance(answer, list) and effect.entry not in answer:
        answer.append(effect.entry)
    elif effect.action == "untick" and isinstance(answer, list) and effect.entry in answer:
        answer.remove(effect.entry)
    return answer


def _slip(exercise: AnyExercise, answer: Any, rng: random.Random, rate: float) -> Any:
    """Rare random mistakes, independent of any misconception."""
    if isinstance(exercise, SortExercise):
        for item in exercise.items:
            if rng.random() < rate:
                others = [c.id for c in exercise.categories if c.id != item.answer]
                answer[item.id] = rng.choice(others)
    elif isinstance(exercise, OrderExercise):
        for i in range(len(answer) - 1):
            if rng.random() < rate:
                answer[i], answer[i + 1] = answer[i + 1], answer[i]
    elif isinstance(exercise, PickExercise):
        for option in exercise.options:
            if rng.random() < rate:
                if option.id in answer:
                    answer.remove(option.id)
                else:
                    answer.append(option.id)
    return answer


def generic_misconceptions(key: AssignmentKey, seed: int = 0) -> tuple[Misconception, ...]:
    """For an assignment without a hand-written set: one lure per exercise entry, seeded."""
    rng = random.Random(f"{seed}:{key.id}")
    found = []
    for exercise in key.exercises:
        if isinstance(exercise, SortExercise):
            for item in exercise.items[::2]:
                lure = rng.choice([c.id for c in exercise.categories if c.id != item.answer])
                found.append(Misconception(f"{exercise.id}-{item.id}", f"files {item.id} under {lure}",
                                           rng.uniform(0.15, 0.5), (Effect(exercise.id, "file", item.id, lure),)))
        elif isinstance(exercise, OrderExercise):
            steps = [s.id for s in exercise.steps]
            for _ in range(2):
                early, late = rng.sample(steps, 2)
                found.append(Misconception(f"{exercise.id}-{early}-{late}", f"puts {early} before {late}",
                                           rng.uniform(0.15, 0.45), (Effect(exercise.id, "before", early, late),)))
        elif isinstance(exercise, PickExercise):
            for option in exercise.options[:4]:
                found.append(Misconception(f"{exercise.id}-{option.id}", f"gets {option.id} wrong",
                                           rng.uniform(0.15, 0.45),
                                           (Effect(exercise.id, "untick" if option.correct else "tick", option.id),)))
    return tuple(found)


def _habits(n: int, rng: random.Random) -> list[str]:
    habits = [SAVED] * n
    special = [BLANK, STORE_LOST] + [KEPT_CLICKING] * max(1, n // 8)
    slots = rng.sample(range(n), min(n, len(special)))
    for slot, habit in zip(slots, special, strict=False):
        habits[slot] = habit
    return habits


def simulate_class(key: AssignmentKey, n: int = 40, seed: int = 2024,
                   misconceptions: Sequence[Misconception] | None = None) -> list[SimulatedStudent]:
    """``n`` students with answers to every exercise of ``key``: the same class for the same seed."""
    rng = random.Random(seed)
    if misconceptions is not None:
        chosen = tuple(misconceptions)
    else:
        chosen = known_misconceptions(key.folder.parent).get(key.id) or generic_misconceptions(key, seed)
    ids = {e.id for e in key.exercises}
    habits = _habits(n, rng)
    students = []
    for i in range(n):
        first, last = FIRST_NAMES[i % len(FIRST_NAMES)], LAST_NAMES[(i * 7) % len(LAST_NAMES)]
        student_id = f"{first[0]}{last}".lower() + (str(i // len(FIRST_NAMES)) if i >= len(FIRST_NAMES) else "")
        ability = rng.gauss(0.0, 1.0)
        student = SimulatedStudent(student_id, first, last, f"{student_id}@students.example.edu", str(5001 + i),
                                   ability, habits[i])
        answers = {e.id: perfect_answer(e, rng) for e in key.exercises}
        held = []
        for m in chosen:
            if rng.random() < _sigmoid(_logit(m.prevalence) - 1.3 * ability):
                held.append(m.id)
                for effect in m.effects:
                    if effect.exercise in ids and rng.random() < 0.85:
                        apply_effect(answers[effect.exercise], effect)
        slip_rate = _sigmoid(-3.2 - 0.8 * ability)
        for exercise in key.exercises:
            _slip(exercise, answers[exercise.id], rng, slip_rate)
        student.holds = tuple(held)
        if student.habit == BLANK:
            answers = {}
        student.answers = answers
        if student.habit == KEPT_CLICKING:
            draft = {e.id: perfect_answer(e, rng) for e in key.exercises}
            for exercise in key.exercises:  # an earlier, rougher version of the same answers
                _slip(exercise, draft[exercise.id], rng, 0.35)
            student.draft = draft
        students.append(student)
    return students


TAMPERED_AFTER_GRADING = "edited-after-grading"


def tampered_students(key: AssignmentKey, seed: int = 2024) -> list[SimulatedStudent]:
    """Two tampered submissions: a cheat cell (mallory: DropStudentCode keeps it out of grading, crosscheck
    lists it) and an answer file edited after grading (trudy: crosscheck flags it)."""
    rng = random.Random(f"{seed}:tampered")
    students = []
    for number, (student_id, first, habit) in enumerate((("mallory", "Mallory", CHEAT),
                                                         ("trudy", "Trudy", TAMPERED_AFTER_GRADING))):
        answers = {e.id: perfect_answer(e, rng) for e in key.exercises}
        for exercise in key.exercises:  # a weak student: many mistakes
            _slip(exercise, answers[exercise.id], rng, 0.5)
        students.append(SimulatedStudent(student_id, first, "Example", f"{student_id}@students.example.edu",
                                         str(9001 + number), -1.0, habit, answers))
    return students


def edit_answers_after_grading(folder: Path, key: AssignmentKey) -> None:
    """What trudy does: after autograde, rewrite the answer file with the right answers (and a fresh time)."""
    rng = random.Random(0)
    for seq, exercise in enumerate(key.exercises, 100):
        AnswerStore(folder).save(make_record(exercise.id, exercise.kind, perfect_answer(exercise, rng), seq))


# --------------------------------------------------------------------------- writing answers like the widgets do


CHEAT_SOURCE = ("# I only wanted to check my score...\n"
                "import stratkit\n"
                "stratkit.grade = lambda exercise_id, points, key, folder='.': float(points)")


def show_output(notebook: dict[str, Any], exercise_id: str, record: AnswerRecord) -> None:
    """Put a saved answer in the notebook as JupyterLab does: a display output of the exercise's cell."""
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code" and f'stratkit.show("{exercise_id}")' in "".join(cell["source"]):
            cell["outputs"] = [{"output_type": "display_data", "metadata": {},
                                "data": bundle(record, f"Saved: {exercise_id}")}]
            return
    raise ValueError(f"the notebook has no stratkit.show(\"{exercise_id}\") cell: rebuild the assignment")


def add_cheat_cell(notebook: dict[str, Any]) -> None:
    """A code cell before the first exercise that would make every test cell return full marks."""
    index = next((i for i, c in enumerate(notebook["cells"]) if "import stratkit" in "".join(c["source"])), 0)
    notebook["cells"].insert(index, {"cell_type": "code", "execution_count": None, "id": "student-added",
                                         "metadata": {}, "outputs": [], "source": CHEAT_SOURCE})


def work_on(folder: Path, notebook_name: str, key: AssignmentKey, student: SimulatedStudent) -> None:
    """Write the student's answers in ``folder`` (answer store and/or notebook), as the widgets would."""
    notebook_path = folder / notebook_name
    notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    kinds = {e.id: e.kind for e in key.exercises}
    seq = 0

    def record(exercise_id: str, value: Any) -> AnswerRecord:
        nonlocal seq
        seq += 1
        return make_record(exercise_id, kinds[exercise_id], value, seq)

    if student.habit == KEPT_CLICKING:
        for exercise_id, value in student.draft.items():  # saved with the notebook...
            saved = record(exercise_id, value)
            AnswerStore(folder).save(saved)
            show_output(notebook, exercise_id, saved)
        for exercise_id, value in student.answers.items():  # ...then more clicks, notebook never saved again
            AnswerStore(folder).save(record(exercise_id, value))
    else:
        for exercise_id, value in student.answers.items():
            saved = record(exercise_id, value)
            if student.habit != STORE_LOST:
                AnswerStore(folder).save(saved)
            show_output(notebook, exercise_id, saved)
    if student.habit == CHEAT:
        add_cheat_cell(notebook)
    notebook_path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False), encoding="utf-8")
    if student.habit == STORE_LOST:
        for name in ("stratkit-answers.json", ".stratkit-answers.json.lock"):
            (folder / name).unlink(missing_ok=True)
