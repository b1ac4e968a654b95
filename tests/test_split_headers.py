"""split's work files show the canonical columns under people's names (nik -> NIK): a column of
the input that already bears such a name (a second NIK column, kept as an extra column) is
written as 'NIK (2)' instead of stopping with an internal error."""

from __future__ import annotations

import openpyxl
import pytest

from tests.builders import run_cli, write_csv

HEAD = ["NO", "NIK", "NAMA", "TANGGAL LAHIR", "NIK", "KECAMATAN"]
ROWS = [[1, "3320014107800001", "SITI AMINAH", "01-07-1980", "3320014107800001", "WELAHAN"],
        [2, "3320011203750003", "AGUS SANTOSO", "12-03-1975", "3320011203750004", "WELAHAN"]]


@pytest.mark.parametrize("lang, shown", [("id", "NIK (2)"), ("en", "NIK (2)")])
def test_split_writes_the_second_column_beside_the_first(tmp_path, lang, shown):
    # the work files show 'nik' as 'NIK': the file's own second 'NIK' column collided with it
    # and split stopped with an internal error (exit 5)
    path = write_csv(tmp_path / "dpt.csv", [HEAD] + ROWS)
    res = run_cli("split", path, "--by", "kecamatan", "-o", tmp_path / "out", "--lang", lang)
    assert res.exit_code == 0, res.stderr
    ws = openpyxl.load_workbook(tmp_path / "out" / "WELAHAN.xlsx").worksheets[0]
    header = [c.value for c in ws[1]]
    assert "NIK" in header and shown in header
