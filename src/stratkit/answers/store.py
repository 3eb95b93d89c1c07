"""The answer store: one JSON file in the notebook's folder holding each exercise's latest answer.

Why a file beside the notebook: it survives kernel restarts, page reloads and closing the
notebook, and nbgrader copies it along with a submitted folder. Writes are atomic (temporary file,
then rename) under a file lock, so two notebooks saving at once in one folder never lose each
other's answers, and a kernel killed mid-save leaves the previous file intact.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stratkit.answers.record import AnswerRecord, is_record, newest

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

STORE_FILE = "stratkit-answers.json"
LOCK_FILE = ".stratkit-answers.json.lock"
FORMAT = "stratkit-answers"
VERSION = 1
LOCK_TIMEOUT_S = 10.0
#: An honest answer file holds a few kilobytes per exercise; anything near this is not one.
MAX_STORE_BYTES = 16 * 1024 * 1024
_TMP_PATTERN = f".{STORE_FILE}.*.tmp"
#: In a browser (JupyterLite's Pyodide kernel) there is no OS lock: filelock falls back to a lock
#: *file*, and a page reloaded mid-save (which kills the kernel) would leave it behind, so every later
#: save would wait and fail. There one person clicks in one page, saves take milliseconds, writes stay
#: atomic (temporary file, then rename) and the notebook keeps a second copy of every answer: no lock.
LOCKING = sys.platform != "emscripten"


class StoreError(Exception):
    """A save or read that failed for a reason the student can act on; the message says how."""


def _pairs_hook(duplicates: list[str]) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    """A JSON object hook that keeps the newest of records saved twice under one id (a hand merge)."""

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out and (is_record(out[key], key) or is_record(value, key)):
                duplicates.append(key)
                best = newest([out[key], value], key)
                out[key] = best if best is not None else value
            else:
                out[key] = value
        return out

    return hook


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process: alive
    return True


class AnswerStore:
    """The answers saved in one folder. Every method re-reads the file: another notebook may write."""

    def __init__(self, folder: str | os.PathLike[str] = ".") -> None:
        self.folder = Path(folder)
        self.path = self.folder / STORE_FILE
        self._lock_path = self.folder / LOCK_FILE
        self._quarantined: set[tuple[int, int]] = set()
        self.last_ignored: list[str] = []  # ids whose saved record the last read() ignored as malformed

    # ------------------------------------------------------------------ reading

    def _read_raw(self) -> tuple[dict[str, Any], str | None]:
        """The file's ``answers`` mapping (raw), and a message if the file had to be set aside."""
        try:
            size = self.path.stat().st_size
            if size > MAX_STORE_BYTES:
                return {}, self._set_aside(f"is {size} bytes, far more than an answer file holds")
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}, None
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot read saved answers ({exc.strerror}): check the file's "
                             "permissions") from None
        duplicates: list[str] = []
        try:
            # utf-8-sig: an editor may have added a byte-order mark. ValueError also covers a number
            # too long to convert; RecursionError a file nested too deep. Both are damage, not answers.
            data = json.loads(raw.decode("utf-8-sig"), object_pairs_hook=_pairs_hook(duplicates))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return {}, self._set_aside("is damaged (not valid JSON)")
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("answers"), dict):
            return {}, self._set_aside("is not a stratkit answer file")
        version = data.get("version")
        if type(version) is int and version > VERSION:
            raise StoreError(f"{self.path} was written by a newer stratkit (format version {version}): "
                             "upgrade stratkit with 'pip install -U stratkit'; the file was left as it is")
        warning = None
        if duplicates:
            warning = (f"{self.path} lists the answer to {', '.join(sorted(set(duplicates)))} more than once "
                       "(edited by hand?): stratkit uses the newest; change the answer again to tidy the file")
        return data["answers"], warning

    def _set_aside(self, why: str) -> str:
        """Keep a copy of a bad file (once per version of it) and say where it went."""
        try:
            stat = self.path.stat()
        except OSError:  # gone since we looked: nothing to keep
            return f"{self.path} {why} and has since disappeared; stratkit starts a fresh file."
        marker = (stat.st_mtime_ns, stat.st_size)
        copy = self.path.with_name(f"{STORE_FILE}.bad-{stat.st_mtime_ns}")
        if marker not in self._quarantined and not copy.exists():
            try:
                shutil.copy2(self.path, copy)
            except OSError:
                copy = self.path
        self._quarantined.add(marker)
        return (f"{self.path} {why}; a copy was kept as {copy.name} and stratkit starts a fresh file. "
                "Answers still in this notebook are kept: ask your instructor if some are missing.")

    def read(self) -> tuple[dict[str, AnswerRecord], str | None]:
        """All well-formed records by exercise id, and a warning to show if the file was bad."""
        raw, warning = self._read_raw()
        records = {k: v for k, v in raw.items() if is_record(v, k)}
        self.last_ignored = [k for k in raw if k not in records]
        if warning is None and self.interrupted_saves():
            warning = (f"a save to {self.path} was interrupted (the kernel stopped while saving): the answers "
                       "shown are the last ones saved; check them and click again where one is missing")
        return records, warning

    def interrupted_saves(self) -> list[Path]:
        """Temporary files left by a process that died while saving (kill -9, a crashed kernel)."""
        stale = []
        try:
            candidates = list(self.folder.glob(_TMP_PATTERN))
        except OSError:
            return []
        for tmp in candidates:
            pid = tmp.name[len(f".{STORE_FILE}."):-len(".tmp")]
            if pid.isdigit() and int(pid) != os.getpid() and not _pid_alive(int(pid)):
                stale.append(tmp)
        return stale

    def get(self, exercise_id: str) -> AnswerRecord | None:
        records, _ = self.read()
        return records.get(exercise_id)

    # ------------------------------------------------------------------ writing

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the file lock that keeps two notebooks' saves apart; none in a browser (see ``LOCKING``)."""
        if not LOCKING:
            yield
            return
        from filelock import FileLock, Timeout

        try:
            with FileLock(str(self._lock_path), timeout=LOCK_TIMEOUT_S):
                yield
        except Timeout:
            raise StoreError(f"{self.path}: another notebook held the answer file for {LOCK_TIMEOUT_S:.0f} s; "
                             "your answer is kept in this notebook: change it again in a moment") from None

    def save(self, record: AnswerRecord) -> str | None:
        """Save one exercise's record, keeping every other exercise's; return a warning, if any."""
        if not self.folder.is_dir():  # moved or deleted: never create it again where the notebook is not
            raise StoreError(self._explain(OSError(errno.ENOENT, os.strerror(errno.ENOENT))))
        try:
            with self._locked():
                answers, warning = self._read_raw()
                answers = dict(answers)
                answers[record["exercise"]] = record
                self._write({"format": FORMAT, "version": VERSION, "answers": answers})
                for tmp in self.interrupted_saves():  # this save supersedes them
                    with contextlib.suppress(OSError):
                        tmp.unlink()
                return warning
        except OSError as exc:
            raise StoreError(self._explain(exc)) from None

    def _write(self, data: dict[str, Any]) -> None:
        tmp = self.folder / f".{STORE_FILE}.{os.getpid()}.tmp"
        try:
            with tmp.open("w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False, indent=1, sort_keys=True)
                handle.flush()
                os.fsync(handle.fileno())
            tmp.replace(self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise

    def _explain(self, exc: OSError) -> str:
        kept = "your answer is kept in this notebook: save the notebook (Ctrl+S)"
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return (f"cannot save to {self.folder.resolve()}: the folder is read-only; {kept} and move it to a "
                    "folder you can write to")
        if exc.errno == errno.ENOSPC:
            return f"cannot save to {self.folder.resolve()}: the disk is full; {kept} and free some space"
        if exc.errno == errno.ENOENT:
            return f"cannot save to {self.folder}: the folder no longer exists; {kept} and reopen it from its new place"
        return f"cannot save to {self.path} ({exc.strerror}); {kept}"
