"""CSV and other text dumps: delimiters, encodings, title lines, line numbers, stdin."""

from __future__ import annotations

import io

import pytest

from dptclean import load_voters, read_voters
from dptclean.errors import InputError
from dptclean.io.readers import expand_number_text
from tests.builders import KPU_HEADER, csv_text, nik, voter, write_csv
from tests.io.helpers import assert_accounted, values

HEADER = ["NO", "NIK", "NAMA", "TANGGAL LAHIR", "RT"]


def small(i: int, name: str = "SITI AMINAH") -> list[object]:
    return [i + 1, nik(i), name, f"0{1 + i}-01-1970", f"00{1 + i}"]


@pytest.mark.parametrize("delimiter", [",", ";", "|", "\t", "#"])
def test_delimiter_is_sniffed(tmp_path, delimiter):
    path = write_csv(tmp_path / "dpt.csv", [HEADER, small(0), small(1, "AGUS, S.PD")],
                     delimiter=delimiter)
    df = read_voters(path)
    assert values(df, "nik", "nama", "rt") == [[nik(0), "SITI AMINAH", "001"],
                                               [nik(1), "AGUS, S.PD", "002"]]
    assert df["row"].tolist() == [2, 3]


@pytest.mark.parametrize("encoding, name", [
    ("utf-8", "ÑOMAN JOSÉ"),
    ("utf-8-sig", "ÑOMAN JOSÉ"),
    ("cp1252", "ÑOMAN JOSÉ"),
    ("utf-16", "ÑOMAN JOSÉ"),      # with a BOM
    ("utf-16-le", "ÑOMAN JOSÉ"),   # without a BOM
])
def test_encoding_is_detected(tmp_path, encoding, name):
    path = write_csv(tmp_path / "dpt.csv", [HEADER, small(0, name), small(1)], delimiter=";",
                     encoding=encoding)
    result = load_voters(path)
    assert result.sheets[0].mapping["nik"] == "NIK"  # a BOM does not stick to the first header
    assert result.sheets[0].mapping["record_no"] == "NO"
    assert values(result.frame, "nama") == [name, "SITI AMINAH"]
    assert result.frame["row"].tolist() == [2, 3]


def test_explicit_encoding_and_delimiter(tmp_path):
    path = write_csv(tmp_path / "dpt.txt", [HEADER, small(0, "JOSÉ")], delimiter="|",
                     encoding="cp1252")
    df = read_voters(path, encoding="cp1252", delimiter="|")
    assert df["nama"].tolist() == ["JOSÉ"]


def test_line_numbers_with_title_lines_blank_lines_and_newlines_in_values(tmp_path):
    text = ("DAFTAR PEMILIH TETAP\n"            # 1
            "KECAMATAN : WELAHAN\n"             # 2
            "\n"                                # 3
            "NO,NIK,NAMA,TANGGAL LAHIR,ALAMAT\n"  # 4 header
            "1,2,3,4,5\n"                       # 5 column numbers
            f"1,{nik(0)},SITI,01-01-1970,\"DUKUH KRAJAN\nRT 1\"\n"  # 6-7
            "\n"                                # 8
            f"2,{nik(1)},AGUS,02-01-1970,DUKUH WETAN\n"  # 9
            f"3,{nik(2)},\"BUDI\n\nSANTOSO\",03-01-1970,\"A\nB\"\n"  # 10-13
            f"4,{nik(3)},EKO,04-01-1970,X\n"    # 14
            "JUMLAH,,4,,\n")                    # 15
    path = tmp_path / "dpt.csv"
    path.write_text(text, encoding="utf-8")
    result = load_voters(path)
    s = result.sheets[0]
    assert s.header_row == 4
    assert s.title_values == {"kecamatan": "WELAHAN"}
    assert result.frame["row"].tolist() == [6, 9, 10, 14]
    assert s.skipped_rows["footer"] == [15]
    assert s.skipped == {"title": 2, "blank": 2, "header": 1, "column_numbers": 1, "footer": 1}
    assert values(result.frame, "nama")[2] == "BUDI\n\nSANTOSO"
    assert result.frame["kecamatan"].unique().tolist() == ["WELAHAN"]
    assert_accounted(result, 2 + 1 + 1 + 4 + 1)


