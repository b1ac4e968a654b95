"""A compressed CSV dump (dump.csv.gz, as databases and SIDALIH-style exports are often shipped)
is read like the CSV inside it, with the same records and row numbers; a damaged one, or one
that would inflate past what memory allows, is refused with one line (exit 3). Before, every
.gz was refused as an unsupported file type."""

from __future__ import annotations

import gzip

import pytest

from dptclean import InputError, limits, read_voters
from dptclean.errors import ExitCode
from tests.builders import KPU_HEADER, csv_text, run_cli, voter


def _csv(rows: int = 5, delimiter: str = ",") -> bytes:
    return csv_text([KPU_HEADER] + [voter(i) for i in range(rows)], delimiter).encode("utf-8")


@pytest.mark.parametrize("name, delimiter", [("dpt.csv.gz", ","), ("dpt.CSV.GZ", ";"),
                                             ("sidalih.txt.gz", "#")])
def test_a_gzipped_csv_reads_like_the_csv(tmp_path, name, delimiter):
    plain = tmp_path / "dpt.csv"
    plain.write_bytes(_csv(delimiter=delimiter))
    packed = tmp_path / name
    packed.write_bytes(gzip.compress(_csv(delimiter=delimiter)))
    a, b = read_voters([plain]), read_voters([packed])
    cols = ["nik", "nama", "tanggal_lahir", "row"]
    assert b[cols].astype(str).values.tolist() == a[cols].astype(str).values.tolist()
    assert set(b["source_file"]) == {str(packed)}


def test_every_command_reads_it(tmp_path):
    packed = tmp_path / "dump.csv.gz"
    packed.write_bytes(gzip.compress(_csv()))
    res = run_cli("check", packed, "--min-records", "5", "-q")
    assert res.exit_code == 0, res.stderr


def test_a_damaged_gzip_is_one_line_exit_3(tmp_path):
    packed = tmp_path / "dump.csv.gz"
    packed.write_bytes(gzip.compress(_csv())[:-20])   # cut short
    res = run_cli("inspect", packed)
    assert res.exit_code == ExitCode.INPUT
    assert res.stderr.count("\n") == 1 and "gzip" in res.stderr and str(packed) in res.stderr
    with pytest.raises(InputError, match="gzip"):
        read_voters([packed])


def test_a_gzip_that_inflates_too_far_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "available_memory", lambda: 250 * 1024**2)
    monkeypatch.delenv("DPTCLEAN_NO_MEMORY_CHECK", raising=False)
    packed = tmp_path / "bomb.csv.gz"
    with gzip.open(packed, "wb") as fh:
        fh.write(_csv())
        for _ in range(70):
            fh.write(b"\n" * (1024 * 1024))
    with pytest.raises(InputError, match="MB"):
        read_voters([packed])


def test_other_gz_files_stay_refused(tmp_path):
    packed = tmp_path / "dpt.xlsx.gz"
    packed.write_bytes(gzip.compress(b"PK"))
    res = run_cli("inspect", packed)
    assert res.exit_code == ExitCode.INPUT and "'.gz'" in res.stderr
