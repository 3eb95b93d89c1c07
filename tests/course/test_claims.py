"""The claim inventory (course/claims.csv) agrees with the lessons and the item bank."""

from __future__ import annotations

import pytest

from _course import (COURSE, CLAIMS_CSV, ID_RE, all_exercises, entries, graded_files, h2_anchors, load_yaml,
                     read_claims, read_notebook)

COLUMNS = ["claim_id", "claim", "article", "lesson_section", "item_ids"]
ARTICLES = {"caporale", "lacy"}


@pytest.fixture(scope="module")
def claims():
    return read_claims()


@pytest.fixture(scope="module")
def item_index():
    """'exercise-id/entry-id' -> the claims that entry lists."""
    index = {}
    for path, exercise in all_exercises().items():
        for entry in entries(exercise):
            index[f"{exercise['id']}/{entry['id']}"] = list(entry.get("claims") or [])
    return index


def test_columns_are_as_documented():
    with CLAIMS_CSV.open(encoding="utf-8", newline="") as fh:
        header = fh.readline().strip().split(",")
    assert header == COLUMNS


def test_claim_ids_are_unique_and_well_formed(claims):
    ids = [row["claim_id"] for row in claims]
    assert len(ids) == len(set(ids)), "a claim id appears twice"
    bad = [i for i in ids if not ID_RE.match(i)]
    assert not bad, f"claim ids must be lower-case letters, digits and dashes: {bad}"


def test_inventory_size_is_plausible(claims):
    assert 35 <= len(claims) <= 60


def test_every_claim_has_text_and_an_article(claims):
    for row in claims:
        assert row["claim"].strip(), f"{row['claim_id']}: empty claim text"
        assert row["article"] in ARTICLES, f"{row['claim_id']}: article must be one of {sorted(ARTICLES)}"


def test_both_articles_are_covered(claims):
    assert {row["article"] for row in claims} == ARTICLES


def test_every_claim_has_a_lesson_section_that_exists(claims):
    anchors_by_lesson = {}
    for row in claims:
        section = row["lesson_section"].strip()
        assert section, f"{row['claim_id']}: no lesson section"
        assert "#" in section, f"{row['claim_id']}: lesson_section must be FILE.ipynb#anchor, got {section!r}"
        lesson, anchor = section.split("#", 1)
        path = COURSE / lesson
        assert path.is_file(), f"{row['claim_id']}: lesson {lesson} does not exist"
        if lesson not in anchors_by_lesson:
            anchors_by_lesson[lesson] = h2_anchors(read_notebook(path))
        assert anchor in anchors_by_lesson[lesson], (
            f"{row['claim_id']}: {lesson} has no '## ' heading with anchor '{anchor}' "
            f"(it has {sorted(anchors_by_lesson[lesson])})")


def test_every_claim_has_at_least_two_graded_items(claims):
    graded = {load_yaml(p)["id"] for p in graded_files()}
    for row in claims:
        items = row["item_ids"].split()
        assert len(items) == len(set(items)), f"{row['claim_id']}: an item is listed twice"
        tested = [i for i in items if i.split("/")[0] in graded]
        assert len(tested) >= 2, f"{row['claim_id']}: needs at least two graded items, has {tested}"


def test_every_item_in_the_table_exists(claims, item_index):
    for row in claims:
        for item in row["item_ids"].split():
            assert item in item_index, f"{row['claim_id']}: item {item} is not in any exercise file"


def test_table_and_yaml_claims_agree(claims, item_index):
    """An item listed under a claim names that claim, and every item's claim lists the item back."""
    table = {row["claim_id"]: set(row["item_ids"].split()) for row in claims}
    for row in claims:
        for item in table[row["claim_id"]]:
            assert row["claim_id"] in item_index.get(item, []), (
                f"claims.csv lists {item} under {row['claim_id']}, but the item's claims: do not name it")
    for item, item_claims in item_index.items():
        for claim in item_claims:
            if claim in table:
                assert item in table[claim], f"{item} names {claim}, but claims.csv does not list it there"


def test_yaml_claims_name_known_claims(claims, item_index):
    known = {row["claim_id"] for row in claims}
    unknown = sorted({(item, c) for item, cs in item_index.items() for c in cs if c not in known})
    assert not unknown, f"items name claims that are not in claims.csv: {unknown}"


def test_every_item_links_to_a_claim():
    for path, exercise in all_exercises().items():
        for entry in entries(exercise):
            assert entry.get("claims"), f"{path.name}: {entry['id']} links to no claim"


def test_the_student_facing_claims_list_names_no_graded_item():
    """course/ is what students open: a claim listed against a graded line would give its key away, so
    graded items are listed in solutions/claims-graded.csv, beside the keys."""
    import csv

    graded = {load_yaml(p)["id"] for p in graded_files()}
    with CLAIMS_CSV.open(encoding="utf-8", newline="") as fh:
        leaked = [(row["claim_id"], item) for row in csv.DictReader(fh)
                  for item in row["item_ids"].split() if item.split("/")[0] in graded]
    assert not leaked, leaked
