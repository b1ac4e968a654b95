"""Name pools and a vectorised, heavy-tailed name sampler.

Pools are listed from the most to the least common; a Zipf-like weight (1 / rank**s) makes a few
names (SITI, MUHAMMAD, AMINAH, SUPARNO ...) repeat thousands of times at regency scale, as they
do in real lists. Names are combined from styles that depend on the birth cohort: older voters
mostly carry single Javanese names, younger ones Arabic-derived or modern two- and three-token
names. All names are generic given names; no real person is described.
"""

from __future__ import annotations

import numpy as np

# --- pools (most common first) ------------------------------------------------------------------

JAVA_M = (
    "SUPARNO", "SLAMET", "SUTRISNO", "SUGIYANTO", "SUKIRNO", "SUMARNO", "PAIMAN", "SUPRIYADI",
    "SUWARNO", "SUPRAPTO", "SUYANTO", "SUNARDI", "WAGIMAN", "SUMADI", "KASMIN", "SUKARDI",
    "KARDI", "RUSDI", "SARIMAN", "NGATIMAN", "MARYONO", "PARMIN", "SUGENG", "KASIMAN",
    "SUPARDI", "DARMAJI", "JUMADI", "SUKAMTO", "TARMUJI", "SUWITO", "RASIMAN", "WARSITO",
    "SUDARNO", "KUSNO", "TUKIMAN", "MUJIONO", "SUPANGAT", "PONIMAN", "SUDIRMAN", "SUKIMAN",
    "KARMANI", "SARJONO", "MULYONO", "SUTARNO", "HARYANTO", "BUDIYONO", "SUHARTO", "SUMARDI",
    "TRIYONO", "MARSUDI", "SUJONO", "KASNO", "SUYITNO", "SUROSO", "PURWANTO", "SUTOYO",
    "NGADIMAN", "SARMIN", "JASMANI", "KHAMDAN", "SUKARNO", "SUPANDI", "TUKIJO", "MARJUKI",
)
JAVA_F = (
    "SUPARMI", "SUMIATI", "SUKINAH", "PARTINI", "SUNARSIH", "KASMIATI", "MARYATI", "SUWARNI",
    "SUMARNI", "PAINEM", "WAGINAH", "SARINAH", "KASRIPAH", "JUMIATI", "SUKARSIH", "TUKINAH",
    "SRIYATUN", "SUMIYATI", "KARSIH", "SUPINAH", "NGATMINAH", "RUMIYATI", "SARMI", "SUTINI",
    "WARSINI", "RASMINI", "MURTINI", "LASMI", "SUPRIYATI", "SUKESI", "SULASTRI", "SUWARTI",
    "WARTINAH", "SUMIYEM", "TUMINAH", "DARMINI", "KARMINAH", "PARMI", "JASMI", "SUYATMI",
    "NGATINI", "SUMINAH", "KASTINI", "SUNDARI", "MUNTAMAH", "SUKARTI", "TASMINAH", "RUKAYAH",
)
# Two-token names of older women that work like one name.
JAVA_F2 = (
    "SRI WAHYUNI", "SRI MULYANI", "SRI RAHAYU", "SRI LESTARI", "SRI SUMARNI", "SRI HARTATI",
    "SRI UTAMI", "SRI SUNARTI", "ENDANG SUSILOWATI", "SRI HANDAYANI", "SRI WARTINI",
)

