"""How real duplicates come about, one function per cause, plus the traps.

Text mutations (typos, titles, spelling variants, dates, NIK damage) work on one value at a
time: they are only applied to the 1-2 % of records that are planted copies.
"""

from __future__ import annotations

import re

import numpy as np

from dptclean.synth import names as nm

# --- labels -------------------------------------------------------------------------------------

# What was done to make a redundant copy (truth ``dup_kind``, joined with "+").
IDENTICAL = "identical"          # registered twice at the same place, nothing differs
MOVED = "moved"                  # registered again after moving: other desa/TPS/address
NKK_CHANGED = "nkk_changed"      # the copy carries another family card number
NKK_MISSING = "nkk_missing"      # the copy has no NKK
NAME_TYPO = "name_typo"          # operator typo: substitution/deletion/transposition/...
TITLE = "title"                  # honorific or degree added or removed
SPELLING = "spelling"            # spelling variant (MUHAMMAD/MOCH., old spelling OE/DJ/TJ/CH)
MIDDLE_DROPPED = "middle_dropped"  # a middle name left out
DATE_SWAPPED = "date_swapped"    # day and month of the birth date swapped
BIRTHPLACE = "birthplace"        # birthplace written differently
NIK_EXCEL = "nik_excel"          # NIK damaged by Excel (last digit 0, or 3.32001E+15)
NIK_TYPO = "nik_typo"            # one NIK digit mistyped
IN_DPT = "in_dpt"                # a DPK record of a person who is in the DPT

DUP_KINDS: tuple[str, ...] = (
    IDENTICAL, MOVED, NKK_CHANGED, NKK_MISSING, NAME_TYPO, TITLE, SPELLING, MIDDLE_DROPPED,
    DATE_SWAPPED, BIRTHPLACE, NIK_EXCEL, NIK_TYPO, IN_DPT,
)

# Traps: distinct people a good matcher must keep apart (truth ``dup_kind`` of every member).
TRAP_TWIN = "trap_twin"                  # same NKK and birth date, different first names
TRAP_PARENT_CHILD = "trap_parent_child"  # same name in one household, other birth dates
TRAP_NAMESAKE = "trap_namesake"          # common name + same placeholder date, other villages
TRAP_SAME_NIK = "trap_same_nik"          # two people recorded with one NIK (entry error)

TRAP_KINDS: tuple[str, ...] = (TRAP_TWIN, TRAP_PARENT_CHILD, TRAP_NAMESAKE, TRAP_SAME_NIK)

NAME_KINDS = (NAME_TYPO, TITLE, SPELLING, MIDDLE_DROPPED)


def join_kinds(kinds: set[str] | list[str]) -> str:
    """Labels in their canonical order, joined with '+'."""
    order = DUP_KINDS + TRAP_KINDS
    return "+".join(k for k in order if k in set(kinds))


# --- names --------------------------------------------------------------------------------------

_KEYBOARD = {
    "Q": "WA", "W": "QES", "E": "WRD", "R": "ETF", "T": "RYG", "Y": "TUH", "U": "YIJ",
    "I": "UOK", "O": "IPL", "P": "OL", "A": "QSZ", "S": "ADWZ", "D": "SFE", "F": "DGR",
    "G": "FHT", "H": "GJY", "J": "HKU", "K": "JLI", "L": "KO", "Z": "ASX", "X": "ZC",
    "C": "XV", "V": "CB", "B": "VN", "N": "BM", "M": "N",
}
_VOWEL_SWAP = {"A": "EO", "I": "EY", "U": "OI", "E": "IA", "O": "UA"}
_TITLE_TOKENS = {t.rstrip(".") for t in nm.TITLES_PREFIX_M + nm.TITLES_PREFIX_F}
_SUFFIX_RE = re.compile(r",?\s+(?:" + "|".join(re.escape(s) for s in nm.TITLES_SUFFIX) + r")$")

