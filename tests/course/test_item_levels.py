"""course/item-levels.csv: the level of thinking every item targets, so difficulty varies on purpose.

Levels are the cognitive-process names of the revised Bloom taxonomy (Anderson and Krathwohl 2001):
remember, understand, apply, analyse, evaluate (create is not asked of a click-only item).
"""

from __future__ import annotations

import csv
from collections import Counter

from _course import LEVELS_CSV, all_exercises, entries, graded_files, load_yaml, practice_files

LEVELS = ("remember", "understand", "apply", "analyse", "evaluate")
HIGHER = {"apply", "analyse", "evaluate"}


def rows() -> list[dict[str, str]]:
    with LEVELS_CSV.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def item_ids(paths) -> set[str]:
    out = set()
    for path in paths:
        exercise = load_yaml(path)
        out |= {f"{exercise['id']}/{e['id']}" for e in entries(exercise)}
    return out


def test_columns():
    with LEVELS_CSV.open(encoding="utf-8") as fh:
        assert fh.readline().strip() == "item_id,level"


def test_every_item_has_exactly_one_known_level():
    table = rows()
    counts = Counter(r["item_id"] for r in table)
    assert not [i for i, n in counts.items() if n > 1], "an item is listed twice"
    everything = {f"{e['id']}/{x['id']}" for e in all_exercises().values() for x in entries(e)}
    assert set(counts) == everything, (f"missing: {sorted(everything - set(counts))}; "
                                       f"unknown: {sorted(set(counts) - everything)}")
    bad = [r for r in table if r["level"] not in LEVELS]
    assert not bad, f"levels must be one of {LEVELS}: {bad[:3]}"


def test_graded_items_lean_to_judgement_and_still_vary():
    level = {r["item_id"]: r["level"] for r in rows()}
    graded = item_ids(graded_files())
    counts = Counter(level[i] for i in graded)
    assert len(counts) >= 4, f"graded items span too few levels: {counts}"
    higher = sum(counts[x] for x in HIGHER) / len(graded)
    assert higher >= 0.6, f"only {higher:.0%} of graded items ask for apply, analyse or evaluate: {counts}"
    assert counts["analyse"] + counts["evaluate"] >= 0.3 * len(graded), counts


def test_every_problem_set_mixes_levels():
    level = {r["item_id"]: r["level"] for r in rows()}
    by_set: dict[str, set[str]] = {}
    for path in graded_files():
        exercise = load_yaml(path)
        by_set.setdefault(path.parts[-3], set()).update(level[f"{exercise['id']}/{e['id']}"] for e in entries(exercise))
    for name, levels in by_set.items():
        assert len(levels) >= 2, f"{name} targets a single level: {levels}"


def test_practice_starts_lower_than_the_graded_sets():
    level = {r["item_id"]: r["level"] for r in rows()}
    practice = Counter(level[i] for i in item_ids(practice_files()))
    assert practice["remember"] + practice["understand"] >= 0.4 * sum(practice.values()), practice


def test_metric_lists_are_a_minority():
    """Issue 13: metric-list items were 22% of the bank. Count items in exercises whose job is choosing metrics."""
    metric_exercises = {"l5-launch-metrics", "l5-metric-horizons", "ps1-pick", "ps4-launch-scorecard"}
    everything = {f"{e['id']}/{x['id']}" for e in all_exercises().values() for x in entries(e)}
    share = sum(1 for i in everything if i.split("/")[0] in metric_exercises) / len(everything)
    assert share <= 0.12, f"metric-list items are {share:.0%} of the bank"