ARAB_FIRST_M = (
    "MUHAMMAD", "AHMAD", "ABDUL", "NUR", "MOH", "SAIFUL", "ALI", "MOHAMMAD", "KHOIRUL",
    "MUCHAMAD", "IMAM", "ROHMAT", "ZAINAL", "ARIF", "SYAIFUL", "FATHUR", "MISBAHUL", "ULIN",
)
ARAB_SECOND_M = (
    "ALI", "FAUZI", "ROHMAN", "ROSYID", "SHOLEH", "HASAN", "ARIFIN", "HIDAYAT", "YUSUF",
    "MAHMUD", "ANWAR", "ZAINUDIN", "MUSTOFA", "RIDWAN", "IQBAL", "SYAFII", "KHOLIQ", "ROFIQ",
    "ROZIKIN", "SUBKHAN", "ASRORI", "MASRUKHAN", "FATONI", "HUSEIN", "MUKHLISIN", "HANAFI",
    "NURHADI", "SYAIFUDIN", "KHAMIM", "MAKSUM", "JAZULI", "AMIN", "FAIZ", "ANAM", "HUDA",
    "MUSTAQIM", "SHODIQ", "TAUFIQ", "LUTFI", "JAMALUDIN",
)
ARAB_FIRST_F = (
    "SITI", "NUR", "NURUL", "UMI", "SITI NUR", "ANIK", "LAILATUL", "ZULFA", "KHOIRUN",
    "FITRIATUL", "NAILIS", "ULFA", "MUSLIKHATUN", "NIKMATUL",
)
ARAB_SECOND_F = (
    "AMINAH", "FATIMAH", "KHOTIMAH", "MUAWANAH", "ROMLAH", "MUSLIKAH", "NURJANAH",
    "ZULAIKHA", "MAISAROH", "KHOIRIYAH", "ROHMAH", "HIDAYAH", "ASIYAH", "SHOLIKHAH",
    "MASRUROH", "MUNAWAROH", "KHASANAH", "NGAISAH", "MUTMAINAH", "SAADAH", "ZAENAB",
    "UMAYAH", "JAMILAH", "MARFUAH", "KHUSNUL", "AZIZAH", "SAFITRI", "FAUZIAH", "MUFIDAH",
    "ISTIQOMAH", "LATIFAH", "NAFISAH", "SUNDUSIYAH", "ROFIQOH", "HALIMAH",
)
MODERN_FIRST_M = (
    "AGUS", "BUDI", "EKO", "DWI", "ADI", "RIZKY", "ADITYA", "TRI", "ANDI", "FAJAR", "ARIF",
    "DIMAS", "BAGUS", "WAHYU", "TEGUH", "HENDRA", "DEDI", "ANTON", "YOGA", "REZA", "BAYU",
    "IRFAN", "FIRMAN", "NOVAN", "AKBAR", "FERDI", "ALDI", "GILANG", "DANI", "RIYAN",
)
MODERN_FIRST_F = (
    "DEWI", "PUTRI", "AYU", "RINA", "INDAH", "NOVI", "FITRI", "EKA", "DWI", "LINDA", "DIAN",
    "TRI", "YULI", "ENDAH", "WIWIK", "NINA", "RATNA", "LILIK", "ANIS", "DIAH", "NOVITA",
    "AULIA", "NABILA", "SALSABILA", "AMELIA", "DINDA", "ANISA", "RISKA", "DESI", "MEGA",
)
SURNAME_M = (
    "SANTOSO", "SETIAWAN", "PRASETYO", "NUGROHO", "SAPUTRA", "KURNIAWAN", "HIDAYAT",
    "WIBOWO", "PRATAMA", "FIRMANSYAH", "RAMADHAN", "PURNOMO", "SUSANTO", "HARYANTO",
    "WIJAYA", "MAULANA", "ARDIANSYAH", "SUPRIYANTO", "SETIYAWAN", "HERMAWAN", "FEBRIANTO",
    "SAPUTRO", "GUNAWAN", "ARIYANTO", "KURNIAWAN SYAH", "PRABOWO", "ANGGORO", "WICAKSONO",
)
SURNAME_F = (
    "WAHYUNI", "LESTARI", "HANDAYANI", "SUSANTI", "ASTUTI", "RAHMAWATI", "WULANDARI",
    "NINGSIH", "PURWANTI", "SETYANINGSIH", "KURNIASIH", "FITRIANI", "ANGGRAINI", "SAFITRI",
    "RAHAYU", "MULYANI", "NOVITASARI", "PERMATASARI", "MAHARANI", "SARI", "KUSUMAWATI",
    "PRATIWI", "RAMADHANI", "HIDAYATI", "YULIANTI", "APRILIANI", "OKTAVIANI", "NURHAYATI",
)
CHR_FIRST_M = (
    "YOHANES", "STEFANUS", "PETRUS", "ANTONIUS", "YOSEF", "MARKUS", "PAULUS", "FRANSISKUS",
    "LIEM", "TAN", "KRISTIANUS", "BENEDIKTUS", "GREGORIUS", "OEI",
)
CHR_FIRST_F = (
    "MARIA", "THERESIA", "CHRISTINA", "YOHANA", "ELISABETH", "MAGDALENA", "LIEM", "TAN",
    "VERONIKA", "AGNES", "MONIKA", "CHATARINA",
)
CHR_SECOND_M = (
    "GUNAWAN", "HARTONO", "SANTOSO", "WIJAYA", "KRISTIANTO", "SETIADI", "HALIM",
    "TANUWIJAYA", "KUSUMA", "SUGIANTO", "BUDIMAN", "SUTANTO", "HALIM SANTOSO",
)
CHR_SECOND_F = (
    "KRISTIANTI", "WIJAYA", "SUSANTI", "DEWI", "HANDAYANI", "LESTARI", "MELIANA",
    "SETIAWATI", "KURNIAWATI", "INDRIANI", "GUNAWAN", "LIANA",
)

