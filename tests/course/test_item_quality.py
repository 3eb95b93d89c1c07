"""Item-writing rules from issue 13 (Haladyna, Downing and Rodriguez 2002), checked on every item.

Each rule here names a cue or a fault the review of the old bank found: label prefixes that name the
answer, options numbered in their right order, "drag" where the widget has Up/Down buttons, jargon
with no definition, inferences put in an author's mouth, wrong choices with no "why not".
"""

from __future__ import annotations

import re

import pytest
from _course import (
    COURSE,
    GLOSSARY,
    ITEMS,
    all_exercises,
    assignment_manifests,
    course_notebooks,
    entries,
    graded_files,
    jupyterlab_anchor,
    lessons,
    load_yaml,
    read_notebook,
)

GLOSSARY_LINK = re.compile(r"\]\(((?:\.\./\.\./course/)?07-glossary\.ipynb)(?:#([^)\s]*))?\)")

#: Openings that name a document's part, and so the answer (the old bank's "Price:", "Launch KPIs:").
LABEL_PREFIX = re.compile(
    r"^(price|pricing|pricing rationale|product|place|promotion|owners?|channel philosophy|(launch )?kpis|"
    r"sales enablement pack|90-day [a-z ]*plan|campaign brief|(audience )?segmentation model|"
    r"messaging (architecture|framework)|positioning|target|value proposition|long-term objective|goal|why|"
    r"initiative|release plan|roadmap|strategy|launch plan|marketing plan|gtm plan)\s*:", re.IGNORECASE)
NUMBERED_OPTION = re.compile(r"^\s*(section\s+\d+|\d+[.):]|\(?[a-h]\)|step\s+\d+\s*:)", re.IGNORECASE)
#: Tone that gave wrong options away in the old bank.
GIVEAWAY_TONE = re.compile(r"\b(bin|improvise|improvises|without checking|just wing it|who cares)\b", re.IGNORECASE)
#: Jargon a student meets in graded texts; each must be defined in the glossary.
JARGON = {
    "share of voice": "Share-of-voice", "brand health": "Brand-health", "pipeline": "Pipeline",
    "attribution": "Attribution", "lower-funnel": "Lower-funnel", "retargeting": "Retargeting",
    "growth hack": "Growth-hacking", "cost per acquisition": "Cost-per-acquisition", "sales motion": "Sales-motion",
    "qualified lead": "Qualified-lead", "handoff": "Handoff", "endemic": "Endemic-advertising",
    "sales enablement": "Sales-enablement-pack", "positioning": "Positioning",
    "value proposition": "Value-proposition",
    "four ps": "Four-Ps", "segment": "Segment", "owned audience": "Owned-audience", "conversion": "Conversion-rate",
    "demand capture": "Demand-capture", "material change": "Material-change",
    "market penetration": "Market-penetration",
}
#: Abbreviations the review found undefined; the course avoids them.
AVOIDED = re.compile(r"\b(SSO|3PLs?|SMBs?)\b")
#: Wordings the review found putting the course's inferences in an author's mouth, or teaching a wrong rule.
MISREADINGS = [
    "deliberately apart",
    "none of them is designed to say why",
    "there is no contradiction",
    "caporale writes about a **gtm plan**, lacy about a **gtm strategy**",
    "so it comes after the strategy, not before",
    "the alignment work above is how a gtm plan closes those gaps",
    "this is its core",
    "people searching for your brand name are an obvious example",
]
PLACE_WORDS = re.compile(r"\b(first|last|after|before|any time|any order|among the first)\b", re.IGNORECASE)


def graded() -> dict:
    return {path: load_yaml(path) for path in graded_files()}


def student_texts():
    """(where, text) for everything a student reads: lesson and glossary Markdown, every exercise string, intros."""
    for path in course_notebooks():
        for number, cell in enumerate(read_notebook(path).cells):
            if cell.cell_type == "markdown":
                yield f"{path.name} cell {number}", cell.source
    for path, exercise in all_exercises().items():
        yield path.name, exercise["title"] + "\n" + exercise["prompt"]
        for category in exercise.get("categories") or []:
            yield path.name, category["label"]
        for entry in entries(exercise):
            yield f"{path.name} {entry['id']}", entry["text"]
            yield f"{path.name} {entry['id']}", entry.get("explanation") or ""
            for text in (entry.get("why_not") or {}).values():
                yield f"{path.name} {entry['id']} why_not", text
    for name, manifest in assignment_manifests().items():
        yield f"{name}/assignment.yaml", manifest["title"] + "\n" + manifest["intro"]


def glossary_anchors() -> set[str]:
    anchors = set()
    for cell in read_notebook(GLOSSARY).cells:
        for line in cell.source.splitlines():
            match = re.match(r"^#{1,6} (.+)$", line)
            if match:
                anchors.add(jupyterlab_anchor(match.group(1)))
    return anchors


def test_every_wrong_sort_choice_in_a_graded_item_has_its_own_why_not():
    for path, exercise in graded().items():
        if exercise["kind"] != "sort":
            continue
        categories = [c["id"] for c in exercise["categories"]]
        for item in exercise["items"]:
            wrong = set(categories) - {item["answer"]}
            have = set(item.get("why_not") or {})
            assert have == wrong, (f"{path.name} {item['id']}: why_not must cover exactly {sorted(wrong)}, "
                                   f"has {sorted(have)}")


def test_why_not_never_repeats_the_explanation():
    for path, exercise in all_exercises().items():
        for entry in entries(exercise):
            for category, text in (entry.get("why_not") or {}).items():
                explanation = entry.get("explanation") or ""
                assert text.strip() and text.strip() not in explanation, (path.name, entry["id"], category)


