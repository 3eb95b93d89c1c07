"""One JupyterLite site per test run, built from the checkout like `make lite` does, and served.

Its inputs are fetched from the registries (PyPI, npm; their caches make a repeat quick), then the
build itself runs with no network at all: in a fresh network namespace when root (CI), else with
every registry client pointed at a closed port. So each run proves the site builds offline.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from stratkit.instructor.lite_site import Inputs, fetch

from ..conftest import REPO
from .server import static_server

INPUTS = REPO / "build" / "lite" / "inputs"


@dataclass(frozen=True)
class BuiltSite:
    path: Path
    offline_how: str
    fetch_s: float
    build_s: float


def offline(command: list[str]) -> tuple[list[str], dict[str, str], str]:
    env = dict(os.environ)
    if os.geteuid() == 0 and shutil.which("unshare"):
        return ["unshare", "--net", *command], env, "in a network namespace with no network"
    closed = "http://127.0.0.1:9"
    env.update(http_proxy=closed, https_proxy=closed, HTTP_PROXY=closed, HTTPS_PROXY=closed, PIP_NO_INDEX="1",
               npm_config_offline="true")
    return command, env, "with every registry client pointed at a closed port"


@pytest.fixture(scope="session")
def lite_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    started = time.monotonic()
    fetch(REPO, Inputs(INPUTS))
    fetched = time.monotonic()
    out = tmp_path_factory.mktemp("lite") / "site"
    command, env, how = offline([sys.executable, "-m", "stratkit", "lite", "--offline", "--course", str(REPO),
                                 "--inputs", str(INPUTS), "--out", str(out)])
    process = subprocess.run(command, env=env, capture_output=True, text=True, timeout=1800)
    assert process.returncode == 0, f"the offline build failed ({how}):\n{process.stdout}\n{process.stderr}"
    built = time.monotonic()
    print(f"\nlite site: fetch {fetched - started:.0f} s, offline build {built - fetched:.0f} s ({how})")
    return BuiltSite(out, how, fetched - started, built - fetched)


@pytest.fixture(scope="session")
def site_url(lite_site: BuiltSite) -> Iterator[str]:
    with static_server(lite_site.path) as base:
        yield base