def test_ragged_rows_are_padded_or_skipped(tmp_path):
    text = ("NO,NIK,NAMA,TANGGAL LAHIR\n"           # 1
            f"1,{nik(0)},SITI,01-01-1970\n"         # 2
            f"2,{nik(1)},AGUS\n"                    # 3 short: padded
            f"3,{nik(2)},BUDI,03-01-1970,,\n"       # 4 extra empty fields: kept
            f"4,{nik(3)},EKO,04-01-1970,SURPLUS\n"  # 5 extra value: ragged
            f"5,{nik(4)},\"DEWI\nLESTARI\",05-01-1970,X,Y\n"  # 6-7 ragged
            f"6,{nik(5)},RINA,06-01-1970\n")        # 8
    path = tmp_path / "dpt.csv"
    path.write_text(text)
    result = load_voters(path)
    s = result.sheets[0]
    assert result.frame["row"].tolist() == [2, 3, 4, 8]
    assert values(result.frame, "nama", "tanggal_lahir") == [
        ["SITI", "01-01-1970"], ["AGUS", None], ["BUDI", "03-01-1970"], ["RINA", "06-01-1970"]]
    assert s.skipped == {"header": 1, "ragged": 2}
    assert s.skipped_rows["ragged"] == [5, 6]
    assert_accounted(result, 7)


def test_title_line_narrower_than_the_header(tmp_path):
    rows = [["DAFTAR PEMILIH TETAP"], ["KABUPATEN", ": JEPARA"], [], HEADER, small(0), small(1)]
    result = load_voters(write_csv(tmp_path / "dpt.csv", rows))
    assert result.sheets[0].header_row == 4
    assert result.sheets[0].title_values == {"kabupaten": "JEPARA"}
    assert result.frame["row"].tolist() == [5, 6]


def test_sidalih_export_hash_delimited():
    header = ["KECAMATAN", "KELURAHAN", "DPID", "NKK", "NIK", "NAMA", "KELAMIN",
              "TEMPAT LAHIR", "TANGGAL LAHIR", "STS KAWIN", "ALAMAT", "RT", "RW",
              "DISABILITAS", "EKTP", "KETERANGAN", "SUMBER", "TPS", "UPDATED_AT", "STATUS"]
    row = ["WELAHAN", "BUGO", "12345", "3320010101010001", nik(0), "SITI AMINAH", "P",
           "JEPARA", "01|01|1970", "S", "DUKUH KRAJAN", "001", "002", "0", "S", "B", "coklit",
           "003", "2023-06-01 10:00:00", "AKTIF"]
    data = csv_text([header, row], delimiter="#").encode()
    result = load_voters(io.BytesIO(data))
    s = result.sheets[0]
    assert s.header_row == 1
    assert s.mapping["jenis_kelamin"] == "KELAMIN" and s.mapping["status_kawin"] == "STS KAWIN"
    # "STATUS" (AKTIF) must not steal status_kawin from STS KAWIN
    assert "STATUS" in s.unmapped and "DPID" in s.unmapped
    df = result.frame
    assert values(df, "kecamatan", "kelurahan", "tps", "tanggal_lahir", "status_kawin") == [
        ["WELAHAN", "BUGO", "003", "01|01|1970", "S"]]
    assert df["source_file"].tolist() == ["<stdin>"]


@pytest.mark.parametrize("headers, expected", [
    (["NO.", "NO. KK", "NIK", "NAMA", "TGL LAHIR", "L/P", "STS KAWIN", "KET", "NO TPS"],
     ["record_no", "nkk", "nik", "nama", "tanggal_lahir", "jenis_kelamin", "status_kawin",
      "keterangan", "tps"]),
    (["NO_KK", "NIK", "NAMA_LGKP", "TMPT_LHR", "TGL_LHR", "JENIS_KLMIN", "STATUS_KAWIN",
      "NO_RT", "NO_RW"],
     ["nkk", "nik", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "status_kawin",
      "rt", "rw"]),
    (["nama", "tanggal lahir", "jk", "umur", "jenis disabilitas", "kelurahan/desa",
      "kab/kota", "propinsi"],
     ["nama", "tanggal_lahir", "jenis_kelamin", "usia", "disabilitas", "kelurahan",
      "kabupaten", "provinsi"]),
])
def test_header_aliases(headers, expected):
    data = csv_text([headers, [f"v{i}" for i in range(len(headers))]]).encode()
    result = load_voters(io.BytesIO(data))
    assert list(result.sheets[0].mapping) == expected
    assert list(result.sheets[0].mapping.values()) == headers


@pytest.mark.parametrize("text, digits, known", [
    ("3.32001E+15", "3320010000000000", 6),
    ("3,32001E+15", "3320010000000000", 6),
    ("3.320011411E+15", "3320011411000000", 10),
    ("3320011411430000.0", "3320011411430000", 15),
    ("3320011411430001.0", "3320011411430001", 16),
    ("3320011411430000", "3320011411430000", 15),
    ("3320011411430001", "3320011411430001", 16),
    ("SITI", None, 0),
    ("3.5E+2", "350", 2),
    ("1.23456789E+3", None, 0),   # not an integer
])
def test_expand_number_text(text, digits, known):
    assert expand_number_text(text) == (digits, known)


