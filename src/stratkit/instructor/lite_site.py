"""Build the course as a static JupyterLite site: lessons and problem sets that run in the browser.

Why: most students of this course are not programmers. The site needs nothing installed: a static
file server (any web server, GitHub Pages, an LMS that serves uploaded folders) hands the browser
JupyterLab, a Python kernel (Pyodide, WebAssembly) and the notebooks. Answers save to the browser's
storage; the "Download for submission" button hands the student the ``.ipynb`` to submit, which
``nbgrader zip_collect`` + ``autograde`` and ``stratkit grade`` grade like any other.

Everything comes from the package registries, never a CDN: the runtime from npm (``pyodide``),
pure-Python wheels from PyPI (PyYAML built from its source without libyaml), the JupyterLite app
and kernel from PyPI. Pyodide's npm package carries no wheels, so its lock file
(``pyodide-lock.json``) is rewritten to list exactly the wheels shipped, with their hashes.

Two steps: :func:`fetch` downloads what is missing into an inputs folder (pip's and npm's caches
make a repeat quick); :func:`build_site` then works offline. What the browser needs is worked out
from the checkout: stratkit's own dependencies minus :data:`DESKTOP_ONLY`, followed through each
wheel's ``Requires-Dist``; every wheel in that closure that carries a JupyterLab extension (the
widgets' front ends: ``jupyterlab_widgets``, ``anywidget``) is installed into the site as well.
Versions: Pyodide's lock where it has a pure wheel, else ``lite/requirements.txt`` (exact pins).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass, field
from email.parser import Parser
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable
    from email.message import Message

    from packaging.requirements import Requirement

PYODIDE_VERSION = "314.0.6"  # the version jupyterlite-pyodide-kernel 0.8.6 pins (Python 3.14)
PYODIDE_NPM = f"pyodide@{PYODIDE_VERSION}"
PYODIDE_KERNEL_WHEEL = "jupyterlite-pyodide-kernel==0.8.6"
#: The browser's Python, for wheel markers (``Requires-Dist: pexpect; sys_platform != "emscripten"``).
BROWSER_MARKERS = {"sys_platform": "emscripten", "platform_system": "Emscripten", "os_name": "posix",
                   "platform_machine": "wasm32", "implementation_name": "cpython",
                   "platform_python_implementation": "CPython", "python_version": "3.14",
                   "python_full_version": "3.14.2", "extra": ""}
#: What the Pyodide kernel installs when it starts (jupyterlite/pyodide-kernel, worker.ts), besides the
#: piplite, ipykernel-stub and pyodide-kernel wheels its own JupyterLab extension carries.
KERNEL_ROOTS = ("micropip", "comm", "jedi", "ipython")
#: stratkit dependencies a student's browser never uses: the instructor's and desktop tools, and the
#: build-time validator (the student's kernel reads exercises with the light loader). filelock: the
#: answer store takes no lock in a browser (see stratkit.answers.store.LOCKING).
DESKTOP_ONLY = frozenset({"jupyterlab", "nbgrader", "pandas", "matplotlib", "jsonschema", "filelock"})
#: Front-end-only packages: their JupyterLab extension is installed into the site, their Python is not.
FRONT_END_ONLY = frozenset({"jupyterlab-widgets"})
#: Not needed at all: the classic Notebook 6 front end of ipywidgets.
NOT_NEEDED = frozenset({"widgetsnbextension"})
#: Built from source without their compiled part (the facts: libyaml has no browser build here).
PURE_SOURCE_BUILDS = {"pyyaml": {"PYYAML_FORCE_LIBYAML": "0"}}
#: Files of the npm package the site serves (no type stubs, source maps or demo pages).
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "package.json")
#: What a student gets: lesson notebooks with their practice items, and the released problem sets.
#: course/claims.csv is left out: it maps claims to graded item ids (the instructor's inventory).
COURSE_FILES = ("*.ipynb", "README.md", "items/*.yaml")
START_PAGE = "START-HERE.md"


class SiteError(RuntimeError):
    """The site cannot be built; the message says what to do."""


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


# --------------------------------------------------------------------------- wheels


@dataclass(frozen=True)
class Wheel:
    path: Path
    name: str  # canonical
    version: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()

    def metadata(self) -> Message:
        with zipfile.ZipFile(self.path) as archive:
            member = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
            return Parser().parsestr(archive.read(member).decode("utf-8"))

    def requires(self) -> list[Requirement]:
        """The wheel's requirements that apply in the browser (markers evaluated for Pyodide)."""
        from packaging.requirements import Requirement

        found = []
        for line in self.metadata().get_all("Requires-Dist") or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate(dict(BROWSER_MARKERS)):
                found.append(requirement)
        return found

    def imports(self) -> list[str]:
        """Top-level importable names (what Pyodide's ``loadPackagesFromImports`` looks for)."""
        with zipfile.ZipFile(self.path) as archive:
            names = archive.namelist()
        top = {n.split("/", 1)[0] for n in names if n.endswith(".py") and ".dist-info" not in n.split("/", 1)[0]
               and ".data" not in n.split("/", 1)[0]}
        return sorted(t[:-3] if t.endswith(".py") else t for t in top if not t.startswith("_"))

    def has_labextension(self) -> bool:
        with zipfile.ZipFile(self.path) as archive:
            return any("/share/jupyter/labextensions/" in n and n.endswith("/package.json")
                       for n in archive.namelist())


