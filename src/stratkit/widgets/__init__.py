"""Exercise widgets: one anywidget per exercise (front end in ``static/``), one module per exercise kind."""

from __future__ import annotations

from ..model import AnyExercise, OrderExercise, PickExercise, SortExercise
from .base import ExerciseWidget
from .order import OrderWidget
from .pick import PickWidget
from .sort import SortWidget

__all__ = ["ExerciseWidget", "OrderWidget", "PickWidget", "SortWidget", "widget_for"]


def widget_for(exercise: AnyExercise) -> type[ExerciseWidget]:
    if isinstance(exercise, SortExercise):
        return SortWidget
    if isinstance(exercise, OrderExercise):
        return OrderWidget
    if isinstance(exercise, PickExercise):
        return PickWidget
    raise TypeError(f"no widget for {type(exercise).__name__}")
