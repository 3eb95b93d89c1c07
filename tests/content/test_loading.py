"""Exercise files: every problem reported at once, as file:line: what, how to fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from stratkit.cli import main
from stratkit.content.loading import ExerciseFileError, load_exercise, validate_path
from stratkit.content.model import OrderExercise, PickExercise, SortExercise

from tests.conftest import DATA, REPO

INVALID = DATA / "invalid_exercises"


def _expected() -> list[tuple[str, int, str]]:
    rows = []
    for line in (INVALID / "EXPECTED.tsv").read_text().splitlines():
        if line and not line.startswith("#"):
            name, number, part = line.split("\t")
            rows.append((name, int(number), part))
    return rows


def test_every_broken_example_has_an_expectation():
    files = {p.name for p in INVALID.glob("*.yaml")}
    assert files == {name for name, _, _ in _expected()}
    assert len(files) >= 25


@pytest.mark.parametrize("name,line,part", _expected(), ids=[r[0] for r in _expected()])
def test_broken_file_reports_line_and_fix(name: str, line: int, part: str):
    with pytest.raises(ExerciseFileError) as caught:
        load_exercise(INVALID / name)
    messages = [str(p) for p in caught.value.problems]
    matching = [m for m in messages if part in m]
    assert matching, messages
    assert matching[0].startswith(f"{INVALID / name}:{line}: "), messages
    # each message says what is wrong, then (after a colon) what to do
    assert all(": " in m.split(": ", 1)[1] for m in messages), messages


def test_all_problems_are_reported_at_once(tmp_path: Path):
    text = (INVALID / "unknown-category.yaml").read_text().replace("points: 2", "points: 0").replace(
        "scheme: per_item", "scheme: nope")
    path = tmp_path / "unknown-category.yaml"
    path.write_text(text)
    with pytest.raises(ExerciseFileError) as caught:
        load_exercise(path)
    # the schema pass finds points <= 0; the scheme is checked with the meaning pass only when the
    # shape is right, so fixing points reveals the rest. At least the schema problems come together:
    assert len(caught.value.problems) >= 1
    text = text.replace("points: 0", "points: 2")
    path.write_text(text)
    with pytest.raises(ExerciseFileError) as caught:
        load_exercise(path)
    parts = " | ".join(str(p) for p in caught.value.problems)
    assert "scheme 'nope'" in parts and "unknown category 'gtm-plan'" in parts


def test_huge_file_is_refused_without_parsing(tmp_path: Path):
    path = tmp_path / "huge.yaml"
    path.write_text("# padding\n" * 120_000)
    with pytest.raises(ExerciseFileError, match=r"huge.yaml:1: the file is \d+ bytes, over"):
        load_exercise(path)


def test_loads_each_kind_with_ids_and_keys():
    keys = REPO / "solutions" / "ps1-planning-documents" / "keys"
    sort = load_exercise(keys / "ps1-sort.yaml")
    order = load_exercise(keys / "ps1-order.yaml")
    pick = load_exercise(keys / "ps1-pick.yaml")
    assert isinstance(sort, SortExercise) and sort.key()["s1"] == "roadmap"
    assert isinstance(order, OrderExercise) and order.prerequisites["t2"] == ("t1", "t5", "t6")
    assert isinstance(pick, PickExercise) and set(pick.correct_ids()) == {"o1", "o3", "o5", "o6"}


def test_public_copy_has_no_key_fields():
    keys = REPO / "solutions" / "ps1-planning-documents" / "keys"
    for path in keys.glob("*.yaml"):
        public = load_exercise(path).to_dict(public=True)
        fields = set(public) | {key for entry in public[{"sort": "items", "order": "steps", "pick": "options"}[
            public["kind"]]] for key in entry}
        assert fields & {"answer", "correct", "explanation", "order", "prerequisites", "claims", "why_not"} == set(), path


def test_validate_folder_passes_on_the_repository(capsys):
    assert main(["validate", str(REPO / "solutions")]) == 0
    assert validate_path(REPO / "course") == []


def test_validate_folder_fails_on_broken_examples(capsys):
    assert main(["validate", str(INVALID)]) == 1
    out = capsys.readouterr().out.splitlines()
    # one line per problem, each file:line: message
    assert len(out) >= len(_expected())
    assert all(line.startswith(str(INVALID)) and ":" in line for line in out)


def test_same_id_in_two_files_is_reported(tmp_path: Path):
    source = REPO / "solutions" / "ps1-planning-documents" / "keys" / "ps1-pick.yaml"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(source, tmp_path / "a" / "ps1-pick.yaml")
    shutil.copy(source, tmp_path / "b" / "ps1-pick.yaml")
    shutil.copy(REPO / "course" / "glossary.yaml", tmp_path / "glossary.yaml")  # the prompt links its terms
    problems = validate_path(tmp_path)
    assert len(problems) == 1 and "also used by" in problems[0].message


# --------------------------------------------------------------------------- the light loader (student kernels)

SHIPPED = sorted([*(REPO / "course" / "items").glob("*.yaml"), *(REPO / "exercises").glob("*/*.yaml"),
                  *(REPO / "solutions").glob("*/keys/*.yaml")])


def test_light_loader_reads_every_shipped_file_as_the_full_loader_does():
    from stratkit.content.loading import read_exercise

    assert len(SHIPPED) >= 40
    for path in SHIPPED:
        assert read_exercise(path) == load_exercise(path), path


@pytest.mark.parametrize("name,line,part", _expected(), ids=[r[0] for r in _expected()])
def test_light_loader_refuses_every_broken_file_with_a_line(name: str, line: int, part: str):
    from stratkit.content.loading import read_exercise

    with pytest.raises(ExerciseFileError) as caught:
        read_exercise(INVALID / name)
    first = str(caught.value.problems[0])
    assert first.startswith(f"{INVALID / name}:"), first
    assert ": " in first.split(": ", 1)[1], first  # what is wrong, then what to do


SHOW_WITHOUT_COMPILED = """
import sys
sys.modules["jsonschema"] = None  # importing it now fails, as in a browser kernel
sys.modules["yaml._yaml"] = None  # no libyaml: PyYAML falls back to pure Python
import stratkit
from stratkit.student.show import shown
stratkit.show(sys.argv[1])
assert list(shown) == ["l1-reasons-or-actions"], shown
import yaml
assert not yaml.__with_libyaml__
print("shown without", sorted(m for m in ("jsonschema", "rpds", "yaml._yaml") if sys.modules.get(m)))
"""


def test_show_needs_neither_jsonschema_nor_libyaml(tmp_path: Path):
    """A JupyterLite kernel has neither (rpds-py and libyaml have no browser build): show must not need them."""
    import subprocess
    import sys

    item = tmp_path / "items" / "l1-reasons-or-actions.yaml"
    item.parent.mkdir()
    shutil.copy(REPO / "course" / "items" / item.name, item)
    process = subprocess.run([sys.executable, "-c", SHOW_WITHOUT_COMPILED, "items/l1-reasons-or-actions.yaml"],
                             cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert process.returncode == 0, process.stdout + process.stderr
    assert "shown without []" in process.stdout, process.stdout
