from __future__ import annotations

import html
from pathlib import Path

from stratkit.content.loading import load_exercise
from stratkit.student.widgets import OrderWidget

from tests.conftest import REPO

from stratkit.answers.store import AnswerStore


def test_up_and_down_move_a_step_and_save(build, tmp_path: Path):
    widget = build("ps1-order")
    start = widget.value()
    widget.move(2, -1)
    moved = widget.value()
    assert moved[1] == start[2] and moved[2] == start[1]
    assert AnswerStore(tmp_path).get("ps1-order")["value"] == moved
    # the rows show the new order, and the end buttons are disabled
    texts = [row[1].value for row in widget.rows]  # HTML widgets: text is escaped
    step_text = {s.id: html.escape(s.text) for s in widget.exercise.steps}
    assert all(step_text[step] in html for step, html in zip(moved, texts))
    assert widget.rows[0][2].get_state()["disabled"] and widget.rows[-1][3].get_state()["disabled"]


def test_moves_past_the_ends_do_nothing(build):
    widget = build("ps1-order")
    before = widget.value()
    widget.move(0, -1)
    widget.move(len(before) - 1, +1)
    assert widget.value() == before and widget.record is None


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
    widget.keep_button.click()
    assert AnswerStore(tmp_path).get("ps1-order")["value"] == widget.value()


def test_restore_puts_steps_back(build, tmp_path: Path):
    widget = build("ps1-order")
    widget.move(3, -1)
    saved = AnswerStore(tmp_path).get("ps1-order")
    again = build("ps1-order", saved=saved)
    assert again.value() == saved["value"]
