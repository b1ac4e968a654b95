"""Workbooks in the layouts real KPU dumps use, written inside the tests."""

from __future__ import annotations

import datetime as dt

import pytest

from dptclean import InputError, SchemaError, load_voters, read_voters
from tests.builders import kpu_sheet, nik, voter, write_xls, write_xlsx
from tests.io.helpers import assert_accounted, values


def test_kpu_sheet_title_rows_header_column_numbers_footer(tmp_path, records):
    path = write_xlsx(tmp_path / "dpt.xlsx", {"KEDUNGSARIMULYO": kpu_sheet(records)})
    result = load_voters(path)
    d = result.to_dict()
    assert d["records"] == 5
    assert d["skipped"] == {"blank": 1, "column_numbers": 1, "footer": 1, "header": 1,
                            "title": 4}
    sheet = d["sheets"][0]
    assert sheet["header_row"] == 6
    assert sheet["title_values"] == {"provinsi": "JAWA TENGAH", "kecamatan": "WELAHAN",
                                     "kelurahan": "KEDUNGSARIMULYO"}
    assert sheet["mapping"]["nama"] == "NAMA" and sheet["mapping"]["record_no"] == "NO"
    assert sheet["mapping"]["status_kawin"] == "STATUS PERKAWINAN"
    assert sheet["skipped_rows"]["footer"] == [13]
    assert_accounted(result, 4 + 1 + 1 + 5 + 1)

    df = result.frame
    assert df["row"].tolist() == [8, 9, 10, 11, 12]
    assert df["record_no"].tolist() == ["1", "2", "3", "4", "5"]
    assert df["sheet"].unique().tolist() == ["KEDUNGSARIMULYO"]
    assert df["source_file"].iloc[0] == str(path)
    assert df["kecamatan"].unique().tolist() == ["WELAHAN"]
    assert df["kelurahan"].unique().tolist() == ["KEDUNGSARIMULYO"]
    assert df["provinsi"].unique().tolist() == ["JAWA TENGAH"]
    first = df.iloc[0]
    assert (first["nik"], first["nkk"], first["nama"]) == (nik(0), "3320010000000000",
                                                           "SITI AMINAH")
    # leading zeros of text cells survive
    assert (first["rt"], first["rw"], first["tps"]) == ("001", "001", "001")
    assert df["nik_digits_known"].isna().all()
    assert df["list"].tolist() == ["DPT"] * 5


def test_title_split_across_cells(tmp_path, records):
    path = write_xlsx(tmp_path / "dpt.xlsx", {"S": kpu_sheet(records, split_title=True)})
    d = load_voters(path).to_dict()
    assert d["sheets"][0]["title_values"]["kecamatan"] == "WELAHAN"
    assert read_voters(path)["kecamatan"].unique().tolist() == ["WELAHAN"]


@pytest.mark.parametrize("cells, expected", [
    (["KECAMATAN : WELAHAN"], {"kecamatan": "WELAHAN"}),
    (["KECAMATAN", ": WELAHAN"], {"kecamatan": "WELAHAN"}),
    (["KECAMATAN :", "WELAHAN"], {"kecamatan": "WELAHAN"}),
    (["KECAMATAN", ":", "WELAHAN"], {"kecamatan": "WELAHAN"}),
    (["KELURAHAN/DESA : KEDUNGSARIMULYO"], {"kelurahan": "KEDUNGSARIMULYO"}),
    (["KABUPATEN : JEPARA", None, "TPS : 004"], {"kabupaten": "JEPARA", "tps": "004"}),
    (["DAFTAR PEMILIH TETAP"], {}),
])
def test_title_pairs(cells, expected):
    from dptclean.io.layout import parse_title_pairs

    assert parse_title_pairs(cells) == expected


