"""dptclean check: one line per limit, exit 0 / 1, input errors stay 3."""

from __future__ import annotations

import json

import pytest

from dptclean.errors import ConfigError
from dptclean.gates import Limit, parse_limit
from tests.builders import run_cli as run
from tests.builders import write_lists

from .test_dedupe_cmd import DPK, HEADER, ROWS


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("check")
    dpt, dpk = write_lists(d, HEADER, ROWS, DPK)
    return dpt, dpk


@pytest.fixture(scope="module")
def figures(files):
    """The dedupe report of the same lists: check must judge exactly these figures."""
    dpt, dpk = files
    res = run("dedupe", dpt, "--dpk", dpk, "--format", "json")
    assert res.exit_code == 0
    rep = json.loads(res.stdout)
    return rep["duplicates"]["redundant"], rep["dpt"]["records"]


def test_all_limits_hold(files, figures):
    dpt, dpk = files
    red, n = figures
    assert n == 8 and 0 < red < 4
    res = run("check", dpt, "--dpk", dpk, "--max-duplicate-rate", "50%", "--max-dpk-rate", "30%")
    assert res.exit_code == 0, res.output + res.stderr
    lines = res.stdout.splitlines()
    assert lines[0].split() == ["check", "value", "limit", "result"]
    assert lines[1].split()[0] == "duplicate_rate" and f"{red / n * 100:.2f}%" in lines[1]
    assert f"({red}/8)" in lines[1] and "<= 50.00%" in lines[1] and lines[1].endswith("pass")
    assert lines[2].startswith("dpk_rate") and lines[2].endswith("pass")
    assert "every limit holds" in res.stderr


def test_a_limit_exceeded_exits_1(files):
    dpt, dpk = files
    res = run("check", dpt, "--dpk", dpk, "--max-duplicate-rate", "0.5%", "--max-dpk-rate", "1%")
    assert res.exit_code == 1
    assert [line.split()[-1] for line in res.stdout.splitlines()[1:]] == ["FAIL", "FAIL"]
    assert "2 of 2 limits exceeded" in res.stderr


def test_a_value_equal_to_its_limit_passes(files, figures):
    dpt, dpk = files
    red, n = figures
    assert run("check", dpt, "--dpk", dpk, "--max-duplicate-rate",
               f"{red / n * 100!r}%").exit_code == 0
    below = f"{(red / n - 1e-9) * 100!r}%"
    assert run("check", dpt, "--dpk", dpk, "--max-duplicate-rate", below).exit_code == 1


def test_findings_and_invalid_nik(files):
    dpt, _ = files
    res = run("check", dpt, "--max-invalid-nik", "0", "--max-finding", "NKK_MISSING=5",
              "--format", "json")
    assert res.exit_code == 1
    out = json.loads(res.stdout)
    assert out["passed"] is False
    checks = {c["name"]: c for c in out["checks"]}
    # the formula-like NIK
    assert checks["invalid_nik"] == {"name": "invalid_nik", "value": 1, "limit": 0,
                                     "passed": False, "count": 1, "of": None, "kind": "count",
                                     "op": "<="}
    assert checks["finding:NKK_MISSING"]["value"] == 1
    assert checks["finding:NKK_MISSING"]["passed"] is True


def test_json_is_reproducible(files, figures):
    dpt, dpk = files
    args = ("check", dpt, "--dpk", dpk, "--max-duplicate-rate", "0.5%", "--format", "json")
    a, b = run(*args), run(*args)
    assert a.exit_code == b.exit_code == 1
    assert a.stdout == b.stdout
    out = json.loads(a.stdout)
    red, n = figures
    assert out["checks"][0] == {"name": "duplicate_rate", "value": round(red / n, 6),
                                "limit": 0.005, "passed": False, "count": red, "of": n,
                                "kind": "rate", "op": "<="}
    assert out["inputs"][0]["sha256"]


