"""Submission times in every time zone the exchange can be set to: no honest student looks tampered or late.

The time stamps are written by nbgrader's own exchange code (``Exchange.set_timestamp``, what ``nbgrader
submit`` writes into timestamp.txt) with ``Exchange.timezone`` set to each zone, and read back three ways:
by nbgrader (``parse_utc``: what the gradebook records), by stratkit (``stratkit.grading.timestamps``), and by
nbgrader again after stratkit's collect/autograde step rewrote the file in UTC.
"""

from __future__ import annotations

import datetime as dt

import pytest

from stratkit.grading.crosscheck import MISMATCH, crosscheck
from stratkit.grading.preprocessors.matching_steps import fix_timestamp
from stratkit.grading.timestamps import parse_stamp

from tests.submissions import PARTIAL, PS1, make_course, new_submission, save
from tests.grading.test_crosscheck import AGREE_PARTIAL
from tests.grading.test_gradebook import make_gradebook

ZONES = ["UTC", "Europe/Paris", "Europe/London", "America/Los_Angeles", "America/New_York", "America/St_Johns",
         "Asia/Kolkata", "Asia/Tokyo", "Asia/Jerusalem", "Europe/Istanbul", "Australia/Sydney", "Pacific/Auckland"]


def nbgrader_stamp(zone: str, moment: dt.datetime) -> str:
    """timestamp.txt as ``nbgrader submit`` writes it at ``moment`` (UTC) with ``Exchange.timezone = zone``."""
    from unittest import mock

    from nbgrader.exchange.default import ExchangeSubmit

    exchange = ExchangeSubmit(config=None)
    exchange.timezone = zone
    with mock.patch("nbgrader.exchange.abc.exchange.datetime") as clock:  # nbgrader reads datetime.datetime.now
        clock.datetime.now.side_effect = lambda tz=None: moment.replace(tzinfo=dt.timezone.utc).astimezone(tz)
        exchange.set_timestamp()
    return exchange.timestamp


@pytest.mark.parametrize("month", [1, 7], ids=["winter", "summer"])
@pytest.mark.parametrize("zone", ZONES)
def test_every_zone_reads_back_at_or_after_the_real_moment(zone, month):
    moment = dt.datetime(2026, month, 15, 16, 30, 5, 123456)
    text = nbgrader_stamp(zone, moment)
    stamp = parse_stamp(text)
    assert stamp is not None and moment in stamp.candidates and stamp.latest >= moment, (text, stamp)
    # only an ambiguous abbreviation leaves any doubt: "IST" is India (+5:30), Israel (+2) or, in summer,
    # Ireland (+1): up to 4.5 hours apart
    assert stamp.latest - moment <= dt.timedelta(hours=4, minutes=30)


def test_after_stratkit_rewrites_the_file_nbgrader_reads_the_right_moment(tmp_path):
    """nbgrader misreads 'PDT' (as UTC, 7 hours early) and '+03' (as 3 seconds off UTC); not after the rewrite."""
    from nbgrader.utils import parse_utc

    moment = dt.datetime(2026, 7, 15, 16, 30, 5, 123456)
    for zone in ("America/Los_Angeles", "Europe/Istanbul", "Asia/Tokyo", "Europe/Paris"):
        folder = tmp_path / zone.replace("/", "-")
        folder.mkdir()
        text = nbgrader_stamp(zone, moment)
        (folder / "timestamp.txt").write_text(text)
        wrong = parse_utc(text) != moment
        line = fix_timestamp(folder)
        assert (line is not None) == wrong, (zone, text)
        assert parse_utc((folder / "timestamp.txt").read_text()) == moment
        if wrong:
            assert (folder / "timestamp.txt.original").read_text() == text and "rewritten" in line


def test_an_honest_save_just_before_submitting_is_never_called_after_it(tmp_path):
    """carol saved her last answer 30 s before submitting from a laptop in Los Angeles (Exchange.timezone)."""
    course = make_course(tmp_path)
    folder = new_submission(course, "carol")
    save(folder, PARTIAL)  # saved now
    submitted = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) + dt.timedelta(seconds=30)
    text = nbgrader_stamp("America/Los_Angeles", submitted)
    (folder / "timestamp.txt").write_text(text)
    from nbgrader.utils import parse_utc

    # what the gradebook holds: nbgrader's reading of the file, 7 or 8 hours early
    make_gradebook(course / "gradebook.db", grades={"carol": AGREE_PARTIAL}, students={},
                   times={"carol": f"{parse_utc(text):%Y-%m-%d %H:%M:%S.%f}"})
    check = crosscheck(course, PS1)
    whats = [(f.what, f.level) for f in check.findings]
    assert ("saved after submission", MISMATCH) not in whats
    misread = [f for f in check.findings if f.what == "submission time misread"]
    assert len(misread) == 1 and misread[0].level == MISMATCH
    assert "%Y-%m-%d %H:%M:%S.%f%z" in misread[0].detail
    # "PST" is Pacific (UTC-8) or Philippine (UTC+8) time: stratkit will not guess which to write back
    assert ("ambiguous" in misread[0].detail) == (not parse_stamp(text).exact)
