"""Proof for issue 13: a test-wise student who reads no lesson does little better than chance.

The student is a set of surface rules (``testwise.py``): the keyword rules the review found working on
the old bank, word for word, plus classic test-wiseness cues (longest option, most specific option,
position in the list, tone, absolutes, words shared with the prompt or a category label, time words,
a plan-do-check script), plus, from round 2, the cues a strong human reader used on the round-1 bank
without reading a lesson: release verbs marking the roadmap, a horizon-and-scope reading, a balanced
split, the layout of an earlier set's sort copied id by id, options echoing a case sentence or restating
the intro, and order steps that name their predecessor. On the round-1 bank those new rules scored
0.79 (release verbs, four-way sorts), 0.69 (copied layout), 0.78 (horizon and scope, two-way sorts):
they find what the reviewer found, and the bars below hold them to chance on the current bank.

Each rule answers every graded exercise from its public text alone (and what the student has seen
around it: the set's intro, the other prompts, earlier sets' feedback), and the course's own scoring
code marks it. Run with ``-s`` (or ``python tests/course/testwise.py``) to see
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


def _sort(categories, items):
    from stratkit.content.model import exercise_from_dict

    return exercise_from_dict({
        "schema_version": 1, "id": "cued", "kind": "sort", "title": "t", "prompt": "Sort these (Caporale).",
        "points": 1, "scheme": "per_item", "categories": [{"id": c, "label": c} for c in categories],
        "items": [{"id": i, "text": t, "answer": a} for i, t, a in items]})


def test_the_human_readers_cues_have_teeth():
    """Each round-2 rule scores high on a bank written with the cue it looks for."""
    from stratkit.content.model import exercise_from_dict
    from stratkit.scoring.marking import fraction

    four = _sort(["strategy", "roadmap", "marketing-plan", "gtm-plan"], [
        ("s1", "Route optimiser slips to autumn; driver chat still ships in spring.", "roadmap"),
        ("s2", "Grocers churn half as often, so they are our next three years of growth.", "strategy"),
        ("s3", "Launch week: a webinar, a press event and an email to the waiting list.", "marketing-plan"),
        ("s4", "Sold through two resellers in the Netherlands at 40 euros a store.", "gtm-plan")])
    rule = "release verbs -> roadmap, why -> strategy, promotion -> marketing plan, else GTM"
    assert fraction(four, tw.rule_answers(four)[rule]) == 1.0
    copied = tw.rule_answers(four, tw.Context(earlier_keys=(four.key(),)))
    assert fraction(four, copied["copy the layout of the last earlier set's sort"]) == 1.0

    two = _sort(["marketing-strategy", "gtm-strategy"], [
        ("a", "Every launch, for years to come, must speak to the whole brand's audience.", "marketing-strategy"),
        ("b", "This launch's first month: demos for the pilot segment.", "gtm-strategy"),
        ("c", "Whatever the product, the company stays the brand nurses trust for years.", "marketing-strategy"),
        ("d", "For the launch: leads from the first weeks go to sales.", "gtm-strategy")])
    assert fraction(two, tw.rule_answers(two)["horizon and scope (years, every, company -> strategy side)"]) == 1.0
    assert fraction(two, tw.rule_answers(two)["balanced split by horizon and scope"]) == 1.0

    order = exercise_from_dict({
        "schema_version": 1, "id": "cued-order", "kind": "order", "title": "t", "prompt": "Order (Lacy).",
        "points": 1, "scheme": "lcs_edit_distance",
        "steps": [{"id": "a", "text": "Write the GTM plan for that segment."},
                  {"id": "b", "text": "From the segments the strategy names, choose this launch's segment."},
                  {"id": "c", "text": "The CMO updates the marketing strategy."}],
        "order": ["c", "b", "a"]})
    assert fraction(order, tw.rule_answers(order)["a step naming another step's product comes after it"]) == 1.0

    pick = exercise_from_dict({
        "schema_version": 1, "id": "cued-pick", "kind": "pick", "title": "t", "points": 1, "scheme": "net_correct",
        "prompt": "Finance wants one quarterly invoice. Sales closes on the first call. Tick what Lacy supports.",
        "options": [{"id": "a", "text": "Finance wants a quarterly invoice", "correct": True},
                    {"id": "b", "text": "Sales closes on the first call", "correct": True},
                    {"id": "c", "text": "The coffee tastes bad", "correct": False}]})
    assert fraction(pick, tw.rule_answers(pick)["options echoing a sentence of the case are right"]) == 1.0
    restated = tw.rule_answers(pick, tw.Context(intro="Every office wants one quarterly invoice from finance."))
    assert restated["options restating the intro or another prompt are right"] == ["a"]


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