# Syllables for the long tail of Javanese single names (SU+YAN+TO, KAS+MI+NAH ...): each
# generated name is rare, like the many one-off names of a real regency.
SYL_PRE = ("SU", "SA", "SUKA", "SUMA", "SUPA", "SUTA", "WA", "KA", "PA", "NGA", "MAR", "TU",
           "JU", "DAR", "RAS", "KAS", "WAR", "SAR", "PAR", "KAR", "RUS", "MUL", "TAR", "WAGI",
           "PONI", "TUKI", "SURA", "HAR", "SLA", "MUS", "JAS", "NGADI", "TRI", "SRI", "RUM")
SYL_MID = ("", "", "", "DI", "YAN", "GI", "NAR", "MIN", "JI", "RI", "WAR", "PAR", "KAR", "MA",
           "SI", "TI", "LI", "YA", "WI")
SYL_END_M = ("NO", "TO", "DI", "MAN", "JO", "MIN", "YONO", "YANTO", "ADI", "NTO", "RNO",
             "WITO", "KIMAN", "YADI", "TONO", "RJO", "SUDI", "MANTO", "NADI", "PAN", "RSO",
             "KUN", "JAN", "MUJI")
SYL_END_F = ("MI", "NI", "NAH", "SIH", "TI", "YATI", "YEM", "NEM", "TUN", "WATI", "RTI",
             "MINAH", "TINAH", "YANI", "NINGSIH", "RSIH", "PAH", "SINAH", "RMI", "WIYAH")


def syllable_names(rng: np.random.Generator, k: int, female: bool) -> np.ndarray:
    pre = np.array(SYL_PRE, dtype=object)[rng.integers(0, len(SYL_PRE), k)]
    mid = np.array(SYL_MID, dtype=object)[rng.integers(0, len(SYL_MID), k)]
    ends = SYL_END_F if female else SYL_END_M
    end = np.array(ends, dtype=object)[rng.integers(0, len(ends), k)]
    return pre + mid + end


# Styles: 0 Javanese single, 1 Arabic two-token, 2 modern two-token, 3 Christian/Chinese,
# 4 three-token (Arabic first + Arabic second + surname-like).
STYLE_BY_COHORT = np.array([
    # born before 1960
    [0.60, 0.30, 0.03, 0.03, 0.04],
    # 1960-1979
    [0.36, 0.40, 0.14, 0.03, 0.07],
    # 1980 and later
    [0.08, 0.36, 0.36, 0.03, 0.17],
])

TITLES_PREFIX_M = ("H.", "DRS.", "IR.", "DR.", "KH.", "MR.")
TITLES_PREFIX_F = ("HJ.", "DRA.", "DR.", "IR.")
TITLES_SUFFIX = ("S.PD", "S.PD.I", "S.E", "S.H", "S.AG", "S.KOM", "AMD.KEP", "S.KEP", "S.T",
                 "S.SOS", "M.PD", "A.MA")


def zipf_weights(n: int, s: float = 1.05) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** s
    return w / w.sum()


def _pick(rng: np.random.Generator, pool: tuple[str, ...], k: int, s: float = 1.05) -> np.ndarray:
    arr = np.array(pool, dtype=object)
    return arr[rng.choice(len(pool), size=k, p=zipf_weights(len(pool), s))]


def _second(rng: np.random.Generator, first: np.ndarray, pool: tuple[str, ...],
            s: float) -> np.ndarray:
    """Second tokens that never repeat the first one (no 'ALI ALI')."""
    second = _pick(rng, pool, len(first), s)
    same = np.flatnonzero(second == first)
    if len(same):
        arr = np.array(pool, dtype=object)
        second[same] = arr[(rng.integers(1, len(pool), len(same))
                            + np.array([pool.index(x) for x in second[same]])) % len(pool)]
    return second


def cohort_of(birth_year: np.ndarray) -> np.ndarray:
    return np.where(birth_year < 1960, 0, np.where(birth_year < 1980, 1, 2))


