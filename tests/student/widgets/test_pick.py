from __future__ import annotations

import os
from pathlib import Path

from stratkit.answers.notebook_copy import MIME
from stratkit.answers.store import AnswerStore


def test_ticking_and_unticking_saves(build, tmp_path: Path):
    published: list = []
    widget = build("ps1-pick", published=published)
    widget.tick("o1")
    widget.tick("o2")
    widget.tick("o2", False)
    assert widget.value() == ["o1"]
    assert AnswerStore(tmp_path).get("ps1-pick")["value"] == ["o1"]
    assert published[-1][MIME]["value"] == ["o1"] and "text/plain" not in published[-1]


def test_restore_ticks_saved_options_only(build, tmp_path: Path):
    first = build("ps1-pick")
    first.tick("o3")
    again = build("ps1-pick", saved=AnswerStore(tmp_path).get("ps1-pick"))
    assert again.get_state()["answer"] == ["o3"]
    assert again.record is not None and again.record["value"] == ["o3"]


def test_failed_save_says_so_and_keeps_the_answer(build, tmp_path: Path, monkeypatch):
    published: list = []
    widget = build("ps1-pick", published=published)

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    widget.tick("o1")
    status = widget.get_state()["status"]
    assert status["store_ok"] is False and "read-only" in status["warnings"][0]
    assert widget.record["value"] == ["o1"]  # kept in memory, sent to the front end for the notebook copy
    assert published[-1][MIME]["value"] == ["o1"]  # and in the fallback copy


def test_check_on_an_empty_pick_reveals_no_answer(build):
    widget = build("ps1-pick", practice=True)
    assert widget.check() == 0.0
    feedback = widget.get_state()["feedback"]
    assert feedback == {"empty": True, "message": "Tick at least one option, then Check."}


def test_check_feedback_follows_the_screen_order(build):
    widget = build("ps1-pick", practice=True, student="kai")
    widget.tick("o2")
    # net_correct: t = 0, f = 1 -> max(0, (0 - 1)/4) = 0
    assert widget.check() == 0.0
    rows = widget.get_state()["feedback"]["rows"]
    assert [r["id"] for r in rows] == widget.entries_on_screen() != sorted(widget.entries_on_screen())
    o2 = next(r for r in rows if r["id"] == "o2")
    assert o2["mark"] == "wrong" and o2["verdict"] == "You ticked it, but it does not belong."


def test_check_pressed_before_the_last_tick_reached_the_kernel_checks_what_was_on_screen(build, tmp_path: Path):
    """ipywidgets holds back a state update while the kernel is busy, so the front end's Check can
    arrive before the tick it follows: the request carries the answer on screen, applied (and saved) first."""
    widget = build("ps1-pick", practice=True)
    widget.tick("o1")  # reached the kernel
    widget._handle_custom_msg({"kind": "check", "answer": ["o1", "o3"]}, [])  # o3 ticked, still held back
    # net_correct with correct o1 o3 o5 o6: t = 2, f = 0 -> 2/4 = 50%
    assert widget.get_state()["feedback"]["score_percent"] == 50
    assert sorted(AnswerStore(tmp_path).get("ps1-pick")["value"]) == ["o1", "o3"]
    widget._handle_custom_msg({"kind": "check", "answer": ["o1", 7, "zz"]}, [])  # junk is cleaned, not saved as is
    assert widget.value() == ["o1"]
