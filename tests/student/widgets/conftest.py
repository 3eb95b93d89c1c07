"""Widgets built headless, checked through their state as ipywidgets' own tests do: ``get_state()`` is
exactly what the front end receives, and setting ``answer`` is exactly what a click sends."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from stratkit.content.loading import load_exercise
from stratkit.answers.store import AnswerStore
from stratkit.student.widgets import widget_for

from tests.conftest import REPO

KEYS = REPO / "solutions" / "ps1-planning-documents" / "keys"


def make(exercise_id: str, folder: Path, *, practice: bool = False, saved: Any = None,
         student: str = "alice", published: list | None = None):
    exercise = load_exercise(KEYS / f"{exercise_id}.yaml")
    return widget_for(exercise)(exercise, store=AnswerStore(folder), student=student, practice=practice,
                                saved=saved, publish=(published.append if published is not None else None))


@pytest.fixture
def build(tmp_path: Path):
    def _build(exercise_id: str, **kwargs: Any):
        return make(exercise_id, tmp_path, **kwargs)
    return _build