def _wheel_of(path: Path) -> Wheel:
    parts = path.name[:-len(".whl")].split("-")
    return Wheel(path, _canonical(parts[0]), parts[1])


def _pure(path: Path) -> bool:
    return path.name.endswith(("-py3-none-any.whl", "-py2.py3-none-any.whl"))


def read_pins(path: Path) -> dict[str, str]:
    """``name==version`` lines (comments and blanks ignored) from ``lite/requirements.txt``."""
    pins: dict[str, str] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!-]+)", line)
        if not match:
            raise SiteError(f"{path}:{number}: write one exact pin per line, like 'anywidget==0.11.0'")
        pins[_canonical(match.group(1))] = match.group(2)
    return pins


# --------------------------------------------------------------------------- inputs


@dataclass
class Inputs:
    """Where downloaded inputs live; ``offline`` forbids fetching anything missing."""

    root: Path
    offline: bool = False
    log: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.root = Path(self.root).resolve()

    @property
    def wheels(self) -> Path:
        return self.root / "wheels"

    @property
    def tools(self) -> Path:
        return self.root / "build-tools"

    @property
    def pyodide_tarball(self) -> Path:
        return self.root / f"pyodide-{PYODIDE_VERSION}.tgz"

    def _run(self, args: list[str], what: str, env: dict[str, str] | None = None) -> None:
        if self.offline:
            raise SiteError(f"{what} is missing from {self.root} and this build is offline: run 'make lite' "
                            "once with access to the package registries (PyPI, npm)")
        self.log.append(" ".join(args))
        process = subprocess.run(args, capture_output=True, text=True, env={**os.environ, **(env or {})}, check=False)
        if process.returncode != 0:
            tail = "\n".join(line for line in (process.stdout + process.stderr).splitlines()
                             if not line.startswith("WARNING: Location"))[-1500:]
            raise SiteError(f"could not fetch {what} ({' '.join(args[:4])} ...):\n{tail}")

    def pyodide(self) -> Path:
        if not self.pyodide_tarball.is_file():
            self.root.mkdir(parents=True, exist_ok=True)
            self._run(["npm", "pack", PYODIDE_NPM, "--pack-destination", str(self.root)], f"npm {PYODIDE_NPM}")
        return self.pyodide_tarball

    def find(self, name: str, version: str) -> Path | None:
        if not self.wheels.is_dir():
            return None
        for path in self.wheels.glob("*.whl"):
            wheel = _wheel_of(path)
            if wheel.name == _canonical(name) and wheel.version == version and _pure(path):
                return path
        return None

    def wheel(self, name: str, version: str) -> Wheel:
        """The pure-Python wheel of ``name==version``, downloaded (or built) if missing."""
        found = self.find(name, version)
        if found is None:
            self.wheels.mkdir(parents=True, exist_ok=True)
            spec = f"{name}=={version}"
            if name in PURE_SOURCE_BUILDS:
                self._run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-cache-dir", "--no-binary", name,
                           spec, "-w", str(self.wheels)], f"{spec} (built without its compiled part)",
                          env=PURE_SOURCE_BUILDS[name])
            else:
                self._run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                           "--platform", "any", "--python-version", BROWSER_MARKERS["python_version"],
                           "--implementation", "py", "--abi", "none", spec, "-d", str(self.wheels)], spec)
            found = self.find(name, version)
            if found is None:
                raise SiteError(f"{spec} has no pure-Python wheel (py3-none-any): the browser cannot run compiled "
                                "code from PyPI; drop the dependency from the browser's set (DESKTOP_ONLY) or "
                                "replace it")
        return _wheel_of(found)

    def kernel_wheel(self) -> Path:
        name, version = PYODIDE_KERNEL_WHEEL.split("==")
        found = self.find(name, version)
        if found is None:
            self.wheels.mkdir(parents=True, exist_ok=True)
            self._run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                       PYODIDE_KERNEL_WHEEL, "-d", str(self.wheels)], PYODIDE_KERNEL_WHEEL)
            found = self.find(name, version)
        if found is None:
            raise SiteError(f"pip fetched no pure wheel of {PYODIDE_KERNEL_WHEEL}: check the pin")
        return found

    def build_tools(self) -> Path:
        """setuptools and wheel, so the stratkit wheel builds without an index."""
        if not any(self.tools.glob("setuptools-*.whl")) or not any(self.tools.glob("wheel-*.whl")):
            self.tools.mkdir(parents=True, exist_ok=True)
            self._run([sys.executable, "-m", "pip", "download", "--only-binary=:all:", "setuptools>=77", "wheel",
                       "-d", str(self.tools)], "setuptools and wheel (to build stratkit's wheel)")
        return self.tools


