"""Issue 12/13/14 reading cases: a sheet that lost its header, the list type a file states,
a repeated header in another column order, formula cells without saved values, two-row
merged headers, hidden sheets, Excel lock files, recap sheets. Every file is built here."""

from __future__ import annotations

import warnings

import pytest

from dptclean import InputError, SchemaError, load_voters, read_voters
from dptclean.io.messages import ReadWarning
from tests.builders import KPU_HEADER, csv_text, kpu_sheet, nik, voter, write_csv, write_xlsx
from tests.io.helpers import assert_accounted, values


def _wide(*args):
    """``dptclean ARGS`` with a wide terminal, so rich does not wrap the table cells."""
    from click.testing import CliRunner

    from dptclean.cli import main

    return CliRunner(env={"COLUMNS": "250"}).invoke(main, [str(a) for a in args])


def _load(*args, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReadWarning)
        result = load_voters(*args, **kwargs)
    return result, [str(w.message) for w in caught if issubclass(w.category, ReadWarning)]


# --- 1. a sheet that lost its header --------------------------------------------------------

def _lost_header_workbook(tmp_path, body_rows):
    return write_xlsx(tmp_path / "dpt_welahan.xlsx", {
        "BUGO": kpu_sheet([voter(i) for i in range(3)], desa="BUGO"),
        "GEDANGAN": body_rows,
        "KENDENGSIDIALIT": kpu_sheet([voter(i) for i in range(10, 12)], desa="KENDENGSIDIALIT"),
    })


def test_sheet_without_header_is_read_with_its_siblings_header(tmp_path):
    lost = [voter(i) for i in range(20, 24)]  # pasted without title rows and header
    path = _lost_header_workbook(tmp_path, lost)
    result, shown = _load(path)
    df = result.frame
    assert len(df) == 3 + 4 + 2
    part = df[df["sheet"] == "GEDANGAN"]
    assert values(part, "nik") == [nik(i, female=i % 2 == 1) for i in range(20, 24)]
    assert values(part, "nama", "tanggal_lahir") == [[voter(i)[3], voter(i)[5]]
                                                      for i in range(20, 24)]
    assert part["row"].tolist() == [1, 2, 3, 4]
    report = next(s for s in result.sheets if s.sheet == "GEDANGAN")
    assert report.header_from == "BUGO" and report.header_row is None
    assert report.skipped == {} and report.records == 4
    assert any("GEDANGAN" in w and "BUGO" in w and "rows 1-4" in w for w in shown), shown
    assert_accounted(result, 10 + 4 + 9)  # BUGO, GEDANGAN, KENDENGSIDIALIT


def test_sheet_without_header_that_does_not_fit_is_an_input_error(tmp_path):
    # the NO column was not copied: every column sits one to the left of the header's
    lost = [voter(i)[1:] for i in range(20, 24)]
    path = _lost_header_workbook(tmp_path, lost)
    with pytest.raises(InputError) as err:
        load_voters(path)
    message = str(err.value)
    assert "[sheet GEDANGAN]" in message and "rows 1-4" in message
    assert "--allow-skipped-sheets" in message
    result, shown = _load(path, allow_skipped_sheets=True)
    assert len(result.frame) == 5
    assert result.skipped["sheet_without_header"] == 4
    assert any("GEDANGAN" in w and "not read" in w for w in shown)


def test_a_note_sheet_without_header_is_not_lost_data(tmp_path):
    path = write_xlsx(tmp_path / "dpt.xlsx", {"DPT": kpu_sheet([voter(0)]),
                                              "CATATAN": [["dicetak 2024"], ["oleh PPS"]]})
    assert len(read_voters(path)) == 1


