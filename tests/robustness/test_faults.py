"""Faults: a read-only folder, a full disk, the answer file deleted while the notebook is open, a kernel
killed in the middle of a save, and two notebooks saving at once.

In each, the student sees a warning in the widget, the answer stays in memory and in the notebook copy,
and nothing already saved is lost or corrupted.
"""

from __future__ import annotations

import html
import importlib
import json
import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import stratkit
from stratkit.answers.record import make_record
from stratkit.answers.finding import find_answer
from stratkit.answers.notebook_copy import MIME
from stratkit.answers.store import STORE_FILE, AnswerStore

from tests.robustness.conftest import is_root
from .helpers import PERFECT, record, student_folder

SHOW = importlib.import_module("stratkit.student.show")
IDS = ("ps1-sort", "ps1-order", "ps1-pick")
STAMP = "2026-01-11T10:00:00.000000Z"


def _open_notebook(folder: Path, shown) -> dict:
    """Every ps1 exercise shown, restored from a store holding the perfect answers."""
    store = AnswerStore(folder)
    for seq, (exercise_id, value) in enumerate(PERFECT.items(), 1):
        store.save(record(exercise_id, value, STAMP, seq))
    for exercise_id in IDS:
        stratkit.show(exercise_id)
    return {e: SHOW.shown[e] for e in IDS}


def _status(widget) -> str:
    return html.unescape(widget.status_text())


def _click_pick(widget) -> None:
    widget.tick("o2", "o2" not in widget.value())


def _assert_kept_in_notebook(widget, published: list) -> None:
    """The answer is in memory (widget.record) and in the notebook's copy (the last published bundle)."""
    assert widget.record is not None and widget.record["value"] == widget.value()
    bundles = [p for p in published if isinstance(p, dict) and MIME in p]
    assert bundles and bundles[-1][MIME] == widget.record


def test_read_only_folder_warns_and_keeps_the_answer(tmp_path: Path, shown, in_folder, monkeypatch):
    folder = in_folder(student_folder(tmp_path))
    widgets = _open_notebook(folder, shown)
    before = (folder / STORE_FILE).read_bytes()
    real_open = os.open

    def read_only_open(path, flags, *args, **kwargs):  # what the kernel says in a read-only folder
        if Path(path).parent == folder and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(30, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only_open)
    pick = widgets["ps1-pick"]
    _click_pick(pick)
    monkeypatch.undo()
    assert "the folder is read-only" in _status(pick) and "Saved" not in _status(pick)
    assert "Kept in this notebook" in _status(pick)
    _assert_kept_in_notebook(pick, shown)
    assert (folder / STORE_FILE).read_bytes() == before


def without_write_permission(command: list[str]) -> list[str]:
    """``command`` run so that file permissions hold for it, wherever the repository is.

    As root: still root, but with every capability dropped (``setpriv``), so the mode bits apply as to
    any user, while the clone and its virtual environment stay readable (root owns them), even inside
    a private 0700 folder, where another user could import nothing. As any other user: unchanged,
    since permissions already hold.
    """
    if is_root():
        assert shutil.which("setpriv"), "setpriv (util-linux) is needed to drop root's capabilities"
        return ["setpriv", "--inh-caps=-all", "--bounding-set=-all", "--ambient-caps=-all", "--", *command]
    return command


def test_really_read_only_folder(tmp_path: Path):
    """The same, with the kernel's real error: a folder the student cannot write to (mode 0555)."""
    try:
        _really_read_only(tmp_path)
    finally:
        for path in (tmp_path, tmp_path / "ps1-planning-documents"):
            if path.exists():
                path.chmod(0o755)  # let pytest clean up


def _really_read_only(tmp_path: Path) -> None:
    folder = student_folder(tmp_path)
    AnswerStore(folder).save(record("ps1-order", PERFECT["ps1-order"], STAMP))
    before = (folder / STORE_FILE).read_bytes()
    for path in (folder, tmp_path):
        path.chmod(0o555)  # readable, not writable, even by its owner
    script = textwrap.dedent(f"""
        import html, json, os
        os.chdir({str(folder)!r})
        from stratkit.content.loading import load_exercise
        from stratkit.answers.store import AnswerStore
        from stratkit.student.widgets import widget_for
        from stratkit.answers.finding import find_answer
        ex = load_exercise("ps1-pick.yaml")
        published = []
        w = widget_for(ex)(ex, store=AnswerStore("."), student="s", practice=False, saved=None,
                           publish=published.append)
        w.tick("o1")
        print(json.dumps({{"status": html.unescape(w.status_text()), "record": w.record,
                           "published": published[-1]["application/vnd.stratkit.answer+json"]}}))
    """)
    process = subprocess.run(without_write_permission([sys.executable, "-c", script]), capture_output=True,
                             text=True, timeout=120, env={**os.environ, "HOME": str(tmp_path)})
    assert process.returncode == 0, process.stderr[-2000:]
    result = json.loads(process.stdout.strip().splitlines()[-1])
    assert "the folder is read-only" in result["status"], result["status"]
    assert result["record"]["value"] == ["o1"] and result["published"] == result["record"]
    assert (folder / STORE_FILE).read_bytes() == before