def sample_names(rng: np.random.Generator, female: np.ndarray,
                 birth_year: np.ndarray) -> np.ndarray:
    """One name per person (object array), by sex and birth cohort, heavy-tailed."""
    n = len(female)
    out = np.empty(n, dtype=object)
    cohort = cohort_of(birth_year)
    u = rng.random(n)
    cum = np.cumsum(STYLE_BY_COHORT, axis=1)[cohort]
    style = (u[:, None] > cum).sum(axis=1)
    style = np.minimum(style, 4)
    for fem in (False, True):
        for st in range(5):
            idx = np.flatnonzero((female == fem) & (style == st))
            k = len(idx)
            if not k:
                continue
            if st == 0:
                pool = _pick(rng, JAVA_F if fem else JAVA_M, k, 0.8)
                gen = syllable_names(rng, k, fem)
                single = np.where(rng.random(k) < 0.5, pool, gen)
                if fem:
                    two = _pick(rng, JAVA_F2, k, 1.0)
                    single = np.where(rng.random(k) < 0.15, two, single)
                out[idx] = single
            elif st == 1:
                first = _pick(rng, ARAB_FIRST_F if fem else ARAB_FIRST_M, k, 0.9)
                second = _second(rng, first, ARAB_SECOND_F if fem else ARAB_SECOND_M, 0.6)
                out[idx] = first + " " + second
            elif st == 2:
                first = _pick(rng, MODERN_FIRST_F if fem else MODERN_FIRST_M, k, 0.7)
                second = _second(rng, first, SURNAME_F if fem else SURNAME_M, 0.6)
                out[idx] = first + " " + second
            elif st == 3:
                first = _pick(rng, CHR_FIRST_F if fem else CHR_FIRST_M, k, 0.7)
                second = _second(rng, first, CHR_SECOND_F if fem else CHR_SECOND_M, 0.6)
                out[idx] = first + " " + second
            else:
                first = _pick(rng, ARAB_FIRST_F if fem else ARAB_FIRST_M, k, 0.9)
                second = _second(rng, first, ARAB_SECOND_F if fem else ARAB_SECOND_M, 0.6)
                third = _pick(rng, SURNAME_F if fem else SURNAME_M, k, 0.6)
                out[idx] = first + " " + second + " " + third
    return out


COMMON_F = ("SITI AMINAH", "SRI WAHYUNI", "SITI FATIMAH", "SUPARMI", "SUMIATI", "SITI KHOTIMAH")
COMMON_M = ("SUPARNO", "MUHAMMAD ALI", "SLAMET", "SUTRISNO", "AHMAD ALI", "MUHAMMAD FAUZI")


def limit_names(rng: np.random.Generator, names: np.ndarray, female: np.ndarray,
                k: int) -> np.ndarray:
    """At most ``k`` distinct names per sex: the ``k`` most frequent are kept, every other
    person gets one of them, drawn by their frequency (a list with little name diversity)."""
    out = names.copy()
    for fem in (False, True):
        idx = np.flatnonzero(female == fem)
        if not len(idx):
            continue
        vals, counts = np.unique(out[idx].astype(str), return_counts=True)
        if len(vals) <= k:
            continue
        top = np.argsort(-counts, kind="stable")[:k]
        keep_vals = vals[top].astype(object)
        p = counts[top] / counts[top].sum()
        other = idx[~np.isin(out[idx].astype(str), vals[top])]
        out[other] = keep_vals[rng.choice(len(keep_vals), size=len(other), p=p)]
    return out


def common_names(rng: np.random.Generator, names: np.ndarray, female: np.ndarray,
                 share: float) -> np.ndarray:
    """``share`` of the people renamed to one of the very common names (SITI AMINAH ...)."""
    out = names.copy()
    hit = np.flatnonzero(rng.random(len(names)) < share)
    pick = rng.integers(0, len(COMMON_F), len(hit))
    out[hit] = np.where(female[hit], np.array(COMMON_F, dtype=object)[pick],
                        np.array(COMMON_M, dtype=object)[pick])
    return out


def add_titles(rng: np.random.Generator, names: np.ndarray, female: np.ndarray,
               age: np.ndarray) -> np.ndarray:
    """Give some originals a title, as real lists do: H./HJ. for older voters, degrees."""
    names = names.copy()
    n = len(names)
    hajj = np.flatnonzero((age >= 45) & (rng.random(n) < 0.05))
    for i in hajj:
        names[i] = ("HJ. " if female[i] else "H. ") + names[i]
    degree = np.flatnonzero((age >= 24) & (age <= 65) & (rng.random(n) < 0.012))
    for i in degree:
        names[i] = f"{names[i]}, {TITLES_SUFFIX[rng.integers(len(TITLES_SUFFIX))]}"
    return names


def another_name_like(rng: np.random.Generator, name: str, female: bool,
                      birth_year: int) -> str:
    """A different name in the same style (for a twin): other first token, often same rest."""
    tokens = name.split()
    for _ in range(20):
        cand = sample_names(rng, np.array([female]), np.array([birth_year]))[0]
        ctoks = cand.split()
        if len(tokens) >= 2 and len(ctoks) >= 1 and rng.random() < 0.5:
            cand = " ".join([ctoks[0]] + tokens[1:])
        if cand.split()[0] != tokens[0] and cand != name:
            return cand
    return "EKA " + name if not name.startswith("EKA ") else "DWI " + name[4:]
