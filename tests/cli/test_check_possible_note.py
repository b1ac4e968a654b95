"""`dptclean check` on a dump whose duplicates are all possible ("perlu verifikasi faktual"):
the duplicate-rate gate passes at 0.00% (possible ones are not counted by default), and the
verdict on stderr says how many possible groups it left out, so a CI log does not read
"clean" in silence. The JSON stays as it is (it already carries `possible_duplicates`)."""

from __future__ import annotations

import json

import pytest

from tests.builders import KPU_HEADER, run_cli, voter, write_csv


def _masked(value: object) -> object:
    return f"{value[:10]}******" if isinstance(value, str) else value


@pytest.fixture(scope="module")
def only_possible(tmp_path_factory):
    """A masked list (last 6 NIK/NKK digits starred) with three voters registered twice at
    another address: the masked NIKs cannot settle it, so every group is possible."""
    rows = [KPU_HEADER]
    for i in list(range(300)) + [5, 77, 150]:
        extra = {"ALAMAT": "DUKUH LAIN", "RT": "009"} if len(rows) > 300 else {}
        v = voter(i, **extra)
        v[1], v[2] = _masked(v[1]), _masked(v[2])
        rows.append(v)
    path = tmp_path_factory.mktemp("possible") / "dpt.csv"
    write_csv(path, rows)
    return path


def test_json_counts_them_apart_and_the_gate_passes(only_possible):
    r = run_cli("check", only_possible, "--max-duplicate-rate", "0.5%", "--format", "json",
                "-q")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["passed"] is True and d["duplicates"]["groups"] == 0
    assert d["possible_duplicates"]["groups"] == 3 and d["possible_duplicates"]["records"] == 6


def test_the_verdict_names_the_possible_groups_left_out(only_possible):
    r = run_cli("check", only_possible, "--max-duplicate-rate", "0.5%")
    assert r.exit_code == 0
    assert r.stderr.splitlines()[-1] == (
        "dptclean check: note: 3 possible duplicate groups (6 records, 0.99%) need factual "
        "verification and are not counted in the duplicate rate (--include-possible counts "
        "them)")


def test_bahasa_and_no_note_when_they_are_counted(only_possible, monkeypatch):
    monkeypatch.delenv("DPTCLEAN_LANG", raising=False)
    r = run_cli("check", only_possible, "--max-duplicate-rate", "0.5%")
    assert "3 kelompok mungkin ganda (6 pemilih, 0,99%) perlu verifikasi faktual" in r.stderr
    r = run_cli("check", only_possible, "--max-duplicate-rate", "0.5%", "--include-possible")
    assert r.exit_code == 1   # 0.99% > 0.5% once they count
    assert "mungkin ganda" not in r.stderr
