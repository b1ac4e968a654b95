from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from dptclean import schema
from dptclean.cli import main
from dptclean.errors import ExitCode
from dptclean.normalize import NORMALIZED_COLUMNS

HEADER = ["NO", "NKK", "NIK", "NAMA", "TEMPAT LAHIR", "TANGGAL LAHIR", "STATUS PERKAWINAN",
          "JENIS KELAMIN", "ALAMAT", "RT", "RW", "DISABILITAS", "KETERANGAN", "TPS",
          "KELURAHAN", "KECAMATAN"]
ROWS = [
    ["1", "3320010101100001", "3320017112800001", "H. MOCH. SOEPARNO, S.PD", "KAB. JEPARA",
     "31-12-1980", "S", "P", "DUKUH KRAJAN", "1", "2", "0", "B", "1", "WELAHAN", "WELAHAN"],
    ["2", "3320010101100001", "3320012503850002", "SITI AMINAH", "JEPARA", "25-03-1985", "B",
     "L", "DUKUH KRAJAN", "1", "2", "", "", "1", "WELAHAN", "WELAHAN"],
    ["3", "3320010101100003", "332001150390****", "BUDI", "Kudus", "03/04/1990", "B", "L",
     "JL MERDEKA", "3", "1", "", "TMS 1", "2", "KALIPUCANG", "WELAHAN"],
    ["4", "", "1234", "ANI", "Kudus", "30-02-1990", "B", "X", "JL MERDEKA", "3", "1", "", "",
     "2", "KALIPUCANG", "WELAHAN"],
]


def write_csv(path: Path, rows=ROWS, header=HEADER) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


@pytest.fixture
def dpt(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "dpt.csv")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_writes_parquet_with_one_row_per_record(dpt: Path, tmp_path: Path):
    out = tmp_path / "out.parquet"
    result = run("normalize", str(dpt), "-o", str(out), "--election-date", "2024-02-14")
    assert result.exit_code == 0, result.output
    frame = pd.read_parquet(out)
    assert len(frame) == len(ROWS)
    for col in (*NORMALIZED_COLUMNS, schema.NIK, schema.NAMA, schema.SOURCE_FILE, schema.ROW):
        assert col in frame.columns, col
    assert frame[schema.NAMA].tolist()[0] == "H. MOCH. SOEPARNO, S.PD"       # kept as read
    assert frame[schema.NAMA_NORM].tolist()[0] == "MOCH SOEPARNO"
    assert frame[schema.NIK_STATUS].tolist() == ["valid", "valid", "masked", "invalid:length"]
    assert frame[schema.ROW].tolist() == [2, 3, 4, 5]
    assert frame[schema.TMS].tolist() == [False, False, True, False]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_other_formats_from_the_extension(dpt: Path, tmp_path: Path, suffix: str):
    out = tmp_path / f"out{suffix}"
    result = run("normalize", str(dpt), "-o", str(out), "--show-nik")
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, dtype=str) if suffix == ".csv" else pd.read_excel(out, dtype=str)
    assert len(frame) == len(ROWS)
    assert frame[schema.NAMA_KEY].tolist()[0] == "MUHAMAD SUPARNO"
    assert frame[schema.NIK].tolist()[0] == "3320017112800001"   # text, not a number


def test_date_order_option(dpt: Path, tmp_path: Path):
    out = tmp_path / "out.parquet"
    assert run("normalize", str(dpt), "-o", str(out), "--date-order", "mdy",
               "--show-nik").exit_code == 0
    dates = pd.read_parquet(out)[schema.TANGGAL_LAHIR_NORM].tolist()
    assert dates[2] == "1990-03-04"
    assert run("normalize", str(dpt), "-o", str(out), "--show-nik").exit_code == 0
    assert pd.read_parquet(out)[schema.TANGGAL_LAHIR_NORM].tolist()[2] == "1990-04-03"


def test_several_files_are_concatenated(tmp_path: Path):
    a = write_csv(tmp_path / "a.csv")
    b = write_csv(tmp_path / "b.csv", rows=ROWS[:2])
    out = tmp_path / "out.parquet"
    assert run("normalize", str(a), str(b), "-o", str(out)).exit_code == 0
    frame = pd.read_parquet(out)
    assert len(frame) == len(ROWS) + 2
    assert frame[schema.SOURCE_FILE].str.endswith("b.csv").sum() == 2


def test_without_output_prints_a_summary(dpt: Path):
    result = CliRunner().invoke(main, ["normalize", str(dpt)])
    assert result.exit_code == 0
    assert "nik_status" in result.stdout and "invalid:length" in result.stdout
    assert "use -o" in result.stderr


def test_refuses_to_overwrite_an_input(dpt: Path):
    before = dpt.read_bytes()
    result = CliRunner().invoke(main, ["normalize", str(dpt), "-o", str(dpt)])
    assert result.exit_code == ExitCode.OUTPUT
    assert "input" in result.stderr
    assert dpt.read_bytes() == before


def test_unknown_output_extension_is_a_usage_error(dpt: Path, tmp_path: Path):
    result = CliRunner().invoke(main, ["normalize", str(dpt), "-o", str(tmp_path / "x.txt")])
    assert result.exit_code == ExitCode.USAGE


def test_missing_input_is_an_input_error(tmp_path: Path):
    result = CliRunner().invoke(main, ["normalize", str(tmp_path / "nope.csv"), "-o",
                                       str(tmp_path / "o.parquet")])
    assert result.exit_code == ExitCode.INPUT
    assert "Traceback" not in result.output


def test_bad_election_date_is_a_usage_error(dpt: Path, tmp_path: Path):
    result = CliRunner().invoke(main, ["normalize", str(dpt), "--election-date", "14-02-2024"])
    assert result.exit_code == ExitCode.USAGE


def test_ambiguous_dates_get_a_hint(tmp_path: Path):
    rows = [r[:5] + ["03-04-1990"] + r[6:] for r in ROWS]
    path = write_csv(tmp_path / "amb.csv", rows=rows)
    result = CliRunner().invoke(main, ["normalize", str(path), "-o",
                                       str(tmp_path / "o.parquet")])
    assert result.exit_code == 0
    assert "--date-order" in result.stderr and "amb.csv" in result.stderr
    quiet = CliRunner().invoke(main, ["normalize", str(path), "-o", str(tmp_path / "p.parquet"),
                                      "-q"])
    assert quiet.stderr == ""