def test_cli_dedupe_and_check_refuse_lost_sheet_unless_allowed(tmp_path, monkeypatch):
    monkeypatch.delenv("DPTCLEAN_LANG")  # the Bahasa default
    from tests.builders import run_cli

    path = _lost_header_workbook(tmp_path, [voter(i)[1:] for i in range(20, 24)])
    for args in (["dedupe", path, "--format", "json"],
                 ["check", path, "--max-duplicate-rate", "50%"]):
        res = run_cli(*args)
        assert res.exit_code == 3, res.output
        lines = res.stderr.strip().splitlines()
        assert len(lines) == 1 and "GEDANGAN" in lines[0] and "1-4" in lines[0], lines
        ok = run_cli(*args, "--allow-skipped-sheets")
        assert ok.exit_code == 0, ok.output
        assert "dptclean: peringatan:" in ok.stderr and "GEDANGAN" in ok.stderr


def test_inspect_shows_borrowed_header_and_lost_sheet(tmp_path):

    good = _lost_header_workbook(tmp_path, [voter(i) for i in range(20, 24)])
    res = _wide("inspect", good)
    assert res.exit_code == 0, res.output
    assert "from sheet BUGO" in res.stdout
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    bad = _lost_header_workbook(bad_dir, [voter(i)[1:] for i in range(20, 24)])
    res = _wide("inspect", bad)
    assert res.exit_code == 0, res.output
    assert "NOT READ: 4 rows" in res.stdout


# --- 2. the list type a file states ---------------------------------------------------------

def test_dpk_title_given_as_dpt_is_refused_with_what_to_do(tmp_path):
    from tests.builders import run_cli

    path = write_xlsx(tmp_path / "daftar.xlsx",
                      {"S": kpu_sheet([voter(0), voter(1)], title="DAFTAR PEMILIH KHUSUS")})
    with pytest.raises(InputError, match="titled DAFTAR PEMILIH KHUSUS: give it with --dpk"):
        read_voters(path)
    res = run_cli("dedupe", path, "--format", "json")
    assert res.exit_code == 3
    assert res.stderr.strip().splitlines() == [
        f"dptclean: error: {path} [sheet S]: this file is titled DAFTAR PEMILIH KHUSUS: give "
        "it with --dpk (not as the DPT)"]
    dpt = write_xlsx(tmp_path / "dpt.xlsx", {"S": kpu_sheet([voter(5), voter(6)])})
    res = run_cli("dedupe", dpt, "--dpk", path, "--format", "json")
    assert res.exit_code == 0, res.output
    assert '"records": 2' in res.stdout


def test_list_type_read_from_title_names_and_column(tmp_path):
    khusus = write_xlsx(tmp_path / "khusus.xlsx",
                        {"S": kpu_sheet([voter(0)], title="DAFTAR PEMILIH KHUSUS")})
    result = load_voters(khusus)
    assert result.sheets[0].list_name == "DPK" and result.frame["list"].tolist() == ["DPK"]
    assert (result.sheets[0].list_type, result.sheets[0].list_source) == ("DPK", "title")
    dps = write_xlsx(tmp_path / "data.xlsx",
                     {"S": kpu_sheet([voter(0)], title="DAFTAR PEMILIH SEMENTARA")})
    s = load_voters(dps).sheets[0]
    assert (s.list_name, s.list_type) == ("DPT", "DPS")
    col = write_csv(tmp_path / "data.csv", [["NIK", "NAMA", "TGL LAHIR", "KETERANGAN"],
                                            [nik(0), "SITI", "01-01-1970", "DPK"],
                                            [nik(1), "AGUS", "01-01-1971", "DPK"]])
    with pytest.raises(InputError, match="give it with --dpk"):
        read_voters(col)
    got = load_voters(col, list_name="DPK")
    assert (got.sheets[0].list_type, got.sheets[0].list_source) == ("DPK", "column")


@pytest.mark.parametrize("name, title, given, fragment", [
    ("dpt_bugo.xlsx", "DAFTAR PEMILIH KHUSUS", None, "the list type is unclear"),
    ("bugo.xlsx", "DAFTAR PEMILIH TETAP", "DPK", "given with --dpk but its title says"),
    ("bugo.xlsx", "DAFTAR PEMILIH TAMBAHAN", None, "(DPTb)"),
])
def test_list_type_conflicts_are_input_errors(tmp_path, name, title, given, fragment):
    path = write_xlsx(tmp_path / name, {"S": kpu_sheet([voter(0)], title=title)})
    with pytest.raises(InputError) as err:
        load_voters(path, list_name=given)
    assert fragment in str(err.value)
    assert len(str(err.value).splitlines()) == 1


