"""dptclean inspect through click's CliRunner: output, JSON, and every kind of bad input."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from dptclean.cli import main
from dptclean.errors import ExitCode
from tests.builders import csv_text, kpu_sheet, nik, voter, write_csv, write_xlsx


@pytest.fixture
def run():
    def invoke(*args: str, input: bytes | str | None = None):
        # a wide terminal, so rich does not wrap the table cells
        return CliRunner(env={"COLUMNS": "200"}).invoke(main, [str(a) for a in args],
                                                         input=input)

    return invoke


@pytest.fixture
def workbook(tmp_path):
    return write_xlsx(tmp_path / "welahan.xlsx", {
        "BUGO": kpu_sheet([voter(i) for i in range(3)], desa="BUGO"),
        "GEDANGAN": kpu_sheet([voter(i) for i in range(3, 5)], desa="GEDANGAN"),
    })


def test_inspect_json(run, workbook):
    result = run("inspect", "--format", "json", workbook)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["records"] == 5
    assert data["skipped"] == {"blank": 2, "column_numbers": 2, "footer": 2, "header": 2,
                               "title": 8}
    assert [(s["sheet"], s["header_row"], s["records"]) for s in data["sheets"]] == [
        ("BUGO", 6, 3), ("GEDANGAN", 6, 2)]
    assert data["sheets"][1]["title_values"]["kelurahan"] == "GEDANGAN"
    assert data["sheets"][0]["mapping"]["nik"] == "NIK"


def test_inspect_table(run, workbook):
    result = run("inspect", "--verbose", workbook)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"{workbook} [BUGO]" in out and "[GEDANGAN]" in out
    assert "nama <- NAMA" in out and "kelurahan = BUGO" in out
    assert "column_numbers 1" in out and "footer 1" in out
    assert "5 records loaded from 2 sheet(s); 16 rows skipped" in " ".join(out.split())


def test_inspect_options_sheet_map_header_row(run, tmp_path):
    path = write_xlsx(tmp_path / "odd.xlsx", {
        "CATATAN": [["dicetak 2024"]],
        "DATA": [["JUDUL"], ["NOMOR INDUK", "NAMA PEMILIH TETAP", "LAHIR"],
                 [nik(0), "SITI", "01-01-1970"]]})
    result = run("inspect", "--format", "json", "--sheet", "2", "--header-row", "2",
                 "--map", "nik=Nomor Induk", "--map", "nama=NAMA PEMILIH TETAP",
                 "--map", "tanggal_lahir=lahir", path)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["records"] == 1
    assert data["sheets"][0]["sheet"] == "DATA" and data["sheets"][0]["header_row"] == 2


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|", "#"])
def test_inspect_stdin(run, delimiter):
    text = csv_text([["NIK", "NAMA", "TGL LAHIR"], [nik(0), "SITI", "01-01-1970"],
                     [nik(1), "AGUS", "02-01-1970"]], delimiter=delimiter)
    result = run("inspect", "--format", "json", "-", input=text.encode("cp1252"))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["records"] == 2
    assert data["sheets"][0]["source_file"] == "<stdin>"


def _password_protected(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = write_xlsx(tmp_path / "plain.xlsx", {"S": kpu_sheet([voter(0)])})
    target = tmp_path / "locked.xlsx"
    with open(plain, "rb") as src, open(target, "wb") as out:
        OOXMLFile(src).encrypt("rahasia", out)
    return target


def _truncated(tmp_path):
    full = write_xlsx(tmp_path / "full.xlsx", {"S": kpu_sheet([voter(i) for i in range(50)])})
    target = tmp_path / "truncated.xlsx"
    target.write_bytes(full.read_bytes()[: os.path.getsize(full) // 2])
    return target


def _bytes(name: str, data: bytes):
    def make(tmp_path):
        target = tmp_path / name
        target.write_bytes(data)
        return target

    return make


def _xlsx(name: str, rows):
    return lambda tmp_path: write_xlsx(tmp_path / name, {"S": rows})


def _csv(name: str, rows):
    return lambda tmp_path: write_csv(tmp_path / name, rows)


BAD_INPUTS = [
    # id, builder, extra args, a fragment of the message
    ("missing", lambda p: p / "nope.xlsx", [], "no such file"),
    ("directory", lambda p: p, [], "is a directory"),
    ("random bytes", _bytes("random.xlsx", os.urandom(3000)), [], "not a valid Excel"),
    ("zip that is not a workbook", None, [], "cannot read the workbook"),
    ("truncated", _truncated, [], "corrupt or truncated"),
    ("password", _password_protected, [], "password-protected"),
    ("empty xlsx", _bytes("empty.xlsx", b""), [], "empty"),
    ("empty csv", _bytes("empty.csv", b""), [], "empty"),
    ("blank csv", _bytes("blank.csv", b"\n \n\n"), [], "empty"),
    ("html named xls", _bytes("dpt.xls", b"<html><table><tr><td>NIK</td></tr></table></html>"),
     [], "not a valid .xls"),
    ("unsupported type", _bytes("dpt.docx.pdf", b"%PDF-1.4"), [], "unsupported file type"),
    ("no header", _xlsx("noheader.xlsx", [["DAFTAR"], ["1", "2", "3"], ["a", "b", "c"]]), [],
     "no recognisable header"),
    ("no header csv", _csv("noheader.csv", [["a", "b", "c"], ["1", "2", "3"]]), [],
     "no recognisable header"),
    ("no NAMA", _csv("nonama.csv", [["NIK", "TGL LAHIR", "JK", "RT"],
                                    [nik(0), "01-01-1970", "L", "001"]]), [], "no NAMA column"),
    ("no NIK nor TANGGAL LAHIR", _csv("nonik.csv", [["NAMA", "ALAMAT", "RT", "RW"],
                                                    ["SITI", "X", "001", "002"]]), [],
     "neither a NIK nor a TANGGAL LAHIR"),
    ("unknown sheet", _xlsx("dpt.xlsx", kpu_sheet([voter(0)])), ["--sheet", "TPS 9"],
     "no sheet 'TPS 9'"),
    ("map header not found", _xlsx("dpt.xlsx", kpu_sheet([voter(0)])),
     ["--map", "nama=NAMA LENGKAP PEMILIH"], "--map names a header"),
    ("header row past the end", _csv("dpt.csv", [["NIK", "NAMA"], [nik(0), "SITI"]]),
     ["--header-row", "40"], "--header-row 40"),
    ("bad encoding", _csv("dpt.csv", [["NIK", "NAMA"], [nik(0), "SITI"]]),
     ["--encoding", "klingon"], "unknown encoding"),
]


def _zip_not_workbook(tmp_path):
    import zipfile

    target = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(target, "w") as zf:
        zf.writestr("readme.txt", "not a workbook")
    return target


BAD_INPUTS[3] = ("zip that is not a workbook", _zip_not_workbook, [], "")


@pytest.mark.parametrize("build, args, fragment",
                         [pytest.param(b, a, f, id=i) for i, b, a, f in BAD_INPUTS])
def test_bad_input_one_line_exit_3(run, tmp_path, build, args, fragment):
    path = build(tmp_path)
    result = run("inspect", *args, path)
    assert result.exit_code == ExitCode.INPUT, (result.exit_code, result.output)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("dptclean: error: "), lines[0]
    assert str(path) in lines[0]
    assert fragment in lines[0]
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_bad_file_among_good_ones_names_the_bad_one(run, tmp_path, workbook):
    missing = tmp_path / "hilang.csv"
    result = run("inspect", workbook, missing)
    assert result.exit_code == ExitCode.INPUT
    assert result.stderr.strip() == f"dptclean: error: {missing}: no such file"


def test_sheet_without_header_named_when_chosen(run, tmp_path):
    path = write_xlsx(tmp_path / "dpt.xlsx", {"DPT": kpu_sheet([voter(0)]),
                                              "CATATAN": [["dicetak 2024"]]})
    ok = run("inspect", "--format", "json", path)
    assert ok.exit_code == 0 and json.loads(ok.stdout)["records"] == 1
    result = run("inspect", "--sheet", "CATATAN", path)
    assert result.exit_code == ExitCode.INPUT
    assert result.stderr.startswith(f"dptclean: error: {path} [sheet CATATAN]: no recognisable")


@pytest.mark.parametrize("args", [
    ["--map", "foo=Bar"],
    ["--map", "nama"],
    ["--map", "nama="],
    ["--header-row", "0"],
    ["--header-row", "x"],
    ["--format", "xml"],
    ["--delimiter", "::"],
    ["--no-such-option"],
    [],
])
def test_usage_errors_exit_2(run, tmp_path, args):
    path = write_csv(tmp_path / "dpt.csv", [["NIK", "NAMA"], [nik(0), "SITI"]])
    result = run("inspect", *args, *([path] if args else []))
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "Traceback" not in result.output
    assert "Error" in result.stderr


def test_debug_shows_a_traceback(run, tmp_path):
    missing = tmp_path / "nope.csv"
    result = run("--debug", "inspect", missing)
    assert result.exit_code == ExitCode.INPUT
    assert "Traceback" in result.stderr
    assert result.stderr.splitlines()[-1] == f"dptclean: error: {missing}: no such file"


def test_version_and_help(run):
    assert run("--version").stdout.startswith("dptclean, version ")
    result = run("--help")
    assert result.exit_code == 0 and "inspect" in result.stdout


def test_inspect_every_format_in_one_call(run, tmp_path, workbook):
    from dptclean import read_voters
    from tests.builders import write_xls

    xls = write_xls(tmp_path / "dpk_bugo.xls", {"BUGO": kpu_sheet([voter(7), voter(8)],
                                                               title="DAFTAR PEMILIH KHUSUS")})
    csv_path = write_csv(tmp_path / "dpt.tsv", [["NIK", "NAMA", "TGL LAHIR"],
                                                [nik(9), "EKO", "01-01-1970"]], delimiter="\t")
    parquet = tmp_path / "ulang.parquet"
    read_voters(workbook).to_parquet(parquet)
    result = run("inspect", "--format", "json", workbook, xls, csv_path, parquet)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["records"] == 5 + 2 + 1 + 5
    assert [(s["source_file"].rsplit("/", 1)[-1], s["sheet"], s["list"], s["records"])
            for s in data["sheets"]] == [
        ("welahan.xlsx", "BUGO", "DPT", 3), ("welahan.xlsx", "GEDANGAN", "DPT", 2),
        ("dpk_bugo.xls", "BUGO", "DPK", 2), ("dpt.tsv", None, "DPT", 1),
        ("ulang.parquet", None, "DPT", 5)]


def test_inspect_prints_one_summary_table_and_details_only_with_verbose(run, tmp_path):
    sheets = {f"TPS {k}": kpu_sheet([voter(k * 3 + i) for i in range(3)], desa="BUGO")
              for k in range(1, 9)}
    path = write_xlsx(tmp_path / "dpt_bugo.xlsx", sheets)
    short = run("inspect", path)
    assert short.exit_code == 0, short.output
    lines = short.stdout.splitlines()
    # one row per sheet in one table (header, rules, 8 rows, total): no per-sheet tables
    assert len(lines) <= 16, short.stdout
    assert "nama <- NAMA" not in short.stdout
    assert sum("TPS " in ln and "read" in ln for ln in lines) == 8
    assert "24 records loaded from 8 sheet(s)" in " ".join(short.stdout.split())
    long = run("inspect", "--verbose", path)
    assert long.stdout.count("nama <- NAMA") == 8
    assert len(long.stdout.splitlines()) > 4 * len(lines)
