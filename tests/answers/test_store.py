"""The answer store: atomic, locked, and never crashing on a bad file."""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
from pathlib import Path

import pytest

from stratkit.answers.record import make_record, newest
from stratkit.answers.store import LOCK_FILE, STORE_FILE, AnswerStore, StoreError


def test_round_trip_keeps_every_exercise(tmp_path: Path):
    store = AnswerStore(tmp_path)
    store.save(make_record("a", "pick", ["o1"], 1))
    store.save(make_record("b", "order", ["x", "y"], 1))
    store.save(make_record("a", "pick", ["o2"], 2))
    records, warning = store.read()
    assert warning is None
    assert records["a"]["value"] == ["o2"] and records["b"]["value"] == ["x", "y"]
    data = json.loads((tmp_path / STORE_FILE).read_text())
    assert data["format"] == "stratkit-answers" and data["version"] == 1


@pytest.mark.parametrize("content,why", [
    (b"{\"format\": \"stratkit-answers\", \"answ", "damaged"),
    (b"\xff\xfe\x00garbage", "damaged"),
    (b"[1, 2, 3]", "not a stratkit answer file"),
    (b"{\"hello\": \"world\"}", "not a stratkit answer file"),
])
def test_bad_file_is_set_aside_with_a_message(tmp_path: Path, content: bytes, why: str):
    (tmp_path / STORE_FILE).write_bytes(content)
    store = AnswerStore(tmp_path)
    records, warning = store.read()
    assert records == {}
    assert warning is not None and why in warning and "copy was kept" in warning
    copies = list(tmp_path.glob(f"{STORE_FILE}.bad-*"))
    assert len(copies) == 1 and copies[0].read_bytes() == content
    store.save(make_record("a", "pick", ["o1"], 1))
    assert store.get("a")["value"] == ["o1"]
    assert copies[0].read_bytes() == content  # the bad copy survives the fresh save


def test_file_from_a_newer_stratkit_is_left_alone(tmp_path: Path):
    original = json.dumps({"format": "stratkit-answers", "version": 99, "answers": {}})
    (tmp_path / STORE_FILE).write_text(original)
    with pytest.raises(StoreError, match="newer stratkit"):
        AnswerStore(tmp_path).save(make_record("a", "pick", [], 1))
    assert (tmp_path / STORE_FILE).read_text() == original


def test_malformed_records_are_ignored_but_kept(tmp_path: Path):
    data = {"format": "stratkit-answers", "version": 1,
            "answers": {"x": {"exercise": "x", "kind": "pick"}, "y": "nonsense"}}
    (tmp_path / STORE_FILE).write_text(json.dumps(data))
    store = AnswerStore(tmp_path)
    assert store.read()[0] == {}
    store.save(make_record("a", "pick", ["o1"], 1))
    raw = json.loads((tmp_path / STORE_FILE).read_text())["answers"]
    assert raw["y"] == "nonsense" and raw["a"]["value"] == ["o1"]


@pytest.mark.parametrize("code,words", [(errno.EROFS, "read-only"), (errno.EACCES, "read-only"),
                                        (errno.ENOSPC, "disk is full")])
def test_write_failure_says_what_to_do_and_keeps_the_old_file(tmp_path: Path, monkeypatch, code, words):
    store = AnswerStore(tmp_path)
    store.save(make_record("a", "pick", ["o1"], 1))
    before = (tmp_path / STORE_FILE).read_bytes()

    def failing_replace(src, dst):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(StoreError, match=words) as caught:
        store.save(make_record("a", "pick", ["o2"], 2))
    assert "kept in this notebook" in str(caught.value)
    monkeypatch.undo()
    assert (tmp_path / STORE_FILE).read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind


def test_newest_record_wins_and_junk_is_ignored():
    old = make_record("a", "pick", ["o1"], 1)
    new = make_record("a", "pick", ["o2"], 2)
    assert newest([new, old, {"exercise": "a"}, None, "x"], "a") is new
    same_time = dict(old, seq=5)
    assert newest([old, same_time], "a") is same_time


def _hammer(folder: str, prefix: str, count: int) -> None:
    store = AnswerStore(folder)
    for i in range(count):
        store.save(make_record(f"{prefix}-{i}", "pick", [f"o{i}"], i))


def test_two_processes_interleaving_1000_saves_lose_nothing(tmp_path: Path):
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_hammer, args=(str(tmp_path), name, 500)) for name in ("left", "right")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    records, warning = AnswerStore(tmp_path).read()
    assert warning is None
    expected = {f"{side}-{i}" for side in ("left", "right") for i in range(500)}
    assert set(records) == expected
    assert all(records[f"left-{i}"]["value"] == [f"o{i}"] for i in range(500))


def test_in_a_browser_saves_need_no_lock_file(tmp_path: Path, monkeypatch):
    """JupyterLite (sys.platform 'emscripten') has no OS lock; a lock *file* left by a page reloaded
    mid-save would block every later save, so there the store saves without one (and without filelock)."""
    import sys

    import stratkit.answers.store as store_module

    monkeypatch.setattr(store_module, "LOCKING", False)
    monkeypatch.setitem(sys.modules, "filelock", None)  # not shipped in the browser: importing it fails
    store = AnswerStore(tmp_path)
    for seq in (1, 2, 3):  # every save after the first is where a left-behind lock file would block
        assert store.save(make_record("ps1-pick", "pick", ["o1"] * seq, seq)) is None
    assert store.get("ps1-pick")["value"] == ["o1", "o1", "o1"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [STORE_FILE]


def test_on_a_desktop_saves_take_the_lock(tmp_path: Path):
    import stratkit.answers.store as store_module

    assert store_module.LOCKING  # this test runs on Linux, where filelock's OS lock works
    AnswerStore(tmp_path).save(make_record("ps1-pick", "pick", ["o1"], 1))
    assert (tmp_path / LOCK_FILE).exists()  # filelock's lock file (the OS lock on it is released)
