"""The server side of the hub test, as root: a folder everyone can read, Linux accounts, the doc's
root blocks, the hub process, and probes run as each student (what can they read?).

Everything made here is removed afterwards; accounts left by a killed run are recognised by a
marker file in their home and removed at the next run, and no other account is ever touched.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..conftest import REPO
from . import docblocks

CLEAN_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
MARKER = ".stratkit-hub-test"  # in each account's home: made by this test, safe to remove
SYSTEM_PYTHON = "/usr/bin/python3"  # readable by every user (a venv or pyenv under /root is not)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def needs_root_message() -> str | None:
    """None when the test can run; else the one line that says what it needs."""
    if os.geteuid() != 0:
        return ("the hub test needs root: it creates Linux users for an instructor and three students, removed "
                "afterwards (CI runs as root); run: sudo .venv/bin/python -m pytest -m hub")
    for tool in ("useradd", "userdel", "groupadd", "groupdel", "chpasswd", "git", "npm", "node"):
        if not shutil.which(tool, path=CLEAN_PATH):
            return f"the hub test needs '{tool}' on {CLEAN_PATH}: apt-get install passwd git nodejs npm"
    if subprocess.run([SYSTEM_PYTHON, "-c", "import venv, ensurepip"], capture_output=True).returncode:
        return f"the hub test needs {SYSTEM_PYTHON} with venv: apt-get install python3-venv"
    return None


@dataclass
class Machine:
    """The shared folder and the accounts of one hub test run."""

    instructor: str
    students: list[str]
    student_group: str
    instructor_group: str
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="stratkit-hub-", dir="/tmp")))
    passwords: dict[str, str] = field(default_factory=dict)
    hub: subprocess.Popen[bytes] | None = None
    log_dir: Path = REPO / "build" / "hub-test"

    def __post_init__(self) -> None:
        self.root.chmod(0o755)  # mkdtemp makes it 0700: no one else could reach the shared environment
        self.log_dir.mkdir(parents=True, exist_ok=True)
        for name in self.people:
            self.passwords[name] = "pw-" + os.urandom(9).hex()

    @property
    def people(self) -> list[str]:
        return [self.instructor, *self.students]

    @property
    def settings(self) -> dict[str, str]:
        """The doc's settings, with this run's values."""
        return {
            "STRATKIT_SRC": str(self.root / "stratkit-src"),
            "STRATKIT_ENV": str(self.root / "opt" / "stratkit"),
            "EXCHANGE": str(self.root / "srv" / "nbgrader" / "exchange"),
            "HUB_DIR": str(self.root / "srv" / "jupyterhub"),
            "STUDENT_GROUP": self.student_group,
            "INSTRUCTOR_GROUP": self.instructor_group,
            "INSTRUCTOR": self.instructor,
            "STUDENTS": " ".join(self.students),
            "PASSWORDS": str(self.root / "class-passwords.txt"),
        }

    def path(self, name: str) -> Path:
        return Path(self.settings[name])

    @staticmethod
    def home(user: str) -> Path:
        return Path(pwd.getpwnam(user).pw_dir)

    # before: the repository as a course and package source, stale accounts --------------
    def remove_stale_accounts(self) -> None:
        for name in self.people:
            try:
                home = self.home(name)
            except KeyError:
                continue
            assert (home / MARKER).exists(), (
                f"a Linux user '{name}' already exists and was not made by this test: "
                "remove it or rename the test's users")
            self._remove_account(name)

    def snapshot_repository(self) -> Path:
        """The working tree (tracked and new files, as they are now) as a git repository everyone can read.

        It is both ``STRATKIT_SRC`` (the package the doc installs) and, cloned bare and owned by the
        instructor, the course repository the instructor clones (git refuses a repository owned by
        someone else).
        """
        src = self.path("STRATKIT_SRC")
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                                capture_output=True, check=True).stdout.decode().split("\0")
        for name in filter(None, listed):
            if (REPO / name).is_file():
                (src / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(REPO / name, src / name)
        git = ["git", "-c", "user.name=stratkit hub test", "-c", "user.email=hub-test@localhost"]
        subprocess.run([*git, "init", "--quiet", "--initial-branch=main"], cwd=src, check=True)
        subprocess.run([*git, "add", "--all"], cwd=src, check=True)
        subprocess.run([*git, "commit", "--quiet", "-m", "the course as tested"], cwd=src, check=True)
        return src

    def course_repository(self) -> Path:
        bare = self.root / "course.git"
        subprocess.run(["git", "clone", "--quiet", "--bare", str(self.path("STRATKIT_SRC")), str(bare)], check=True)
        owner = pwd.getpwnam(self.instructor)
        for path in [bare, *bare.rglob("*")]:
            os.chown(path, owner.pw_uid, owner.pw_gid, follow_symlinks=False)
        return bare

    def write_passwords(self) -> None:
        file = self.path("PASSWORDS")
        file.write_text("".join(f"{n}:{p}\n" for n, p in self.passwords.items()))
        file.chmod(0o600)

    def mark_accounts(self) -> None:
        for name in self.people:
            (self.home(name) / MARKER).touch()

    # the doc's root blocks ------------------------------------------------------------
    def run_root_block(self, label: str) -> str:
        """Run the doc's block ``hub:LABEL`` as root after the settings, in a clean environment."""
        block = docblocks.labelled(label)
        script = "set -euo pipefail\n" + docblocks.settings_script(self.settings) + block.text + "\n"
        log = self.log_dir / f"{label.replace('/', '-')}.log"
        process = subprocess.run(["bash", "-c", script], cwd=self.root, env=self._root_env(), capture_output=True,
                                 text=True)
        log.write_text(process.stdout + process.stderr)
        assert process.returncode == 0, (
            f"docs/deployment.md hub:{label} (line {block.line}) failed with status {process.returncode}:\n"
            f"{(process.stdout + process.stderr)[-3000:]}")
        return process.stdout + process.stderr

    def _root_env(self) -> dict[str, str]:
        env = {"PATH": CLEAN_PATH, "HOME": "/root", "LANG": "C.UTF-8", "npm_config_prefer_offline": "true"}
        for name in ("PIP_FIND_LINKS", "PIP_CERT", "PIP_DEFAULT_TIMEOUT", "PIP_DISABLE_PIP_VERSION_CHECK",
                     "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "npm_config_registry", "NODE_EXTRA_CA_CERTS"):
            if name in os.environ:
                env[name] = os.environ[name]
        return env

    def start_hub(self) -> str:
        """The doc's start block, in the background, with free ports of 127.0.0.1 in place of 8000/8001/8081."""
        block = docblocks.labelled("root/start")
        public, api, hub = free_port(), free_port(), free_port()
        extra = (f" --JupyterHub.bind_url=http://127.0.0.1:{public} --JupyterHub.hub_bind_url=http://127.0.0.1:{hub}"
                 f" --ConfigurableHTTPProxy.api_url=http://127.0.0.1:{api}")
        lines = block.text.rstrip("\n").splitlines()
        assert "jupyterhub" in lines[-1], f"hub:root/start must end with the jupyterhub command, not {lines[-1]!r}"
        script = docblocks.settings_script(self.settings) + "\n".join([*lines[:-1], "exec " + lines[-1] + extra])
        log = (self.log_dir / "jupyterhub.log").open("w")  # the hub writes to it until it stops
        self.hub = subprocess.Popen(["bash", "-c", script], cwd=self.root, env=self._root_env(), stdout=log,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        base = f"http://127.0.0.1:{public}"
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{base}/hub/api/", timeout=2).close()  # noqa: S310 - http on 127.0.0.1
                return base
            except OSError:
                assert self.hub.poll() is None and time.monotonic() < deadline, (
                    "JupyterHub did not start:\n" + (self.log_dir / "jupyterhub.log").read_text()[-3000:])
                time.sleep(0.5)

    def step_status(self, user: str) -> Callable[[str], int | None]:
        """For HubUser.run_in_terminal: the exit status a terminal step wrote, None until written."""
        def status(step: str) -> int | None:
            rc = self.home(user) / ".hub-steps" / (step if step.endswith(".ready") else f"{step}.rc")
            text = rc.read_text().strip() if rc.exists() else ""
            return int(text) if text else None
        return status

    def step_log(self, user: str, step: str) -> str:
        return (self.home(user) / ".hub-steps" / f"{step}.log").read_text(errors="replace")

    # probes as a student -------------------------------------------------------------
    def as_user(self, user: str, program: str, argument: object) -> Any:  # noqa: ANN401 - the program's JSON
        """Run a Python program as ``user`` (the system Python, from /) with a JSON argument; its JSON output."""
        entry = pwd.getpwnam(user)
        process = subprocess.run([SYSTEM_PYTHON, "-c", program, json.dumps(argument)], user=entry.pw_uid,
                                 group=entry.pw_gid, extra_groups=os.getgrouplist(user, entry.pw_gid), cwd="/",
                                 env={"PATH": CLEAN_PATH, "HOME": entry.pw_dir, "LANG": "C.UTF-8"},
                                 capture_output=True, text=True, timeout=300)
        assert process.returncode == 0, f"probe as {user} failed: {process.stderr[-2000:]}"
        return json.loads(process.stdout)

    # after ------------------------------------------------------------------------------
    def stop_hub(self) -> None:
        if self.hub and self.hub.poll() is None:
            os.killpg(self.hub.pid, signal.SIGTERM)  # the hub stops the users' servers and the proxy
            try:
                self.hub.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.hub.pid, signal.SIGKILL)
                self.hub.wait(10)

    def remove(self) -> None:
        self.stop_hub()
        for name in self.people:
            try:
                self.home(name)
            except KeyError:
                continue
            self._remove_account(name)
        for group in (self.student_group, self.instructor_group):
            subprocess.run(["groupdel", group], env={"PATH": CLEAN_PATH}, capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)

    def _remove_account(self, name: str) -> None:
        uid = pwd.getpwnam(name).pw_uid
        for attempt in range(3):  # servers and kernels the hub left running as this user, by process id
            pids = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and _owner(int(p.name)) == uid]
            if not pids:
                break
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGTERM if attempt == 0 else signal.SIGKILL)
            time.sleep(1)
        subprocess.run(["userdel", "--remove", name], env={"PATH": CLEAN_PATH}, capture_output=True)


def _owner(pid: int) -> int | None:
    try:
        return Path(f"/proc/{pid}").stat().st_uid
    except OSError:
        return None

