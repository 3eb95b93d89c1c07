"""Order widget: fixed rows, each with Up/Down buttons; the step moves and focus follows it.

Rows stay in place and only their text changes, so a keyboard user can press Enter on "Up" again
and again to carry a step to the top (ipywidgets' ``focus()`` moves focus to the step's new row).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from stratkit.content.model import OrderExercise, display_order
from stratkit.student.widgets.base import ExerciseWidget, text_html


class OrderWidget(ExerciseWidget):
    noun = "steps placed"
    exercise: OrderExercise

    def _build(self) -> w.Widget:
        ids = [s.id for s in self.exercise.steps]
        self._steps = {s.id: s for s in self.exercise.steps}
        arrangement = display_order(ids, student=self.student, exercise_id=self.exercise.id)
        correct = list(self.exercise.order or ())
        if arrangement == correct and len(arrangement) > 1:  # never start on the answer
            arrangement = arrangement[1:] + arrangement[:1]
        self.arrangement: list[str] = arrangement
        self.rows: list[tuple[w.HTML, w.HTML, w.Button, w.Button]] = []
        boxes = []
        for position in range(len(ids)):
            number = w.HTML(layout=w.Layout(width="2em", flex="0 0 auto"))
            text = text_html("")
            up = w.Button(icon="arrow-up", tooltip="Move this step up", layout=w.Layout(width="44px", flex="0 0 auto"))
            down = w.Button(icon="arrow-down", tooltip="Move this step down",
                            layout=w.Layout(width="44px", flex="0 0 auto"))
            up.add_class("stratkit-up")
            down.add_class("stratkit-down")
            up.on_click(lambda _, p=position: self.move(p, -1))
            down.on_click(lambda _, p=position: self.move(p, +1))
            row = w.HBox([number, text, up, down], layout=w.Layout(align_items="center", padding="0.2em 0",
                                                                   border_bottom="1px solid #eaeef2", width="100%"))
            row.add_class("stratkit-row")
            self.rows.append((number, text, up, down))
            boxes.append(row)
        self.keep_button = w.Button(description="Save this order", icon="save",
                                    tooltip="Save the order as it is now, even if you moved nothing")
        self.keep_button.on_click(lambda _: self.save())
        self._render()
        return w.VBox([*boxes, self.keep_button], layout=w.Layout(width="100%"))

    def _render(self) -> None:
        for position, (number, text, up, down) in enumerate(self.rows):
            step = self._steps[self.arrangement[position]]
            number.value = f"<b>{position + 1}.</b>"
            text.value = f'<div style="white-space: normal; line-height: 1.35">{_escape(step.text)}</div>'
            up.disabled = position == 0
            down.disabled = position == len(self.rows) - 1

    def move(self, position: int, delta: int) -> None:
        target = position + delta
        if not 0 <= target < len(self.arrangement):
            return
        a = self.arrangement
        a[position], a[target] = a[target], a[position]
        self._render()
        button = self.rows[target][2 if delta < 0 else 3]
        if not button.disabled:
            button.focus()
        else:  # at an end: keep focus on this row's other button
            self.rows[target][3 if delta < 0 else 2].focus()
        self.changed()

    def value(self) -> list[str]:
        return list(self.arrangement)

    def _restore(self, value: Any) -> None:
        if isinstance(value, (list, tuple)) and sorted(v for v in value if type(v) is str) == sorted(self.arrangement) \
                and len(value) == len(self.arrangement):
            self.arrangement = list(value)
            self._render()


def _escape(text: str) -> str:
    import html

    return html.escape(text)