def test_full_disk_warns_and_keeps_every_saved_answer(tmp_path: Path, shown, in_folder):
    """A real ENOSPC: the temporary file the store writes is /dev/full."""
    folder = in_folder(student_folder(tmp_path))
    widgets = _open_notebook(folder, shown)
    before = (folder / STORE_FILE).read_bytes()
    tmp = folder / f".{STORE_FILE}.{os.getpid()}.tmp"
    tmp.symlink_to("/dev/full")
    pick = widgets["ps1-pick"]
    _click_pick(pick)
    assert "the disk is full" in _status(pick) and "free some space" in _status(pick)
    _assert_kept_in_notebook(pick, shown)
    assert (folder / STORE_FILE).read_bytes() == before  # nothing saved before is lost or corrupted
    assert not tmp.is_symlink()  # the half-written temporary file was removed
    _click_pick(pick)  # space again: the next click saves
    assert "Saved" in _status(pick) and "disk" not in _status(pick)
    assert find_answer("ps1-pick", folder).record == pick.record


def test_answer_file_deleted_while_the_notebook_is_open(tmp_path: Path, shown, in_folder):
    folder = in_folder(student_folder(tmp_path))
    widgets = _open_notebook(folder, shown)
    (folder / STORE_FILE).unlink()
    order = widgets["ps1-order"]
    order.move(0, +1)
    status = _status(order)
    assert "was missing" in status and STORE_FILE in status and "Nothing from this notebook was lost" in status
    records, warning = AnswerStore(folder).read()
    assert warning is None and set(records) == set(IDS)  # all three written again, not just this one
    assert records["ps1-order"]["value"] == order.value()
    assert records["ps1-sort"]["value"] == PERFECT["ps1-sort"] and records["ps1-pick"]["value"] == PERFECT["ps1-pick"]
    _assert_kept_in_notebook(order, shown)


def test_answer_folder_deleted_while_the_notebook_is_open(tmp_path: Path, shown, in_folder):
    folder = in_folder(student_folder(tmp_path))
    widgets = _open_notebook(folder, shown)
    moved = folder.with_name("moved")
    folder.rename(moved)
    sort = widgets["ps1-sort"]
    sort.choose("s1", "strategy")
    assert "the folder no longer exists" in _status(sort)
    _assert_kept_in_notebook(sort, shown)
    assert AnswerStore(moved).get("ps1-sort")["value"] == PERFECT["ps1-sort"]  # the saved copy is intact


# --------------------------------------------------------------------------- kill -9

_WRITER = textwrap.dedent("""
    import os, sys, time
    from stratkit.answers.record import make_record
    from stratkit.answers.store import AnswerStore
    folder, name, stall = sys.argv[1], sys.argv[2], sys.argv[3] == "stall"
    if stall:  # stop inside the atomic write, after the temporary file is half written
        real_fsync = os.fsync
        def slow_fsync(fd):
            print("writing", flush=True)
            time.sleep(60)
        os.fsync = slow_fsync
    store = AnswerStore(folder)
    i = 0
    while True:
        value = [f"o{i}"]
        store.save(make_record(f"{name}-{i % 7}", "pick", value, i))
        print(f"{name}-{i % 7} {i}", flush=True)  # after save() returned: this one must survive
        i += 1
""")


def _confirmed(lines: list[str]) -> dict[str, int]:
    last: dict[str, int] = {}
    for line in lines:
        parts = line.split()
        if len(parts) == 2 and parts[1].isdigit():
            last[parts[0]] = int(parts[1])
    return last