def test_number_damaged_nik_text_in_csv(tmp_path):
    rows = [HEADER, [1, "3.32001E+15", "A", "", ""], [2, "3320011411430000.0", "B", "", ""],
            [3, "0320011411430002", "C", "", "007"], [4, "3320011411430000", "D", "", ""],
            [5, "3320011411430001", "E", "01-01-1970", ""]]
    df = read_voters(write_csv(tmp_path / "dpt.csv", rows))
    assert values(df, "nik") == ["3320010000000000", "3320011411430000", "0320011411430002",
                                 "3320011411430000", "3320011411430001"]
    # text that says it was a number is flagged; plain digit text is not
    assert values(df, "nik_digits_known") == [6, 15, None, None, None]
    assert values(df, "rt") == [None, None, "007", None, None]


def test_stdin_dash(tmp_path, monkeypatch):
    data = csv_text([HEADER, small(0), small(1)], delimiter=";").encode("cp1252")

    class FakeStdin:
        buffer = io.BytesIO(data)

    monkeypatch.setattr("sys.stdin", FakeStdin())
    result = load_voters("-")
    assert result.records == 2
    assert result.frame["source_file"].unique().tolist() == ["<stdin>"]
    assert result.frame["row"].tolist() == [2, 3]


def test_full_kpu_header_csv_keeps_leading_zeros(tmp_path):
    rows = [KPU_HEADER] + [voter(i, NIK=f"0{nik(i)[1:]}", TPS="010") for i in range(3)]
    df = read_voters(write_csv(tmp_path / "dpt.csv", rows))
    assert df["nik"].str.startswith("0").all()
    assert values(df, "tps") == ["010"] * 3
    assert values(df, "nkk") == ["3320010000000000", "3320010000000001", "3320010000000002"]
    assert df["usia"].tolist() == ["30", "31", "32"]


def test_title_rows_with_line_breaks_inside_quotes(tmp_path):
    text = ('"DAFTAR PEMILIH\nTETAP",\n'        # 1-2
            '"KECAMATAN : WELAHAN"\n'            # 3
            "NIK,NAMA,TGL LAHIR\n"               # 4
            f'{nik(0)},"SITI\nAMINAH",01-01-1970\n'  # 5-6
            f"{nik(1)},AGUS,02-01-1970\n")       # 7
    path = tmp_path / "dpt.csv"
    path.write_text(text)
    result = load_voters(path)
    s = result.sheets[0]
    assert s.header_row == 4
    assert s.title_values == {"kecamatan": "WELAHAN"}
    assert result.frame["row"].tolist() == [5, 7]
    assert values(result.frame, "nama") == ["SITI\nAMINAH", "AGUS"]
    assert s.skipped == {"title": 2, "header": 1}
    # --header-row counts lines as an editor shows them
    assert load_voters(path, header_row=4).frame["row"].tolist() == [5, 7]


def test_csv_header_row_override(tmp_path):
    rows = [["NAMA", "NIK", "TGL LAHIR"], ["catatan", "", ""], ["NO", "NIK", "NAMA"],
            ["1", nik(0), "SITI"]]
    path = write_csv(tmp_path / "dpt.csv", rows)
    assert load_voters(path).sheets[0].header_row == 1
    result = load_voters(path, header_row=3)
    assert result.sheets[0].header_row == 3
    assert values(result.frame, "nama", "nik") == [["SITI", nik(0)]]
    assert result.sheets[0].skipped == {"title": 2, "header": 1}


def test_cp1252_byte_after_the_head_is_retried(tmp_path):
    """Encoding detection sees only the head; a Windows-1252 byte later is still decoded."""
    rows = [HEADER] + [small(i % 9) for i in range(12000)] + [small(0, "JOSÉ")]
    path = write_csv(tmp_path / "dpt.csv", rows, encoding="cp1252")
    assert path.stat().st_size > 256 * 1024
    df = read_voters(path)
    assert len(df) == 12001
    assert df["nama"].iloc[-1] == "JOSÉ"
    assert df["row"].iloc[-1] == 12002


def test_title_row_wider_than_the_table(tmp_path):
    text = "KECAMATAN,:,WELAHAN,,\nNIK,NAMA\n" + f"{nik(0)},SITI\n"
    path = tmp_path / "dpt.csv"
    path.write_text(text)
    result = load_voters(path)
    assert result.sheets[0].title_values == {"kecamatan": "WELAHAN"}
    assert result.sheets[0].skipped == {"title": 1, "header": 1}
    assert values(result.frame, "nama", "kecamatan") == [["SITI", "WELAHAN"]]


