"""stratkit.show finds an exercise by id: beside the notebook (problem sets), else in items/ (lessons)."""

from __future__ import annotations

from pathlib import Path

import pytest

from stratkit.student.show import _resolve


def test_an_id_finds_a_lesson_practice_file_in_items(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert _resolve("l1-x") == (Path("l1-x.yaml"), "l1-x")  # nothing anywhere: the message names <id>.yaml
    (tmp_path / "items").mkdir()
    (tmp_path / "items" / "l1-x.yaml").write_text("id: l1-x\n", encoding="utf-8")
    assert _resolve("l1-x") == (Path("items/l1-x.yaml"), "l1-x")
    (tmp_path / "l1-x.yaml").write_text("id: l1-x\n", encoding="utf-8")
    assert _resolve("l1-x") == (Path("l1-x.yaml"), "l1-x")  # a released exercise beside the notebook wins


def test_a_path_is_taken_as_given() -> None:
    assert _resolve("items/l1-x.yaml") == (Path("items/l1-x.yaml"), "l1-x")