# --------------------------------------------------------------------------- what the browser needs


def pyodide_lock(tarball: Path) -> dict[str, Any]:
    with tarfile.open(tarball) as archive:
        member = archive.extractfile("package/pyodide-lock.json")
        if member is None:
            raise SiteError(f"{tarball} holds no pyodide-lock.json: delete it and run 'make lite' again")
        data: dict[str, Any] = json.load(member)
    return data


def build_stratkit_wheel(course_root: Path, tools: Path, out: Path) -> Wheel:
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("stratkit-*.whl"):
        old.unlink()
    process = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-index", "--find-links",
                              str(tools), "-w", str(out), str(course_root)], capture_output=True, text=True,
                             check=False)
    if process.returncode != 0:
        raise SiteError(f"could not build stratkit's wheel from {course_root}:\n{process.stderr[-1500:]}")
    return _wheel_of(next(out.glob("stratkit-*.whl")))


def resolve(roots: Iterable[str], inputs: Inputs, pins: dict[str, str], lock: dict[str, Any],
            skip: frozenset[str] = frozenset()) -> dict[str, Wheel]:
    """Every wheel the browser needs for ``roots``, following ``Requires-Dist`` (browser markers).

    The version is the pin if there is one, else Pyodide's own (when its lock has a pure wheel).
    Raises :class:`SiteError` naming the package to pin, or a pin that breaks a requirement.
    """
    chosen: dict[str, Wheel] = {}
    wanted: list[tuple[str, Requirement | None, str]] = [(_canonical(r), None, "the site") for r in roots]
    checks: list[tuple[Requirement, str]] = []
    while wanted:
        name, requirement, by = wanted.pop(0)
        if requirement is not None:
            checks.append((requirement, by))
        if name in chosen or name in skip:
            continue
        version = pins.get(name)
        if version is None:
            entry = lock["packages"].get(name)
            if entry is None or not _pure(Path(entry["file_name"])):
                raise SiteError(f"{by} needs '{name}', which Pyodide does not ship as pure Python: add an exact pin "
                                f"'{name}==VERSION' of a py3-none-any wheel on PyPI to lite/requirements.txt")
            version = entry["version"]
        wheel = inputs.wheel(name, version)
        chosen[name] = wheel
        for sub in wheel.requires():
            wanted.append((_canonical(sub.name), sub, f"{name} {version}"))
    for requirement, by in checks:
        got = chosen.get(_canonical(requirement.name))
        if got is not None and requirement.specifier and not requirement.specifier.contains(got.version,
                                                                                            prereleases=True):
            raise SiteError(f"{by} needs {requirement}, but the site would ship {got.name} {got.version}: change "
                            "its pin in lite/requirements.txt")
    return chosen


