"""The ``stratkit`` command: one entry point over the instructor's workflow."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable, Sequence


def _validate(args: argparse.Namespace) -> int:
    from .loading import validate_path

    problems = [p for path in args.paths for p in validate_path(path)]
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    print(f"All exercise files in {', '.join(args.paths)} are valid.")
    return 0


def _build(args: argparse.Namespace) -> int:
    from .build import BuildError, build

    root = Path(args.course).resolve()
    try:
        changed = build(root, args.assignments or None, release=not args.no_release)
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    for path in changed:
        print(f"wrote {path.relative_to(root)}")
    print("Built " + ("sources and release." if not args.no_release else "sources (no release)."))
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="stratkit",
        description="Build, check and grade stratkit exercises for nbgrader courses.",
        epilog="Run 'stratkit COMMAND --help' for each command's options.")
    sub = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    commands: dict[str, Callable[[argparse.Namespace], int]] = {}

    p = sub.add_parser("validate", help="check exercise files; exits 1 on any problem",
                       description="Check exercise YAML files (a file or folders, recursively) and print every "
                                   "problem as file:line: what is wrong, how to fix it.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    commands["validate"] = _validate

    p = sub.add_parser("build", help="make solutions/ notebooks and the exercises/ release from YAML keys",
                       description="From solutions/<assignment>/assignment.yaml and keys/*.yaml, write the public "
                                   "exercise files and the source notebook, then run nbgrader generate_assignment.")
    p.add_argument("assignments", nargs="*", metavar="ASSIGNMENT", help="default: every assignment")
    p.add_argument("--course", default=".", help="course folder (default: here)")
    p.add_argument("--no-release", action="store_true", help="write the sources only")
    commands["build"] = _build

    top.set_defaults(_commands=commands)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args._commands[args.command](args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
