"""Personal data (UU 27/2022): masking NIK, NKK and birth dates, and keyed record fingerprints.

Masking. A masked output must not hold a full NIK, NKK or birth date in *any* column, not
only in the columns the reader recognised: :func:`mask_frame` masks the known columns, every
column whose header says NIK/NKK/KTP/KK or a date (``NO KTP``, ``NOMOR INDUK``, ``TGL LAHIR``,
``tanggal_lahir_norm`` when a normalised file is read again), and in every other text column
the runs of digits and the dates a cell holds (a NIK typed into KETERANGAN).

Fingerprints. A record's ``fingerprint`` (in the groups output, which doubles as the decisions
file) lets a later run find the record a decision names. It is an HMAC-SHA-256 of the
normalised NIK, name and birth date under a secret key that never appears in an output: the
masked digits cannot be recovered by hashing guesses. The key is read from ``--key-file`` (see
:func:`use_key_file`), else the file named by ``DPTCLEAN_KEY_FILE``, else
``$XDG_CONFIG_HOME/dptclean/fingerprint.key`` (``~/.config/...``; on Windows under
``%APPDATA%``), created with owner-only permissions on first use. Operators of one office who
review each other's decisions files share one key file.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dptclean import schema
from dptclean.errors import ConfigError, InputError

ID_COLUMNS = (schema.NIK, schema.NKK, schema.NIK_NORM, schema.NKK_NORM, schema.NIK_SERIAL)
DATE_COLUMNS = (schema.TANGGAL_LAHIR, schema.TANGGAL_LAHIR_NORM, schema.TANGGAL_LAHIR_PARTIAL,
                schema.NIK_TANGGAL_LAHIR)
# columns that are keys or provenance, never personal data: left exactly as they are (a
# decisions file is matched by them)
KEEP_COLUMNS = frozenset({"fingerprint", "other_fingerprint", "record_key", "other_record_key",
                          "decided_at", "decided_by", schema.SOURCE_FILE, schema.SHEET,
                          schema.ROW, schema.RECORD_NO, "group_id", "score", "linked_to",
                          "dpk_row", "dpt_row"})

_ID_WORDS = {"NIK", "NKK", "KTP", "KK", "EKTP", "NOKK", "NOKTP", "NOMORKK"}
_ID_PHRASES = ("NOMOR INDUK", "NO INDUK", "KARTU KELUARGA", "NOMOR KELUARGA", "ID NUMBER")
_ABOUT_WORDS = {"STATUS", "WILAYAH", "LEVEL", "JENIS", "KELAMIN", "SEX", "KNOWN", "DIGITS",
                "VALID", "TEMPAT"}
_DATE_WORDS = {"TGL", "TANGGAL", "DOB", "TTL", "BIRTHDATE", "BIRTH", "TGLLAHIR", "DATE"}
# a run of 10+ digits (NIK and NKK have 16; spaces, dots or dashes inside are kept as typed)
_LONG_DIGITS = re.compile(r"\d(?:[ .\-]?\d){9,}")
_MONTHS = (r"(?:JAN|FEB|MAR|APR|MEI|MAY|JUN|JUL|AGU|AGS|AUG|SEP|OKT|OCT|NOV|DES|DEC)"
           r"[A-Z]*")
_DATE_IN_TEXT = re.compile(
    r"\b(?:\d{1,2}[-/. ]\d{1,2}[-/. ](?:19|20)?\d\d|(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|\d{1,2}[ -]?" + _MONTHS + r"[ -]?(?:19|20)\d\d)\b", re.IGNORECASE)


def mask_ids(values: pd.Series) -> pd.Series:
    """Keep the first 4 (province + regency) and the last 2 characters: 3320**********01;
    a value of 6 characters or fewer is all stars."""
    arr = _arrow_text(values)
    n = pc.utf8_length(arr)
    star = pa.scalar("*", arr.type)
    long = pc.binary_join_element_wise(
        pc.utf8_slice_codeunits(arr, 0, 4),
        pc.binary_repeat(star, pc.max_element_wise(pc.subtract(n, 6), 0)),
        pc.utf8_slice_codeunits(arr, -2), pa.scalar("", arr.type))
    short = pc.binary_repeat(star, n)
    out = pc.if_else(pc.greater(n, 6), long, short)
    return pd.Series(out, index=values.index, dtype=pd.StringDtype("pyarrow"))


def mask_dates(values: pd.Series) -> pd.Series:
    """Keep only a four-digit year, when one can be seen: **-**-1980."""
    arr = _arrow_text(values)
    has_year = pc.fill_null(pc.match_substring_regex(arr, r"(?:19|20)\d\d"), False)
    out = pc.replace_substring_regex(arr, r"^(?s:.*?)((?:19|20)\d\d)(?s:.*)$", r"**-**-\1")
    if not pc.all(has_year).as_py():  # no year to keep: every digit a star (rare: quick)
        rest = pc.filter(arr, pc.invert(has_year))
        starred = pc.replace_substring_regex(rest, r"\d", "*")
        out = pc.replace_with_mask(out, pc.invert(has_year), starred)
    return pd.Series(out, index=values.index, dtype=pd.StringDtype("pyarrow"))


def _arrow_text(values: pd.Series) -> pa.Array:
    arr = pa.array(values.astype("string[pyarrow]").array)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return arr


# every cell mask_text would change matches this (a superset: case-insensitive months)
_SUSPECT = (r"\d(?:[ .\-]?\d){9,}|\d{1,2}[-/. ]\d{1,2}[-/. ]\d\d|\d{4}[-/.]\d{1,2}[-/.]\d"
            r"|\d[ -]?(?i:JAN|FEB|MAR|APR|MEI|MAY|JUN|JUL|AGU|AGS|AUG|SEP|OKT|OCT|NOV|DES|DEC)")


def mask_text(value: str) -> str:
    """One piece of free text with its long digit runs and its dates masked."""
    def digits(m: re.Match) -> str:
        d = m.group(0)
        return d[:4] + re.sub(r"\d", "*", d[4:-2]) + d[-2:]

    def date(m: re.Match) -> str:
        year = re.search(r"(?:19|20)\d\d", m.group(0))
        return "**-**-" + year.group(0) if year else re.sub(r"\d", "*", m.group(0))

    return _LONG_DIGITS.sub(digits, _DATE_IN_TEXT.sub(date, value))


def header_kind(name: object) -> str | None:
    """'id' for a header naming a NIK/NKK/KTP/KK, 'date' for a date, else None.

    Columns *about* a NIK that do not hold it (``nik_status``, ``nik_wilayah``,
    ``nik_jenis_kelamin``, ``nik_digits_known``) are neither."""
    text = re.sub(r"[^A-Z0-9]+", " ", str(name).upper()).strip()
    words = set(text.split())
    joined = text.replace(" ", "")
    if words & _ABOUT_WORDS:
        return None
    if words & _DATE_WORDS or joined in _DATE_WORDS or "LAHIR" in words and "TEMPAT" not in words:
        return "date"
    if words & _ID_WORDS or joined in _ID_WORDS or any(p in text for p in _ID_PHRASES):
        return "id"
    return None


def mask_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every NIK, NKK and birth date masked, whatever its column is called."""
    out = frame.copy()
    for j, col in enumerate(out.columns):
        if col in KEEP_COLUMNS:
            continue
        s = out.iloc[:, j]
        kind = "id" if col in ID_COLUMNS else "date" if col in DATE_COLUMNS \
            else header_kind(col)
        if kind == "id":
            out.isetitem(j, mask_ids(_as_text(s)))
        elif kind == "date":
            out.isetitem(j, mask_dates(_as_text(s)))
        elif pd.api.types.is_datetime64_any_dtype(s.dtype):
            out.isetitem(j, mask_dates(_as_text(s)))
        elif pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
            big = (s.abs() >= 1e9).fillna(False)
            if big.any():  # a NIK read as a number
                out.isetitem(j, _as_text(s).where(~big, mask_ids(_as_text(s))))
        elif s.dtype == object or pd.api.types.is_string_dtype(s.dtype) or \
                isinstance(s.dtype, pd.CategoricalDtype):
            text = s.astype("string[pyarrow]")
            # a fast first pass (RE2 in Arrow) finds the few cells worth a closer look
            risky = text.str.contains(_SUSPECT, regex=True).fillna(False)
            if risky.any():
                fixed = text.where(~risky, text.map(mask_text, na_action="ignore"))
                if not fixed.equals(text):
                    out.isetitem(j, fixed.where(risky, s))
    return out