def browser_roots(stratkit_wheel: Wheel) -> list[str]:
    """stratkit's own dependencies that a student's browser needs."""
    return sorted({_canonical(r.name) for r in stratkit_wheel.requires()} - DESKTOP_ONLY)


def rewrite_lock(lock: dict[str, Any], wheels: dict[str, Wheel], folder: str = "") -> dict[str, Any]:
    """Pyodide's lock, listing exactly ``wheels`` (file, hash, version, imports, dependencies).

    Pyodide's npm package ships no wheels, so every other entry would point at a missing file.
    """
    packages: dict[str, Any] = {}
    for name, wheel in sorted(wheels.items()):
        depends = sorted({_canonical(r.name) for r in wheel.requires()} & set(wheels))
        packages[name] = {"name": name, "version": wheel.version, "file_name": f"{folder}{wheel.path.name}",
                          "install_dir": "site", "sha256": wheel.sha256, "package_type": "package",
                          "imports": wheel.imports(), "depends": depends, "unvendored_tests": False}
    return {"info": dict(lock["info"]), "packages": packages}


# --------------------------------------------------------------------------- the site


def jupyterlite_config(preload: list[str]) -> dict[str, Any]:
    kernel = {
        "disablePyPIFallback": True,  # never reach for PyPI from a student's browser
        "loadPyodideOptions": {"packages": preload},  # loaded while Pyodide starts, in parallel
    }
    return {"jupyter-lite-schema-version": 0, "jupyter-config-data": {
        "appName": "stratkit course",
        "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": kernel},
        "disabledExtensions": ["@jupyterlab/apputils-extension:announcements"],
    }}


SETTINGS_OVERRIDES = {
    # every cell stays in the page: short notebooks, and the browser's Find (Ctrl+F) and screen readers
    # see every exercise, not only those scrolled into view
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    # a student's work should reach the browser's storage soon, not two minutes later; the start page
    # opens as a page to read, not as Markdown source
    "@jupyterlab/docmanager-extension:plugin": {"autosaveInterval": 20,
                                                "defaultViewers": {"markdown": "Markdown Preview"}},
    "@jupyterlab/apputils-extension:notification": {"checkForUpdates": False, "fetchNews": "false"},
}

#: JupyterLite's root page marks the site's root for every app's configuration, then goes to the app;
#: it goes to the app with the start page open instead (the configuration part stays as it is).
ROOT_IMPORT = "await import('./config-utils.js');"
ROOT_REDIRECT = "location.replace('./lab/index.html?path=' + encodeURIComponent('{start}'));"


def copy_contents(course_root: Path, start_page: Path, out: Path) -> list[str]:
    """Lessons (notebooks, README, practice items) and released problem sets, nothing else."""
    if out.exists():
        shutil.rmtree(out)
    copied: list[str] = []
    for pattern in COURSE_FILES:
        for path in sorted((course_root / "course").glob(pattern)):
            target = out / "course" / path.relative_to(course_root / "course")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            copied.append(str(target.relative_to(out)))
    released = course_root / "exercises"
    for path in sorted(released.glob("*/*")):
        if path.suffix in (".ipynb", ".yaml") and path.is_file():
            target = out / "exercises" / path.relative_to(released)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            copied.append(str(target.relative_to(out)))
    if not any(c.startswith("exercises/") for c in copied):
        raise SiteError(f"{released} holds no released problem set: run 'stratkit build' first")
    shutil.copy2(start_page, out / START_PAGE)
    return copied


@dataclass
class Site:
    path: Path
    wheels: dict[str, Wheel]
    extensions: list[Path]
    contents: list[str]


def fetch(course_root: Path, inputs: Inputs) -> None:
    """Download everything the build needs into ``inputs`` (nothing already there is fetched again)."""
    tarball = inputs.pyodide()
    inputs.kernel_wheel()
    tools = inputs.build_tools()
    with tempfile.TemporaryDirectory() as scratch:
        ours = build_stratkit_wheel(course_root, tools, Path(scratch))
        pins = read_pins(course_root / "lite" / "requirements.txt")
        lock = pyodide_lock(tarball)
        resolve([*KERNEL_ROOTS, *browser_roots(ours)], inputs, pins, lock, skip=NOT_NEEDED)