@pytest.mark.parametrize("args, code", [
    ((), 2),                                              # no limit given
    (("--max-duplicate-rate", "abc"), 2),
    (("--max-duplicate-rate", "2"), 2),                   # ambiguous: 2% or 200%?
    (("--max-duplicate-rate", "0.5"), 2),                 # ambiguous: 0.5% or 50%?
    (("--max-duplicate-rate", "0.005"), 2),               # a rate is written with %
    (("--max-invalid-nik", "1%"), 2),                     # a count, not a share
    (("--max-invalid-nik", "0.5"), 2),
    (("--max-finding", "AGE_UNDER_17=0"), 2),             # ages need --election-date
    (("--max-dpk-rate", "1%"), 2),                        # no DPK list given or found
    (("--max-finding", "NOT_A_CODE=1"), 2),
    (("--max-finding", "NIK_INVALID"), 2),
    (("--max-invalid-nik", "-1"), 2),
])
def test_usage_errors_exit_2(files, args, code):
    dpt, _ = files
    assert run("check", dpt, *args).exit_code == code


def test_input_errors_stay_3(tmp_path):
    res = run("check", tmp_path / "missing.xlsx", "--max-duplicate-rate", "1%")
    assert res.exit_code == 3
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    assert run("check", bad, "--max-duplicate-rate", "1%").exit_code == 3


@pytest.mark.parametrize("text, value, share", [
    ("0.5%", 0.005, True), ("0,5%", 0.005, True), ("1%", 0.01, True), ("0", 0.0, False),
    (" 2.5 % ", 0.025, True), ("100%", 1.0, True), (".5%", 0.005, True), ("25", 25, False),
])
def test_parse_limit(text, value, share):
    got = parse_limit(text)
    assert got.share is share and got.value == pytest.approx(value)


@pytest.mark.parametrize("text", ["0.005", "0.5", "1.5", "abc", "-1%", "101%", "", "1e-3",
                                  "2%%"])
def test_parse_limit_rejects(text):
    with pytest.raises(ConfigError):
        parse_limit(text)


def test_a_rate_option_refuses_a_count_and_a_count_option_a_share():
    with pytest.raises(ConfigError, match="written with %, e.g. 2%"):
        parse_limit("2", count=False)
    with pytest.raises(ConfigError, match="not a percentage"):
        parse_limit("2%", share=False)


@pytest.mark.parametrize("count, limit, base, allowed", [
    (3, Limit(3, False, "3"), 100, True), (4, Limit(3, False, "3"), 100, False),
    (2, Limit(0.02, True, "2%"), 100, True), (3, Limit(0.02, True, "2%"), 100, False),
    (1, Limit(0.0, True, "0%"), 0, False), (0, Limit(0, False, "0"), 0, True),
    (1, Limit(1 / 3, True, "33.333333333333336%"), 3, True),   # equal passes despite rounding
])
def test_limit_allows(count, limit, base, allowed):
    assert limit.allows(count, base) is allowed


# --- check never passes blind (issue 12 item 4) -------------------------------------------------

def _one_line_error(res, *needles):
    err = res.stderr.strip()
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    for n in needles:
        assert n in err, err
    return err


def test_header_only_input_is_refused(tmp_path):
    f = tmp_path / "dpt.csv"
    f.write_text(HEADER, encoding="utf-8")
    res = run("check", f, "--max-duplicate-rate", "1%")
    assert res.exit_code == 3
    _one_line_error(res, "no voter records")


def test_every_record_tms_is_refused(tmp_path):
    header = HEADER.rstrip("\n") + ",KETERANGAN\n"
    rows = [r + ",TMS 1" for r in ROWS[:4]]
    f = tmp_path / "dpt.csv"
    f.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    res = run("check", f, "--max-duplicate-rate", "1%")
    assert res.exit_code == 3
    _one_line_error(res, "every one of the 4 DPT records is marked TMS")