def test_sheet_starting_at_row_3_column_b(tmp_path, records):
    path = write_xlsx(tmp_path / "dpt.xlsx", {"S": kpu_sheet(records)}, first_row=2, first_col=1)
    result = load_voters(path)
    assert result.sheets[0].header_row == 8
    assert result.frame["row"].tolist() == [10, 11, 12, 13, 14]
    assert result.sheets[0].skipped_rows["footer"] == [15]
    assert result.frame["nama"].iloc[0] == "SITI AMINAH"


def test_one_sheet_per_desa_and_sheet_selection(tmp_path):
    sheets = {
        "BUGO": kpu_sheet([voter(i) for i in range(3)], desa="BUGO"),
        "GEDANGAN": kpu_sheet([voter(i) for i in range(3, 7)], desa="GEDANGAN",
                              split_title=True),
        "KETILENG": kpu_sheet([voter(i) for i in range(7, 9)], desa="KETILENG",
                              column_numbers=False, footer=False),
    }
    path = write_xlsx(tmp_path / "welahan.xlsx", sheets)
    result = load_voters(path)
    assert result.records == 9
    assert [s.sheet for s in result.sheets] == ["BUGO", "GEDANGAN", "KETILENG"]
    assert [s.records for s in result.sheets] == [3, 4, 2]
    assert result.sheets[2].skipped == {"title": 4, "blank": 1, "header": 1}
    df = result.frame
    assert df.groupby("sheet")["kelurahan"].first().to_dict() == {
        "BUGO": "BUGO", "GEDANGAN": "GEDANGAN", "KETILENG": "KETILENG"}
    assert_accounted(result, (7 + 3) + (7 + 4) + (5 + 2))

    assert read_voters(path, sheets=["gedangan"])["sheet"].unique().tolist() == ["GEDANGAN"]
    assert read_voters(path, sheets=["3"])["sheet"].unique().tolist() == ["KETILENG"]
    both = read_voters(path, sheets=["1", "KETILENG"])
    assert both["sheet"].unique().tolist() == ["BUGO", "KETILENG"]
    with pytest.raises(InputError, match="no sheet 'CEPOGO'.*BUGO, GEDANGAN, KETILENG"):
        read_voters(path, sheets=["CEPOGO"])
    with pytest.raises(InputError, match="no sheet '4'"):
        read_voters(path, sheets=["4"])


def test_several_files_in_one_call(tmp_path):
    a = write_xlsx(tmp_path / "a.xlsx", {"S1": kpu_sheet([voter(0)]),
                                         "S2": kpu_sheet([voter(1), voter(2)])})
    b = write_xlsx(tmp_path / "b.xlsx", {"S": kpu_sheet([voter(3)])})
    result = load_voters([a, b])
    assert result.records == 4
    assert result.frame[["source_file", "sheet"]].drop_duplicates().values.tolist() == [
        [str(a), "S1"], [str(a), "S2"], [str(b), "S"]]
    assert result.frame["row"].tolist() == [8, 8, 9, 8]


def test_blank_rows_inside_the_body_and_a_sheet_without_a_header(tmp_path, records):
    rows = kpu_sheet(records[:2]) [:-1] + [[], [], *records[2:], ["JUMLAH", None, None, "5"]]
    path = write_xlsx(tmp_path / "dpt.xlsx", {"DPT": rows, "CATATAN": [["dicetak 2024"]],
                                              "KOSONG": []})
    result = load_voters(path)
    assert result.records == 5
    assert result.frame["row"].tolist() == [8, 9, 12, 13, 14]
    by_sheet = {s.sheet: s for s in result.sheets}
    assert by_sheet["DPT"].skipped["blank"] == 3
    # a sheet without a header is reported, not loaded, and its rows are accounted for
    assert by_sheet["CATATAN"].header_row is None
    assert by_sheet["CATATAN"].skipped == {"sheet_without_header": 1}
    assert by_sheet["KOSONG"].records == 0
    assert_accounted(result, 4 + 1 + 1 + 5 + 1 + 1)


