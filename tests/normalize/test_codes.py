from __future__ import annotations

import pandas as pd

from dptclean.normalize.codes import (
    normalize_disability,
    normalize_marital,
    normalize_sex,
    normalize_tms,
    pad3,
)
from dptclean.normalize.text import normalize_place

from .helpers import check_table

SEX_CASES = [
    ("L", "L"), ("l", "L"), ("LK", "L"), ("LAKI-LAKI", "L"), ("Laki Laki", "L"), ("LAKI2", "L"),
    ("PRIA", "L"), ("1", "L"), (" L ", "L"),
    ("P", "P"), ("PR", "P"), ("PEREMPUAN", "P"), ("Wanita", "P"), ("2", "P"), ("W", "P"),
    ("X", None), ("-", None), ("", None), (None, None),
]

MARITAL_CASES = [
    ("B", "B"), ("BELUM KAWIN", "B"), ("Belum Menikah", "B"), ("BK", "B"),
    ("S", "S"), ("K", "S"), ("KAWIN", "S"), ("SUDAH KAWIN", "S"), ("Kawin Tercatat", "S"),
    ("P", "P"), ("CERAI HIDUP", "P"), ("CERAI MATI", "P"), ("CH", "P"), ("JANDA", "P"),
    ("DUDA", "P"), ("PERNAH KAWIN", "P"),
    ("?", None), (None, None),
]

TMS_CASES = [
    ("B", False), ("U", False), ("BARU", False), (None, False), ("", False),
    ("TMS", True), ("TMS 1", True), ("TMS-2", True), ("1", True), ("10", True),
    ("MENINGGAL", True), ("Meninggal Dunia", True), ("GANDA", True), ("PINDAH DOMISILI", True),
    ("pindah", True), ("DI BAWAH UMUR", True), ("TNI", True), ("POLRI", True),
    ("TIDAK DIKENAL", True), ("BUKAN PENDUDUK", True),
    ("PINDAH MASUK", False),                # a newcomer, still eligible
    ("11", False), ("PEMILIH PEMULA", False),
]

PAD_CASES = [
    ("1", "001"), ("01", "001"), ("001", "001"), ("12", "012"), ("RT 02", "002"),
    ("TPS 005", "005"), ("1.0", "001"), ("0", "000"), ("1234", "1234"), ("-", None),
    ("", None), (None, None),
]

DISABILITY_CASES = [
    ("0", None), ("-", None), ("TIDAK", None), ("", None), (None, None),
    ("1", "1"), ("6", "6"), ("2, 4", "2,4"), ("4,2", "2,4"),
    ("TUNA NETRA", "6"), ("Disabilitas Fisik", "1"), ("RUNGU", "5"), ("WICARA", "4"),
    ("MENTAL", "3"), ("INTELEKTUAL", "2"), ("LAINNYA", "LAINNYA"),
]

PLACE_CASES = [
    ("KAB. JEPARA", "JEPARA"), ("Kab Jepara", "JEPARA"), ("KABUPATEN JEPARA", "JEPARA"),
    ("KOTA SEMARANG", "SEMARANG"), ("Kota Baru", "KOTA BARU"), ("KOTABUMI", "KOTABUMI"),
    ("jepara", "JEPARA"), ("JAKARTA", "JAKARTA"), ("KOTA ADM. JAKARTA PUSAT", "JAKARTA PUSAT"),
    ("TANJUNG-PINANG", "TANJUNG PINANG"), ("-", None), (None, None),
]


def test_sex_table():
    check_table(normalize_sex, SEX_CASES)


def test_marital_table():
    check_table(normalize_marital, MARITAL_CASES)


def test_tms_table():
    check_table(normalize_tms, TMS_CASES)


def test_tms_is_bool_on_the_index():
    s = pd.Series(["TMS", None], index=[5, 2], dtype="string[pyarrow]")
    out = normalize_tms(s)
    assert out.dtype == bool and list(out.index) == [5, 2]


def test_pad3_table():
    check_table(pad3, PAD_CASES)


def test_disability_table():
    check_table(normalize_disability, DISABILITY_CASES)


def test_place_table():
    check_table(normalize_place, PLACE_CASES)
