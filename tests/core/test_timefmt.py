from __future__ import annotations

import os
import time

import pytest

from ecodesk.core.timefmt import local_time


@pytest.fixture
def beijing_time():  # type: ignore[no-untyped-def]
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Shanghai"
    time.tzset()
    yield
    if old is None:
        os.environ.pop("TZ")
    else:
        os.environ["TZ"] = old
    time.tzset()


def test_utc_stamps_are_shown_in_local_time(beijing_time: None) -> None:
    assert local_time("2026-11-26T04:56:14.123+00:00") == "2026-11-26 12:56:14"
    assert local_time("2026-11-26T20:00:00+00:00", seconds=False) == "2026-11-27 04:00"


def test_empty_and_odd_stamps() -> None:
    assert local_time("") == ""
    assert local_time("yesterday-ish") == "yesterday-ish"
