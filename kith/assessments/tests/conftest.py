"""The assessments tests' clock: 10:00 on Monday 23 November 2026 in London, still ticking."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine


@pytest.fixture(autouse=True)
def _frozen_today() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/London"))):
        yield
