from __future__ import annotations

import html
from pathlib import Path

from stratkit.answers.notebook_copy import MIME
from stratkit.answers.store import AnswerStore

from tests.conftest import REPO
from tests.student.widgets.conftest import KEYS


def test_a_click_saves_to_the_store_and_the_record_goes_back_to_the_front_end(build, tmp_path: Path):
    published: list = []
    widget = build("ps1-sort", published=published)
    widget.set_state({"answer": {"s1": "roadmap"}})  # what the front end sends on a click
    widget.choose("s3", "gtm-plan")
    assert widget.value() == {"s1": "roadmap", "s3": "gtm-plan"}
    assert AnswerStore(tmp_path).get("ps1-sort")["value"] == {"s1": "roadmap", "s3": "gtm-plan"}
    state = widget.get_state()
    assert state["record"]["value"] == {"s1": "roadmap", "s3": "gtm-plan"} and state["record"]["seq"] == 2
    assert state["status"]["store_ok"] is True and state["status"]["warnings"] == []
    # the fallback copy in the notebook: the record only, no text part shown under the widget
    assert published[-1] == {MIME: state["record"]}


def test_the_front_end_gets_the_public_exercise_in_this_students_order_and_never_a_key(build):
    state = build("ps1-sort", student="alice").get_state()
    spec = state["spec"]
    assert [c["label"] for c in spec["categories"]] == ["Product strategy", "Product roadmap", "Marketing plan",
                                                        "Go-to-market plan"]
    assert sorted(e["id"] for e in spec["entries"]) == [f"s{i}" for i in range(1, 9)]
    assert spec["practice"] is False and spec["points"] == 4
    text = str({k: v for k, v in state.items() if not k.startswith("_") and k != "placeholder_esm"})
    assert "'answer': 'roadmap" not in text and "explanation" not in text
    from stratkit.content.loading import load_exercise

    secrets = [t for item in load_exercise(KEYS / "ps1-sort.yaml").items
               for t in (item.explanation, *(text for _, text in item.why_not)) if t]
    assert len(secrets) >= 8 and not [t for t in secrets if t[:40] in text]  # no explanation, no why-not
    assert [e["id"] for e in spec["entries"]] != [e["id"] for e in build("ps1-sort", student="bob").spec["entries"]]


def test_junk_from_a_front_end_keeps_only_what_fits(build, tmp_path: Path):
    widget = build("ps1-sort")
    widget.set_state({"answer": {"s1": "roadmap", "s99": "strategy", "s2": "nonsense", "s3": 7}})
    assert widget.value() == {"s1": "roadmap"}
    assert AnswerStore(tmp_path).get("ps1-sort")["value"] == {"s1": "roadmap"}


def test_restore_puts_the_saved_answer_in_the_state(build, tmp_path: Path):
    first = build("ps1-sort")
    first.choose("s2", "strategy")
    again = build("ps1-sort", saved=AnswerStore(tmp_path).get("ps1-sort"))
    assert again.get_state()["answer"] == {"s2": "strategy"}
    assert again.get_state()["record"]["value"] == {"s2": "strategy"}


def test_graded_mode_gives_no_feedback(build):
    widget = build("ps1-sort")
    widget.choose("s1", "roadmap")
    assert widget.check() == 0.0 and widget.get_state()["feedback"] == {}


def test_practice_check_explains_each_answered_item_in_screen_order(build):
    widget = build("ps1-sort", practice=True)
    widget.choose("s1", "roadmap")
    widget.choose("s3", "gtm-plan")
    assert widget.check() == 1 / 8  # s1 right, s3 wrong, 6 unanswered: per_item 1/8
    feedback = widget.get_state()["feedback"]
    assert feedback["score_percent"] == 12 and feedback["right"] == 1 and feedback["total"] == 8
    rows = feedback["rows"]
    on_screen = [e["id"] for e in widget.spec["entries"]]
    assert [r["id"] for r in rows] == [i for i in on_screen if i in ("s1", "s3")]  # the order on screen
    s3 = next(r for r in rows if r["id"] == "s3")
    assert s3["mark"] == "wrong" and s3["verdict"] == "You chose Go-to-market plan; the answer is Marketing plan."
    from stratkit.content.loading import load_exercise

    item = next(i for i in load_exercise(KEYS / "ps1-sort.yaml").items if i.id == "s3")
    # the why-not of the category chosen, then the item's explanation
    assert s3["explanation"] == f"{item.why_not_for('gtm-plan')} {item.explanation}".strip()
    # no spoilers: the 6 unanswered items are counted, not listed with their answers
    assert feedback["unanswered"] == 6
    assert "Product strategy" not in str(feedback) and "s2" not in str(rows)
    widget.choose("s2", "strategy")
    assert widget.get_state()["feedback"] == {}  # stale feedback goes with a change


def test_check_on_nothing_chosen_reveals_nothing(build):
    widget = build("ps1-sort", practice=True)
    assert widget.check() == 0.0
    assert widget.get_state()["feedback"] == {"empty": True,
                                              "message": "Choose a category for at least one statement, then Check."}


def test_order_on_screen_is_per_student_and_stable(build):
    a1 = build("ps1-sort", student="alice").entries_on_screen()
    a2 = build("ps1-sort", student="alice").entries_on_screen()
    b = build("ps1-sort", student="bob").entries_on_screen()
    assert a1 == a2 and sorted(a1) == sorted(b)
    assert a1 != b  # two students see different orders (true for these two names)


def test_glossary_terms_show_under_the_prompt_with_their_definitions(tmp_path: Path):
    """A released exercise carries the definitions of the terms its prompt links to (issue 13's glossary):
    the widget shows each linked term as a term, and the definitions in a disclosure under the prompt."""
    from stratkit.content.loading import load_exercise
    from stratkit.student.widgets import widget_for

    public = load_exercise(REPO / "exercises" / "ps2-sorting" / "ps2-strategy-level.yaml")
    assert public.terms and "glossary:" in public.prompt
    widget = widget_for(public)(public, store=AnswerStore(tmp_path), student="s", practice=False)
    prompt = widget.spec["prompt_html"]
    assert "glossary:" not in prompt and "](" not in prompt  # no raw Markdown link left
    assert 'class="sk-term"' in prompt
    for term in public.terms:
        assert f"<dt>{term.term}</dt><dd>{html.escape(term.definition)}</dd>" in prompt
    assert prompt.count("<details") == 1 and "Terms used here:" in prompt
