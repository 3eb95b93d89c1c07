"""Autograde submissions one at a time, assignments interleaved, in one nbgrader process.

``python autograde_inprocess.py ROUNDS STUDENT... -- ASSIGNMENT...`` runs in the course folder. It
loads the course's ``nbgrader_config.py`` as the ``nbgrader`` command does, then calls
``NbGraderAPI.autograde`` (the code behind ``nbgrader autograde`` and the formgrader's Autograde
button: a fresh kernel per notebook, the same preprocessors, the same gradebook) for student 1 of
every assignment, then student 2 of every assignment, and so on, rotating the assignments' order.
Each submission's wall and CPU seconds (this process and the kernels it started) are printed as
JSON. nbgrader's start-up is paid once, before the first submission, and is not in any figure.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time


def _cpu() -> float:
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def main(argv: list[str]) -> None:
    rounds = int(argv[0])
    split = argv.index("--")
    students, assignments = argv[1:split], argv[split + 1:]
    os.environ.pop("NBGRADER_EXECUTION", None)
    from nbgrader.apps import NbGraderAPI, NbGraderApp

    app = NbGraderApp()
    app.initialize([])  # reads ./nbgrader_config.py, as the command line does
    api = NbGraderAPI(config=app.config)

    def one(assignment: str, student: str) -> tuple[float, float]:
        cpu, start = _cpu(), time.perf_counter()
        result = api.autograde(assignment, student, force=True, create=True)
        wall, cpu = time.perf_counter() - start, _cpu() - cpu
        if not result["success"]:
            raise SystemExit(f"autograde {assignment} {student} failed:\n{result['log'][-3000:]}")
        return wall, cpu

    for assignment in assignments:  # warm-up: first kernel start, first imports; not counted
        one(assignment, students[0])
    out: dict[str, dict[str, list[float]]] = {a: {"wall": [], "cpu": []} for a in assignments}
    turn = 0
    for _ in range(rounds):
        for student in students:
            order = assignments[turn % len(assignments):] + assignments[:turn % len(assignments)]
            turn += 1
            for assignment in order:
                wall, cpu = one(assignment, student)
                out[assignment]["wall"].append(wall)
                out[assignment]["cpu"].append(cpu)
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
