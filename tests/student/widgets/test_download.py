"""The "Download for submission" button, headless: its state, its reply to the front end, its guard rails.

The download itself (saving through the document context, the file's name and content) needs a real
front end: tests/lite/ drives it in Chromium and grades the downloaded file.
"""

from __future__ import annotations

from typing import Any

import pytest

import stratkit
from stratkit.answers.notebook_copy import KERNELSPEC
from stratkit.student.widgets.download import DownloadButton


def test_state_names_the_file_and_the_released_kernel():
    button = DownloadButton(filename="ps1-planning-documents.ipynb", in_browser=True)
    state = button.get_state()
    assert state["filename"] == "ps1-planning-documents.ipynb" and state["in_browser"] is True
    assert state["kernelspec"] == KERNELSPEC and state["kernelspec"]["name"] == "python3"
    assert "Download for submission" in state["_esm"] and "context.save()" in state["_esm"]


def test_answers_prepare_after_everything_sent_before(monkeypatch):
    button = DownloadButton(filename="x.ipynb")
    sent: list[Any] = []
    monkeypatch.setattr(button, "send", sent.append)
    button._handle_custom_msg({"request": "nonsense"}, [])
    assert sent == []
    button._handle_custom_msg({"request": "prepare"}, [])
    assert sent == [{"ready": True}]


@pytest.mark.parametrize("bad", ["", "../etc/passwd", None, "a b"])
def test_a_bad_assignment_name_gives_one_line(bad: Any, capsys):
    assert stratkit.download_button(bad) is None
    out, err = capsys.readouterr()
    assert err == "" and len(out.strip().splitlines()) == 1 and "download_button needs" in out


def test_in_autograde_it_shows_nothing(monkeypatch, capsys):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert stratkit.download_button("ps1-planning-documents") is None
    assert capsys.readouterr() == ("", "")
