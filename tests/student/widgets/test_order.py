from __future__ import annotations

from pathlib import Path

from stratkit.content.loading import load_exercise
from stratkit.answers.store import AnswerStore
from stratkit.student.widgets import OrderWidget

from tests.conftest import REPO


def test_moving_a_step_saves_the_new_order(build, tmp_path: Path):
    widget = build("ps1-order")
    start = widget.value()
    assert widget.get_state()["answer"] is None and widget.record is None  # nothing saved until a move
    widget.move(2, -1)
    moved = widget.value()
    assert moved[1] == start[2] and moved[2] == start[1]
    assert AnswerStore(tmp_path).get("ps1-order")["value"] == moved == widget.get_state()["answer"]


def test_moves_past_the_ends_do_nothing(build):
    widget = build("ps1-order")
    before = widget.value()
    widget.move(0, -1)
    widget.move(len(before) - 1, +1)
    assert widget.value() == before and widget.record is None


def test_an_order_from_a_front_end_must_hold_every_step_once(build, tmp_path: Path):
    widget = build("ps1-order")
    widget.set_state({"answer": ["t1", "t1", "t2", "t3", "t4", "t5"]})
    assert widget.get_state()["answer"] is None and widget.record is None  # refused, nothing saved
    good = ["t3", "t6", "t5", "t1", "t2", "t4"]
    widget.set_state({"answer": good})
    assert AnswerStore(tmp_path).get("ps1-order")["value"] == good


def test_initial_order_is_never_the_answer_for_a_total_order(tmp_path: Path):
    totals = [load_exercise(p) for p in sorted((REPO / "solutions").glob("*/keys/*.yaml"))]
    totals = [e for e in totals if e.kind == "order" and e.order is not None]
    assert totals, "no graded order exercise with one total order to check"
    exercise = totals[0]
    for student in (f"s{i}" for i in range(200)):
        widget = OrderWidget(exercise, store=AnswerStore(tmp_path), student=student, practice=False)
        assert widget.value() != list(exercise.order)


def test_save_this_order_saves_without_moving(build, tmp_path: Path):
    widget = build("ps1-order")
    widget.save_as_is()
    assert AnswerStore(tmp_path).get("ps1-order")["value"] == widget.value()
    widget.save_as_is()  # again: saved again (a new record), same order
    assert widget.record["seq"] == 2


def test_check_before_any_order_reveals_nothing(build):
    widget = build("ps1-order", practice=True)
    assert widget.check() == 0.0 and widget.get_state()["feedback"]["empty"] is True


def test_restore_puts_steps_back(build, tmp_path: Path):
    widget = build("ps1-order")
    widget.move(3, -1)
    saved = AnswerStore(tmp_path).get("ps1-order")
    again = build("ps1-order", saved=saved)
    assert again.value() == saved["value"] == again.get_state()["answer"]