def build_site(course_root: Path, out: Path, inputs: Inputs, extra_files: dict[str, str] | None = None) -> Site:
    """Build the site into ``out`` from the checkout and the fetched inputs (no network if ``inputs.offline``).

    ``extra_files`` (path in the site -> text) adds files beside the course, e.g. a benchmark's notebook.
    """
    course_root = course_root.resolve()
    out = out.resolve()
    work = Path(tempfile.mkdtemp(prefix="stratkit-lite-"))
    try:
        lite_dir = work / "lite"
        pyodide_dir = lite_dir / "static" / "pyodide"
        pyodide_dir.mkdir(parents=True)
        tarball = inputs.pyodide()
        with tarfile.open(tarball) as archive:
            for name in PYODIDE_FILES:
                member = archive.extractfile(f"package/{name}")
                if member is None:
                    raise SiteError(f"{tarball} lacks {name}: delete it and run 'make lite' again")
                (pyodide_dir / name).write_bytes(member.read())
        lock = pyodide_lock(tarball)
        pins = read_pins(course_root / "lite" / "requirements.txt")
        ours = build_stratkit_wheel(course_root, inputs.build_tools(), work / "own")
        roots = browser_roots(ours)
        every = resolve([*KERNEL_ROOTS, *roots], inputs, pins, lock, skip=NOT_NEEDED)
        # widget front ends: any wheel of the closure with a JupyterLab extension, stratkit's own included
        extensions = [inputs.kernel_wheel(), *(w.path for w in [*every.values(), ours] if w.has_labextension())]
        shipped = {n: w for n, w in every.items() if n not in FRONT_END_ONLY}
        shipped["stratkit"] = ours
        for wheel in shipped.values():
            shutil.copy2(wheel.path, pyodide_dir / wheel.path.name)
        (pyodide_dir / "pyodide-lock.json").write_text(json.dumps(rewrite_lock(lock, shipped), indent=1) + "\n")
        (lite_dir / "jupyter-lite.json").write_text(json.dumps(jupyterlite_config(list(KERNEL_ROOTS)), indent=1))
        (lite_dir / "overrides.json").write_text(json.dumps(SETTINGS_OVERRIDES, indent=1))  # read by JupyterLite
        contents = copy_contents(course_root, course_root / "lite" / START_PAGE, work / "contents")
        for name, text in (extra_files or {}).items():
            (work / "contents" / name).parent.mkdir(parents=True, exist_ok=True)
            (work / "contents" / name).write_text(text, encoding="utf-8")
            contents.append(name)
        if out.exists():
            shutil.rmtree(out)
        args = [str(Path(sys.executable).parent / "jupyter-lite"), "build", "--lite-dir", str(lite_dir),
                "--contents", str(work / "contents"), "--output-dir", str(out), "--ignore-sys-prefix",
                "--no-sourcemaps", "--apps", "lab",
                *[f"--LiteBuildConfig.federated_extensions={p}" for p in extensions]]
        env = {**os.environ, "JUPYTERLITE_NO_LIBARCHIVE": "1"}
        process = subprocess.run(args, cwd=work, capture_output=True, text=True, env=env, check=False)
        if process.returncode != 0:
            raise SiteError(f"jupyter lite build failed:\n{(process.stdout + process.stderr)[-3000:]}")
        root_page = (out / "index.html").read_text(encoding="utf-8")
        if ROOT_IMPORT not in root_page:
            raise SiteError(f"{out / 'index.html'} is not the root page this builder knows: check the JupyterLite "
                            "version (jupyterlite-core 0.8.6 is pinned in pyproject.toml)")
        (out / "index.html").write_text(root_page.replace(ROOT_IMPORT, ROOT_REDIRECT.format(start=START_PAGE)),
                                        encoding="utf-8")
        (out / ".nojekyll").write_text("")  # GitHub Pages: serve every file as it is
        manifest = {"pyodide": PYODIDE_VERSION, "wheels": {n: w.path.name for n, w in sorted(shipped.items())},
                    "extensions": [p.name for p in extensions], "stratkit_depends": roots}
        (out / "stratkit-site.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        return Site(out, shipped, extensions, contents)
    finally:
        shutil.rmtree(work, ignore_errors=True)