def test_graded_texts_carry_no_label_prefix_no_numbering_and_no_giveaway_tone():
    for path, exercise in graded().items():
        for entry in entries(exercise):
            text = entry["text"]
            assert not LABEL_PREFIX.match(text), f"{path.name} {entry['id']}: a label names the answer: {text!r}"
            assert not NUMBERED_OPTION.match(text), f"{path.name} {entry['id']}: numbered or lettered text: {text!r}"
            assert not GIVEAWAY_TONE.search(text), f"{path.name} {entry['id']}: tone gives it away: {text!r}"


def test_no_option_or_step_is_numbered_anywhere():
    """Options and steps are shuffled per student: a number or letter in the text would lie or give the order away."""
    for path, exercise in all_exercises().items():
        for entry in entries(exercise):
            assert not NUMBERED_OPTION.match(entry["text"]), f"{path.name} {entry['id']}: {entry['text']!r}"


def test_order_prompts_never_say_drag():
    """The order widget has Up/Down buttons (and will get drag and drop): prompts must be true of both."""
    for where, text in student_texts():
        assert not re.search(r"\bdrag", text, re.IGNORECASE), f"{where}: says 'drag'"



def test_misreadings_found_in_the_review_do_not_come_back():
    for where, text in student_texts():
        low = " ".join(text.lower().split())
        for phrase in MISREADINGS:
            assert phrase not in low, f"{where}: {phrase!r} (see issue 13)"


def test_undefined_abbreviations_are_avoided():
    for where, text in student_texts():
        assert not AVOIDED.search(text), f"{where}: {AVOIDED.search(text).group(0)} is jargon the course avoids"


def test_every_glossary_link_points_at_a_glossary_heading():
    anchors = glossary_anchors()
    found = 0
    for where, text in student_texts():
        for _target, anchor in GLOSSARY_LINK.findall(text):
            found += 1
            if anchor:
                assert anchor in anchors, f"{where}: link to #{anchor}, which is not a glossary heading"
    assert found >= 20, f"only {found} links to the glossary"


def test_glossary_links_use_the_path_of_the_file_they_are_in():
    """Practice prompts and lessons sit in course/ (link 07-glossary.ipynb); graded prompts and intros are
    rendered from the assignment notebook two folders down (link ../../course/07-glossary.ipynb)."""
    for path, exercise in all_exercises().items():
        expected = "07-glossary.ipynb" if path.parent == ITEMS else "../../course/07-glossary.ipynb"
        for target, _ in GLOSSARY_LINK.findall(exercise["prompt"]):
            assert target == expected, f"{path}: link {target}, expected {expected}"
    for name, manifest in assignment_manifests().items():
        targets = [t for t, _ in GLOSSARY_LINK.findall(manifest["intro"])]
        assert targets and set(targets) == {"../../course/07-glossary.ipynb"}, f"{name}: intro must link the glossary"
    for path in lessons():
        intro = read_notebook(path).cells[0].source
        assert "](07-glossary.ipynb)" in intro, f"{path.name}: the first cell must point to the glossary"


def test_the_glossary_defines_every_jargon_term_and_the_readme_lists_it():
    anchors = glossary_anchors()
    missing = sorted(anchor for anchor in JARGON.values() if anchor not in anchors)
    assert not missing, f"glossary has no heading for {missing}"
    assert "07-glossary.ipynb" in (COURSE / "README.md").read_text(encoding="utf-8")


def test_graded_jargon_is_reachable_from_the_glossary():
    """A graded exercise that uses a term of art is in an assignment whose intro links the glossary,
    and the glossary defines that term."""
    anchors = glossary_anchors()
    for path, exercise in graded().items():
        words = " ".join([exercise["prompt"]] + [e["text"] for e in entries(exercise)]).lower()
        used = {term for term in JARGON if term in words}
        assert all(JARGON[t] in anchors for t in used), path
        manifest = load_yaml(path.parent.parent / "assignment.yaml")
        assert not used or "07-glossary.ipynb" in manifest["intro"], (
            f"{path}: uses {sorted(used)}, but the assignment's intro has no glossary link")


def test_graded_positioning_items_say_whose_frame():
    """The articles disagree on where positioning is decided: an item about it must say whose terms apply."""
    for path, exercise in graded().items():
        about = [e for e in entries(exercise) if "position" in e["text"].lower()]
        if not about:
            continue
        frame = exercise["prompt"] + " " + " ".join(e["text"] for e in about)
        assert re.search(r"Caporale|Lacy", frame), f"{path.name}: positioning without naming whose frame"


def test_pick_explanations_read_the_same_whether_ticked_or_not():
    """Feedback prints the explanation after 'Right to tick it' or 'You left it unticked...': it must
    explain the option, not assume what the student did."""
    for path, exercise in all_exercises().items():
        if exercise["kind"] != "pick":
            continue
        for option in exercise["options"]:
            text = option["explanation"].lower()
            assert not re.search(r"\byou (ticked|left|chose|picked)\b|\bif you\b", text), (path.name, option["id"])


def test_graded_step_explanations_say_where_the_step_sits():
    for path, exercise in graded().items():
        if exercise["kind"] != "order":
            continue
        for step in exercise["steps"]:
            assert PLACE_WORDS.search(step["explanation"]), f"{path.name} {step['id']}: say where it sits and why"


def test_graded_prompts_say_whose_terms_apply():
    for path, exercise in graded().items():
        assert re.search(r"Caporale|Lacy", exercise["prompt"]), f"{path.name}: prompt names neither author"


@pytest.mark.parametrize("path", sorted(ITEMS.glob("*.yaml")), ids=lambda p: p.stem)
def test_practice_prompts_say_whose_terms_apply(path):
    exercise = load_yaml(path)
    assert re.search(r"Caporale|Lacy", exercise["prompt"]), f"{path.name}: prompt names neither author"
