"""Figure 4: one click on a widget until the answer is saved, in a real kernel, through the real path.

A kernel is started with ``jupyter_client`` in a folder holding the released ``ps1-sort.yaml``, and
runs ``stratkit.show("ps1-sort")`` exactly as a student's cell does (widget displayed, notebook copy
published through a display handle). This process then plays the browser: for each change it sends
the ``comm_msg`` that the widget's front end sends when a category is chosen (the new ``answer``)
and waits until the kernel has handled it: the answer store file written (atomically, fsync'd), the
saved record sent back to the front end and the fallback ``update_display_data`` published on
iopub, the kernel idle again. That round trip, median over the measured changes, is the figure.
(The front end's own notebook save, in the browser, is not part of it.)

Inside the kernel ``ExerciseWidget.save``, ``AnswerStore.save`` and the publish call are timed too,
to show where the time goes. The store file is checked afterwards: it must hold the last change.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from common import REPO, Figure, median

TARGET_MS = 10.0
MIME = "application/vnd.stratkit.answer+json"

SETUP = r"""
import json, time
import IPython.display
import stratkit
from stratkit.student.widgets.base import ExerciseWidget
from stratkit.answers.store import AnswerStore

_bench = {"widgets": [], "save": [], "store": [], "publish": [], "fsync": []}
_display = IPython.display.display
def _capture(*objs, **kwargs):
    _bench["widgets"] += [o for o in objs if isinstance(o, ExerciseWidget)]
    return _display(*objs, **kwargs)
IPython.display.display = _capture
stratkit.show("ps1-sort")
IPython.display.display = _display
_widget = _bench["widgets"][0]

def _timed(name, function):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            _bench[name].append(time.perf_counter() - start)
    return wrapper

import os
os.fsync = _timed("fsync", os.fsync)  # this kernel only: how much of a save is the disk's
_store_save = AnswerStore.save
AnswerStore.save = lambda self, record: _timed("store", _store_save)(self, record)
_widget.publish = _timed("publish", _widget.publish)
_widget_save = _widget.save
_widget.save = _timed("save", _widget_save)
print(json.dumps({"model": _widget.model_id, "items": _widget.entries_on_screen(),
                  "categories": [c["id"] for c in _widget.spec["categories"]]}))
"""

REPORT = r"""
print(json.dumps({k: _bench[k] for k in ("save", "store", "publish", "fsync")} | {"seq": _widget.record["seq"],
                  "value": _widget.record["value"]}))
"""


def _execute(client, code: str, timeout: float = 60) -> str:
    """Run code in the kernel; return its stdout (raise on error)."""
    msg_id = client.execute(code)
    out: list[str] = []
    deadline = time.monotonic() + timeout
    while True:
        msg = client.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            out.append(content["text"])
        elif kind == "error":
            raise RuntimeError("kernel error:\n" + "\n".join(content["traceback"]))
        elif kind == "status" and content["execution_state"] == "idle":
            return "".join(out)


def _click(client, comm_id: str, answer: dict[str, str], timeout: float = 30) -> tuple[float, bool]:
    """Send one change as the widget's front end does; wait until the kernel has handled it."""
    msg = client.session.msg("comm_msg", {"comm_id": comm_id, "data": {"method": "update", "state": {"answer": answer},
                                                                      "buffer_paths": []}})
    start = time.perf_counter()
    client.shell_channel.send(msg)
    published = confirmed = False
    deadline = time.monotonic() + timeout
    while True:
        reply = client.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        if reply["parent_header"].get("msg_id") != msg["header"]["msg_id"]:
            continue
        if reply["msg_type"] == "update_display_data" and MIME in reply["content"].get("data", {}):
            published = True
        elif reply["msg_type"] == "comm_msg" and "record" in reply["content"]["data"].get("state", {}):
            confirmed = True
        elif reply["msg_type"] == "status" and reply["content"]["execution_state"] == "idle":
            return time.perf_counter() - start, published and confirmed


def measure(base: Path, changes: int = 240, warmup: int = 20, log=print) -> dict[str, object]:
    from jupyter_client.manager import start_new_kernel

    folder = base / "student"
    folder.mkdir(parents=True)
    shutil.copy(REPO / "exercises" / "ps1-planning-documents" / "ps1-sort.yaml", folder / "ps1-sort.yaml")
    env = {k: v for k, v in os.environ.items() if k != "NBGRADER_EXECUTION"}
    manager, client = start_new_kernel(kernel_name="python3", cwd=str(folder), env=env)
    try:
        shown = json.loads(_execute(client, SETUP).strip().splitlines()[-1])
        items, categories = shown["items"], shown["categories"]
        current = {item: -1 for item in items}
        times, unpublished = [], 0
        for n in range(warmup + changes):
            item = items[n % len(items)]
            current[item] = (current[item] + 1) % len(categories)  # every click is a real change
            answer = {i: categories[c] for i, c in current.items() if c >= 0}
            elapsed, published = _click(client, shown["model"], answer)
            unpublished += not published
            if n >= warmup:
                times.append(elapsed)
        inside = json.loads(_execute(client, REPORT).strip().splitlines()[-1])
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    stored = json.loads((folder / "stratkit-answers.json").read_text())["answers"]["ps1-sort"]
    if inside["seq"] != warmup + changes or stored["seq"] != inside["seq"] or stored["value"] != inside["value"]:
        raise RuntimeError(f"widget benchmark: {warmup + changes} changes sent, store holds seq {stored['seq']}, "
                           f"widget seq {inside['seq']}: changes were lost")
    if unpublished:
        raise RuntimeError(f"widget benchmark: {unpublished} changes sent no record back or published no copy")
    skip = slice(warmup, None)
    result = {"round_trip": times, "save": inside["save"][skip], "store": inside["store"][skip],
              "publish": inside["publish"][skip], "fsync": inside["fsync"][skip]}
    log(f"  widget change saved: median round trip {median(times) * 1e3:.2f} ms over {len(times)} changes")
    return result


def figure(result: dict[str, list[float]]) -> Figure:
    rt = result["round_trip"]
    ms = median(rt) * 1e3
    p90 = sorted(rt)[int(0.9 * len(rt))] * 1e3
    return Figure(
        "4", f"widget change -> answer saved in the kernel (answer file + the output copy; the front end's notebook save not included), real kernel, median of {len(rt)} changes",
        f"{ms:.2f} ms (90th percentile {p90:.2f} ms)", f"<= {TARGET_MS:.0f} ms", ms <= TARGET_MS,
        [f"round trip as the browser sees it (comm_msg sent -> kernel idle, display update received): "
         f"median {ms:.2f} ms, min {min(rt) * 1e3:.2f}, 90th percentile {p90:.2f}, max {max(rt) * 1e3:.2f}",
         f"inside the kernel: ExerciseWidget.save {median(result['save']) * 1e3:.2f} ms, of which "
         f"AnswerStore.save (lock, read, write, fsync, rename) {median(result['store']) * 1e3:.2f} ms "
         f"(its fsync alone {median(result['fsync']) * 1e3:.2f} ms, 90th percentile "
         f"{sorted(result['fsync'])[int(0.9 * len(result['fsync']))] * 1e3:.2f} ms) and the "
         f"display update {median(result['publish']) * 1e3:.2f} ms (medians)"])
