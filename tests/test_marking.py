"""marking: the one place where widgets, test cells and `stratkit grade` get scores and feedback."""

from __future__ import annotations

from stratkit.loading import load_exercise
from stratkit.marking import SCHEME_WORDS, feedback, points_earned
from stratkit.scoring import ORDER_SCHEMES, PICK_SCHEMES, SORT_SCHEMES

from .conftest import REPO

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
    assert by_id["t4"].right is False and by_id["t4"].verdict().startswith("You put it at step 1; it belongs after '")
    assert ".." not in by_id["t4"].verdict() and ".'" not in by_id["t4"].verdict()
    assert by_id["t3"].verdict() == "Right."
