"""Fixtures shared by every test (the builders of test inputs are in ``tests/builders.py``)."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from tests.builders import voter

# In CI the property tests draw the same examples on every run (a failing draw there would
# block a landing at random); locally they keep exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    """The tests assert the English messages (``DPTCLEAN_LANG=en``); Bahasa, the default for
    people, is tested where a test sets ``DPTCLEAN_LANG=id`` or passes ``--lang id``."""
    monkeypatch.setenv("DPTCLEAN_LANG", "en")


@pytest.fixture(autouse=True, scope="session")
def _fingerprint_key(tmp_path_factory):
    """Every test uses one fingerprint key of the test session, never the user's own (session
    scope: module fixtures that write review files use it too)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("DPTCLEAN_KEY_FILE", str(tmp_path_factory.getbasetemp() / "fingerprint.key"))
    yield
    mp.undo()


@pytest.fixture
def records() -> list[list[object]]:
    """Five ordinary records in KPU_HEADER order."""
    return [voter(i) for i in range(5)]
