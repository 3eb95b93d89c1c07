"""What the class chose, counted by hand on ps1 (sort, order with prerequisites, pick) for four students.

    A: every answer right.
    B: sort s3 -> gtm-plan, s6 -> marketing-plan; order t6 t3 t5 t1 t2 t4 (t6 before its prerequisite t3);
       pick o1 o3 o2.
    C: sort s3 -> gtm-plan, s5 -> gtm-plan, s8 left unsorted; order t3 t6 t5 t1 t4 t2 (t4 before t2);
       pick o1 o3 o5 o6 o7.
    D: answered nothing (left out of every "what was chosen" count).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from stratkit.grading.batch import load_assignment
from stratkit.instructor.reports import confusion as cf
from stratkit.instructor.reports.lessons import load_claims
from stratkit.instructor.reports.reteach import mistakes, reteach_topics

from tests.conftest import REPO
from tests.submissions import PARTIAL, PERFECT, PS1

C_SORT = {k: v for k, v in dict(PERFECT["ps1-sort"], s3="gtm-plan", s5="gtm-plan").items() if k != "s8"}
SORT = {"A": PERFECT["ps1-sort"], "B": PARTIAL["ps1-sort"], "C": C_SORT, "D": None}
ORDER = {"A": PERFECT["ps1-order"], "B": PARTIAL["ps1-order"], "C": ["t3", "t6", "t5", "t1", "t4", "t2"], "D": None}
PICK = {"A": PERFECT["ps1-pick"], "B": PARTIAL["ps1-pick"], "C": ["o1", "o3", "o5", "o6", "o7"], "D": None}


@pytest.fixture(scope="module")
def key():
    return load_assignment(REPO, PS1)


def test_sort_confusion_matrix(key):
    matrix = cf.sort_confusion(key.exercise("ps1-sort"), SORT)
    # 3 answering students x 8 statements = 24 placements
    assert int(matrix.to_numpy().sum()) == 24
    # marketing plan (s3, s5): right A s3, A s5, B s5; to GTM: B s3, C s3, C s5
    assert matrix.loc["Marketing plan", "Marketing plan"] == 3
    assert matrix.loc["Marketing plan", "Go-to-market plan"] == 3
    # GTM plan (s4, s6): right 5; B filed s6 under marketing plan
    assert matrix.loc["Go-to-market plan", "Go-to-market plan"] == 5
    assert matrix.loc["Go-to-market plan", "Marketing plan"] == 1
    # roadmap (s1, s8): right 5, C left s8 unsorted
    assert matrix.loc["Product roadmap", "Product roadmap"] == 5
    assert matrix.loc["Product roadmap", cf.NOT_SORTED] == 1
    assert matrix.loc["Product strategy", "Product strategy"] == 6


def test_sort_choices_per_statement(key):
    table = cf.sort_choices(key.exercise("ps1-sort"), SORT)
    s3 = table[table.entry == "s3"].set_index("choice_id")
    assert s3.loc["gtm-plan", "students"] == 2 and s3.loc["gtm-plan", "share"] == pytest.approx(2 / 3)
    assert bool(s3.loc["marketing-plan", "right"]) and not bool(s3.loc["gtm-plan", "right"])


def test_order_positions_misplacements_and_broken_precedences(key):
    exercise = key.exercise("ps1-order")
    # the first valid order in listing order: t1 has no prerequisite, then t3, t6, t5, t2, t4
    assert cf.reference_order(exercise) == ["t1", "t3", "t6", "t5", "t2", "t4"]
    positions = cf.order_positions(exercise, ORDER)
    assert positions.loc["t1", 4] == 3  # everyone put t1 fourth
    assert positions.loc["t3", 1] == 2 and positions.loc["t3", 2] == 1
    violations = cf.order_violations(exercise, ORDER).set_index(["must_follow", "entry"])
    assert violations.loc[("t3", "t6"), "students"] == 1  # B
    assert violations.loc[("t2", "t4"), "students"] == 1  # C
    assert violations.loc[("t3", "t6"), "share"] == pytest.approx(1 / 3)
    assert violations["students"].sum() == 2
    misplaced = cf.order_misplaced(exercise, ORDER).set_index("entry")["misplaced"].to_dict()
    # lcs_edit_distance marks against the nearest valid order: only the step outside the longest run kept
    # in order is wrong (one per broken rule here, as the score counts it). B (t6 t3 t5 t1 t2 t4): keeping
    # t3 t5 t1 t2 t4 or t6 t5 t1 t2 t4 ties at 5; the search keeps the earlier-listed t3, so t6 is the one
    # out of place. C (t3 t6 t5 t1 t4 t2): t3 t6 t5 t1 t2 and t3 t6 t5 t1 t4 tie; t2 (listed first) is kept.
    assert misplaced == {"t1": 0, "t3": 0, "t6": 1, "t5": 0, "t2": 0, "t4": 1}


def test_pick_wrong_picks_and_missed_right_ones(key):
    table = cf.pick_options(key.exercise("ps1-pick"), PICK).set_index("entry")
    assert table.loc["o2", "mistake"] == "wrongly picked" and table.loc["o2", "mistakes"] == 1  # B
    assert table.loc["o7", "mistakes"] == 1  # C
    assert table.loc["o5", "mistake"] == "missed" and table.loc["o5", "mistakes"] == 1  # B
    assert table.loc["o1", "ticked"] == 3 and table.loc["o1", "mistakes"] == 0
    assert table.loc["o4", "ticked_share"] == 0.0


def test_entry_scores_follow_the_feedback_and_blank_is_zero(key):
    scores = cf.entry_scores(key.exercise("ps1-pick"), PICK)
    # B ticked o1 o3 (right), o2 (wrong); left o4 o7 alone (right), missed o5 o6
    assert scores.loc["B"].tolist() == [1, 0, 1, 1, 0, 0, 1]
    assert scores.loc["D"].sum() == 0


def test_point_biserial_of_a_sort_choice(key):
    totals = pd.Series({"A": 10.0, "B": 5.75, "C": 7.0, "D": 0.0})
    table = cf.choice_point_biserials(key.exercise("ps1-sort"), SORT, totals)
    row = table[(table.entry == "s3") & (table.choice == "Go-to-market plan")].iloc[0]
    # respondents who sorted s3: A B C (totals 10, 5.75, 7); chose GTM: B C -> M_p = 6.375, M_q = 10
    # population sd of 10, 5.75, 7 = sqrt(9.5417/3) = 1.78341; p = 2/3
    # r = (6.375 - 10)/1.78341 x sqrt(2/9) = -0.958187
    assert row.students == 2 and row.point_biserial == pytest.approx(-0.958187, abs=1e-5)
    assert math.isnan(table[(table.entry == "s2") & (table.choice == "Product strategy")].iloc[0].point_biserial)


def test_mistakes_read_as_sentences(key):
    found = mistakes(key.exercise("ps1-sort"), SORT)
    assert found[0].entry == "s3" and found[0].share == pytest.approx(2 / 3)
    assert found[0].sentence.startswith("67% filed “In May, when the grocer edition")
    assert "it belongs under Marketing plan" in found[0].sentence
    assert {m.entry for m in found} == {"s3", "s5", "s6"}  # 1 of 3 each; the unsorted s8 is not a confusion
    order = mistakes(key.exercise("ps1-order"), ORDER)
    assert any("before “Revisit the marketing strategy" in m.sentence for m in order)


def test_reteach_points_at_the_lesson_section(tmp_path):
    key = load_assignment(REPO, "ps5-case-study")
    documents = key.exercise("ps5-copperline-documents")
    right = documents.key()
    answers = {f"s{i}": dict(right, s1="gtm-plan") if i < 3 else dict(right) for i in range(5)}
    topics = reteach_topics([documents], {documents.id: answers}, load_claims(REPO / "course" / "claims.csv"))
    assert len(topics) == 1
    topic = topics[0]
    assert topic.section.label == "Lesson 2: The four planning documents, section “Launch plans are marketing plans”"
    assert topic.claims[0].id == "cap-launch-plan-is-marketing-plan"
    assert topic.mistakes[0].sentence.startswith("60% filed “Launch fortnight")


def test_point_biserial_of_leaving_a_right_option_unticked(key):
    totals = pd.Series({"A": 10.0, "B": 5.75, "C": 7.0, "D": 0.0})
    table = cf.choice_point_biserials(key.exercise("ps1-pick"), PICK, totals)
    o5 = table[table.entry == "o5"].set_index("choice")
    # respondents A B C (D answered nothing); B left the right option o5 unticked: M_p = 5.75, M_q = 8.5,
    # S = 1.78341 (as above), p = 1/3: r = -2.75/1.78341 x sqrt(2/9) = -0.726900; ticking it is the mirror
    assert not o5.loc["left unticked", "right"] and o5.loc["left unticked", "students"] == 1
    assert o5.loc["left unticked", "point_biserial"] == pytest.approx(-0.726900, abs=1e-5)
    assert o5.loc["ticked", "point_biserial"] == pytest.approx(0.726900, abs=1e-5)