def test_list_column_with_two_lists_is_an_input_error(tmp_path):
    path = write_csv(tmp_path / "gabung.csv", [["NIK", "NAMA", "TGL LAHIR", "JENIS DAFTAR"],
                                               [nik(0), "SITI", "01-01-1970", "DPT"],
                                               [nik(1), "AGUS", "01-01-1971", "DPK"]])
    with pytest.raises(InputError, match="JENIS DAFTAR holds several list types"):
        read_voters(path)


def test_inspect_says_the_list_type(tmp_path):

    path = write_xlsx(tmp_path / "khusus.xlsx",
                      {"S": kpu_sheet([voter(0)], title="DAFTAR PEMILIH KHUSUS")})
    res = _wide("inspect", path)
    assert res.exit_code == 0 and "DPK (title)" in res.stdout


# --- 3. a repeated header with another column order ----------------------------------------

def test_repeated_header_with_another_order_remaps_what_follows(tmp_path):
    first = ["NO", "NKK", "NIK", "NAMA", "TANGGAL LAHIR", "TEMPAT LAHIR", "JK"]
    second = ["NO", "NAMA", "NIK", "NKK", "JK", "TEMPAT LAHIR", "TANGGAL LAHIR"]
    people = [(nik(i), f"33200100000000{i:02d}", f"ORANG {i}", f"0{1 + i}-01-1970", "JEPARA",
               "L") for i in range(6)]
    rows = [["DAFTAR PEMILIH TETAP"], ["KECAMATAN : WELAHAN"], first]
    for k, (n, kk, nama, tgl, tmp, jk) in enumerate(people[:3]):
        rows.append([k + 1, kk, n, nama, tgl, tmp, jk])
    rows.append(second)
    for k, (n, kk, nama, tgl, tmp, jk) in enumerate(people[3:]):
        rows.append([k + 1, nama, n, kk, jk, tmp, tgl])
    for path in (write_xlsx(tmp_path / "gabung.xlsx", {"S": rows}),
                 write_csv(tmp_path / "gabung.csv", rows)):
        result = load_voters(path)
        df = result.frame
        assert values(df, "nik", "nkk", "nama", "tanggal_lahir", "jenis_kelamin") == [
            [n, kk, nama, tgl, jk] for n, kk, nama, tgl, _, jk in people]
        assert df["kecamatan"].unique().tolist() == ["WELAHAN"]
        assert df["row"].tolist() == [4, 5, 6, 8, 9, 10]
        s = result.sheets[0]
        assert s.remapped_rows == [7] and s.skipped["header"] == 2
        assert_accounted(result, len(rows))


def test_two_headers_back_to_back_report_the_one_the_records_are_read_with(tmp_path, monkeypatch):
    """Row 1 and row 2 both name NIK and NAMA, in different columns, with no record between
    them: the records are read with row 2 (directly above them), and row 2 is the header the
    report gives (header row, mapping), with a note naming row 1; not row 1's layout reported
    over values read with row 2's."""
    people = [(nik(i), f"ORANG {i}", f"00{1 + i}") for i in range(3)]
    later = [(nik(i), f"ORANG {i}", f"00{1 + i}") for i in range(3, 5)]
    rows = [["NO", "NIK", "NAMA"], ["TPS", "NAMA", "NIK"], *[[t, n, k] for k, n, t in people],
            ["NIK", "TPS", "NAMA"], *[[k, t, n] for k, n, t in later]]
    for path in (write_xlsx(tmp_path / "dua.xlsx", {"S": rows}),
                 write_csv(tmp_path / "dua.csv", rows)):
        result, notes = _load(path)
        assert values(result.frame, "nik", "nama", "tps") == [list(p) for p in people + later]
        s = result.sheets[0]
        assert s.header_row == 2
        assert s.mapping == {"tps": "TPS", "nama": "NAMA", "nik": "NIK"}
        assert s.remapped_rows == [6] and s.skipped["header"] == 3
        assert [n.key for n in s.notes] == ["header_unused"]
        assert s.notes[0].params == {"rows": "1", "used": 2}
        assert len(notes) == 1 and "row 1 is also a header" in notes[0] \
            and "header of row 2" in notes[0]
        assert_accounted(result, len(rows))
    monkeypatch.delenv("DPTCLEAN_LANG", raising=False)
    assert "baris 1 juga berupa judul kolom" in s.notes[0].render("id")


