"""A small progress bar on stderr, for the instructor commands that take a while.

No dependency: one line redrawn with ``\\r``. It shows only when stderr is a terminal (or when
asked with ``show=True``), so logs, pipes and tests stay clean; ``show=False`` silences it.
"""

from __future__ import annotations

import sys
import time
from typing import IO, Iterable, Iterator, TypeVar

T = TypeVar("T")

WIDTH = 28
REDRAW_S = 0.1  # at most ten redraws a second: drawing must never slow the work down


class Progress:
    """``with Progress(total, "Grading") as bar: ... bar.advance()``, or iterate with :func:`progress`."""

    def __init__(self, total: int | None, label: str, *, show: bool | None = None,
                 stream: IO[str] | None = None) -> None:
        self.total = total
        self.label = label
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        if show is None:
            isatty = getattr(self.stream, "isatty", None)
            show = bool(isatty and isatty())
        self.show = show
        self._start = time.monotonic()
        self._last_draw = 0.0
        self.note = ""

    def __enter__(self) -> "Progress":
        self._draw(force=True)
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def advance(self, steps: int = 1, note: str = "") -> None:
        self.done += steps
        if note:
            self.note = note
        self._draw()

    def _line(self) -> str:
        elapsed = time.monotonic() - self._start
        if self.total:
            share = min(1.0, self.done / self.total)
            filled = int(round(share * WIDTH))
            bar = "#" * filled + "-" * (WIDTH - filled)
            text = f"{self.label} [{bar}] {self.done}/{self.total} {elapsed:5.1f}s"
        else:
            text = f"{self.label} ... {self.done} {elapsed:5.1f}s"
        return f"{text} {self.note}"[:100]

    def _draw(self, force: bool = False) -> None:
        if not self.show:
            return
        now = time.monotonic()
        if not force and now - self._last_draw < REDRAW_S and self.done != self.total:
            return
        self._last_draw = now
        self.stream.write("\r" + self._line().ljust(100))
        self.stream.flush()

    def close(self) -> None:
        if self.show:
            self._draw(force=True)
            self.stream.write("\n")
            self.stream.flush()
            self.show = False


def progress(items: Iterable[T], label: str, *, total: int | None = None, show: bool | None = None) -> Iterator[T]:
    """Iterate over ``items`` with a bar on stderr (shown only on a terminal unless ``show``)."""
    if total is None:
        try:
            total = len(items)  # type: ignore[arg-type]
        except TypeError:
            total = None
    with Progress(total, label, show=show) as bar:
        for item in items:
            yield item
            bar.advance()
