from __future__ import annotations

from dptclean.normalize.names import name_key, normalize_name

from .helpers import check_table

NAMA_NORM_CASES = [
    ("H. MOCH. SOEPARNO, S.PD", "MOCH SOEPARNO"),
    ("H.MOCH.SOEPARNO,S.PD", "MOCH SOEPARNO"),
    ("MUHAMMAD SUPARNO", "MUHAMMAD SUPARNO"),
    ("Hj. Siti Aminah, S.Pd.I", "SITI AMINAH"),
    ("DRS. H. ACHMAD DJUNAEDI, M.Si", "ACHMAD DJUNAEDI"),
    ("PROF. DR. IR. H. SUTRISNO, M.SC., PH.D", "SUTRISNO"),
    ("RINA, SE., MM", "RINA"),
    ("ABDUL HAKIM, SH", "ABDUL HAKIM"),
    ("Ir. Joko Widodo, MT", "JOKO WIDODO"),
    ("NUR AINI, AMD.KEP", "NUR AINI"),
    ("NUR AINI A.Md.Kep", "NUR AINI"),
    # a dotted suffix with some of its dots left out, at the end without a comma (DOMAIN.md
    # lists AMD.KEP; lists write SPd.I, S.PdI, AMd.Keb as often as S.Pd.I, A.Md.Keb)
    ("NUR AINI AMD.KEP", "NUR AINI"),
    ("SITI AMd.Keb", "SITI"),
    ("BUDI SANTOSO SPd.I", "BUDI SANTOSO"),
    ("BUDI SANTOSO S.PdI", "BUDI SANTOSO"),
    ("BUDI SANTOSO SPd.SD", "BUDI SANTOSO"),
    ("ROSYID SE.I", "ROSYID"),
    ("YUSUF MPd.I", "YUSUF"),
    ("RINA S.Kep.Ns", "RINA"),
    ("RINA, S.Kep., Ns", "RINA"),
    ("BUDI SANTOSO SPD I", "BUDI SANTOSO SPD I"),  # no dot at all: could be name tokens
    ("BUDI NS", "BUDI NS"),                        # NS only as a comma suffix
    ("BUDI SANTOSO S.Pd", "BUDI SANTOSO"),
    ("BUDI SANTOSO S. Pd", "BUDI SANTOSO"),
    ("BUDI SANTOSO SPD", "BUDI SANTOSO"),
    ("KH. MA'RUF AMIN", "MARUF AMIN"),
    ("K.H. ABDURRAHMAN", "ABDURRAHMAN"),
    ("H ABDUL KADIR", "ABDUL KADIR"),         # H without a dot in front is still haji
    ("ABDUL H", "ABDUL H"),                   # a trailing H is an initial, not a title
    ("HASAN H.", "HASAN H"),
    ("R. SOEPARNO", "SOEPARNO"),              # R. = Raden
    ("R.A. KARTINI", "KARTINI"),
    ("R SOEPARNO", "R SOEPARNO"),             # without the dot R may be an initial
    ("HJ", "HJ"),                             # nothing would be left: keep the value
    ("DRS. H.", "H"),                         # only titles: the last one is kept
    ("SUPARNO, BUDI", "SUPARNO BUDI"),        # a comma before a name is not a title
    ("SITI, HJ", "SITI HJ"),
    ("M. ALI", "M ALI"),
    ("  siti   aminah  ", "SITI AMINAH"),
    ("ＳＩＴＩ　ＡＭＩＮＡＨ", "SITI AMINAH"),      # full-width forms (NFKC)
    ("SITI-AMINAH", "SITI AMINAH"),
    ("NU`MAN", "NUMAN"),
    ("S.PD", "S PD"),
    ("SE", "SE"),
    ("Hj.SITI AMINAH,S.Pd.,M.Pd", "SITI AMINAH"),
    ("DRA. HJ. SRI WAHYUNI, M.M.", "SRI WAHYUNI"),
    ("IR.H.JOKO", "JOKO"),
    ("Drs.H.M.Nur Hasan,MM", "M NUR HASAN"),
    ("MUH. YUSUF, S.Ag., M.Pd.I", "MUH YUSUF"),
    ("H. ABD. GHOFUR, BA", "ABD GHOFUR"),
    ("NY. SITI", "SITI"),
    ("RR. SRI MULYANI", "SRI MULYANI"),
    ("DR. dr. H. ANWAR, Sp.PD", "ANWAR"),
    ("AHMAD DAHLAN ,SE", "AHMAD DAHLAN"),
    ("SRI WAHYUNI (ALM)", "SRI WAHYUNI"),
    ("ALM. SUPARDI", "SUPARDI"),
    ("I GUSTI NGURAH RAI", "I GUSTI NGURAH RAI"),
    ("-", None),
    ("", None),
    (None, None),
]

NAMA_KEY_CASES = [
    ("H. MOCH. SOEPARNO, S.PD", "MUHAMAD SUPARNO"),
    ("MUHAMMAD SUPARNO", "MUHAMAD SUPARNO"),
    ("MOHAMMAD SUPARNO", "MUHAMAD SUPARNO"),
    ("MOCHAMAD SUPARNO", "MUHAMAD SUPARNO"),
    ("MUHAMAD SUPARNO", "MUHAMAD SUPARNO"),
    ("MOH. SUPARNO", "MUHAMAD SUPARNO"),
    ("M. SUPARNO", "MUHAMAD SUPARNO"),
    ("SUPARNO M", "SUPARNO M"),              # a last "M" stays an initial
    ("ACHMAD FAUZI", "AHMAD FAUZI"),
    ("AHMAD FAUZI", "AHMAD FAUZI"),
    ("ABD. RAHMAN", "ABDUL RAHMAN"),
    ("ABDOEL RACHMAN", "ABDUL RAHMAN"),
    ("SOEKARNO", "SUKARNO"),
    ("DJOKO", "JOKO"),
    ("JOKO", "JOKO"),
    ("TJAHJO KUMOLO", "CAHYO KUMOLO"),
    ("CAHYO KUMOLO", "CAHYO KUMOLO"),
    ("SJAMSOEDDIN", "SYAMSUDIN"),
    ("CHOIRUL ANAM", "HOIRUL ANAM"),
    ("KHOIRUL ANAM", "HOIRUL ANAM"),
    ("FATIMAH", "FATIMA"),
    ("FATIMA", "FATIMA"),
    ("NOER HAYATI", "NUR HAYATI"),
    ("SITI AMINAH", "SITI AMINA"),
    ("ALLAH", "ALA"),
    ("ST. AMINAH", "SITI AMINA"),
    ("SITTI AMINAH", "SITI AMINA"),
    ("H.M. SOLEH", "MUHAMAD SOLE"),
    ("MOCHAMMAD  NOOR", "MUHAMAD NUR"),
    (None, None),
]


def test_nama_norm_table():
    check_table(normalize_name, NAMA_NORM_CASES)


def test_nama_key_table():
    check_table(lambda s: name_key(normalize_name(s)), NAMA_KEY_CASES)


def test_variant_names_share_a_key():
    a, b = name_key(normalize_name(__import__("pandas").Series(
        ["H. MOCH. SOEPARNO, S.PD", "MUHAMMAD SUPARNO"], dtype="string[pyarrow]"))).tolist()
    assert a == b


def test_keeps_index_and_order():
    import pandas as pd

    s = pd.Series(["B", None, "A", "B"], index=[10, 3, 7, 1], dtype="string[pyarrow]")
    out = normalize_name(s)
    assert list(out.index) == [10, 3, 7, 1]
    assert out.tolist()[0] == "B" and out.tolist()[2] == "A"
