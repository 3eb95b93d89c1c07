"""Fixtures for the robustness tests."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterator

import pytest


class _Handle:
    """Stands in for IPython's DisplayHandle: keeps what the widget publishes into the notebook."""

    def __init__(self, sink: list[Any]) -> None:
        self.sink = sink

    def update(self, data: Any, raw: bool = False) -> None:
        self.sink.append(data)


@pytest.fixture
def shown(monkeypatch) -> Iterator[list[Any]]:
    """Run ``stratkit.show`` headless: ``display`` captured, widgets left in ``stratkit.student.show.shown``."""
    import IPython.display

    published: list[Any] = []

    def fake_display(*objs: Any, raw: bool = False, display_id: Any = None, **_: Any) -> Any:
        published.extend(objs)
        return _Handle(published) if display_id else None

    monkeypatch.setattr(IPython.display, "display", fake_display)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    yield published


@pytest.fixture
def in_folder(monkeypatch):
    def enter(folder: Path) -> Path:
        monkeypatch.chdir(folder)
        return folder

    return enter


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture(scope="session")
def autograded(tmp_path_factory):
    """One nbgrader autograde run over every tampered and broken submission (see autograde_batch.py)."""
    from .autograde_batch import run_batch

    return run_batch(tmp_path_factory.mktemp("autograde-batch"))
