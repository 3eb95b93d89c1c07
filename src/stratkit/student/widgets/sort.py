"""Sort widget: each statement is a radio group of the categories (native radios: arrow keys move within it)."""

from __future__ import annotations

from stratkit.content.model import SortExercise, display_order
from stratkit.student.widgets.base import ExerciseWidget


class SortWidget(ExerciseWidget):
    exercise: SortExercise

    def entries_on_screen(self) -> list[str]:
        return display_order([i.id for i in self.exercise.items], student=self.student, exercise_id=self.exercise.id)

    def clean(self, value: object) -> dict[str, str] | None:
        if not isinstance(value, dict):
            return None
        known = {c.id for c in self.exercise.categories}
        return {item: value[item] for item in self._screen if type(value.get(item)) is str and value[item] in known}

    def choose(self, item_id: str, category_id: str) -> None:
        """What a click on a category does (for headless use and tests)."""
        current = self.value()
        self.answer = {**(current if isinstance(current, dict) else {}), item_id: category_id}
