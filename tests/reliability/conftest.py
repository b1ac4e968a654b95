"""Shared fixtures of the reliability tests: a CLI runner that refuses to hang."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest
from click.testing import CliRunner, Result

from dptclean.cli import main


class Hang(BaseException):
    """Raised by the alarm: a BaseException, so no ``except Exception`` can swallow it."""


@pytest.fixture
def timeout() -> Iterator[callable]:
    def start(seconds: int) -> None:
        def fire(signum, frame):  # noqa: ARG001
            raise Hang(f"no answer within {seconds} s")
        signal.signal(signal.SIGALRM, fire)
        signal.alarm(seconds)

    yield start
    signal.alarm(0)


@pytest.fixture
def run(timeout):
    """Run ``dptclean ARGS`` in-process; fail the test if it takes longer than ``limit``."""

    def invoke(*args: object, input: bytes | str | None = None, limit: int = 60) -> Result:
        timeout(limit)
        try:
            return CliRunner(env={"COLUMNS": "200"}).invoke(main, [str(a) for a in args],
                                                             input=input)
        finally:
            signal.alarm(0)

    return invoke