# Whole-token spelling variants seen in real lists.
_TOKEN_VARIANTS: dict[str, tuple[str, ...]] = {
    "MUHAMMAD": ("MUHAMAD", "MOHAMMAD", "MOCHAMAD", "MOCHAMMAD", "MOH.", "M.", "MUHAMMAT",
                 "MUKHAMMAD", "MOHAMAD"),
    "MOHAMMAD": ("MUHAMMAD", "MOH.", "MOCHAMMAD", "M."),
    "MUCHAMAD": ("MUHAMMAD", "MUKHAMAD", "MOCH."),
    "MOH": ("MUHAMMAD", "MOCH.", "M.", "MOH."),
    "AHMAD": ("ACHMAD", "AKHMAD", "AHMAT"),
    "ABDUL": ("ABD.", "ABDOEL", "ABDUL."),
    "NUR": ("NOER", "NURUL"),
    "SITI": ("SITTI", "ST."),
    "SAIFUL": ("SYAIFUL", "SAEFUL"),
    "SYAIFUL": ("SAIFUL", "SJAIFUL"),
    "ROHMAN": ("RAHMAN", "ROCHMAN", "ROHMAN"),
    "ROHMAT": ("RAHMAT", "ROCHMAT"),
    "KHOIRUL": ("CHOIRUL", "KHOIRUL", "HOIRUL"),
    "ZAINUDIN": ("ZAINUDDIN", "ZAENUDIN"),
    "ZAINAL": ("ZAENAL",),
    "YUSUF": ("JUSUF", "YUSUP"),
    "SYAFII": ("SYAFI'I", "SAFII", "SJAFII"),
    "FATIMAH": ("FATIMA", "FATIMAH"),
    "MUSTOFA": ("MUSTAFA", "MOESTOFA"),
    "HIDAYAT": ("HIDAYAH", "HIDAJAT"),
    "SHOLEH": ("SALEH", "SOLEH"),
    "SHOLIKHAH": ("SOLIKHAH", "SHOLIHAH", "SOLIKAH"),
    "KHOTIMAH": ("CHOTIMAH", "KOTIMAH", "KHOTIMAH"),
    "NURJANAH": ("NURJANNAH", "NOERJANAH"),
    "ZULAIKHA": ("ZULAIKAH", "ZULEHA"),
    "FAUZI": ("FAWZI", "FAUZY"),
    "RIZKY": ("RISKI", "RIZKI", "RIZQI"),
    "SRI": ("SREE",),
}
# Old spelling (before 1972) and its reverse: (pattern, replacement).
_RULES: tuple[tuple[str, str], ...] = (
    ("OE", "U"), ("DJ", "J"), ("TJ", "C"), ("CH", "KH"), ("SJ", "SY"),
    ("U", "OE"), ("J", "DJ"), ("C", "TJ"), ("KH", "CH"), ("SY", "SJ"), ("Y", "J"),
    ("TH", "T"), ("DH", "D"), ("IY", "I"), ("NN", "N"), ("MM", "M"),
)


def split_titles(name: str) -> tuple[list[str], list[str], str]:
    """(prefix titles, core tokens, suffix text) of a name."""
    suffix = ""
    m = _SUFFIX_RE.search(name)
    if m:
        suffix = m.group(0)
        name = name[: m.start()]
    tokens = name.split()
    pre = []
    while tokens and tokens[0].rstrip(".") in _TITLE_TOKENS and len(tokens) > 1:
        pre.append(tokens.pop(0))
    return pre, tokens, suffix


def _join(pre: list[str], core: list[str], suffix: str) -> str:
    return " ".join(pre + core) + suffix


def name_typo(name: str, rng: np.random.Generator) -> str:
    """One operator typo: substitution, deletion, transposition, keyboard neighbour, vowel."""
    pre, core, suffix = split_titles(name)
    text = " ".join(core)
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(letters) < 3:
        return name + "H"
    for _ in range(10):
        op = rng.choice(["subst", "delete", "transpose", "keyboard", "vowel", "double"],
                        p=[0.15, 0.2, 0.15, 0.2, 0.2, 0.1])
        i = letters[int(rng.integers(1, len(letters)))]  # keep the first letter
        ch = text[i]
        if op == "subst":
            new = text[:i] + chr(ord("A") + int(rng.integers(26))) + text[i + 1:]
        elif op == "delete":
            new = text[:i] + text[i + 1:]
        elif op == "transpose":
            if i + 1 >= len(text) or not text[i + 1].isalpha():
                continue
            new = text[:i] + text[i + 1] + ch + text[i + 2:]
        elif op == "keyboard":
            near = _KEYBOARD.get(ch, "")
            if not near:
                continue
            new = text[:i] + near[int(rng.integers(len(near)))] + text[i + 1:]
        elif op == "vowel":
            vowels = [j for j in letters if text[j] in _VOWEL_SWAP]
            if not vowels:
                continue
            j = vowels[int(rng.integers(len(vowels)))]
            alt = _VOWEL_SWAP[text[j]]
            new = text[:j] + alt[int(rng.integers(len(alt)))] + text[j + 1:]
        else:
            new = text[:i] + ch + text[i:]
        if new != text and new.strip():
            return _join(pre, new.split(), suffix)
    return _join(pre, (text + "H").split(), suffix)


def toggle_title(name: str, female: bool, rng: np.random.Generator) -> str:
    """Remove the title(s) a name has, or add one."""
    pre, core, suffix = split_titles(name)
    if pre or suffix:
        if pre and suffix:  # remove one of the two
            return _join(pre, core, "") if rng.random() < 0.5 else _join([], core, suffix)
        return _join([], core, "")
    u = rng.random()
    if u < 0.55:
        add = ["HJ."] if female else ["H."]
        if rng.random() < 0.15:
            add = ["HJ" if female else "H"]
        return _join(add, core, "")
    if u < 0.75:
        pool = nm.TITLES_PREFIX_F if female else nm.TITLES_PREFIX_M
        return _join([pool[int(rng.integers(len(pool)))]], core, "")
    suf = nm.TITLES_SUFFIX[int(rng.integers(len(nm.TITLES_SUFFIX)))]
    sep = ", " if rng.random() < 0.6 else " "
    return _join([], core, sep + suf)


