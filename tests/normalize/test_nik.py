from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dptclean.normalize.nik import make_nik, normalize_id

from .helpers import check_table, series

REF = date(2024, 2, 14)


def _nik(field: str):
    def run(s: pd.Series) -> pd.Series:
        out = normalize_id(s, kind="nik", reference=REF)
        return out[field]
    return run


# (input, nik_status)
STATUS_CASES = [
    ("3320014107800001", "valid"),          # woman born 1 Jul 1980
    ("3320010107800001", "valid"),          # man
    ("3320 0141 0780 0001", "valid"),       # spaces
    ("'3320014107800001", "valid"),         # Excel text marker
    ("3320-0141-0780-0001", "valid"),
    ("332001431281****", "masked"),
    ("332001431281XXXX", "masked"),
    ("3320014312******", "masked"),
    ("3.32001E+15", "number_damaged"),      # scientific notation from a number cell
    ("3320014107800001.0", "valid"),        # all 16 digits survived
    ("332001410780001", "invalid:length"),
    ("33200141078000011", "invalid:length"),
    ("33200141O7800001", "invalid:non_digit"),
    ("1111111111111111", "invalid:repeated"),
    ("0000000000000000", "invalid:repeated"),
    ("2020014107800001", "invalid:province"),
    ("9901014107800001", "invalid:province"),
    ("3320013507800001", "invalid:day"),    # 35: neither a man's nor a woman's day
    ("3320017207800001", "invalid:day"),    # 72
    ("3320010007800001", "invalid:day"),
    ("3320013102800001", "invalid:day"),    # 31 February
    ("3320011513800001", "invalid:month"),
    ("3320011500800001", "invalid:month"),
    ("3320014107800000", "invalid:serial"),
    ("9101014107800001", "valid"),          # retired Papua prefix: province known
    ("-", "missing"),
    ("", "missing"),
    (None, "missing"),
]

DECODE_CASES = [
    # (input, (region, level, sex, birth, serial))
    ("3320014107800001", ("332001", "kecamatan", "P", "1980-07-01", "0001")),
    ("3320011203050002", ("332001", "kecamatan", "L", "2005-03-12", "0002")),
    ("3320011203150002", ("332001", "kecamatan", "L", "2015-03-12", "0002")),  # age 8
    ("3320011203300002", ("332001", "kecamatan", "L", "1930-03-12", "0002")),  # not -6
    ("332001431281****", ("332001", "kecamatan", "P", "1981-12-03", None)),
    ("9101014107800001", ("910101", "provinsi", "P", "1980-07-01", "0001")),
    ("3399014107800001", ("339901", "provinsi", "P", "1980-07-01", "0001")),
    ("1234", (None, None, None, None, None)),
    (None, (None, None, None, None, None)),
]


def test_nik_status_table():
    check_table(_nik("status"), STATUS_CASES)


def test_nik_decode_table():
    def run(s):
        out = normalize_id(s, kind="nik", reference=REF)
        cols = [out[k].astype(object).where(out[k].notna(), None)
                for k in ("region", "region_level", "sex", "birth", "serial")]
        return pd.Series(list(zip(*cols)), dtype=object)
    check_table(run, DECODE_CASES)


def test_nik_norm_keeps_digits_and_masks():
    check_table(_nik("norm"), [
        ("3320 0141 0780 0001", "3320014107800001"),
        ("332001431281xxxx", "332001431281****"),
        ("3.32001E+15", "3320010000000000"),
        ("-", None),
    ])


def test_digits_known_from_the_reader_marks_damage():
    s = series(["3320014107800000", "3320014107800000", "2020014107800000"])
    known = pd.array([15, None, 15], dtype="Int8")
    out = normalize_id(s, known, kind="nik", reference=REF)
    assert out["status"].tolist() == ["number_damaged", "invalid:serial", "invalid:province"]
    # the first 15 digits are real: region, sex and birth date decode, the serial does not
    assert out["birth"].tolist()[0] == "1980-07-01"
    assert out["sex"].tolist()[0] == "P"
    assert pd.isna(out["serial"].tolist()[0])


