"""Pick widget: one native checkbox per option; tick every right one."""

from __future__ import annotations

from stratkit.content.model import PickExercise, display_order
from stratkit.student.widgets.base import ExerciseWidget


class PickWidget(ExerciseWidget):
    exercise: PickExercise

    def entries_on_screen(self) -> list[str]:
        return display_order([o.id for o in self.exercise.options], student=self.student, exercise_id=self.exercise.id)

    def clean(self, value: object) -> list[str] | None:
        if not isinstance(value, (list, tuple)):
            return None
        chosen = {v for v in value if type(v) is str}
        return [option for option in self._screen if option in chosen]  # screen order, no repeats

    def tick(self, option_id: str, on: bool = True) -> None:
        """What a click on a checkbox does (for headless use and tests)."""
        chosen = [o for o in self.value() if o != option_id] + ([option_id] if on else [])
        self.answer = self.clean(chosen)