def test_kill_9_in_the_middle_of_a_save_loses_nothing_and_is_reported(tmp_path: Path, shown, in_folder):
    folder = in_folder(student_folder(tmp_path))
    AnswerStore(folder).save(record("ps1-pick", PERFECT["ps1-pick"], STAMP))
    before = (folder / STORE_FILE).read_bytes()
    child = subprocess.Popen([sys.executable, "-c", _WRITER, str(folder), "k", "stall"], stdout=subprocess.PIPE,
                             text=True)
    assert child.stdout.readline().strip() == "writing"
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    assert (folder / STORE_FILE).read_bytes() == before  # the old file is whole
    assert list(folder.glob(f".{STORE_FILE}.*.tmp"))  # the interrupted write left its temporary file
    stratkit.show("ps1-pick")
    pick = SHOW.shown["ps1-pick"]
    status = _status(pick)
    assert "was interrupted" in status and "check them" in status  # visible after the restart
    assert set(pick.value()) == set(PERFECT["ps1-pick"])  # restored as saved
    _click_pick(pick)
    assert "interrupted" not in _status(pick)
    assert not list(folder.glob(f".{STORE_FILE}.*.tmp"))  # cleaned up by the next save


def test_random_kill_9_during_saves_never_corrupts_the_file(tmp_path: Path):
    rng = random.Random(7)
    confirmed: dict[str, int] = {}
    for round_ in range(12):
        child = subprocess.Popen([sys.executable, "-c", _WRITER, str(tmp_path), f"r{round_}", "go"],
                                 stdout=subprocess.PIPE, text=True)
        first = child.stdout.readline()  # started saving
        time.sleep(rng.uniform(0.0, 0.05))
        child.send_signal(signal.SIGKILL)
        out = first + child.stdout.read()
        child.wait(10)
        confirmed.update(_confirmed(out.splitlines()))
        data = json.loads((tmp_path / STORE_FILE).read_text())  # always whole, valid JSON
        records, warning = AnswerStore(tmp_path).read()
        assert warning is None or "interrupted" in warning
        for exercise_id, i in confirmed.items():
            assert exercise_id in data["answers"], exercise_id
            assert records[exercise_id]["seq"] >= i  # the confirmed save, or a later one
    assert len(confirmed) >= 12


# --------------------------------------------------------------------------- two notebooks at once


def _interleave(folder: str, name: str, count: int, start, log: str) -> None:
    store = AnswerStore(folder)
    start.wait()
    with open(log, "w") as handle:
        for i in range(count):
            shared = f"shared-{i % 10}"  # both processes save the same ten exercises...
            own = f"{name}-{i}"  # ...and each its own
            for exercise_id in (shared, own) if i % 2 else (own, shared):
                store.save(make_record(exercise_id, "pick", [name, str(i)], i))
            handle.write(f"{i}\n")
            handle.flush()


def test_two_notebooks_1000_interleaved_saves_of_the_same_ids_lose_nothing(tmp_path: Path):
    context = multiprocessing.get_context("fork")
    start = context.Event()
    count = 250  # 2 processes x 250 x 2 saves = 1,000 saves
    logs = [str(tmp_path / f"{n}.log") for n in ("left", "right")]
    workers = [context.Process(target=_interleave, args=(str(tmp_path), n, count, start, log))
               for n, log in zip(("left", "right"), logs)]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    records, warning = AnswerStore(tmp_path).read()
    assert warning is None
    for name in ("left", "right"):
        for i in range(count):
            assert records[f"{name}-{i}"]["value"] == [name, str(i)]
    for k in range(10):
        # the shared id holds one process's LAST save of it: an older value would be a lost update
        last = max(i for i in range(count) if i % 10 == k)
        assert records[f"shared-{k}"]["value"] in (["left", str(last)], ["right", str(last)])
    assert not list(tmp_path.glob(f".{STORE_FILE}.*.tmp"))


def test_two_notebooks_saving_while_one_is_killed(tmp_path: Path):
    survivor = subprocess.Popen([sys.executable, "-c", _WRITER, str(tmp_path), "a", "go"], stdout=subprocess.PIPE,
                                text=True)
    victim = subprocess.Popen([sys.executable, "-c", _WRITER, str(tmp_path), "b", "go"], stdout=subprocess.PIPE,
                              text=True)
    survivor.stdout.readline()
    victim.stdout.readline()
    time.sleep(0.3)
    victim.send_signal(signal.SIGKILL)  # possibly holding the lock: the kernel releases it
    victim_out = victim.stdout.read()
    victim.wait(10)
    time.sleep(0.3)
    survivor.send_signal(signal.SIGTERM)
    survivor_out = survivor.stdout.read()
    survivor.wait(10)
    confirmed = {**_confirmed(victim_out.splitlines()), **_confirmed(survivor_out.splitlines())}
    assert any(k.startswith("a-") for k in confirmed) and any(k.startswith("b-") for k in confirmed)
    records, _ = AnswerStore(tmp_path).read()
    for exercise_id, i in confirmed.items():
        assert records[exercise_id]["seq"] >= i, exercise_id
    # the survivor kept saving after the kill: the lock did not stay taken
    assert max(int(line.split()[1]) for line in survivor_out.splitlines() if line.strip()) > 20