def test_two_row_header_alamat_over_jalan_rt_rw(tmp_path):
    header1 = ["NO", "NIK", "NAMA", "TANGGAL LAHIR", "ALAMAT", None, None, "KET"]
    header2 = [None, None, None, None, "JALAN/DUKUH", "RT", "RW", None]
    body = [[1, nik(0), "SITI AMINAH", "01-01-1970", "DUKUH KRAJAN", "001", "002", "B"],
            [2, nik(1), "AGUS SANTOSO", "02-02-1971", "DUKUH WETAN", "003", "004", None]]
    path = write_xlsx(tmp_path / "dpt.xlsx", {"S": [["DAFTAR PEMILIH TETAP"], header1, header2,
                                                    [str(k) for k in range(1, 9)], *body]})
    result = load_voters(path)
    s = result.sheets[0]
    assert s.header_row == 2
    assert s.skipped == {"title": 1, "header": 2, "column_numbers": 1}
    assert s.mapping["alamat"] == "ALAMAT" and s.mapping["rt"] == "RT" and s.mapping["rw"] == "RW"
    df = result.frame
    assert values(df, "alamat", "rt", "rw", "keterangan") == [
        ["DUKUH KRAJAN", "001", "002", "B"], ["DUKUH WETAN", "003", "004", None]]
    assert df["row"].tolist() == [5, 6]


def test_section_rows_fill_later_rows(tmp_path):
    header = ["NO", "NIK", "NAMA", "TGL LAHIR", "L/P"]
    rows = [["DAFTAR PEMILIH TETAP"], ["KECAMATAN : WELAHAN"], header,
            ["TPS : 001"], [1, nik(0), "A", "01-01-1970", "L"], [2, nik(1), "B", "01-01-1970", "P"],
            ["TPS", ": 002"], [3, nik(2), "C", "01-01-1970", "L"],
            ["KELURAHAN/DESA : BUGO"], [4, nik(3), "D", "01-01-1970", "P"]]
    result = load_voters(write_xlsx(tmp_path / "dpt.xlsx", {"S": rows}))
    df = result.frame
    assert df["tps"].tolist() == ["001", "001", "002", "002"]
    assert values(df, "kelurahan") == [None, None, None, "BUGO"]
    assert df["kecamatan"].unique().tolist() == ["WELAHAN"]
    assert result.sheets[0].skipped == {"title": 2, "header": 1, "section": 3}
    assert_accounted(result, 10)


def test_section_value_does_not_override_a_filled_column(tmp_path):
    rows = [["NO", "NIK", "NAMA", "TPS"], ["TPS : 001"], [1, nik(0), "A", "009"], [2, nik(1), "B", None]]
    df = read_voters(write_xlsx(tmp_path / "dpt.xlsx", {"S": rows}))
    assert df["tps"].tolist() == ["009", "001"]


def test_number_cells_for_nik_nkk_and_dates(tmp_path):
    rows = kpu_sheet([
        voter(0, NIK=3320011411430000, NKK=3320010101200000.0),   # Excel kept 15 digits
        voter(1, NIK="3320011411430000"),                           # the same digits as text
        voter(2, NIK="0320011411430002", TANGGAL_LAHIR=dt.date(1990, 1, 31)),
        voter(3, TANGGAL_LAHIR=dt.datetime(1985, 12, 31, 0, 0)),
        voter(4, RT=3, RW=12, TPS=1),
    ])
    df = read_voters(write_xlsx(tmp_path / "dpt.xlsx", {"S": rows}))
    assert df["nik"].tolist()[:3] == ["3320011411430000", "3320011411430000", "0320011411430002"]
    assert df["nik_digits_known"].iloc[0] == 15
    assert df["nik_digits_known"].isna().tolist() == [False, True, True, True, True]
    assert df["nkk"].iloc[0] == "3320010101200000" and df["nkk_digits_known"].iloc[0] == 15
    assert df["nkk_digits_known"].isna().tolist() == [False, True, True, True, True]
    assert df["tanggal_lahir"].tolist()[2:4] == ["1990-01-31", "1985-12-31"]
    assert df["tanggal_lahir"].iloc[0] == "01-01-1970"  # text dates stay as typed
    # numbers typed into RT/RW/TPS cells come out as their digits (no ".0")
    assert df[["rt", "rw", "tps"]].iloc[4].tolist() == ["3", "12", "1"]


