"""Read exercise YAML files and report every problem at once, as ``file:line: what, how to fix``.

Authors fix files faster when they see all problems in one go, each pointing at a line, than when
they fix one error, re-run, and meet the next. Two passes: the JSON Schema (shape and types), then
the checks a schema cannot express (unknown category, duplicate ids, cycles, a step missing from
the order...).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stratkit.content.model import KEY_FIELDS, SCHEMA_VERSION, SCHEMES, AnyExercise, exercise_from_dict, find_cycle

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 20  # an exercise is 4 levels deep; far more is a broken or hostile file
ASSIGNMENT_FILE = "assignment.yaml"
#: The demo's simulated misconceptions (stratkit.instructor.demo), kept beside the keys: not an exercise.
MISCONCEPTIONS_FILE = "demo-misconceptions.yaml"
FORMAT_DOC = "docs/exercise-format.md"

PathKey = tuple[Any, ...]


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ExerciseFileError(ValueError):
    """One or more problems in an exercise file; ``str()`` lists them one per line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# --------------------------------------------------------------------------- YAML with lines


def _parse_yaml(text: str, path: str) -> tuple[Any, dict[PathKey, int], list[Problem]]:
    """Parse YAML; return the data, a map from JSON path to 1-based line, and duplicate-key problems."""
    import yaml

    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    except RecursionError:
        return None, {}, [Problem(path, 1, "the YAML is nested too deeply to be an exercise: "
                                           f"write fields as in {FORMAT_DOC}")]
    except yaml.YAMLError as exc:
        # the context mark points at the start of the broken construct (an unclosed quote...)
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, {}, [Problem(path, line, f"this is not valid YAML ({what}): check indentation and quotes")]
    lines: dict[PathKey, int] = {}
    problems: list[Problem] = []
    seen_nodes: set[int] = set()
    # iterative walk: a hostile file can nest deeper than Python's recursion limit
    stack: list[tuple[Any, PathKey]] = [(root, ())] if root is not None else []
    while stack:
        node, at = stack.pop()
        if id(node) in seen_nodes or len(at) > MAX_DEPTH:
            why = ("uses YAML anchors and aliases (& and *)" if id(node) in seen_nodes
                   else f"is nested too deeply (more than {MAX_DEPTH} levels)")
            return None, lines, [Problem(path, node.start_mark.line + 1,
                                         f"the file {why}: write each value out in full, as in {FORMAT_DOC}")]
        seen_nodes.add(id(node))
        lines[at] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for key_node, value_node in node.value:
                key = key_node.value
                if key in first:
                    problems.append(Problem(path, key_node.start_mark.line + 1,
                                            f"field '{key}' appears twice (first on line {first[key]}): keep one"))
                first[key] = key_node.start_mark.line + 1
                stack.append((value_node, (*at, key)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, (*at, index)) for index, child in enumerate(node.value))
    try:  # build the data from the nodes already parsed: pure-Python YAML is slow, parse once
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:  # e.g. a !!python tag, which compose accepts and safe_load refuses
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        return None, lines, [Problem(path, line, "this YAML uses a tag stratkit does not read "
                                                 "(such as !!python/...): remove the tag and write plain text")]
    return data, lines, problems


#: The YAML reader the glossary shares: data, a map from JSON path to 1-based line, and problems.
parse_yaml_with_lines = _parse_yaml


def _line(lines: Mapping[PathKey, int], at: Iterable[Any]) -> int:
    at = tuple(at)
    while at and at not in lines:
        at = at[:-1]
    return lines.get(at, 1)


