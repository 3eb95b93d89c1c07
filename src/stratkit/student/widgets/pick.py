"""Pick widget: one checkbox per option; tick every right one."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from stratkit.content.model import PickExercise, display_order
from stratkit.student.widgets.base import ExerciseWidget

# ipywidgets cuts a long checkbox label to one line with an ellipsis; let it wrap instead.
WRAP_LABELS = ("<style>.stratkit-pick .widget-checkbox{height:auto}"
               ".stratkit-pick .widget-label-basic{white-space:normal;overflow:visible;height:auto;"
               "align-items:flex-start;line-height:1.35}"
               ".stratkit-pick .widget-label-basic span{white-space:normal;overflow:visible}"
               ".stratkit-pick .widget-label-basic input{margin-top:0.25em}</style>")


class PickWidget(ExerciseWidget):
    noun = "options ticked"
    exercise: PickExercise

    def _build(self) -> w.Widget:
        self.boxes: dict[str, w.Checkbox] = {}
        rows = []
        options = {o.id: o for o in self.exercise.options}
        for option_id in display_order([o.id for o in self.exercise.options], student=self.student,
                                       exercise_id=self.exercise.id):
            option = options[option_id]
            box = w.Checkbox(value=False, description=option.text, indent=False,
                             layout=w.Layout(width="100%", height="auto"))
            box.add_class("stratkit-row")
            box.add_class(f"stratkit-item-{option_id}")
            box.observe(self.changed, names="value")
            self.boxes[option_id] = box
            rows.append(box)
        return w.VBox([w.HTML(WRAP_LABELS), *rows], layout=w.Layout(width="100%"))

    def value(self) -> list[str]:
        return [option_id for option_id, box in self.boxes.items() if box.value]

    def _restore(self, value: Any) -> None:
        if not isinstance(value, (list, tuple)):
            return
        for option_id in value:
            if type(option_id) is str and option_id in self.boxes:
                self.boxes[option_id].value = True
