"""Order widget: a list of steps moved with "Move up"/"Move down" buttons, arrow keys or drag and drop.

Until the student moves a step (or presses "Save this order") nothing is saved: ``answer`` is None
and the steps show in a per-student order that is never the answer itself.
"""

from __future__ import annotations

from stratkit.content.model import OrderExercise, display_order
from stratkit.student.widgets.base import ExerciseWidget


class OrderWidget(ExerciseWidget):
    exercise: OrderExercise

    def entries_on_screen(self) -> list[str]:
        ids = [s.id for s in self.exercise.steps]
        arrangement = display_order(ids, student=self.student, exercise_id=self.exercise.id)
        correct = list(self.exercise.order or ())
        if arrangement == correct and len(arrangement) > 1:  # never start on the answer
            arrangement = arrangement[1:] + arrangement[:1]
        return arrangement

    def clean(self, value: object) -> list[str] | None:
        if not isinstance(value, (list, tuple)) or len(value) != len(self._screen) \
                or sorted(v for v in value if type(v) is str) != sorted(self._screen):
            return None
        return list(value)

    def value(self) -> list[str]:
        return list(self.clean(self.answer) or self._screen)

    @property
    def arrangement(self) -> list[str]:
        return self.value()

    def move(self, position: int, delta: int) -> None:
        """What "Move up" (-1) or "Move down" (+1) on the step at ``position`` does."""
        target = position + delta
        arrangement = self.value()
        if not 0 <= target < len(arrangement) or not 0 <= position < len(arrangement):
            return
        arrangement[position], arrangement[target] = arrangement[target], arrangement[position]
        self.answer = arrangement

    def save_as_is(self) -> None:
        """What "Save this order" does: save the order on screen, moved or not."""
        self._handle_message(self, {"kind": "save"}, [])