# --------------------------------------------------------------------------- schema pass


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    text = resources.files("stratkit.content").joinpath("schema/exercise-v1.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _where(at: Iterable[Any]) -> str:
    parts = [f"[{p}]" if isinstance(p, int) else f".{p}" for p in at]
    return "".join(parts).lstrip(".") or "the file"


def _schema_message(error: Any, data: Any) -> tuple[PathKey, str]:
    at = tuple(error.absolute_path)
    where = _where(at)
    v = error.validator
    if v == "required":
        missing = error.message.split("'")[1]
        return at, f"{where} is missing '{missing}': add it (see {FORMAT_DOC})"
    if v == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        allowed = ", ".join(sorted(error.schema.get("properties", {})))
        return (*at, extra[0]) if extra else at, (
            f"unknown field '{', '.join(extra)}' in {where}: remove it or fix its spelling (allowed: {allowed})")
    if v is None and isinstance(data, dict):  # a `false` sub-schema: a field of another kind
        field = next((k for k, value in data.items() if value is error.instance), at[-1] if at else "?")
        return (field,), f"field '{field}' does not belong in a {data.get('kind')} exercise: remove it"
    if v == "const" and at == ("schema_version",):
        return at, (f"schema_version is {error.instance!r} but this stratkit reads version {SCHEMA_VERSION}: "
                    f"set schema_version: {SCHEMA_VERSION} and check the file against {FORMAT_DOC}")
    if v == "enum" and at == ("kind",):
        return at, f"kind {error.instance!r} is unknown: use sort, order or pick"
    if v == "pattern":
        return at, (f"{where} {error.instance!r} is not a valid id: use 1-64 lower-case letters, digits "
                    "and dashes, starting with a letter or digit")
    if v == "exclusiveMinimum" and at == ("points",):
        return at, f"points must be more than 0 (it is {error.instance!r}): give the exercise its points"
    if v == "type":
        expected = {"string": "text", "number": "a number", "array": "a list", "object": "a mapping",
                    "boolean": "true or false"}.get(str(error.validator_value), str(error.validator_value))
        return at, (f"{where} should be {expected}, not {type(error.instance).__name__} {error.instance!r:.40}: "
                    f"write it as {expected}")
    if v == "minItems":
        return at, f"{where} has {len(error.instance)} entries: give at least {error.validator_value}"
    if v == "maxItems":
        return at, (f"{where} has {len(error.instance)} entries: keep at most {error.validator_value} "
                    "(split the exercise)")
    if v in ("minLength", "maxLength"):
        return at, f"{where} is empty or too long: write 1 to 4000 characters"
    if v == "maximum":
        return at, f"{where} is {error.instance!r}: use at most {error.validator_value}"
    return at, f"{where}: {error.message}"


def _schema_problems(data: Any, lines: Mapping[PathKey, int], path: str) -> list[Problem]:
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(_schema())
    problems = []
    for error in validator.iter_errors(data):
        at, message = _schema_message(error, data)
        problems.append(Problem(path, _line(lines, at), message))
    return problems


@lru_cache(maxsize=1)
def _shape_validator() -> Any:
    """The schema compiled to plain Python by fastjsonschema: pure Python, no compiled dependency."""
    import fastjsonschema

    return fastjsonschema.compile(_schema())


def _shape_problems(data: Any, lines: Mapping[PathKey, int], path: str) -> list[Problem]:
    """The first way ``data`` breaks the schema, found without jsonschema (see :func:`read_exercise`)."""
    import fastjsonschema

    try:
        _shape_validator()(data)
    except fastjsonschema.JsonSchemaValueException as error:
        at = tuple(int(p) if p.isdigit() else p for p in (error.path or [])[1:])
        what = error.message.split(" ", 1)[1] if " " in error.message else error.message
        return [Problem(path, _line(lines, at), f"{_where(at)} {what}: fix it as 'stratkit validate {path}' "
                                                f"explains (see {FORMAT_DOC})")]
    return []


# --------------------------------------------------------------------------- meaning pass


def _duplicates(entries: list[dict[str, Any]], what: str, field: str, lines: Mapping[PathKey, int],
                path: str) -> Iterator[Problem]:
    first: dict[object, int] = {}
    for index, entry in enumerate(entries):
        entry_id = entry.get("id")
        if entry_id in first:
            yield Problem(path, _line(lines, (field, index, "id")),
                          f"{what} id '{entry_id}' is used twice ({field}[{first[entry_id]}] and "
                          f"{field}[{index}]): give each {what} its own id")
        else:
            first[entry_id] = index


# Every check a schema cannot express, in the order an author reads the file: long, but one place.
def _meaning_problems(
        data: dict[str, Any], lines: Mapping[PathKey, int], path: str) -> list[Problem]:
    problems: list[Problem] = []

    def add(at: PathKey, message: str) -> None:
        problems.append(Problem(path, _line(lines, at), message))

    kind = data["kind"]
    public = bool(data.get("public"))
    schemes = SCHEMES[kind]
    if data["scheme"] not in schemes:
        add(("scheme",), f"scheme '{data['scheme']}' is unknown for {kind} exercises: use one of "
                         f"{', '.join(schemes)}")
    stem = Path(path).stem
    if stem != data["id"] and Path(path).suffix in (".yaml", ".yml"):
        add(("id",), f"id '{data['id']}' differs from the file name '{stem}': name the file {data['id']}.yaml")

    field = {"sort": "items", "order": "steps", "pick": "options"}[kind]
    entries = data[field]
    what = {"items": "item", "steps": "step", "options": "option"}[field]
    problems.extend(_duplicates(entries, what, field, lines, path))

    if public:
        for index, entry in enumerate(entries):
            for key_field in KEY_FIELDS:
                if key_field in entry:
                    add((field, index, key_field), f"a public exercise must not carry '{key_field}': "
                                                   "remove it (keys stay in solutions/<assignment>/keys/)")
        for key_field in ("order", "prerequisites"):
            if key_field in data:
                add((key_field,), f"a public exercise must not carry '{key_field}': remove it")
        return problems

    for index, entry in enumerate(entries):
        if not entry.get("explanation"):
            add((field, index), f"{what} '{entry.get('id')}' has no explanation: add one saying why "
                                "(students see it as feedback)")

    if kind == "sort":
        problems.extend(_duplicates(data["categories"], "category", "categories", lines, path))
        known = [c["id"] for c in data["categories"]]
        for index, item in enumerate(entries):
            if "answer" not in item:
                add((field, index), f"item '{item['id']}' has no answer: add 'answer:' with one of {', '.join(known)}")
            elif item["answer"] not in known:
                add((field, index, "answer"), f"item '{item['id']}' has unknown category '{item['answer']}': "
                                              f"use one of {', '.join(known)}")
            for category in item.get("why_not") or {}:
                if category not in known:
                    add((field, index, "why_not", category), f"item '{item['id']}' has a why_not for unknown category "
                                                             f"'{category}': use one of {', '.join(known)}")
                elif category == item.get("answer"):
                    add((field, index, "why_not", category),
                        f"item '{item['id']}' has a why_not for its own answer '{category}': remove it "
                        "(why_not explains wrong choices)")
    elif kind == "order":
        step_ids = [s["id"] for s in entries]
        has_order, has_prereq = "order" in data, "prerequisites" in data
        if has_order == has_prereq:
            add((), "an order exercise needs exactly one of 'order' (one correct sequence) or "
                    "'prerequisites' (several valid sequences): " + ("remove one" if has_order else "add one"))
        if has_order:
            order = data["order"]
            for index, step_id in enumerate(order):
                if step_id not in step_ids:
                    add(("order", index), f"order names unknown step '{step_id}': use one of {', '.join(step_ids)}")
                if order.count(step_id) > 1 and order.index(step_id) == index:
                    add(("order", index), f"step '{step_id}' appears {order.count(step_id)} times in order: keep one")
            for step_id in step_ids:
                if step_id not in order:
                    add(("order",), f"step '{step_id}' is missing from the order: put it where it belongs")
        if has_prereq:
            prereq = data["prerequisites"]
            for step_id, before in prereq.items():
                if step_id not in step_ids:
                    add(("prerequisites", step_id), f"prerequisites name unknown step '{step_id}': "
                                                    f"use one of {', '.join(step_ids)}")
                for other in before or ():
                    if other not in step_ids:
                        add(("prerequisites", step_id), f"step '{step_id}' needs unknown step '{other}': "
                                                        f"use one of {', '.join(step_ids)}")
            cycle = find_cycle({k: list(v or ()) for k, v in prereq.items()})
            if cycle:
                add(("prerequisites",), "prerequisites go round in a circle (" + " -> ".join(cycle) +
                    "): remove one of these links so some order is possible")
    elif kind == "pick":
        for index, option in enumerate(entries):
            if "correct" not in option:
                add((field, index), f"option '{option['id']}' does not say whether it is correct: "
                                    "add 'correct: true' or 'correct: false'")
        if entries and not any(o.get("correct") is True for o in entries):
            add((field,), "no option is marked 'correct: true': mark at least one")
    return problems


# --------------------------------------------------------------------------- public API


def _mapping(text: str, path: str) -> tuple[dict[str, Any] | None, dict[PathKey, int], list[Problem]]:
    """Parse the YAML text and make sure it is a mapping of fields; the shape and meaning come later."""
    data, lines, problems = _parse_yaml(text, path)
    if problems and data is None:
        return None, lines, problems
    if data is None:
        return None, lines, [Problem(path, 1, f"the file is empty: write an exercise (see {FORMAT_DOC})")]
    if not isinstance(data, dict):
        return None, lines, [Problem(path, 1, "the file should be a mapping of fields (id: ..., kind: ...), "
                                              f"not a {type(data).__name__}: see {FORMAT_DOC}")]
    return data, lines, problems


def check_text(text: str, path: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Every problem in one exercise's YAML text; the data only when there are none."""
    data, lines, problems = _mapping(text, path)
    if data is None:
        return None, problems
    schema_problems = _schema_problems(data, lines, path)
    problems += schema_problems
    if not schema_problems:
        problems += _meaning_problems(data, lines, path)
    return (data if not problems else None), problems


def check_text_light(text: str, path: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Like :func:`check_text`, with the first schema problem only, found without jsonschema."""
    data, lines, problems = _mapping(text, path)
    if data is None:
        return None, problems
    shape = _shape_problems(data, lines, path)
    problems += shape or _meaning_problems(data, lines, path)
    return (data if not problems else None), problems


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8 text, turning every way that can fail into a Problem."""
    where = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [Problem(where, 1, f"the file is {size} bytes, over the {MAX_BYTES} byte limit: "
                                            "split it into several exercises")]
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(where, 1, "no such file: check the name and folder")]
    except OSError as exc:
        return None, [Problem(where, 1, f"cannot read the file ({exc.strerror}): check its permissions")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(where, line, "the file is not UTF-8 text: save it as UTF-8 in your editor")]


def _load(path: Path, check: Callable[[str, str], tuple[dict[str, Any] | None, list[Problem]]]) -> AnyExercise:
    text, problems = read_text(path)
    if text is None:
        raise ExerciseFileError(problems)
    data, problems = check(text, str(path))
    if data is None:
        raise ExerciseFileError(problems)
    return exercise_from_dict(data)


def load_exercise(path: str | Path) -> AnyExercise:
    """Load and check one exercise file; raise :class:`ExerciseFileError` listing every problem."""
    return _load(Path(path), check_text)


def read_exercise(path: str | Path) -> AnyExercise:
    """Load an exercise file to show it: the light loader a student's kernel uses.

    ``stratkit build`` and ``stratkit validate`` check every file in full (jsonschema, every
    problem with its line). A student's kernel only needs to know the file is sound, and may run in
    a browser (JupyterLite) where jsonschema's compiled dependency and libyaml do not exist: this
    reads the YAML with pure-Python PyYAML and checks its shape with fastjsonschema (plain Python)
    and its meaning as :func:`load_exercise` does. Raises :class:`ExerciseFileError` with at least
    one problem, ``file:line: what, how to fix``.
    """
    return _load(Path(path), check_text_light)


def check_assignment_manifest(path: Path) -> list[Problem]:
    """Check an ``assignment.yaml``: its fields, and that every exercise it lists has a key file."""
    text, problems = read_text(path)
    if text is None:
        return problems
    data, lines, problems = _parse_yaml(text, str(path))
    if data is None:
        return problems or [Problem(str(path), 1, "the file is empty: give id, title, intro and exercises")]
    if not isinstance(data, dict):
        return [Problem(str(path), 1, "assignment.yaml should be a mapping with id, title, intro, exercises")]
    for field in ("id", "title", "intro", "exercises"):
        if field not in data:
            problems.append(Problem(str(path), 1, f"assignment.yaml is missing '{field}': add it"))
    if data.get("id") not in (None, path.parent.name):
        problems.append(Problem(str(path), _line(lines, ("id",)),
                                f"id '{data.get('id')}' differs from the folder name '{path.parent.name}': "
                                "make them equal"))
    exercises = data.get("exercises") or []
    if not isinstance(exercises, list):
        problems.append(Problem(str(path), _line(lines, ("exercises",)), "exercises should be a list of exercise ids"))
        exercises = []
    for index, exercise_id in enumerate(exercises):
        if not (path.parent / "keys" / f"{exercise_id}.yaml").is_file():
            problems.append(Problem(str(path), _line(lines, ("exercises", index)),
                                    f"no key file keys/{exercise_id}.yaml for exercise '{exercise_id}': create it "
                                    "or remove the id"))
    return problems


def validate_path(path: str | Path) -> list[Problem]:
    """Every problem in a file or a folder of exercise files (recursively), plus ids used twice.

    Glossary links (``[text](glossary:anchor)``) are checked against the exercise's own ``terms`` (a
    released copy) or the nearest course glossary (:func:`stratkit.content.glossary.find_glossary`).
    """
    from stratkit.content.glossary import GLOSSARY_FILE, check_glossary, find_glossary, link_problems

    root = Path(path)
    if not root.exists():
        return [Problem(str(root), 1, "no such file or folder: check the path")]
    files = [root] if root.is_file() else sorted(
        p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and ".ipynb_checkpoints" not in p.parts)
    problems: list[Problem] = []
    seen: dict[tuple[str, str], Path] = {}
    glossaries: dict[Path, set[str] | None] = {}  # anchors, or None for a glossary with problems

    def anchors_of(glossary: Path) -> set[str] | None:
        if glossary not in glossaries:
            found, glossary_problems = check_glossary(glossary)
            problems.extend(glossary_problems)  # reported once, whichever file led to the glossary
            glossaries[glossary] = found.anchors() if found else None
        return glossaries[glossary]

    for file in files:
        if file.name == ASSIGNMENT_FILE:
            problems.extend(check_assignment_manifest(file))
            continue
        if file.name == GLOSSARY_FILE:
            anchors_of(file.resolve())
            continue
        if file.name == MISCONCEPTIONS_FILE:
            continue
        try:
            exercise = load_exercise(file)
        except ExerciseFileError as exc:
            problems.extend(exc.problems)
            continue
        # the public copy of a graded exercise shares its id with its key file: count them apart
        slot = (exercise.id, "public" if exercise.public else "full")
        if slot in seen:
            problems.append(Problem(str(file), 1, f"exercise id '{exercise.id}' is also used by {seen[slot]}: "
                                                  "give each exercise its own id"))
        seen[slot] = file
        # a released copy defines its linked terms itself; a key or practice file uses the course glossary
        text, _ = read_text(file)
        if exercise.terms:
            problems.extend(link_problems(text or "", str(file), {t.anchor for t in exercise.terms},
                                          looked_for="the exercise's terms"))
            continue
        glossary = find_glossary(file)
        if glossary is None:
            problems.extend(link_problems(text or "", str(file), None))
        elif (known := anchors_of(glossary)) is not None:  # a broken glossary: its own problems come first
            problems.extend(link_problems(text or "", str(file), known, looked_for=str(glossary)))
    return sorted(problems)