def test_number_nik_in_a_sheet_that_starts_at_column_b(tmp_path):
    rows = kpu_sheet([voter(0, NIK=3320011411430000), voter(1)])
    df = read_voters(write_xlsx(tmp_path / "dpt.xlsx", {"S": rows}, first_row=1, first_col=1))
    assert df["nik"].iloc[0] == "3320011411430000"
    assert df["nik_digits_known"].isna().tolist() == [False, True]


def test_override_header_row_and_map(tmp_path):
    header = ["NOMER", "NOMOR INDUK", "NAMA PEMILIH TETAP", "LAHIR"]
    rows = [["DATA PEMILIH"], header, [1, nik(0), "SITI", "01-01-1970"], [2, nik(1), "AGUS", "02-02-1980"]]
    path = write_xlsx(tmp_path / "odd.xlsx", {"S": rows})
    with pytest.raises(SchemaError, match="no recognisable header"):
        read_voters(path)
    mapping = {"nama": "NAMA PEMILIH TETAP", "nik": "nomor induk", "tanggal_lahir": "Lahir"}
    result = load_voters(path, mapping=mapping)
    assert result.sheets[0].header_row == 2
    assert result.frame[["nik", "nama", "tanggal_lahir"]].values.tolist() == [
        [nik(0), "SITI", "01-01-1970"], [nik(1), "AGUS", "02-02-1980"]]
    assert result.sheets[0].unmapped == ["NOMER"]
    assert result.frame["NOMER"].tolist() == ["1", "2"]
    explicit = load_voters(path, mapping=mapping, header_row=2)
    assert explicit.frame.equals(result.frame)
    with pytest.raises(SchemaError, match="no NAMA column"):
        read_voters(path, mapping={"nik": "NOMOR INDUK"}, header_row=2)


def test_map_wins_over_an_alias(tmp_path):
    rows = [["NIK", "NIK PEMILIH", "NAMA", "TGL LAHIR"],
            ["1111111111111111", nik(0), "SITI", "01-01-1970"]]
    path = write_xlsx(tmp_path / "dpt.xlsx", {"S": rows})
    assert read_voters(path)["nik"].iloc[0] == "1111111111111111"
    df = read_voters(path, mapping={"nik": "NIK PEMILIH"})
    assert df["nik"].iloc[0] == nik(0)
    assert df["NIK"].iloc[0] == "1111111111111111"  # the other column is kept, unmapped


def test_header_row_override_picks_the_lower_header(tmp_path):
    rows = [["NAMA", "NIK"], ["catatan", "x"], ["NO", "NIK", "NAMA", "TGL LAHIR"],
            [1, nik(0), "SITI", "01-01-1970"]]
    path = write_xlsx(tmp_path / "dpt.xlsx", {"S": rows})
    result = load_voters(path, header_row=3)
    assert result.sheets[0].header_row == 3
    assert result.frame["nama"].tolist() == ["SITI"]
    assert result.sheets[0].skipped == {"title": 2, "header": 1}
    with pytest.raises(SchemaError, match="--header-row 9"):
        read_voters(path, header_row=9)


@pytest.mark.parametrize("filename, sheet, expected", [
    ("dpt_welahan.xlsx", "BUGO", "DPT"),
    ("DPK_welahan.xlsx", "BUGO", "DPK"),
    ("welahan.xlsx", "DPK BUGO", "DPK"),
    ("welahan-dpk.xlsx", "S", "DPK"),
    ("dpkxyz.xlsx", "S", "DPT"),   # DPK must be a word of its own
])
def test_list_inferred_from_file_or_sheet_name(tmp_path, filename, sheet, expected):
    title = "DAFTAR PEMILIH KHUSUS" if expected == "DPK" else "DAFTAR PEMILIH TETAP"
    path = write_xlsx(tmp_path / filename, {sheet: kpu_sheet([voter(0)], title=title)})
    result = load_voters(path)
    assert result.frame["list"].tolist() == [expected]
    assert result.sheets[0].list_name == expected
    if expected == "DPT":
        assert read_voters(path, list_name="DPT")["list"].tolist() == ["DPT"]


