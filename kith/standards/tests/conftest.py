"""The clock the standards' tests build their records under (helpers.NOW)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

from kith.standards.tests.helpers import NOW


@pytest.fixture
def clock() -> Iterator[None]:
    """Time stands still at NOW for the test: use with pytest.mark.usefixtures("clock")."""
    with time_machine.travel(NOW, tick=False):
        yield
