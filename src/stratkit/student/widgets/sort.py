"""Sort widget: each statement gets a category from a row of toggle buttons.

Buttons rather than a drop-down: one click instead of two, and keyboard users reach them with Tab
and choose with Enter or Space. (Inside JupyterLab the arrow keys on a focused drop-down move
between notebook cells instead of changing the choice.)
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from stratkit.content.model import SortExercise, display_order
from stratkit.student.widgets.base import ExerciseWidget, text_html


class SortWidget(ExerciseWidget):
    noun = "statements sorted"
    exercise: SortExercise

    def _build(self) -> w.Widget:
        options = [(c.label, c.id) for c in self.exercise.categories]
        self.choosers: dict[str, w.ToggleButtons] = {}
        rows = []
        items = {i.id: i for i in self.exercise.items}
        for item_id in display_order([i.id for i in self.exercise.items], student=self.student,
                                     exercise_id=self.exercise.id):
            item = items[item_id]
            chooser = w.ToggleButtons(options=options, value=None, style={"button_width": "auto"},
                                      tooltips=[f"{c.label}" for c in self.exercise.categories],
                                      layout=w.Layout(width="auto"))
            chooser.add_class("stratkit-choice")
            chooser.observe(self.changed, names="value")
            self.choosers[item_id] = chooser
            row = w.VBox([text_html(item.text), chooser],
                         layout=w.Layout(border_bottom="1px solid #eaeef2", padding="0.3em 0", width="100%"))
            row.add_class("stratkit-row")
            row.add_class(f"stratkit-item-{item_id}")
            rows.append(row)
        return w.VBox(rows, layout=w.Layout(width="100%"))

    def value(self) -> dict[str, str]:
        return {item_id: c.value for item_id, c in self.choosers.items() if c.value is not None}

    def _restore(self, value: Any) -> None:
        if not isinstance(value, dict):
            return
        known = {c.id for c in self.exercise.categories}
        for item_id, chooser in self.choosers.items():
            chosen = value.get(item_id)
            if type(chosen) is str and chosen in known:
                chooser.value = chosen