def test_line_break_in_a_quoted_value_at_a_parser_block_boundary(tmp_path):
    """The fast parser splits blocks at the last line break before the block size; when that
    break is inside a quoted value, the reader must notice and parse again."""
    block = 8 * 1024 * 1024  # the block size csvtext._arrow_csv gives Arrow
    header = "NO,NIK,NAMA,TGL LAHIR\n"
    row = f"1,{nik(0)},SITI AMINAH,01-01-1970\n"
    lines = [header]
    size = len(header)
    while size + len(row) < block - 40:
        lines.append(row)
        size += len(row)
    n_plain = len(lines) - 1
    # this row's line break inside quotes falls just before the block boundary
    pad = block - size - len(f'2,{nik(1)},"') - 5
    special = f'2,{nik(1)},"{"X" * pad}\nAMINAH BINTI SOMETHING LONG",02-01-1970\n'
    tail = f"3,{nik(2)},AGUS,03-01-1970\n"
    path = tmp_path / "big.csv"
    path.write_text("".join(lines) + special + tail)
    assert path.read_bytes().rfind(b"\n", 0, block) == size + special.index("\n")
    df = read_voters(path)
    assert len(df) == n_plain + 2
    assert df["nama"].iloc[-2] == "X" * pad + "\nAMINAH BINTI SOMETHING LONG"
    assert df["row"].iloc[-2:].tolist() == [n_plain + 2, n_plain + 4]
    assert df["nama"].iloc[-1] == "AGUS"


def test_utf8_mixed_with_cp1252_keeps_both(tmp_path):
    """Two exports pasted together: each row keeps its letters, none is dropped."""
    head = b"NIK,NAMA,TGL LAHIR\n"
    utf8 = f"{nik(0)},JOS\u00c9 \u00c1LVAREZ,01-01-1970\n".encode()
    cp = f"{nik(1)},REN\u00c9 S\u00c1NCHEZ,02-01-1970\n".encode("cp1252")
    path = tmp_path / "mixed.csv"
    path.write_bytes(head + utf8 + cp + utf8)
    df = read_voters(path)
    assert values(df, "nama") == ["JOS\u00c9 \u00c1LVAREZ", "REN\u00c9 S\u00c1NCHEZ",
                                  "JOS\u00c9 \u00c1LVAREZ"]


def test_byte_undefined_in_cp1252_after_the_head(tmp_path):
    """0x81 is undefined in Windows-1252: it used to escape as a UnicodeDecodeError."""
    rows = "".join(f"{nik(i)},AGUS,01-01-1970\n" for i in range(9000))
    path = tmp_path / "late.csv"
    path.write_bytes(b"NIK,NAMA,TGL LAHIR\n" + rows.encode() + b"3320010101709998,X\x81Y\xc9,"
                     b"01-01-1970\n")
    df = read_voters(path)
    assert len(df) == 9001 and values(df, "nama")[-1] == "X\x81Y\u00c9"


def test_explicit_encoding_that_does_not_fit_is_an_input_error(tmp_path):
    path = tmp_path / "dpt.csv"
    path.write_bytes(f"NIK,NAMA\n{nik(0)},JOS\u00c9\n".encode())
    with pytest.raises(InputError, match="cannot decode the text as ascii"):
        read_voters(path, encoding="ascii")


def test_a_quote_never_closed_is_refused_with_its_line(tmp_path):
    rows = [HEADER, *[small(i) for i in range(300)]]
    text = csv_text(rows).replace(",SITI AMINAH,", ',"SITI AMINAH,', 1)
    path = tmp_path / "unclosed.csv"
    path.write_text(text)
    with pytest.raises(InputError, match="line 2: a quoted value runs over 29[89] lines"):
        read_voters(path)


def test_a_value_longer_than_the_parser_block(tmp_path):
    big = "X" * (9 * 1024 * 1024)
    path = write_csv(tmp_path / "big.csv", [HEADER, small(0), small(1, name=big), small(2)])
    assert [len(v) for v in values(read_voters(path), "nama")] == [11, len(big), 11]


def test_number_text_is_looked_for_in_the_values_that_can_hold_it():
    # the number-like pattern is matched only where a value holds '.', ',', 'e' or 'E': the
    # same values as matching every value, in plain, large, chunked and sliced Arrow arrays
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from dptclean.io.readers import _NUMBER_LIKE, _rows_holding

    vals = ["3.32E+15", None, "3320011411430000.0", "12", "3E15", "", "abc,", "x e",
            "3320", " 3e+15 ", "3320011411430000,00"]
    for arr in (pa.array(vals), pa.array(vals, pa.large_string()),
                pa.chunked_array([vals[:4], vals[4:]]), pa.array(vals).slice(2)):
        want = np.asarray(pc.fill_null(pc.match_substring_regex(arr, _NUMBER_LIKE), False)
                          .to_numpy(zero_copy_only=False), dtype=bool)
        rows = _rows_holding(arr, b".,eE")
        assert set(np.flatnonzero(want)) <= set(rows.tolist())
        assert all(any(c in (arr[int(i)].as_py() or "") for c in ".,eE") for i in rows)
