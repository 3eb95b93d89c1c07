"""The Zero to JupyterHub images of docs/deployment.md, without Docker or Kubernetes.

deploy/z2jh/Dockerfile's COPY and RUN lines run, stage by stage, in a fresh virtual environment
standing in for the image's conda (``CONDA_DIR``); the build context is this working tree's files.
Checked after the student stage: stratkit imports, the widget front end is installed and enabled,
nbgrader's Assignments tab and Validate are on and its instructor tools off (front end and server),
and nbgrader reads the course id and the exchange's mount point. After the instructor stage: the
tools are on and the formgrader is pointed at ~/stratkit.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ..conftest import REPO

pytestmark = [pytest.mark.hub, pytest.mark.slow]

DOCKERFILE = REPO / "deploy" / "z2jh" / "Dockerfile"
INSTRUCTOR_TOOLS = ["@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                    "@jupyter/nbgrader:course-list"]
STUDENT_TOOLS = ["@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:validate-assignment"]


def stages(dockerfile: Path = DOCKERFILE) -> dict[str, list[tuple[str, str]]]:
    """Each stage's (instruction, arguments), continuation lines joined, comments dropped."""
    found: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] = []
    logical = re.sub(r"\\\n", " ", "\n".join(line for line in dockerfile.read_text().splitlines()
                                             if not line.lstrip().startswith("#")))
    for line in filter(None, (line.strip() for line in logical.splitlines())):
        instruction, _, rest = line.partition(" ")
        if instruction == "FROM":
            current = found.setdefault(rest.split()[-1], [])
        current.append((instruction, " ".join(rest.split())))
    return found


def _context(tmp: Path) -> Path:
    """The docker build context: this working tree's tracked and new files (what .dockerignore keeps)."""
    context = tmp / "context"
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        if (REPO / name).is_file():
            (context / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, context / name)
    return context


class Image:
    """A virtual environment playing the image: CONDA_DIR, and the image's paths mapped into tmp."""

    def __init__(self, tmp: Path) -> None:
        self.tmp, self.prefix = tmp, tmp / "conda"
        self.context = _context(tmp)
        self.home = tmp / "home" / "jovyan"
        self.home.mkdir(parents=True)
        subprocess.run([sys.executable, "-m", "venv", str(self.prefix)], check=True)
        self.paths = {"/tmp/stratkit": str(tmp / "copied" / "stratkit")}  # noqa: S108 - the image's path, mapped here

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "VIRTUAL_ENV", "PYTHON"))}
        env.update(PATH=f"{self.prefix / 'bin'}{os.pathsep}{env.get('PATH', '')}", CONDA_DIR=str(self.prefix),
                   HOME=str(self.home), NB_UID="1000", NB_GID="100", JUPYTER_PREFER_ENV_PATH="0")
        return env

    def _here(self, text: str) -> str:
        for image_path, local in self.paths.items():
            text = text.replace(image_path, local)
        return os.path.expandvars(text.replace("${CONDA_DIR}", str(self.prefix)))

    def build(self, stage: list[tuple[str, str]]) -> None:
        for instruction, arguments in stage:
            if instruction == "COPY":
                words = [w for w in shlex.split(arguments) if not w.startswith("--")]
                source, target = self.context / words[0], Path(self._here(words[1]))
                if source.is_dir():
                    shutil.copytree(source, target)
                else:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(source, target)
            elif instruction == "RUN":
                # an image layer keeps no pip cache; here pip may use the machine's
                command = self._here(arguments).replace("--no-cache-dir ", "")
                done = subprocess.run(["bash", "-euo", "pipefail", "-c", command], env=self.env, cwd=self.home,
                                      capture_output=True, text=True)
                assert done.returncode == 0, f"RUN {arguments[:80]}... failed:\n{(done.stdout + done.stderr)[-3000:]}"
            else:
                assert instruction == "FROM", f"the test does not know {instruction} (deploy/z2jh/Dockerfile)"

    def run(self, *command: str) -> str:
        done = subprocess.run(command, env=self.env, cwd=self.home, capture_output=True, text=True)
        assert done.returncode == 0, f"{' '.join(command)} failed:\n{(done.stdout + done.stderr)[-3000:]}"
        return re.sub(r"\x1b\[[0-9;]*m", "", done.stdout + done.stderr)

    def python(self, code: str) -> Any:  # noqa: ANN401 - whatever JSON the code prints
        return json.loads(self.run(str(self.prefix / "bin" / "python"), "-c", code).strip().splitlines()[-1])

    def lab_plugins(self) -> Any:  # noqa: ANN401 - {plugin: loads?}
        """Whether JupyterLab would load each nbgrader plugin, from the page configuration it serves."""
        return self.python(
            "import json\nfrom jupyterlab_server.config import get_page_config\n"
            "disabled = get_page_config([], None)['disabledExtensions']\n"
            "disabled = {k for k, v in disabled.items() if v} if isinstance(disabled, dict) else set(disabled)\n"
            f"print(json.dumps({{p: p not in disabled for p in {INSTRUCTOR_TOOLS + STUDENT_TOOLS!r}}}))")

    def server_extensions(self) -> Any:  # noqa: ANN401 - {extension: enabled?}
        return self.python(
            "import json\nfrom jupyter_server.extension.serverextension import _get_config_dir\n"
            "from jupyter_server.extension.config import ExtensionConfigManager\n"
            "from jupyter_core.paths import jupyter_config_path\n"
            "manager = ExtensionConfigManager(read_config_path=jupyter_config_path())\n"
            "found = manager.get_jpserver_extensions()\n"
            "print(json.dumps({k: v for k, v in found.items() if k.startswith('nbgrader')}))")

    def nbgrader_config(self) -> Any:  # noqa: ANN401 - {setting: value}
        return self.python(
            "import json, os\nfrom nbgrader.apps.baseapp import NbGrader\n"
            "app = NbGrader()\napp.load_config_file()\nc = app.config\n"
            "print(json.dumps({'course_id': c.CourseDirectory.get('course_id'), 'exchange': c.Exchange.get('root'),"
            " 'root': c.CourseDirectory.get('root')}))")


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Image:
    return Image(tmp_path_factory.mktemp("z2jh"))


