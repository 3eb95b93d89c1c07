"""Run docs/instructor-guide.md as written: its ```bash blocks in order, in a throw-away course and home.

The guide marks what a test cannot do itself (HTML comments, invisible when rendered):

* ``<!-- test: skip (...) -->`` right before a block: not run (cloning, opening JupyterLab);
* ``<!-- test: each-student GROUP -->`` right before a block: run once per trial student of GROUP,
  with the guide's example id ``alice`` replaced by theirs;
* ``<!-- test: hook NAME -->`` anywhere: the test plays a person there (students clicking, the LMS
  download, a grader in formgrader) by calling ``hooks[NAME]``.

Every other block runs with ``bash -euo pipefail`` in the course folder, ``HOME`` a fresh folder and
the test's Python environment first on ``PATH`` (``stratkit`` and ``nbgrader`` as after ``source
.venv/bin/activate``). A block that fails stops the run with its output.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from tests.conftest import REPO

GUIDE = REPO / "docs" / "instructor-guide.md"
EXAMPLE_STUDENT = "alice"
_MARKER = re.compile(r"^<!--\s*test:\s*(.*?)\s*(?:-->)?$")


@dataclass(frozen=True)
class Block:
    text: str
    line: int  # 1-based line of the opening fence
    marker: str  # "" or "skip ..." or "each-student GROUP"


@dataclass(frozen=True)
class Hook:
    name: str
    line: int


def read_guide(path: Path = GUIDE) -> list[Block | Hook]:
    """The guide's bash blocks and hooks, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    events: list[Block | Hook] = []
    i = 0
    pending = ""  # a block marker on the line before a fence
    while i < len(lines):
        line = lines[i].strip()
        match = _MARKER.match(line)
        if match:
            what = match.group(1)
            if what.startswith("hook "):
                events.append(Hook(what.split()[1], i + 1))
                pending = ""
            else:
                pending = what
            i += 1
            continue
        if line.startswith("```"):
            language = line[3:].strip()
            start = i
            i += 1
            body = []
            while i < len(lines) and not lines[i].strip().startswith("```"):
                body.append(lines[i])
                i += 1
            if language == "bash":
                events.append(Block("\n".join(body) + "\n", start + 1, pending))
            pending = ""
            i += 1
            continue
        if line:
            pending = ""
        i += 1
    return events


@dataclass
class Run:
    """A run of the guide: where it happened and what each command printed."""

    course: Path
    home: Path
    env: dict[str, str]
    outputs: list[tuple[Block, str, str]] = field(default_factory=list)  # (block, student or "", output)
    skipped: list[Block] = field(default_factory=list)
    hooks_run: list[str] = field(default_factory=list)

    def output_of(self, first_words: str) -> str:
        """The output of the block whose command starts with ``first_words`` (the last one, if several)."""
        found = [out for block, _, out in self.outputs if block.text.lstrip().startswith(first_words)]
        assert found, f"no block of the guide starts with {first_words!r}"
        return found[-1]


def copy_course(target: Path) -> Path:
    """A fresh course folder: the repository's tracked files as they are in the working tree (a clone)."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = REPO / name
        if source.is_file():
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)
    return target


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("JUPYTER", "NBGRADER", "PYTEST", "VIRTUAL_ENV", "PYTHON"))}
    env.update(HOME=str(home), LANG="C.UTF-8", LC_ALL="C.UTF-8",
               PATH=str(Path(sys.executable).parent) + os.pathsep + "/usr/local/bin:/usr/bin:/bin")
    return env


def run_guide(workdir: Path, hooks: dict[str, Callable[["Run"], None]], groups: dict[str, list[str]],
              events: list[Block | Hook] | None = None) -> Run:
    course = copy_course(workdir / "my-course")
    home = workdir / "home"
    home.mkdir()
    run = Run(course, home, environment(home))
    for event in events if events is not None else read_guide():
        if isinstance(event, Hook):
            assert event.name in hooks, f"docs/instructor-guide.md:{event.line}: the test has no hook {event.name!r}"
            hooks[event.name](run)
            run.hooks_run.append(event.name)
        elif event.marker.startswith("skip"):
            run.skipped.append(event)
        elif event.marker.startswith("each-student"):
            group = event.marker.split()[1]
            assert EXAMPLE_STUDENT in event.text, f"docs/instructor-guide.md:{event.line}: no '{EXAMPLE_STUDENT}'"
            for student in groups[group]:
                _run_block(run, event, event.text.replace(EXAMPLE_STUDENT, student), student)
        else:
            _run_block(run, event, event.text, "")
    return run


def _run_block(run: Run, block: Block, text: str, student: str) -> None:
    process = subprocess.run(["bash", "-euo", "pipefail", "-c", text], cwd=run.course, env=run.env,
                             capture_output=True, text=True, timeout=900)
    output = process.stdout + process.stderr
    assert process.returncode == 0, (f"docs/instructor-guide.md:{block.line} failed"
                                     f"{f' for {student}' if student else ''} (exit {process.returncode}):\n"
                                     f"{text}\n--- output ---\n{output[-4000:]}")
    run.outputs.append((block, student, output))


def wait_for_next_second(after: float) -> None:
    """Until the clock's whole second is past ``after``'s (a condition on the clock, checked, not assumed)."""
    deadline = time.monotonic() + 10
    while int(time.time()) <= int(after):
        assert time.monotonic() < deadline, "the clock did not move on"
        time.sleep(0.05)


def blocks(events: list[Block | Hook]) -> Iterator[Block]:
    return (e for e in events if isinstance(e, Block))