def test_min_records_fails_a_truncated_dump(files):
    dpt, _ = files
    res = run("check", dpt, "--min-records", "100", "--format", "json")
    assert res.exit_code == 1
    line = json.loads(res.stdout)["checks"][0]
    assert line["name"] == "min_records" and line["op"] == ">=" and line["value"] == 8
    assert run("check", dpt, "--min-records", "8").exit_code == 0


def test_invalid_nik_limit_without_a_nik_column_is_refused(tmp_path):
    f = tmp_path / "dpt.csv"
    f.write_text("NO,NAMA,TANGGAL LAHIR,JENIS KELAMIN\n1,SITI,01-07-1980,P\n"
                 "2,BUDI,01-01-1970,L\n", encoding="utf-8")
    res = run("check", f, "--max-invalid-nik", "0")
    assert res.exit_code == 3
    _one_line_error(res, "no NIK column", "--max-invalid-nik", "--map nik=")
    # a limit that does not read the NIK still runs
    assert run("check", f, "--max-duplicate-rate", "50%").exit_code == 0


def test_a_nik_column_empty_in_a_whole_file_is_refused(tmp_path):
    """NIK cells that are formulas without saved values read as empty: never 0 invalid."""
    import xlsxwriter

    path = tmp_path / "dpt.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("DPT")
    for c, h in enumerate(["NO", "NIK", "NAMA", "TANGGAL LAHIR", "JENIS KELAMIN"]):
        ws.write_string(0, c, h)
    for i in range(1, 5):
        ws.write_number(i, 0, i)
        # ="3320..." with no cached result (xlsxwriter writes 0 unless told; force empty)
        ws.write_formula(i, 1, f'="332001010180{i:04d}"', None, "")
        ws.write_string(i, 2, f"ORANG {i}")
        ws.write_string(i, 3, "01-01-1980")
        ws.write_string(i, 4, "L")
    wb.close()
    res = run("check", path, "--max-invalid-nik", "0", "--max-finding", "NIK_MISSING=0")
    if res.exit_code == 3:
        _one_line_error(res, "NIK column is empty", "formulas without saved values")
    else:   # the reader read the formula text: then the NIKs are real and judged
        assert res.exit_code == 0, res.output + res.stderr


def test_a_column_empty_in_one_of_two_files_is_refused(tmp_path):
    a = tmp_path / "a.csv"
    a.write_text(HEADER + "\n".join(ROWS[:4]) + "\n", encoding="utf-8")
    b = tmp_path / "b.csv"
    b.write_text("NO,NIK,NAMA,TANGGAL LAHIR\n1,,ANI,01-01-1980\n2,,BUDI,02-02-1981\n",
                 encoding="utf-8")
    res = run("check", a, b, "--max-invalid-nik", "0")
    assert res.exit_code == 3
    _one_line_error(res, "b.csv", "NIK column is empty in all 2 records")


def test_dpk_rate_with_an_empty_dpk_list_is_refused(files, tmp_path):
    dpt, _ = files
    dpk = tmp_path / "dpk.csv"
    dpk.write_text(HEADER, encoding="utf-8")
    res = run("check", dpt, "--dpk", dpk, "--max-dpk-rate", "1%")
    assert res.exit_code == 3
    _one_line_error(res, "DPK list has no records")
    res = run("check", dpt, "--max-dpk-rate", "1%")
    assert res.exit_code == 2
    _one_line_error(res, "--dpk FILE")


def test_age_findings_need_the_election_date_and_the_json_carries_it(files):
    dpt, _ = files
    res = run("check", dpt, "--max-finding", "AGE_UNDER_17=0")
    assert res.exit_code == 2
    _one_line_error(res, "--election-date")
    res = run("check", dpt, "--max-finding", "AGE_UNDER_17=0", "--election-date",
              "2029-02-14", "--format", "json")
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout)["election_date"] == "2029-02-14"
    res = run("check", dpt, "--max-duplicate-rate", "50%", "--format", "json")
    assert json.loads(res.stdout)["election_date"] is None
