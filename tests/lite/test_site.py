"""The built JupyterLite site: what it holds, what its kernel loads, and that no graded key is in it.

The site is built once per run (conftest.py), offline; the browser tests are in test_student.py.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from stratkit.instructor.lite_site import (
    DESKTOP_ONLY,
    Inputs,
    SiteError,
    Wheel,
    browser_roots,
    pyodide_lock,
    resolve,
)

from ..conftest import REPO
from .conftest import INPUTS, BuiltSite
from .secrets import leaks

pytestmark = [pytest.mark.lite, pytest.mark.slow]


def _files(site: Path) -> set[str]:
    return {str(p.relative_to(site / "files")) for p in (site / "files").rglob("*") if p.is_file()}


def test_site_holds_the_lessons_and_the_released_problem_sets_only(lite_site: BuiltSite):
    expected = {"START-HERE.md", "course/README.md"}
    expected |= {f"course/{p.name}" for p in (REPO / "course").glob("*.ipynb")}
    expected |= {f"course/items/{p.name}" for p in (REPO / "course" / "items").glob("*.yaml")}
    expected |= {str(p.relative_to(REPO)) for p in (REPO / "exercises").glob("*/*") if p.suffix in (".ipynb", ".yaml")}
    assert len(expected) >= 40
    assert _files(lite_site.path) == expected  # no solutions/, no keys/, no claims.csv, no answer file
    start = (lite_site.path / "files" / "START-HERE.md").read_text()
    assert "in this browser" in start and "Download for submission" in start
    assert "START-HERE.md" in (lite_site.path / "index.html").read_text()


def test_the_lock_lists_exactly_the_shipped_wheels(lite_site: BuiltSite):
    folder = lite_site.path / "static" / "pyodide"
    lock = json.loads((folder / "pyodide-lock.json").read_text())
    packages = lock["packages"]
    wheels = {p.name for p in folder.glob("*.whl")}
    assert {p["file_name"] for p in packages.values()} == wheels
    for name, entry in packages.items():
        assert entry["file_name"].endswith("-none-any.whl"), name  # pure Python only: no compiled code
        assert hashlib.sha256((folder / entry["file_name"]).read_bytes()).hexdigest() == entry["sha256"], name
        assert set(entry["depends"]) <= set(packages), name
    # the kernel's start-up packages, and stratkit with what it needs at run time in a browser
    assert {"micropip", "comm", "jedi", "ipython"} <= set(packages)
    assert {"ipywidgets", "pyyaml", "fastjsonschema", "anywidget"} <= set(packages["stratkit"]["depends"])
    assert {"psygnal", "typing-extensions"} <= set(packages["anywidget"]["depends"])
    assert not DESKTOP_ONLY & set(packages)  # no nbgrader, pandas, jsonschema, filelock...
    assert packages["stratkit"]["imports"] == ["stratkit"]
    with zipfile.ZipFile(folder / packages["pyyaml"]["file_name"]) as archive:  # PyYAML without libyaml
        assert not [n for n in archive.namelist() if n.endswith(".so")]


def test_widget_front_ends_are_installed_and_nothing_points_outside(lite_site: BuiltSite):
    config = json.loads((lite_site.path / "jupyter-lite.json").read_text())["jupyter-config-data"]
    extensions = {e["name"] for e in config["federated_extensions"]}
    assert {"@jupyter-widgets/jupyterlab-manager", "anywidget", "@jupyterlite/pyodide-kernel-extension"} <= extensions
    assert not any("nbgrader" in e for e in extensions)  # instructor tools stay out
    anywidget = json.loads((lite_site.path / "extensions" / "anywidget" / "package.json").read_text())
    shipped = json.loads((lite_site.path / "stratkit-site.json").read_text())["wheels"]["anywidget"]
    assert shipped == f"anywidget-{anywidget['version']}-py3-none-any.whl"  # front end and Python match
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["disablePyPIFallback"] is True and kernel["pyodideUrl"] == "./static/pyodide/pyodide.mjs"
    assert all(url.startswith("./") for url in kernel["pipliteUrls"])
    # every configuration the apps read (a schema's default, overridden here, may name the CDN)
    configs = [*lite_site.path.rglob("jupyter-lite.json"), *lite_site.path.rglob("jupyter-lite.ipynb")]
    text = "\n".join(p.read_text() for p in configs)
    assert len(configs) >= 2 and "cdn.jsdelivr.net" not in text and "pypi.org" not in text


def test_no_graded_key_in_the_site(lite_site: BuiltSite):
    assert leaks(lite_site.path) == []


def test_the_site_scanner_finds_a_planted_key(tmp_path: Path):
    """The scan can fail: copies of a few site files with one secret planted in each kind of place."""
    from .secrets import BLOBS, EXPLANATIONS, KEY_FILES

    site = tmp_path / "site"
    (site / "files" / "exercises" / "ps1").mkdir(parents=True)
    notebook = {"cells": [{"cell_type": "code", "source": f'x = "{BLOBS[0]}"', "outputs": []}], "metadata": {}}
    (site / "files" / "exercises" / "ps1" / "a.ipynb").write_text(json.dumps(notebook))
    shutil.copy(KEY_FILES[0], site / "files" / "exercises" / "ps1" / KEY_FILES[0].name)
    (site / "api").mkdir()
    (site / "api" / "all.json").write_text(json.dumps({"content": "see:\n  " + EXPLANATIONS[5]}))
    (site / "static").mkdir()
    with zipfile.ZipFile(site / "static" / "x-1.0-py3-none-any.whl", "w") as archive:
        archive.writestr("x/notes.txt", "why: " + EXPLANATIONS[9].replace(" ", "\n ", 3))
    found = leaks(site)
    assert any(f.startswith("files/exercises/ps1/a.ipynb: a key blob") for f in found), found
    assert any(f.startswith(f"files/exercises/ps1/{KEY_FILES[0].name}") and "key fields" in f for f in found), found
    assert any(f.startswith("api/all.json: explanation") for f in found), found
    assert any(f.startswith("static/x-1.0-py3-none-any.whl!x/notes.txt: explanation") for f in found), found


def test_the_browser_set_follows_the_checkout(tmp_path: Path, lite_site: BuiltSite):
    """What the site ships comes from stratkit's own Requires-Dist: a new widget dependency is picked
    up, a desktop one left out, and one the site cannot ship stops the build with one line."""
    wheel = tmp_path / "stratkit-9.9-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("stratkit-9.9.dist-info/METADATA", "Metadata-Version: 2.1\nName: stratkit\nVersion: 9.9\n"
                         "Requires-Dist: anywidget>=0.11\nRequires-Dist: nbgrader>=0.9\nRequires-Dist: pandas\n"
                         "Requires-Dist: colorama; sys_platform == 'win32'\nRequires-Dist: shiny-new-widgets\n")
    roots = browser_roots(Wheel(wheel, "stratkit", "9.9"))
    assert roots == ["anywidget", "shiny-new-widgets"]  # desktop tools and Windows-only ones left out
    lock = pyodide_lock(next(INPUTS.glob("pyodide-*.tgz")))
    with pytest.raises(SiteError) as caught:
        resolve(["shiny-new-widgets"], Inputs(INPUTS, offline=True), {}, lock)
    message = str(caught.value)
    assert "'shiny-new-widgets'" in message and "lite/requirements.txt" in message and "\n" not in message
