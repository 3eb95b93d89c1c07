"""The course glossary as data: checked, copied into released exercises, resolved for practice items.

A released problem set cannot follow a link into course/07-glossary.ipynb (a student's exchange folder
holds the problem set alone), so prompts link terms as [text](glossary:anchor): `stratkit build` copies
the definitions into the public copy (`terms`), and `stratkit.show` resolves them for a lesson's practice
item from course/glossary.yaml.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
import yaml

from stratkit.cli import main
from stratkit.content.glossary import attach_terms, check_glossary, exercise_links, load_glossary, with_terms
from stratkit.content.loading import load_exercise, validate_path
from stratkit.content.model import KEY_FIELDS, exercise_from_dict
from stratkit.instructor.build import BuildError, build_glossary, build_source
from tests.conftest import REPO

GLOSSARY = textwrap.dedent("""\
    schema_version: 1
    title: Glossary
    intro: Terms.
    groups:
      - title: Measurement
        terms:
          - anchor: pipeline
            term: Pipeline
            source: [Lacy, general]
            definition: Prospects a launch produced who may still buy.
            note: The first GTM measure Lacy lists.
          - anchor: share-of-voice
            term: Share of voice
            source: general
            definition: Your share of the talk in your category.
    """)

PICK = textwrap.dedent("""\
    schema_version: 1
    id: {id}
    kind: pick
    title: Launch review
    prompt: |
      Tick the launch figures.
      (Terms: [pipeline](glossary:pipeline), [share of voice](glossary:{second}).)
    points: 1
    scheme: net_correct
    options:
      - {{id: a, text: Demos still open, correct: true, explanation: Lacy lists pipeline.}}
      - {{id: b, text: Share of voice, correct: false, explanation: Lacy gives it to the strategy.}}
    """)


def _course(tmp_path: Path, *, second: str = "share-of-voice", glossary: str | None = GLOSSARY) -> Path:
    """A course folder: course/glossary.yaml, one practice item, one assignment with one key."""
    root = tmp_path / "course-root"
    (root / "course" / "items").mkdir(parents=True)
    if glossary is not None:
        (root / "course" / "glossary.yaml").write_text(glossary, encoding="utf-8")
    (root / "course" / "items" / "l9-review.yaml").write_text(PICK.format(id="l9-review", second=second))
    keys = root / "solutions" / "ps9-set" / "keys"
    keys.mkdir(parents=True)
    (keys / "ps9-pick.yaml").write_text(PICK.format(id="ps9-pick", second=second))
    (keys.parent / "assignment.yaml").write_text("id: ps9-set\ntitle: PS9\nintro: Intro.\nexercises: [ps9-pick]\n")
    return root


def test_the_course_glossary_is_valid_and_defines_what_the_bank_links():
    glossary, problems = check_glossary(REPO / "course" / "glossary.yaml")
    assert problems == [] and glossary is not None
    assert len(glossary.entries()) >= 40
    assert validate_path(REPO / "course") == [] and validate_path(REPO / "solutions") == []


def test_an_unknown_anchor_is_reported_at_its_line_with_the_fix(tmp_path: Path, capsys):
    root = _course(tmp_path, second="share-of-vioce")
    problems = validate_path(root)
    where = {(Path(p.path).name, p.line) for p in problems}
    # the link is on line 7 of both files (prompt: | starts on line 5)
    assert where == {("l9-review.yaml", 7), ("ps9-pick.yaml", 7)}, problems
    message = problems[0].message
    assert "glossary:share-of-vioce" in message and "does not define" in message
    assert "did you mean share-of-voice" in message and "add the term" in message
    assert main(["validate", str(root / "solutions")]) == 1
    assert "ps9-pick.yaml:7: '[share of voice]'" not in capsys.readouterr().out  # the shown text, unbracketed


def test_a_link_with_no_glossary_anywhere_is_reported(tmp_path: Path):
    root = _course(tmp_path, glossary=None)
    problems = validate_path(root / "solutions")
    assert problems and all("there is no" in p.message and "add the glossary or remove the link" in p.message
                            for p in problems)


def test_problems_in_the_glossary_itself_are_reported_once_per_problem(tmp_path: Path):
    broken = GLOSSARY.replace("anchor: share-of-voice", "anchor: pipeline").replace("source: general", "source: Bob")
    root = _course(tmp_path, glossary=broken)
    problems = validate_path(root)
    messages = [f"{Path(p.path).name}:{p.line}: {p.message}" for p in problems]
    assert any(m.startswith("glossary.yaml:12: anchor 'pipeline' is used twice (first on line 7)") for m in messages)
    assert any(m.startswith("glossary.yaml:14: term 'pipeline': source must name") for m in messages)
    assert len(messages) == 2, messages  # links wait until the glossary is fixed; nothing is said twice


def test_build_copies_definitions_into_the_public_copy_only_of_what_is_linked(tmp_path: Path):
    root = _course(tmp_path)
    glossary = load_glossary(root / "course" / "glossary.yaml")
    build_source(root / "solutions" / "ps9-set", glossary)
    public = yaml.safe_load((root / "solutions" / "ps9-set" / "ps9-pick.yaml").read_text())
    assert public["public"] is True and "correct" not in public["options"][0]
    assert public["terms"] == [
        {"anchor": "pipeline", "term": "Pipeline", "definition": "Prospects a launch produced who may still buy.",
         "source": ["Lacy", "general"]},
        {"anchor": "share-of-voice", "term": "Share of voice", "definition": "Your share of the talk in your category.",
         "source": ["general"]},
    ]
    assert "note" not in str(public["terms"]) and "first GTM measure" not in str(public)  # notes stay in the notebook
    released = load_exercise(root / "solutions" / "ps9-set" / "ps9-pick.yaml")
    assert [t.anchor for t in released.terms] == ["pipeline", "share-of-voice"]
    assert "terms" not in KEY_FIELDS  # the student needs the definitions
    assert validate_path(root / "solutions" / "ps9-set" / "ps9-pick.yaml") == []


def test_build_stops_on_an_unknown_anchor_naming_the_file_and_line(tmp_path: Path):
    root = _course(tmp_path, second="voice")
    glossary = load_glossary(root / "course" / "glossary.yaml")
    with pytest.raises(BuildError) as caught:
        build_source(root / "solutions" / "ps9-set", glossary)
    assert f"{root / 'solutions' / 'ps9-set' / 'keys' / 'ps9-pick.yaml'}:7: " in str(caught.value)
    assert not (root / "solutions" / "ps9-set" / "ps9-pick.yaml").exists()


def test_build_writes_the_glossary_notebook_and_rewrites_it_only_when_the_yaml_changes(tmp_path: Path):
    root = _course(tmp_path)
    notebook = root / "course" / "07-glossary.ipynb"
    assert build_glossary(root) == [notebook]
    text = notebook.read_text()
    assert "### Share of voice" in text and "*Lacy; general usage.* Prospects" in text
    assert "The first GTM measure Lacy lists." in text  # the note is for the notebook
    assert build_glossary(root) == []  # unchanged: not rewritten
    (root / "course" / "glossary.yaml").write_text(GLOSSARY.replace("Terms.", "All terms."))
    assert build_glossary(root) == [notebook]


def test_a_practice_item_gets_its_terms_from_the_glossary_beside_it(tmp_path: Path):
    root = _course(tmp_path)
    item = root / "course" / "items" / "l9-review.yaml"
    exercise = load_exercise(item)
    assert exercise.terms == () and exercise_links(exercise) == ["pipeline", "share-of-voice"]
    resolved = attach_terms(exercise, item)
    assert [(t.anchor, t.definition) for t in resolved.terms] == [
        ("pipeline", "Prospects a launch produced who may still buy."),
        ("share-of-voice", "Your share of the talk in your category.")]
    # no glossary, or a broken one: the exercise is shown as it is, never an error
    (root / "course" / "glossary.yaml").write_text("groups: nope\n")
    assert attach_terms(exercise, item).terms == ()
    (root / "course" / "glossary.yaml").unlink()
    assert attach_terms(exercise, item).terms == ()


def test_a_released_copy_keeps_its_own_terms(tmp_path: Path):
    root = _course(tmp_path)
    glossary = load_glossary(root / "course" / "glossary.yaml")
    exercise = with_terms(load_exercise(root / "course" / "items" / "l9-review.yaml"), glossary)
    released = exercise_from_dict({**exercise.to_dict(public=True),
                                   "terms": [{"anchor": "pipeline", "term": "P", "definition": "own"}]})
    assert [t.definition for t in attach_terms(released, root / "course" / "items" / "x.yaml").terms] == ["own"]


def test_stratkit_show_resolves_a_lessons_terms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """In a lesson (cwd course/), the practice item's widget carries the glossary definitions."""
    from stratkit.student import show as show_module

    work = tmp_path / "course"
    shutil.copytree(REPO / "course", work, ignore=shutil.ignore_patterns("stratkit-answers.json*"))
    monkeypatch.chdir(work)
    import stratkit

    stratkit.show("l5-launch-metrics")
    widget = show_module.shown["l5-launch-metrics"]
    anchors = [t.anchor for t in widget.exercise.terms]
    assert anchors == ["pipeline", "share-of-voice", "brand-health"]
    assert widget.exercise.terms[0].definition.startswith("The prospects who are in talks and may still buy")
