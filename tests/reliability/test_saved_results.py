"""A saved result (``dedupe --save``) whose tables were rewritten with other column types:
``report`` refuses it with one line and exit 3, never exit 5 half-way through a report.

Each case rewrites one table, re-hashes the manifest (as anyone editing the folder can) and
renders every report format. Before the schema check in ``result.load_result`` these ended in
exit 5 (ValueError "invalid literal for int()", IntCastingNaNError, KeyError, TypeError
"unhashable type", IndexError "out-of-bounds") or printed a RuntimeWarning before the error.
"""

from __future__ import annotations

import hashlib
import json
import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dptclean.errors import ExitCode
from tests.builders import KPU_HEADER, voter, write_csv
from tests.reliability.helpers import assert_one_line_error


def _set(col: str, values):
    def edit(t: pa.Table) -> pa.Table:
        return t.set_column(t.schema.get_field_index(col), col, values(len(t)))
    return edit


def _drop(col: str):
    return lambda t: t.remove_column(t.schema.get_field_index(col))


# (table, change, what the error line names)
CASES = {
    "pairs left as text": ("pairs", _set("left", lambda n: pa.array(["x"] * n)), "'left'"),
    "pairs right empty": ("pairs", _set("right", lambda n: pa.nulls(n, pa.int64())), "'right'"),
    "pairs left a list": ("pairs", _set("left", lambda n: pa.array([[1]] * n)), "'left'"),
    "pairs without left": ("pairs", _drop("left"), "'left'"),
    "group number as text": ("groups", _set("group_id", lambda n: pa.array(["satu"] * n)),
                             "'group_id'"),
    "group record empty": ("groups", _set("record", lambda n: pa.nulls(n, pa.int64())),
                           "'record'"),
    "score as words": ("groups", _set("best_score", lambda n: pa.array(["tinggi"] * n)),
                       "'best_score'"),
    "action empty": ("groups", _set("action", lambda n: pa.nulls(n, pa.string())), "'action'"),
    "action a list": ("groups", _set("action", lambda n: pa.array([[1]] * n)), "'action'"),
    "keep reason empty": ("groups", _set("keep_reason", lambda n: pa.nulls(n, pa.string())),
                          "'keep_reason'"),
    "linked_to past the records": ("groups", _set("linked_to", lambda n: pa.array([10**12] * n)),
                                   "'linked_to'"),
    "linked_to as text": ("groups", _set("linked_to", lambda n: pa.array(["x"] * n)),
                          "'linked_to'"),
    "groups without reasons": ("groups", _drop("reasons"), "'reasons'"),
    "groups without best_score": ("groups", _drop("best_score"), "'best_score'"),
    "records without list": ("records", _drop("list"), "'list'"),
}


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    d = tmp_path_factory.mktemp("saved")
    rows = [voter(i) for i in range(20)] + [voter(i, NO=100 + i) for i in range(4)]
    dpt = write_csv(d / "dpt.csv", [KPU_HEADER, *rows])
    from click.testing import CliRunner

    from dptclean.cli import main

    result = CliRunner().invoke(main, ["dedupe", "-q", str(dpt), "-o", str(d / "g.csv"),
                                       "--save", str(d / "result")])
    assert result.exit_code == 0, result.output
    assert pq.read_metadata(d / "result" / "groups.parquet").num_rows > 0
    assert pq.read_metadata(d / "result" / "pairs.parquet").num_rows > 0
    return d / "result"


def _rewrite(saved, tmp_path, table: str, edit) -> str:
    res = tmp_path / "result"
    shutil.copytree(saved, res)
    part = res / f"{table}.parquet"
    pq.write_table(edit(pq.read_table(part)), part)
    manifest = json.loads((res / "manifest.json").read_text())
    for name in manifest["files"]:
        manifest["files"][name]["sha256"] = hashlib.sha256((res / name).read_bytes()).hexdigest()
    (res / "manifest.json").write_text(json.dumps(manifest))
    return str(res)


@pytest.mark.parametrize("case", list(CASES))
def test_wrong_column_types_are_refused_in_every_format(run, tmp_path, saved, case):
    table, edit, fragment = CASES[case]
    res = _rewrite(saved, tmp_path, table, edit)
    for fmt in ("html", "md", "xlsx", "json"):
        out = tmp_path / f"report.{fmt}"
        line = assert_one_line_error(run("report", "-q", res, "-o", out, limit=60),
                                     ExitCode.INPUT, fragment)
        assert "corrupt result" in line and f"{table}.parquet" in line
        assert not out.exists()


@pytest.mark.parametrize("edit", [
    ("groups", _drop("confidence")), ("groups", _drop("redundant")),
    ("pairs", _drop("probability")),
    ("groups", _set("best_score", lambda n: pa.array([22] * n))),     # a whole-number score
    ("pairs", _set("left", lambda n: pa.array([0.0] * n))),           # record numbers as floats
], ids=["no confidence", "no redundant", "no probability", "int score", "float refs"])
def test_what_the_renderers_do_without_is_still_read(run, tmp_path, saved, edit):
    """Columns an older result may lack, and numbers stored in another numeric type, are not
    refused by the check (the figures check still decides)."""
    res = _rewrite(saved, tmp_path, *edit)
    result = run("report", "-q", res, "-o", tmp_path / "report.html", limit=60)
    assert result.exit_code in (ExitCode.OK, ExitCode.INPUT), result.output
    if result.exit_code == ExitCode.INPUT:
        assert_one_line_error(result, ExitCode.INPUT, "does not agree with the saved tables")


def test_an_untouched_result_renders(run, tmp_path, saved):
    result = run("report", "-q", saved, "-o", tmp_path / "report.html", limit=60)
    assert result.exit_code == 0, result.output
