"""`check` and the confidence bands (issue 17 item 3): the JSON says whether the possible
duplicates were counted and carries the report's own figures, the table says so, and
`--weights fixed` gates with the configured weights as `dedupe --weights fixed` does (persona
review: one dump gave duplicate_rate 0.005012 or 0.011694 under the same name with no marker,
and `check --weights fixed` was a usage error)."""

from __future__ import annotations

import json

import pytest

from tests.builders import run_cli as run


@pytest.fixture(scope="module")
def dump(tmp_path_factory):
    d = tmp_path_factory.mktemp("check_possible")
    r = run("synth", d, "--records", "3000", "--world", "masked-6-year", "--layout", "csv", "-q")
    assert r.exit_code == 0, r.output
    [dpt] = sorted(d.glob("dpt*.csv"))
    return dpt


def _report(dpt, *extra):
    r = run("dedupe", dpt, "--format", "json", "-q", *extra)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def _check(dpt, *extra):
    r = run("check", dpt, "--max-duplicate-rate", "50%", "--format", "json", "-q", *extra)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_the_json_says_what_the_duplicate_rate_counted(dump):
    report = _report(dump)
    sure, poss = report["duplicates"], report["possible_duplicates"]
    assert sure["redundant"] and poss["redundant"]

    plain = _check(dump)
    [line] = plain["checks"]
    assert plain["include_possible"] is False and "possible" not in line
    assert line["count"] == sure["redundant"] and line["value"] == sure["rate"]
    assert plain["duplicates"] == sure and plain["possible_duplicates"] == poss

    both = _check(dump, "--include-possible")
    [line] = both["checks"]
    assert both["include_possible"] is True
    assert line["possible"] == poss["redundant"]
    assert line["count"] == sure["redundant"] + poss["redundant"]
    assert line["value"] == pytest.approx(line["count"] / report["dpt"]["records"], abs=1e-6)


def test_the_table_says_when_possible_duplicates_are_counted(dump, monkeypatch):
    monkeypatch.delenv("DPTCLEAN_LANG")   # Bahasa
    r = run("check", dump, "--max-duplicate-rate", "50%", "--include-possible")
    assert r.exit_code == 0, r.output
    assert "persentase ganda (pasti + mungkin)" in r.stdout
    r = run("check", dump, "--max-duplicate-rate", "50%")
    assert "persentase ganda" in r.stdout and "pasti + mungkin" not in r.stdout


def test_check_takes_weights_fixed_as_dedupe_does(dump):
    report = _report(dump, "--weights", "fixed")
    out = _check(dump, "--weights", "fixed")
    assert out["duplicates"] == report["duplicates"]
    assert out["possible_duplicates"] == report["possible_duplicates"]