def test_six_known_digits_keep_only_the_region():
    out = normalize_id(series(["3.32001E+15"]), kind="nik", reference=REF)
    assert out["region"].tolist() == ["332001"]
    assert pd.isna(out["birth"].tolist()[0]) and pd.isna(out["sex"].tolist()[0])


NKK_CASES = [
    ("3320010101100001", "valid"),
    ("3320014101100001", "invalid:day"),       # no +40 rule in an NKK
    ("3320010113100001", "invalid:month"),
    ("332001010110****", "masked"),
    ("33200101011000", "invalid:length"),
    (None, "missing"),
]


def test_nkk_status_table():
    check_table(lambda s: normalize_id(s, kind="nkk", reference=REF)["status"], NKK_CASES)


def test_nkk_has_no_decoded_parts():
    assert set(normalize_id(series(["3320010101100001"]), kind="nkk")) == {"norm", "status", "known"}


def test_make_nik():
    assert make_nik("332001", 1, 7, 1980, True, 1) == "3320014107800001"
    with pytest.raises(ValueError):
        make_nik("33200", 1, 7, 1980, True, 1)


def test_a_number_vouches_only_for_digits_before_trailing_zeros():
    # written as 3.32001E+15 and read from a number cell: 15 digits "known" by the reader,
    # but only 332001 are real
    s = series(["3320010000000000", "3320014107800000"])
    out = normalize_id(s, pd.array([15, 15], dtype="Int8"), kind="nik", reference=REF)
    assert out["status"].tolist() == ["number_damaged", "number_damaged"]
    assert out["region"].tolist() == ["332001", "332001"]
    assert pd.isna(out["birth"].tolist()[0])
    assert out["birth"].tolist()[1] == "1980-07-01"


# Values for the buffer-level readers: 16 digits, shorter and longer, stars, other ASCII,
# non-ASCII (one character, several bytes), spaces, empty and missing.
_RAW = ["3320014107800001", "332001410780****", "33200141078000", "33200141078000012",
        "3320O14107800001", " 3320014107800001", "3320014107800001\n", "332001410780000١",
        "٣٣٢٠٠١٤١٠٧٨٠٠٠٠١", "", None, "1111111111111111", "1111111111111112", "*" * 16,
        "ABCDEFGHIJKLMNOP", "3320014107800001é"]


def test_plain16_is_the_sixteen_digit_pattern():
    import re

    import pyarrow as pa

    from dptclean.normalize.nik import _plain16

    arr = pa.array(_RAW, pa.string())
    want = [v is not None and re.fullmatch(r"[0-9]{16}", v) is not None for v in _RAW]
    assert _plain16(arr).tolist() == want
    assert _plain16(arr.slice(3)).tolist() == want[3:]


def test_digit_matrix_reads_each_character():
    import numpy as np
    import pyarrow as pa

    from dptclean.normalize.nik import _digit_matrix

    mat, length, ascii_ok = _digit_matrix(pa.array(_RAW, pa.string()))
    for i, v in enumerate(_RAW):
        text = (v or "") if (v or "").isascii() else ""
        want = [int(c) if c in "0123456789" else -1 if c == "*" else -2
                for c in text[:16].ljust(16, "~")]
        assert mat[i].tolist() == want, v
        assert length[i] == len(v or "") and ascii_ok[i] == (v or "").isascii()
    assert mat.shape == (len(_RAW), 16) and np.asarray(mat).dtype.kind == "i"


def test_decoded_parts_of_mixed_values():
    values = pd.Series(_RAW + [make_nik("332001", 1, 7, 1980, True, 12)], dtype="string")
    out = normalize_id(values, reference=date(2024, 2, 14))
    assert out["status"].tolist()[:4] == ["valid", "masked", "invalid:length", "invalid:length"]
    assert out["region"].tolist()[0] == "332001" and out["serial"].tolist()[0] == "0001"
    assert out["region"].isna().tolist()[2:5] == [True, True, True]
    assert out["status"][11] == "invalid:repeated" and out["status"][12] == "valid"
    assert out["serial"].iloc[-1] == "0012" and out["birth"].iloc[-1] == "1980-07-01"
    assert out["sex"].iloc[-1] == "P" and out["birth"].iloc[0] == "1980-07-01"
