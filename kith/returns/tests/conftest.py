"""Fixtures of the returns' tests: today frozen in the 2026-27 collection year, a small borough
made through the apps' actions, and the DfE validators (required under CI)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
import time_machine

from kith.core.models import User
from kith.people.models import Child
from kith.returns import validation
from kith.returns.tests import journeys


@pytest.fixture(autouse=True)
def _frozen_today() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 11, 20, 12, 0), tick=False):
        yield


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def validators() -> None:
    """The DfE validators' own virtual environment: a test that needs it fails loudly under CI
    when it is missing, and is skipped elsewhere."""
    if validation.validators_installed():
        return
    message = f"The DfE validators are not installed at {validation.validators_python()}: run `make validators`"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def small_borough(alice: User, bob: User) -> dict[str, Child]:
    return {
        "cin": journeys.child_in_need("KT100001", alice, bob),
        "cp": journeys.child_protection("KT100002", alice, bob),
        "closed": journeys.closed_after_assessment("KT100003", alice, bob),
        "lac": journeys.looked_after("KT100004", alice, bob),
    }