def spelling_variant(name: str, rng: np.random.Generator) -> str | None:
    """A spelling variant of one token, or None if no rule applies."""
    pre, core, suffix = split_titles(name)
    options: list[tuple[int, str]] = []
    for i, tok in enumerate(core):
        for v in _TOKEN_VARIANTS.get(tok, ()):
            if v != tok:
                options.append((i, v))
    if not options or rng.random() < 0.3:
        for i, tok in enumerate(core):
            for pat, rep in _RULES:
                if pat in tok:
                    k = tok.find(pat)
                    options.append((i, tok[:k] + rep + tok[k + len(pat):]))
    return _replace_one(rng, pre, core, suffix, options)


def drop_middle(name: str, rng: np.random.Generator) -> str | None:
    pre, core, suffix = split_titles(name)
    if len(core) < 3:
        return None
    i = int(rng.integers(1, len(core) - 1))
    return _join(pre, core[:i] + core[i + 1:], suffix)


# --- other fields -------------------------------------------------------------------------------

_PLACE_VARIANTS: dict[str, tuple[str, ...]] = {
    "JEPARA": ("JPR", "KAB. JEPARA", "JEPRA", "JEPARA JATENG", "KAB JEPARA", "JEPARA, JATENG",
               "JAPARA"),
    "KUDUS": ("KDS", "KUDUS KOTA", "KAB. KUDUS"),
    "DEMAK": ("DMK", "KAB. DEMAK"),
    "PATI": ("KAB. PATI", "PATI JATENG"),
    "SEMARANG": ("SMG", "KOTA SEMARANG", "SEMARNG"),
    "JAKARTA": ("DKI JAKARTA", "JAKARTA TIMUR", "JKT", "JAKARTA PUSAT"),
    "SURABAYA": ("SBY", "KOTA SURABAYA"),
    "BANDUNG": ("BDG", "KOTA BANDUNG"),
}


def birthplace_variant(place: str, regency_name: str, rng: np.random.Generator) -> str:
    opts = _PLACE_VARIANTS.get(place)
    if opts:
        return opts[int(rng.integers(len(opts)))]
    if place != regency_name and rng.random() < 0.5:
        return regency_name  # a kecamatan/desa of birth written as the regency
    if len(place) > 4:
        return name_typo(place, rng)
    return "KAB. " + place


def nik_excel(nik: str, rng: np.random.Generator) -> str:
    """What Excel leaves of a NIK typed as a number."""
    if rng.random() < 0.75:
        return nik[:15] + "0"
    return f"{int(nik):.5E}"  # 3.32001E+15


def nik_typo(nik: str, rng: np.random.Generator, digits: tuple[int, ...] | None = None,
             swap_share: float = 0.0) -> str:
    """One NIK digit mistyped (a neighbouring digit half the time, any other digit otherwise),
    at one of the 1-based positions ``digits`` (default: any of them). With ``swap_share``,
    that share of slips swaps two adjacent differing digits inside ``digits`` instead."""
    if swap_share and rng.random() < swap_share:
        swapped = nik_swap(nik, rng, digits)
        if swapped is not None:
            return swapped
    if digits is None:
        i = int(rng.integers(len(nik)))
    else:
        i = digits[int(rng.integers(len(digits)))] - 1
    d = int(nik[i])
    new = (d + (1 if rng.random() < 0.5 else -1)) % 10 if rng.random() < 0.5 else \
        int(rng.integers(10))
    if new == d:
        new = (d + 1) % 10
    return nik[:i] + str(new) + nik[i + 1:]


def nik_swap(nik: str, rng: np.random.Generator,
             digits: tuple[int, ...] | None = None) -> str | None:
    """Two adjacent, differing NIK digits swapped (both inside the 1-based ``digits``), or
    None when no such pair exists."""
    allowed = set(digits) if digits is not None else set(range(1, len(nik) + 1))
    starts = [p for p in range(1, len(nik)) if p in allowed and p + 1 in allowed
              and nik[p - 1] != nik[p]]
    if not starts:
        return None
    p = starts[int(rng.integers(len(starts)))]
    return nik[:p - 1] + nik[p] + nik[p - 1] + nik[p + 1:]


def old_spelling(name: str, rng: np.random.Generator) -> str | None:
    """One token written in the spelling of before 1972 or back (OE/U, DJ/J, TJ/C, CH/KH,
    SJ/SY), or None if no rule applies."""
    pre, core, suffix = split_titles(name)
    options = []
    for i, tok in enumerate(core):
        for pat, rep in _RULES[:10]:
            k = tok.find(pat)
            if k >= 0:
                options.append((i, tok[:k] + rep + tok[k + len(pat):]))
    return _replace_one(rng, pre, core, suffix, options)


def _replace_one(rng: np.random.Generator, pre, core, suffix,
                 options: list[tuple[int, str]]) -> str | None:
    """One of the token replacements that changes something, drawn at random, applied to the
    name's core tokens (None when none changes anything)."""
    options = [(i, v) for i, v in options if v != core[i]]
    if not options:
        return None
    i, v = options[int(rng.integers(len(options)))]
    core = list(core)
    core[i] = v
    return _join(pre, core, suffix)