def test_real_xls_workbook(tmp_path):
    rows = kpu_sheet([voter(0, NIK=3320011411430000.0, TANGGAL_LAHIR=dt.date(1990, 1, 31)),
                      voter(1), voter(2)])
    path = write_xls(tmp_path / "dpt.xls", {"BUGO": rows, "GEDANGAN": kpu_sheet([voter(3)])},
                     first_row=2)
    result = load_voters(path)
    assert [s.records for s in result.sheets] == [3, 1]
    assert result.sheets[0].header_row == 8
    df = result.frame
    assert df["row"].tolist() == [10, 11, 12, 10]
    assert df["nik"].iloc[0] == "3320011411430000" and df["nik_digits_known"].iloc[0] == 15
    assert df["nik_digits_known"].isna().tolist() == [False, True, True, True]
    assert df["tanggal_lahir"].iloc[0] == "1990-01-31"
    assert df["rt"].iloc[1] == "002" and df["kecamatan"].iloc[0] == "WELAHAN"
    assert_accounted(result, 10 + 8)


def test_number_cells_found_in_the_xml_match_the_excel_reader(tmp_path):
    """The cheap XML scan for number cells agrees with fastexcel's own cell types."""
    import xlsxwriter

    from dptclean.io import excel, sources

    path = tmp_path / "dpt.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    ws.write_row(2, 1, ["NO", "NIK", "NAMA", "NKK"])
    ws.write_row(3, 1, [1, 3320011411430000, "A", "3320010101010001"])
    ws.write_row(4, 1, [2, "3320011411430000", "B", 3320010101010000])
    ws.write_formula(5, 2, '="3320011411430011"', None, "3320011411430011")  # text result
    ws.write_formula(6, 2, "=3320011411430000+0", None, 3320011411430000)    # number result
    ws.write_row(7, 1, [5, 3.32001e15, "E", 1234])
    wb.close()

    grid = next(sources.read_workbook(str(path)))
    assert grid.first_row == 3
    expected = {1: [False, True, False, False, True, True], 3: [False, False, True, False, False,
                                                                False]}
    masks = grid.numeric_cells([1, 3])
    assert {k: v.tolist() for k, v in masks.items()} == expected
    import fastexcel

    reader = fastexcel.read_excel(str(path))
    slow = excel._numeric_mask(reader, 0, [1, 3], grid.table.num_rows, offset=1)
    # the Excel reader also sees small numbers (1234); only identity-sized numbers matter
    assert slow[1].tolist() == expected[1]
    assert slow[3].tolist() == [False, False, True, False, False, True]

    df = read_voters(path)
    assert values(df, "nik", "nik_digits_known") == [
        ["3320011411430000", 15], ["3320011411430000", None], ["3320011411430011", None],
        ["3320011411430000", 15], ["3320010000000000", 15]]


def test_header_row_counts_excel_rows_when_the_sheet_starts_lower(tmp_path):
    rows = [["NAMA", "NIK"], ["catatan", "x"], ["NO", "NIK", "NAMA", "TGL LAHIR"],
            [1, nik(0), "SITI", "01-01-1970"]]
    path = write_xlsx(tmp_path / "dpt.xlsx", {"S": rows}, first_row=4, first_col=2)
    result = load_voters(path, header_row=7)
    assert result.sheets[0].header_row == 7
    assert result.frame["row"].tolist() == [8]
    assert values(result.frame, "nama") == ["SITI"]
    with pytest.raises(SchemaError, match="outside the data"):
        read_voters(path, header_row=2)