def _as_text(s: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        return s.dt.strftime("%Y-%m-%d").astype("string")
    if pd.api.types.is_float_dtype(s.dtype):
        whole = s.dropna()
        if len(whole) and (whole == whole.round()).all():
            return s.astype("Int64").astype("string")
    return s.astype("string")


def header_cells_text(cells: Iterable[object]) -> str:
    """The cells of a header row for an error message, or a note that they are a voter's data
    (a NIK or a date among them): error messages never carry personal data."""
    texts = [str(c) for c in cells if c is not None and str(c) != ""]
    if any(mask_text(t) != t for t in texts):
        return "a voter's data, not column names: check --header-row"
    return ", ".join(texts) or "nothing"


def scrub_message(message: str) -> str:
    """An error or log line with any NIK/NKK-like digit run and any date masked."""
    return mask_text(message)


# --- keyed fingerprints -----------------------------------------------------------------------

KEY_ENV = "DPTCLEAN_KEY_FILE"
_key_file_override: str | None = None
_key_cache: dict[str, bytes] = {}
_LEGACY = re.compile(r"[0-9a-f]{16}")
_KEYED = re.compile(r"([0-9a-f]{4})-[0-9a-f]{16}")


@contextlib.contextmanager
def use_key_file(path: str | os.PathLike | None) -> Iterator[None]:
    """Use this key file for the fingerprints made inside the block (``--key-file``)."""
    global _key_file_override
    before = _key_file_override
    _key_file_override = os.fspath(path) if path else before
    try:
        yield
    finally:
        _key_file_override = before


@contextlib.contextmanager
def throwaway_key() -> Iterator[None]:
    """A random key for the fingerprints made inside the block, kept nowhere: for a run that
    writes no fingerprint (no key file is read or created)."""
    global _key_file_override
    before = _key_file_override
    name = f"<throwaway {secrets.token_hex(4)}>"
    _key_cache[name] = secrets.token_bytes(32)
    _key_file_override = name
    try:
        yield
    finally:
        _key_file_override = before
        _key_cache.pop(name, None)


def key_file_path() -> Path:
    """Where the fingerprint key is read from (or created)."""
    if _key_file_override:
        return Path(_key_file_override)
    if os.environ.get(KEY_ENV):
        return Path(os.environ[KEY_ENV])
    if os.name == "nt" and os.environ.get("APPDATA"):
        base = Path(os.environ["APPDATA"])
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "dptclean" / "fingerprint.key"


def fingerprint_key() -> bytes:
    """The secret key of the fingerprints, created (0600, 32 random bytes) on first use."""
    path = key_file_path()
    cached = _key_cache.get(str(path))
    if cached is not None:
        return cached
    if not path.exists():
        _create_key(path)
    try:
        text = path.read_text(encoding="ascii").strip()
        key = bytes.fromhex(text)
    except (OSError, UnicodeDecodeError, ValueError):
        raise ConfigError(f"{path}: not a dptclean fingerprint key (64 hex digits); "
                          "restore it from the office copy or delete it to start a new one "
                          "(old decisions files are then not recognised)") from None
    if len(key) < 16:
        raise ConfigError(f"{path}: the fingerprint key is too short (need 32+ hex digits)")
    _key_cache[str(path)] = key
    return key


def _create_key(path: Path) -> None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return  # another run made it just now
    except OSError as exc:
        raise ConfigError(f"{path}: cannot create the fingerprint key ({exc.strerror or exc}); "
                          f"give one with --key-file or {KEY_ENV}") from None
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(secrets.token_hex(32) + "\n")


def key_id(key: bytes | None = None) -> str:
    """Four hex digits naming the key (not derived from any record; reveals nothing)."""
    key = fingerprint_key() if key is None else key
    return hmac.new(key, b"dptclean key id", hashlib.sha256).hexdigest()[:4]


def fingerprints(texts: Iterable[str], *, legacy: bool = False) -> list[str]:
    """``<key id>-<16 hex>``: HMAC-SHA-256 of each text under the fingerprint key.

    ``legacy=True`` gives the unsalted SHA-256 (16 hex) of dptclean before keyed fingerprints,
    only to recognise the decisions files made then; it is never written.
    """
    if legacy:
        return [hashlib.sha256(t.encode("utf-8")).hexdigest()[:16] for t in texts]
    key = fingerprint_key()
    kid = key_id(key)
    return [f"{kid}-" + hmac.new(key, t.encode("utf-8"), hashlib.sha256).hexdigest()[:16]
            for t in texts]


def legacy_fingerprints_used(values: Iterable[str], *, source: str | None = None) -> bool:
    """Whether a decisions file names records by old unkeyed fingerprints; refuses one made
    under another key, which no record of this run could match."""
    legacy = False
    kid = None
    for v in values:
        if not v:
            continue
        m = _KEYED.fullmatch(v)
        if m:
            kid = kid or key_id()
            if m.group(1) != kid:
                raise InputError(
                    f"the decisions file was made with another fingerprint key (key {m.group(1)}, "
                    f"this one is {kid} in {key_file_path()}); use that operator's key with "
                    f"--key-file or {KEY_ENV}", path=source)
        elif _LEGACY.fullmatch(v):
            legacy = True
    return legacy