def test_the_dockerfile_has_the_two_documented_stages() -> None:
    found = stages()
    assert list(found) == ["student", "instructor"], list(found)
    assert found["instructor"][0] == ("FROM", "student AS instructor")
    doc = (REPO / "docs" / "deployment.md").read_text()
    for target in found:
        assert f"--target {target}" in doc
    assert "deploy/requirements.txt" in " ".join(a for _, a in found["student"])


def test_student_image(image: Image) -> None:
    image.build(stages()["student"])
    assert image.python("import json, stratkit\nprint(json.dumps(callable(stratkit.show)))") is True
    listed = image.run(str(image.prefix / "bin" / "jupyter"), "labextension", "list")
    assert re.search(r"@jupyter-widgets/jupyterlab-manager v\S+ enabled OK", listed), listed
    assert re.search(r"@jupyter/nbgrader v\S+ enabled OK", listed), listed
    assert image.lab_plugins() == {**dict.fromkeys(INSTRUCTOR_TOOLS, False), **dict.fromkeys(STUDENT_TOOLS, True)}
    assert image.server_extensions() == {
        "nbgrader.server_extensions.formgrader": False, "nbgrader.server_extensions.validate_assignment": True,
        "nbgrader.server_extensions.assignment_list": True, "nbgrader.server_extensions.course_list": False}
    config = image.nbgrader_config()
    assert config["course_id"] == "stratkit" and config["exchange"] == "/srv/nbgrader/exchange", config
    # the exchange's mount point is the one the Helm values mount the shared volume at
    assert "mountPath: /srv/nbgrader/exchange" in (REPO / "docs" / "deployment.md").read_text()


def test_instructor_image(image: Image) -> None:
    if not image.python("import json, importlib.util\nprint(json.dumps(bool(importlib.util.find_spec('stratkit'))))"):
        image.build(stages()["student"])
    image.build(stages()["instructor"][1:])
    assert all(image.lab_plugins().values()), image.lab_plugins()
    assert all(image.server_extensions().values()), image.server_extensions()
    config = image.nbgrader_config()
    assert config["root"] == str(image.home / "stratkit") and config["course_id"] == "stratkit", config
