"""A real JupyterLab on 127.0.0.1 and Debian's Chromium driven by Playwright (no browser download)."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def jupyterlab(root: Path, env_extra: dict[str, str] | None = None) -> Iterator[str]:
    """Serve JupyterLab on ``root``; yield its base URL with the token."""
    port, token = _free_port(), secrets.token_hex(16)
    settings = root.parent / ".jupyter-config" / "labconfig"
    settings.mkdir(parents=True, exist_ok=True)
    # no "Would you like to get notified about news?" pop-up over the exercises
    (settings / "page_config.json").write_text(
        '{"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": true}}')
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(root.parent / ".jupyter-config"),
               JUPYTER_RUNTIME_DIR=str(root.parent / ".jupyter-runtime"), **(env_extra or {}))
    env.pop("NBGRADER_EXECUTION", None)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    log = open(root.parent / "jupyterlab.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--ServerApp.port={port}",
         "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--ServerApp.disable_check_xsrf=False"],
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("JupyterLab did not start: " + (root.parent / "jupyterlab.log").read_text()[-2000:])
                time.sleep(0.5)
        yield f"{base}|{token}"
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def open_notebook(page, url: str) -> None:
    """Go to a notebook and wait until its cells show and its kernel has had time to connect."""
    page.goto(url)
    page.wait_for_selector(".jp-Notebook .jp-Cell >> visible=true", timeout=90_000)
    time.sleep(1.5)


def run_all_cells(page, wait_for: str, state: str = "visible") -> None:
    """Run > Run All Cells, as a student does from the menu; wait for ``wait_for`` to show (or, with
    ``state="attached"``, to exist: JupyterLab may not paint cells scrolled out of view)."""
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.locator("li[data-command='runmenu:run-all']").click()
    page.locator(wait_for).first.wait_for(state=state, timeout=90_000)

