from __future__ import annotations

from pathlib import Path

from stratkit.answers.notebook_copy import MIME
from stratkit.answers.store import AnswerStore


def test_choosing_saves_to_store_and_notebook_copy(build, tmp_path: Path):
    published: list = []
    widget = build("ps1-sort", published=published)
    widget.choosers["s1"].value = "roadmap"
    widget.choosers["s3"].value = "gtm-plan"
    assert widget.value() == {"s1": "roadmap", "s3": "gtm-plan"}
    assert AnswerStore(tmp_path).get("ps1-sort")["value"] == {"s1": "roadmap", "s3": "gtm-plan"}
    assert published[-1][MIME]["value"] == {"s1": "roadmap", "s3": "gtm-plan"}
    assert "Saved" in widget.status.value and "2 of 8" in widget.status.value


def test_restore_shows_saved_choices_in_widget_state(build, tmp_path: Path):
    first = build("ps1-sort")
    first.choosers["s2"].value = "strategy"
    again = build("ps1-sort", saved=AnswerStore(tmp_path).get("ps1-sort"))
    state = again.choosers["s2"].get_state()
    assert state["_options_labels"][state["index"]] == "Product strategy"
    assert again.choosers["s1"].get_state()["index"] is None


def test_graded_mode_has_no_check_button_and_no_feedback(build):
    widget = build("ps1-sort")
    assert not hasattr(widget, "check_button")
    assert widget.check() == 0.0 and widget.feedback.value == ""


def test_practice_check_explains_each_item(build):
    widget = build("ps1-sort", practice=True)
    widget.choosers["s1"].value = "roadmap"
    widget.choosers["s3"].value = "gtm-plan"
    score = widget.check()
    assert score == 1 / 8  # s1 right, s3 wrong, 6 unanswered: per_item 1/8
    html = widget.feedback.value
    assert "Score: 12%" in html or "Score: 13%" in html
    assert "You chose Go-to-market plan; the answer is Marketing plan." in html
    assert "calls a launch plan a kind of" in html
    assert "It mentions a price and a launch, but only promotes" in html  # the why-not for the chosen category
    # no spoilers: an unanswered item shows neither its answer nor its explanation
    s2 = widget.exercise.entry("s2")
    assert "Not answered yet" in html and s2.explanation[:40] not in html


def test_order_on_screen_is_per_student_and_stable(build):
    a1 = [c for c in build("ps1-sort", student="alice").choosers]
    a2 = [c for c in build("ps1-sort", student="alice").choosers]
    b = [c for c in build("ps1-sort", student="bob").choosers]
    assert a1 == a2 and sorted(a1) == sorted(b)
    assert a1 != b  # two students see different orders (true for these two names)
