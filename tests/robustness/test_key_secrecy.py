"""The answer key of graded exercises never reaches students: not in exercises/ (the committed
release), not in a release built fresh from the keys, not in the wheel pip would install.

The secrets are every explanation text in solutions/*/keys/*.yaml, every ``sk1:`` key blob of the
hidden test cells (in the committed source notebooks and as built now), and the key fields themselves.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from stratkit.instructor.build import nbgrader_env
from stratkit.content.keyblob import PREFIX, encode_key
from stratkit.content.loading import load_exercise
from stratkit.content.model import KEY_FIELDS

from tests.conftest import REPO

SOLUTIONS = REPO / "solutions"
KEY_FILES = sorted(SOLUTIONS.glob("*/keys/*.yaml"))


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _strings(data: object):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield str(key)
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def _secrets() -> tuple[list[str], list[str]]:
    """(explanations, key blobs) of every graded exercise."""
    explanations, blobs = [], []
    for path in KEY_FILES:
        exercise = load_exercise(path)
        explanations += [_normal(e.explanation) for e in exercise.entries() if e.explanation]
        blobs.append(encode_key(exercise))
    for notebook in SOLUTIONS.glob("*/*.ipynb"):
        for text in _strings(json.loads(notebook.read_text(encoding="utf-8"))):
            blobs += re.findall(r"sk1:[A-Za-z0-9+/=]+", text)
    return explanations, sorted(set(blobs))


EXPLANATIONS, BLOBS = _secrets()


def test_there_are_secrets_to_look_for():
    assert len(KEY_FILES) >= 10 and len(EXPLANATIONS) >= 50 and len(BLOBS) >= len(KEY_FILES)
    assert all(len(e) >= 20 for e in EXPLANATIONS)


def _readable_text(path: Path, raw: bytes) -> str:
    """What a student could read in a file: every string of a notebook or YAML file, else the text."""
    text = raw.decode("utf-8", errors="replace")
    try:
        if path.suffix == ".ipynb" or path.suffix == ".json":
            return _normal(" ".join(_strings(json.loads(text)))) + " " + _normal(text)
        if path.suffix in (".yaml", ".yml"):
            return _normal(" ".join(_strings(yaml.safe_load(text)))) + " " + _normal(text)
    except (ValueError, yaml.YAMLError):
        pass
    return _normal(text)


def _leaks(files: dict[str, bytes]) -> list[str]:
    found = []
    for name, raw in files.items():
        text = _readable_text(Path(name), raw)
        if Path(name).suffix in (".ipynb", ".yaml", ".yml", ".json") and (PREFIX in text or "BEGIN HIDDEN TESTS" in text):
            found.append(f"{name}: a hidden test or key blob")
        found += [f"{name}: the key blob {blob[:24]}..." for blob in BLOBS if blob[len(PREFIX):][:40] in text]
        found += [f"{name}: explanation {e[:50]!r}" for e in EXPLANATIONS if e in text]
        if Path(name).suffix == ".yaml" and "/keys/" not in name:
            data = yaml.safe_load(raw.decode("utf-8", errors="replace")) or {}
            entries = [e for field in ("items", "steps", "options") for e in data.get(field) or []]
            fields = (set(data) | {k for e in entries if isinstance(e, dict) for k in e}) & set(KEY_FIELDS)
            if fields or data.get("public") is not True:
                found.append(f"{name}: a released exercise with key fields {sorted(fields)} or not public")
    return found


def _folder_files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_the_scanner_finds_a_planted_key(tmp_path: Path):
    """The scan itself can fail: plant one of each secret and it must be found."""
    notebook = {"cells": [{"cell_type": "code", "source": f'x = "{BLOBS[0]}"', "outputs": []}], "metadata": {}}
    planted = {
        "a.ipynb": json.dumps(notebook).encode(),
        "b/notes.txt": ("see:\n  " + EXPLANATIONS[3].replace(" ", "\n   ", 2)).encode(),
        "c/leaky.yaml": (KEY_FILES[0]).read_bytes(),
    }
    leaks = _leaks(planted)
    assert any(x.startswith("a.ipynb") for x in leaks)
    assert any(x.startswith("b/notes.txt: explanation") for x in leaks)
    assert any(x.startswith("c/leaky.yaml") and "key fields" in x for x in leaks)


def test_committed_release_holds_no_key():
    files = _folder_files(REPO / "exercises")
    assert any(name.endswith(".ipynb") for name in files) and len(files) >= 10
    assert _leaks(files) == []


@pytest.fixture(scope="module")
def fresh_course(tmp_path_factory) -> Path:
    course = tmp_path_factory.mktemp("fresh-release")
    shutil.copy(REPO / "nbgrader_config.py", course / "nbgrader_config.py")
    def built_files(folder: str, names: list[str]) -> list[str]:  # keep keys/ and assignment.yaml only
        if Path(folder).name == "keys":
            return []
        return [n for n in names if n != "keys" and n != "assignment.yaml" and Path(folder) != SOLUTIONS]

    shutil.copytree(SOLUTIONS, course / "solutions", ignore=built_files)
    (course / "course").mkdir()  # the glossary the prompts link into; its definitions go into the release
    shutil.copy(REPO / "course" / "glossary.yaml", course / "course" / "glossary.yaml")
    process = subprocess.run([sys.executable, "-m", "stratkit", "build", "--course", str(course)], cwd=course,
                             env=nbgrader_env(), capture_output=True, text=True, timeout=300)
    assert process.returncode == 0, process.stdout[-2000:] + process.stderr[-2000:]
    return course


def test_fresh_release_holds_no_key(fresh_course: Path):
    released = fresh_course / "exercises"
    files = _folder_files(released)
    assert {p.name for p in released.iterdir()} == {p.parent.parent.name for p in KEY_FILES}
    assert _leaks(files) == []
    # and the source it was made from does hold them: the build put each key in a hidden test cell
    built = "".join(p.read_text() for p in (fresh_course / "solutions").glob("*/*.ipynb"))
    assert all(encode_key(load_exercise(p)) in built for p in KEY_FILES)


def test_built_wheel_holds_no_key(tmp_path: Path):
    """pip wheel from what a clean checkout holds (tracked and new files, not ignored ones)."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=REPO, capture_output=True,
                            text=True, check=True).stdout.splitlines()
    tree = tmp_path / "tree"
    for name in listed:
        source = REPO / name
        if source.is_file() and not name.startswith("tests/"):
            (tree / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, tree / name)
    process = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"),
                              str(tree)], capture_output=True, text=True, timeout=300)
    assert process.returncode == 0, process.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("stratkit-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    assert any(name.startswith("stratkit/") and name.endswith(".py") for name in files)
    assert not [n for n in files if "solutions" in n or "/keys/" in n or n.endswith((".ipynb", ".yaml"))]
    assert _leaks(files) == []
