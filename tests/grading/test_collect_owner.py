"""A submission another student's account put in the exchange is never collected (MatchingCollect).

nbgrader's inbound folder is writable by every student and a folder's name says whose submission it
is; on a server with Linux accounts the folder's owner says who made it. Here the owner is played by
monkeypatching who the collecting account is and which name a uid has, so no root is needed.
"""

from __future__ import annotations

import datetime as dt
import os
import pwd
from pathlib import Path
from types import SimpleNamespace

import pytest

from stratkit.grading.preprocessors.matching_steps import MatchingCollect, submitted_by_someone_else


ROOT = os.geteuid() == 0
ANA_UID = 65534 if ROOT else os.geteuid()  # as root (CI), folders are handed to an unprivileged uid


@pytest.fixture
def inbound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Folders owned by ANA_UID, which here is "ana"'s account; the collecting account is another."""
    if ROOT:
        os.chown(tmp_path, ANA_UID, -1)
    collecting = os.geteuid() if ROOT else ANA_UID + 1
    monkeypatch.setattr(os, "geteuid", lambda: collecting)
    real = pwd.getpwuid
    monkeypatch.setattr(pwd, "getpwuid", lambda uid: SimpleNamespace(pw_name="ana") if uid == ANA_UID else real(uid))
    return tmp_path


def _record(inbound: Path, student: str, when: str) -> dict[str, object]:
    name = f"{student}+ps1-planning-documents+{when}+abc"
    (inbound / name).mkdir()
    if ROOT:
        os.chown(inbound / name, ANA_UID, -1)
    return {"username": student, "filename": name, "timestamp": dt.datetime.fromisoformat(when)}


def test_only_the_owner_s_own_submission_counts(inbound: Path):
    assert submitted_by_someone_else(inbound, "ana") is None
    assert submitted_by_someone_else(inbound, "bob") == "ana"
    collect = MatchingCollect()
    collect.inbound_path = str(inbound)
    bob_own = {**_record(inbound, "bob", "2026-01-12 10:00:00"), "filename": "unknown-owner"}  # not on disk
    forged = _record(inbound, "bob", "2026-01-12 11:00:00")  # later, made by ana's account in bob's name
    ordered = collect._sort_by_timestamp([forged, bob_own])
    assert ordered == [bob_own]  # bob's own submission, though older; the forged one is left out
    only_forged = collect._sort_by_timestamp([forged])
    assert [r.get("foreign") for r in only_forged] == ["ana"]  # kept only to be dropped by init_src
