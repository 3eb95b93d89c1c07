from __future__ import annotations

from pathlib import Path

from stratkit.answers.notebook_copy import MIME
from stratkit.answers.store import AnswerStore


def test_ticking_and_unticking_saves(build, tmp_path: Path):
    published: list = []
    widget = build("ps1-pick", published=published)
    widget.boxes["o1"].value = True
    widget.boxes["o2"].value = True
    widget.boxes["o2"].value = False
    assert sorted(widget.value()) == ["o1"]
    assert AnswerStore(tmp_path).get("ps1-pick")["value"] == ["o1"]
    assert published[-1][MIME]["value"] == ["o1"] and "[x] Restaurant owners who asked for a demo" in published[-1]["text/plain"]


def test_restore_ticks_saved_boxes_only(build, tmp_path: Path):
    first = build("ps1-pick")
    first.boxes["o3"].value = True
    again = build("ps1-pick", saved=AnswerStore(tmp_path).get("ps1-pick"))
    assert again.boxes["o3"].get_state()["value"] is True
    assert again.boxes["o1"].get_state()["value"] is False
    assert again.record is not None and again.record["value"] == ["o3"]


def test_failed_save_shows_a_warning_and_keeps_the_answer(build, tmp_path: Path, monkeypatch):
    import os

    published: list = []
    widget = build("ps1-pick", published=published)

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    widget.boxes["o1"].value = True
    assert "read-only" in widget.status.value and "⚠" in widget.status.value
    assert widget.record["value"] == ["o1"]  # kept in memory
    assert published[-1][MIME]["value"] == ["o1"]  # and in the notebook copy
