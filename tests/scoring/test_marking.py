"""marking: the one place where widgets, test cells and `stratkit grade` get scores and feedback."""

from __future__ import annotations

from stratkit.content.loading import load_exercise
from stratkit.scoring.marking import SCHEME_WORDS, feedback, points_earned
from stratkit.scoring import ORDER_SCHEMES, PICK_SCHEMES, SORT_SCHEMES

from tests.conftest import REPO

KEYS = REPO / "solutions" / "ps1-planning-documents" / "keys"


def test_every_scheme_is_described_in_plain_words():
    assert set(SCHEME_WORDS) == set(SORT_SCHEMES + ORDER_SCHEMES + PICK_SCHEMES)
    assert all("_" not in words for words in SCHEME_WORDS.values())


def test_points_are_a_plain_float_within_the_points():
    pick = load_exercise(KEYS / "ps1-pick.yaml")
    # o1 o3 right (t = 2), o2 wrong (f = 1), c = 4: net_correct (2 - 1)/4 = 0.25 of 3 points
    earned = points_earned(pick, ["o1", "o3", "o2"])
    assert type(earned) is float and earned == 0.75
    assert points_earned(pick, list(pick.correct_ids()), points=2) == 2.0


def test_verdicts_speak_the_language_of_each_kind():
    sort = load_exercise(KEYS / "ps1-sort.yaml")
    by_id = {fb.id: fb for fb in feedback(sort, {"s1": "strategy", "s2": "strategy"})}
    assert by_id["s1"].verdict() == "You chose Product strategy; the answer is Product roadmap."
    assert by_id["s2"].verdict() == "Right."
    assert by_id["s3"].right is None
    pick = load_exercise(KEYS / "ps1-pick.yaml")
    by_id = {fb.id: fb for fb in feedback(pick, ["o2", "o1"])}
    assert by_id["o1"].verdict() == "Right to tick it."
    assert by_id["o2"].verdict() == "You ticked it, but it does not belong."
    assert by_id["o3"].verdict() == "You left it unticked, but it belongs."
    assert by_id["o4"].verdict() == "Right to leave it unticked."
    order = load_exercise(KEYS / "ps1-order.yaml")
    # t4 (the launch review) placed first, but it needs t2 (going live) before it
    by_id = {fb.id: fb for fb in feedback(order, ["t4", "t3", "t6", "t5", "t1", "t2"])}
    assert by_id["t4"].right is False
    t2 = next(step.text for step in order.steps if step.id == "t2").rstrip(".")
    assert by_id["t4"].verdict() == (f"You put it at step 1, out of order: it must come after \u201c{t2}\u201d, "
                                     "which you put later.")
    assert by_id["t3"].verdict() == "Right."


WHY_NOT_SORT = {
    "schema_version": 1, "id": "why-not-demo", "kind": "sort", "title": "T", "prompt": "P", "points": 3,
    "scheme": "per_item",
    "categories": [{"id": "a", "label": "Alpha"}, {"id": "b", "label": "Beta"}, {"id": "c", "label": "Gamma"}],
    "items": [{"id": "s1", "text": "one", "answer": "a", "explanation": "It is alpha.",
               "why_not": {"b": "Not beta: no b-ness.", "c": "Not gamma: no c-ness."}},
              {"id": "s2", "text": "two", "answer": "b", "explanation": "It is beta."}],
}


def test_a_wrong_sort_choice_gets_its_own_why_not_first():
    from stratkit.content.model import exercise_from_dict

    sort = exercise_from_dict(WHY_NOT_SORT)
    by_id = {fb.id: fb for fb in feedback(sort, {"s1": "c", "s2": "a"})}
    assert by_id["s1"].why_not == "Not gamma: no c-ness."
    assert by_id["s1"].explanation == "Not gamma: no c-ness. It is alpha."
    assert "beta" not in by_id["s1"].explanation.lower().replace("b-ness", "")  # only the chosen one's why-not
    # no why_not written for this choice: the general explanation alone
    assert by_id["s2"].why_not == "" and by_id["s2"].explanation == "It is beta."
    # right or unanswered: no why-not
    by_id = {fb.id: fb for fb in feedback(sort, {"s1": "a"})}
    assert by_id["s1"].why_not == "" and by_id["s1"].explanation == "It is alpha."
    assert by_id["s2"].why_not == "" and by_id["s2"].right is None


def test_why_not_travels_in_the_key_and_never_in_the_public_copy():
    from stratkit.content.keyblob import decode_key, encode_key
    from stratkit.content.model import exercise_from_dict

    sort = exercise_from_dict(WHY_NOT_SORT)
    assert decode_key(encode_key(sort)).items[0].why_not_for("b") == "Not beta: no b-ness."
    public = sort.to_dict(public=True)
    assert all(set(item) == {"id", "text"} for item in public["items"])
    assert "why_not" in sort.to_dict()["items"][0] and "why_not" not in sort.to_dict()["items"][1]


def test_totals_come_from_the_exact_parts():
    """Two exercises worth 5 points with 1 of 3 statements right earn 5/3 each; plus 2 points elsewhere the total
    is 5/3 + 5/3 + 2 = 16/3 = 5.333333, where parts rounded first would give 1.666667 * 2 + 2 = 5.333334."""
    from stratkit.grading.batch import GradedSubmission, Submission
    from stratkit.content.model import Category, SortExercise, SortItem

    third = SortExercise(id="x", title="X", prompt="", points=5, scheme="per_item",
                         categories=(Category("a", "A"), Category("b", "B")),
                         items=tuple(SortItem(f"i{n}", f"Item {n}.", answer="a") for n in range(3)))
    earned = points_earned(third, {"i0": "a", "i1": "b", "i2": "b"})
    assert abs(earned - 5 / 3) < 1e-12  # not rounded to 1.666667: nbgrader adds the cells up
    graded = GradedSubmission(Submission("s", None), {"x": earned, "y": earned, "z": 2.0}, {})  # type: ignore[arg-type]
    assert graded.total == 5.333333 and round(round(earned, 6) * 2 + 2, 6) == 5.333334