# --- 4. formula cells, two-row headers, hidden sheets, lock files, NIK (16 DIGIT) ----------

def _openpyxl_book(path, sheets, hidden=None):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        if hidden and name in hidden:
            ws.sheet_state = hidden[name]
    wb.save(path)
    return path


def test_formula_literals_without_saved_values_are_read(tmp_path):
    rows = [["NIK", "NAMA", "TGL LAHIR"],
            [f'="{nik(0)}"', "SITI", "01-01-1970"],
            [f"={nik(1)}", "AGUS", "02-01-1970"],
            [nik(2), '="DEWI ""ANI"""', "03-01-1970"]]
    path = _openpyxl_book(tmp_path / "script.xlsx", {"DPT": rows})
    result, shown = _load(path)
    assert values(result.frame, "nik", "nama") == [[nik(0), "SITI"], [nik(1), "AGUS"],
                                                   [nik(2), 'DEWI "ANI"']]
    assert any("3 formula cells" in w and "DPT" in w for w in shown), shown


def test_formula_without_saved_value_that_is_not_a_literal_is_refused(tmp_path):
    rows = [["NIK", "NAMA", "TGL LAHIR"], [nik(0), '=UPPER("siti")', "01-01-1970"]]
    path = _openpyxl_book(tmp_path / "script.xlsx", {"DPT": rows})
    with pytest.raises(InputError) as err:
        read_voters(path)
    message = str(err.value)
    assert "[sheet DPT]" in message and "open and save it in Excel" in message
    assert 'B2: =UPPER("siti")' in message


def test_two_row_header_with_merged_lahir_over_tempat_tanggal(tmp_path):
    import openpyxl

    path = tmp_path / "dua_baris.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "DPT"
    ws.append(["DAFTAR PEMILIH TETAP"])
    ws.append(["NO", "NIK", "NAMA", "LAHIR", None, "L/P"])
    ws.append([None, None, None, "TEMPAT", "TANGGAL", None])
    ws.merge_cells("D2:E2")
    for c in ("A", "B", "C", "F"):
        ws.merge_cells(f"{c}2:{c}3")
    ws.append([1, nik(0), "SITI AMINAH", "JEPARA", "01-01-1970", "P"])
    ws.append([2, nik(1), "AGUS SANTOSO", "KUDUS", "02-01-1971", "L"])
    wb.save(path)
    result = load_voters(path)
    s = result.sheets[0]
    assert s.mapping["tempat_lahir"] and s.mapping["tanggal_lahir"]
    assert s.skipped["header"] == 2 and s.records == 2
    assert values(result.frame, "nama", "tempat_lahir", "tanggal_lahir") == [
        ["SITI AMINAH", "JEPARA", "01-01-1970"], ["AGUS SANTOSO", "KUDUS", "02-01-1971"]]


def test_hidden_sheets_are_left_out_unless_asked(tmp_path, monkeypatch):
    monkeypatch.delenv("DPTCLEAN_LANG")  # the Bahasa default
    body = kpu_sheet([voter(i) for i in range(3)])
    path = _openpyxl_book(tmp_path / "dpt.xlsx",
                          {"DPT": body, "ARSIP": body, "LAMA": body},
                          hidden={"ARSIP": "hidden", "LAMA": "veryHidden"})
    result, shown = _load(path)
    assert len(result.frame) == 3
    assert result.skipped["hidden_sheet"] == 2 * 10
    assert sum("hidden sheet" in w for w in shown) == 2
    every, _ = _load(path, include_hidden=True)
    assert len(every.frame) == 9
    assert [s.hidden for s in every.sheets] == [None, "hidden", "veryhidden"]

    res = _wide("inspect", path)
    assert "tersembunyi (hidden): tidak dibaca" in res.stdout       # Bahasa
    assert "tersembunyi (veryhidden): tidak dibaca" in res.stdout
    assert "lembar tersembunyi" in res.stderr


