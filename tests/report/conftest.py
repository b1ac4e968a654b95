"""A small saved dedupe result (with TPS) shared by the report tests."""

from __future__ import annotations

import pytest

from dptclean.run import run_dedupe
from tests.builders import write_lists
from tests.report.builders import DPK, HEADER, ROWS


@pytest.fixture(scope="session")
def lists(tmp_path_factory):
    d = tmp_path_factory.mktemp("lists")
    dpt, dpk = write_lists(d, HEADER, ROWS, DPK)
    return dpt, dpk


@pytest.fixture(scope="session")
def run(lists):
    dpt, dpk = lists
    return run_dedupe([str(dpt)], [str(dpk)])


@pytest.fixture(scope="session")
def saved(run, tmp_path_factory):
    from dptclean.report.result import save_result

    path = tmp_path_factory.mktemp("saved") / "result"
    save_result(path, run.norm, run.result, run.report, original_columns=list(run.frame.columns))
    return path
