"""Proof for issue 13: a test-wise student who reads no lesson does little better than chance.

The student is a set of surface rules (``testwise.py``): the keyword rules the review found working on
the old bank, word for word, plus classic test-wiseness cues (longest option, most specific option,
position in the list, tone, absolutes, words shared with the prompt or a category label, time words,
a plan-do-check script). Each rule answers every graded exercise from its public text alone, and the
course's own scoring code marks it. Run with ``-s`` (or ``python tests/course/testwise.py``) to see
the tables.

The bars, and why:

* **Two-way sorts: every rule pooled within 0.40-0.60; each exercise at most 0.70.** Chance is 0.50. A
  two-way rule can also be applied backwards, so "near chance" means close to 0.50 from both sides:
  0.60 is the issue's target for a reviewer, 0.40 keeps the inverted rule under it too. Per exercise
  (8-10 items) one item more or less moves the score by 0.10-0.125, so 0.70 allows one lucky item
  above the pooled bar (a fair coin gets 7 of 10 or more 17% of the time).
* **Four-way sorts: every rule pooled at most 0.40; each exercise at most 0.50.** Chance is 0.25; 0.40
  is the issue's target for a reviewer; 0.50 per exercise (4 of 8) again allows one lucky item.
* **Picks: every rule pooled at most chance + 0.10; no rule earns more than half the points on any
  exercise.** Chance for a pick is the mean score of every possible set of ticks under its scheme
  (net_correct punishes wrong ticks, so chance is low, about 0.14); 0.10 is less than one right
  option's worth on a typical 7-8 option exercise with 3-4 right options.
* **Orders: time words and the listed order pooled at most chance + 0.10; the plan-do-check script at
  most chance + 0.20 pooled and 0.70 on any exercise.** Chance is the mean score of every permutation
  against the nearest valid order. Some order is common sense (a review comes after the thing it
  reviews), so the script is allowed a little more; what it must not do is place the steps the
  lessons teach (strategy first, segment before plan, lead definition and audit before go-live).
* **Counter-cues: in every graded sort, the issue's own keyword rule misfiles at least a third of the
  items.**
"""

from __future__ import annotations

import pytest
import testwise as tw

TWO_WAY, FOUR_WAY = "sort, 2-way", "sort, 4-way"
ISSUE_RULE = {
    TWO_WAY: "issue keywords (launch/week/quarter/campaign/pipeline/lead -> GTM side)",
    FOUR_WAY: "issue keywords (why->strategy, price/sell/year N->GTM, promotion->marketing plan, else roadmap)",
}


@pytest.fixture(scope="module")
def rows() -> list[tw.Row]:
    found = tw.baseline()
    print("\n" + tw.report(found))
    return found


def of_kind(rows, kind):
    mine = [r for r in rows if r.kind == kind]
    assert mine, f"no graded {kind} exercises"
    return mine


def rule_names(rows):
    return sorted({n for r in rows for n in r.scores})


def test_every_graded_category_has_a_role():
    """A new category id must be given a role in testwise.ROLE, or the baseline would skip its exercise."""
    for _, exercise in tw.graded_exercises():
        for category in getattr(exercise, "categories", ()):
            assert category.id in tw.ROLE, f"{exercise.id}: category {category.id} has no role in testwise.ROLE"


def test_chance_is_what_random_answers_earn(rows):
    for r in rows:
        if r.kind.startswith("sort"):
            assert r.chance == pytest.approx(1 / int(r.kind.split(", ")[1].split("-")[0]))
        assert 0 < r.chance <= 0.5, (r.exercise, r.chance)


def test_two_way_sorts_stay_near_a_coin_toss(rows):
    mine = of_kind(rows, TWO_WAY)
    for name in rule_names(mine):
        score = tw.pooled(mine, name)
        assert 0.40 <= score <= 0.60, f"{name}: {score:.2f} on two-way sorts (chance 0.50)"
    for r in mine:
        assert r.best[1] <= 0.70, f"{r.exercise}: {r.best}"


def test_four_way_sorts_stay_near_chance(rows):
    mine = of_kind(rows, FOUR_WAY)
    for name in rule_names(mine):
        score = tw.pooled(mine, name)
        assert score <= 0.40, f"{name}: {score:.2f} on four-way sorts (chance 0.25)"
    for r in mine:
        assert r.best[1] <= 0.50, f"{r.exercise}: {r.best}"


def test_picks_stay_near_chance(rows):
    mine = of_kind(rows, "pick")
    chance = tw.pooled_chance(mine)
    for name in rule_names(mine):
        score = tw.pooled(mine, name)
        assert score <= chance + 0.10, f"{name}: {score:.2f} on picks (chance {chance:.2f})"
    for r in mine:
        assert r.best[1] <= 0.50, f"{r.exercise}: {r.best}"


def test_orders_need_more_than_time_words_and_common_sense(rows):
    mine = of_kind(rows, "order")
    chance = tw.pooled_chance(mine)
    for name in ("as listed", "by time words (January ... week 6 ... year 2)"):
        assert tw.pooled(mine, name) <= chance + 0.10, f"{name}: {tw.pooled(mine, name):.2f} (chance {chance:.2f})"
    script = "plan-do-check script read from the verbs"
    assert tw.pooled(mine, script) <= chance + 0.20, f"script: {tw.pooled(mine, script):.2f} (chance {chance:.2f})"
    for r in mine:
        assert r.scores[script] <= 0.70, f"{r.exercise}: script earns {r.scores[script]:.2f}"


@pytest.mark.parametrize("kind", [TWO_WAY, FOUR_WAY])
def test_every_graded_sort_has_counter_cues(kind):
    from stratkit.scoring.marking import fraction

    for _assignment, exercise in tw.graded_exercises():
        if tw.sort_kind(exercise) != kind:
            continue
        answers = tw.rule_answers(exercise)[ISSUE_RULE[kind]]
        misfiled = sum(1 for item in exercise.items if answers[item.id] != item.answer)
        assert misfiled >= len(exercise.items) / 3, (
            f"{exercise.id}: the issue's keyword rule misfiles only {misfiled} of {len(exercise.items)} items")
        assert fraction(exercise, answers) == pytest.approx(1 - misfiled / len(exercise.items))


def test_the_baseline_can_tell_a_cued_bank_from_a_fair_one():
    """The rules are not toothless: on a sort written the old way (labels, launch words) they score high."""
    from stratkit.content.model import exercise_from_dict

    cued = exercise_from_dict({
        "schema_version": 1, "id": "cued", "kind": "sort", "title": "t", "prompt": "Sort these (Lacy).",
        "points": 1, "scheme": "per_item",
        "categories": [{"id": "marketing-strategy", "label": "Marketing strategy"},
                       {"id": "gtm-strategy", "label": "GTM strategy"}],
        "items": [
            {"id": "a", "text": "Launch KPIs: demos booked in week 6", "answer": "gtm-strategy"},
            {"id": "b", "text": "Campaign brief for the spring launch", "answer": "gtm-strategy"},
            {"id": "c", "text": "Pipeline target for the launch quarter", "answer": "gtm-strategy"},
            {"id": "d", "text": "Brand positioning for the next five years", "answer": "marketing-strategy"},
            {"id": "e", "text": "Audience segmentation model, reviewed every year",
             "answer": "marketing-strategy"},
            {"id": "f", "text": "Channel philosophy: build an owned audience over years",
             "answer": "marketing-strategy"},
        ]})
    from stratkit.scoring.marking import fraction

    assert fraction(cued, tw.rule_answers(cued)[ISSUE_RULE[TWO_WAY]]) == 1.0