def test_excel_lock_files_among_inputs_are_skipped(tmp_path, monkeypatch):
    monkeypatch.delenv("DPTCLEAN_LANG")  # the Bahasa default
    from tests.builders import run_cli

    path = write_xlsx(tmp_path / "dpt.xlsx", {"S": kpu_sheet([voter(0), voter(1)])})
    lock = tmp_path / "~$dpt.xlsx"
    lock.write_bytes(b"\x05operator" + b"\x00" * 150)
    result, shown = _load([lock, path])
    assert len(result.frame) == 2
    assert any("lock file" in w for w in shown)
    with pytest.raises(InputError, match="only Excel lock files"):
        read_voters([lock])
    res = run_cli("dedupe", lock, path, "--format", "json")
    assert res.exit_code == 0, res.output
    assert "berkas kunci Excel" in res.stderr


@pytest.mark.parametrize("header", ["NIK PEMILIH (16 DIGIT)", "NIK (16 digit)",
                                    "NO. NIK [16 DIGIT]"])
def test_headers_with_a_note_in_brackets(tmp_path, header):
    path = write_csv(tmp_path / "dpt.csv", [[header, "NAMA", "TGL LAHIR"],
                                            [nik(0), "SITI", "01-01-1970"]])
    result = load_voters(path)
    assert result.sheets[0].mapping["nik"] == header
    assert result.frame["nik"].tolist() == [nik(0)]


# --- 5. one-cell titles with two pairs, recap sheets ---------------------------------------

def test_one_cell_title_with_kelurahan_and_kecamatan(tmp_path):
    rows = kpu_sheet([voter(0), voter(1)])
    rows[2] = ["PROVINSI : JAWA TENGAH"]
    rows[3] = ["KELURAHAN/DESA : BUGO     KECAMATAN : WELAHAN"]
    df = read_voters(write_xlsx(tmp_path / "dpt.xlsx", {"S": rows}))
    assert df["kelurahan"].unique().tolist() == ["BUGO"]
    assert df["kecamatan"].unique().tolist() == ["WELAHAN"]


_RECAP = [["REKAPITULASI DPT PER TPS"], ["NO", "KELURAHAN", "TPS", "L", "P", "JUMLAH"],
          [1, "BUGO", "001", 120, 130, 250], [2, "BUGO", "002", 110, 115, 225]]


@pytest.mark.parametrize("rows", [_RECAP, [r[:1] + r[2:] for r in _RECAP]])
def test_recap_sheet_is_named_as_a_recap(tmp_path, rows):
    with pytest.raises(SchemaError, match="looks like a recap per TPS"):
        read_voters(write_xlsx(tmp_path / "rekap.xlsx", {"REKAP": rows}))
    with pytest.raises(SchemaError, match="looks like a recap per TPS"):
        read_voters(write_csv(tmp_path / "rekap.csv", rows))
    both = write_xlsx(tmp_path / "dpt.xlsx", {"DPT": kpu_sheet([voter(0)]), "REKAP": rows})
    result, shown = _load(both)
    assert len(result.frame) == 1
    assert any("recap per TPS" in w for w in shown)


def test_header_list_matches_the_builders():
    assert KPU_HEADER[2] == "NIK" and "KETERANGAN" in csv_text([KPU_HEADER])


def test_workbook_whose_list_is_only_on_a_hidden_sheet_says_so(tmp_path):
    path = _openpyxl_book(tmp_path / "dpt.xlsx", {"KOSONG": [], "DPT": kpu_sheet([voter(0)])},
                          hidden={"DPT": "hidden"})
    with pytest.raises(SchemaError) as err:
        read_voters(path)
    assert str(err.value) == (f"{path}: hidden sheet (hidden) not read (8 rows); give "
                              "--include-hidden to read it")
    every, shown = _load(path, include_hidden=True)
    assert len(every.frame) == 1 and any("read (--include-hidden)" in w for w in shown)
