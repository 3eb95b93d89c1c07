"""Exercise widgets: one anywidget per exercise (front end in ``static/``), one module per exercise kind.

``widget_for`` picks the class for an exercise; ``base`` holds saving, status and practice feedback.
"""

from __future__ import annotations

from stratkit.content.model import AnyExercise, OrderExercise, PickExercise, SortExercise
from stratkit.student.widgets.base import ExerciseWidget
from stratkit.student.widgets.order import OrderWidget
from stratkit.student.widgets.pick import PickWidget
from stratkit.student.widgets.sort import SortWidget

__all__ = ["ExerciseWidget", "OrderWidget", "PickWidget", "SortWidget", "widget_for"]


def widget_for(exercise: AnyExercise) -> type[ExerciseWidget]:
    if isinstance(exercise, SortExercise):
        return SortWidget
    if isinstance(exercise, OrderExercise):
        return OrderWidget
    if isinstance(exercise, PickExercise):
        return PickWidget
    raise TypeError(f"no widget for {type(exercise).__name__}")
