"""Work per operator: split a voter list (or a dedupe groups output) into one file per area.

``plan_split`` decides which rows go to which area; ``write_split`` writes one file per area
plus an index. Every input row lands in exactly one file (rows whose area is missing go to a
file named ``_missing_<level>``), so the records of all files add up to the input. In groups mode
a duplicate group is never cut: it goes, whole, to every area one of its records is in, so each
operator sees the complete group (the index counts those shared groups).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from dptclean import schema
from dptclean.errors import ConfigError, OutputError, SchemaError
from dptclean.messages import Count

# --by value -> the area columns that name one work file (kelurahan names repeat across
# kecamatan, so a kelurahan file is named by both; a TPS by all three).
SPLIT_BY: dict[str, tuple[str, ...]] = {
    schema.KECAMATAN: (schema.KECAMATAN,),
    schema.KELURAHAN: (schema.KECAMATAN, schema.KELURAHAN),
    schema.TPS: (schema.KECAMATAN, schema.KELURAHAN, schema.TPS),
}
FORMATS = ("xlsx", "csv")
GROUP_ID = "group_id"
_WS = re.compile(r"\s+")
_UNSAFE = re.compile(r"[^A-Z0-9]+")


@dataclass
class Part:
    """One work file: its area values, file stem and the input rows (positions) it holds."""

    area: tuple[str | None, ...]
    stem: str
    rows: np.ndarray
    missing: bool = False


def _area_values(frame: pd.DataFrame, col: str) -> np.ndarray:
    if col not in frame.columns:
        return np.full(len(frame), None, dtype=object)
    s = frame[col].astype("string").str.strip().str.upper().str.replace(_WS, " ", regex=True)
    if col == schema.TPS:
        digits = s.str.fullmatch(r"\d{1,3}").fillna(False)
        s = s.where(~digits, s.str.zfill(3))
    s = s.where(s != "")
    return s.astype(object).where(s.notna(), None).to_numpy(dtype=object)


def safe_stem(text: str, limit: int = 60) -> str:
    """A file-name stem any file system accepts: ASCII letters, digits and underscores."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    stem = _UNSAFE.sub("_", ascii_text.upper()).strip("_")
    stem = stem[:limit].rstrip("_") or "_"
    # Windows refuses these names whatever the extension (a kecamatan "CON" or "NUL")
    return stem + "_" if stem in _WINDOWS_RESERVED else stem


_WINDOWS_RESERVED = frozenset(["CON", "PRN", "AUX", "NUL"] + [f"COM{i}" for i in range(10)]
                              + [f"LPT{i}" for i in range(10)])


def plan_split(frame: pd.DataFrame, by: str, *, group_column: str | None = None) -> list[Part]:
    """The work files for ``frame`` split by ``by`` (kecamatan, kelurahan or tps).

    With ``group_column`` (groups mode) every row of a group goes to each area in which one of
    the group's rows is; otherwise every row goes to the file of its own area.
    """
    if by not in SPLIT_BY:
        raise ConfigError(key="split_bad_level", params={"by": by, "levels": ", ".join(SPLIT_BY)})
    cols = SPLIT_BY[by]
    present = [c for c in cols if c in frame.columns]
    if not present:
        raise SchemaError(key="split_no_column", params={"by": by})
    values = [_area_values(frame, c) for c in cols]
    n = len(frame)
    missing = np.zeros(n, dtype=bool)
    for v in values:
        missing |= pd.isna(pd.Series(v, dtype=object)).to_numpy()
    keys = np.array(["\x1f".join("" if x is None else str(x) for x in t) for t in zip(*values)],
                    dtype=object) if n else np.zeros(0, dtype=object)
    keys[missing] = None

    assignments: dict[object, list[int]] = {}
    if group_column is None:
        for i, k in enumerate(keys.tolist()):
            assignments.setdefault(k, []).append(i)
    else:
        if group_column not in frame.columns:
            raise SchemaError(key="split_no_group_column", params={"column": group_column})
        gid = frame[group_column].astype("string").fillna("").to_numpy(dtype=object)
        members: dict[object, list[int]] = {}
        for i, g in enumerate(gid.tolist()):
            members.setdefault(g if g != "" else ("row", i), []).append(i)
        for rows in members.values():
            areas = {keys[i] for i in rows if keys[i] is not None} or {None}
            for k in areas:
                assignments.setdefault(k, []).extend(rows)

    parts: list[Part] = []
    used: set[str] = {"index"}  # the index file sits beside the work files
    miss_stem = f"_missing_{by}"
    if None in assignments:
        used.add(miss_stem.lower())
        parts.append(Part(area=(None,) * len(cols), stem=miss_stem,
                          rows=np.array(sorted(assignments.pop(None)), dtype=np.int64),
                          missing=True))
    for k in sorted(assignments, key=str):
        area = tuple(str(k).split("\x1f"))
        stem = "-".join(safe_stem(a) for a in area)
        base, n_try = stem, 1
        while stem.lower() in used:
            n_try += 1
            stem = f"{base}_{n_try}"
        used.add(stem.lower())
        parts.append(Part(area=area, stem=stem,
                          rows=np.array(sorted(assignments[k]), dtype=np.int64)))
    return parts


def write_split(frame: pd.DataFrame, by: str, out_dir: str | os.PathLike, *, fmt: str = "xlsx",
                group_column: str | None = None, inputs: Iterable[str] = (),
                show_nik: bool = False, lang: str | None = None) -> pd.DataFrame:
    """Write one ``fmt`` file per area into ``out_dir`` (created if needed) and an index
    (``index.<fmt>``: file, area columns, records[, groups, shared_groups]); return the index.

    NIK, NKK and birth dates are masked unless ``show_nik``. ``out_dir`` must be new, empty, or
    a directory an earlier split wrote (its marker file lists what it wrote) holding nothing
    else: the files of the earlier split are then replaced, and those this split does not
    write again are removed. Any other directory is refused before anything is written.

    ``lang`` ("id" or "en"): .xlsx work files are for people, with headers in that language (a
    groups file becomes the review workbook of ``dedupe -o ganda.xlsx``, dropdown included);
    without it, and in CSV, the columns stay snake_case (the machine interface). The returned
    index keeps its snake_case columns either way.
    """
    from dptclean.io.writers import check_not_input, write_table

    if fmt not in FORMATS:
        raise ConfigError(key="split_bad_format", params={"fmt": fmt, "formats": ", ".join(FORMATS)})
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise OutputError(key="split_not_directory", path=str(out))
    earlier = _earlier_split(out)
    parts = plan_split(frame, by, group_column=group_column)  # input problems: nothing made
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(key="split_cannot_create", params={"reason": exc.strerror or exc},
                          path=str(out)) from None
    cols = SPLIT_BY[by]
    index_rows = []
    group_areas: dict[str, int] = {}
    if group_column is not None:
        gid = frame[group_column].astype("string").fillna("")
        for p in parts:
            for g in set(gid.iloc[p.rows].tolist()) - {""}:
                group_areas[g] = group_areas.get(g, 0) + 1
    data = frame.reset_index(drop=True)
    if not show_nik:
        from dptclean.report.privacy import mask_frame

        data = mask_frame(data)
    # refuse before writing anything, not half way through
    for name in [f"{p.stem}.{fmt}" for p in parts] + [f"index.{fmt}"]:
        check_not_input(out / name, inputs)
    for p in parts:
        name = f"{p.stem}.{fmt}"
        target = out / name
        _write_part(data.iloc[p.rows], target, fmt, p.stem[:31], inputs, lang,
                    review=group_column is not None)
        row: dict[str, object] = {"file": name}
        for c, v in zip(cols, p.area):
            row[c] = v
        row["records"] = int(len(p.rows))
        if group_column is not None:
            gids = set(frame[group_column].astype("string").fillna("").iloc[p.rows]) - {""}
            row["groups"] = len(gids)
            row["shared_groups"] = sum(1 for g in gids if group_areas.get(g, 0) > 1)
        index_rows.append(row)
    index = pd.DataFrame(index_rows, columns=["file", *cols, "records",
                                              *(["groups", "shared_groups"]
                                                if group_column is not None else [])])
    target = out / f"index.{fmt}"
    write_table(people_headers(index, lang) if fmt == "xlsx" else index, target, fmt=fmt,
                sheet_name="index" if lang != "id" else "indeks", inputs=inputs)
    written = [f"{p.stem}.{fmt}" for p in parts] + [f"index.{fmt}"]
    _write_marker(out, written)
    for name in sorted(set(earlier) - set(written)):  # stale work files of the earlier split
        with contextlib.suppress(FileNotFoundError):
            (out / name).unlink()
    return index


# the index's own columns (the area columns and a work file's columns use the review headers)
_INDEX_HEADERS = {"file": ("Berkas", "File"), "records": ("Pemilih", "Records"),
                  "groups": ("Kelompok ganda", "Duplicate groups"),
                  "shared_groups": ("Kelompok di beberapa wilayah", "Groups in several areas")}


def people_headers(frame: pd.DataFrame, lang: str | None) -> pd.DataFrame:
    """``frame`` with headers for people in ``lang`` (unchanged without a language); a column
    dptclean does not know keeps its name."""
    if lang not in ("id", "en"):
        return frame
    from dptclean.report.xlsx import REVIEW_HEADERS

    i = 0 if lang == "id" else 1
    names = {c: pair[i] for c, pair in {**REVIEW_HEADERS, **_INDEX_HEADERS}.items()}
    rename = {c: names[c] for c in frame.columns if c in names}
    taken = set(rename.values()) | {c for c in frame.columns if c not in rename}
    # an input column that already bears a shown name (a second 'NIK' column of the file,
    # kept as an extra column) is shown as 'NIK (2)': a sheet cannot hold two columns of one
    # name (it was an internal error)
    for c in frame.columns:
        if c not in rename and c in set(rename.values()):
            k = 2
            while f"{c} ({k})" in taken:
                k += 1
            rename[c] = f"{c} ({k})"
            taken.add(rename[c])
    return frame.rename(columns=rename)


def _write_part(part: pd.DataFrame, target: Path, fmt: str, sheet: str, inputs: Iterable[str],
                lang: str | None, *, review: bool) -> None:
    from dptclean.io.writers import write_table

    if fmt == "xlsx" and lang in ("id", "en") and review:
        from dptclean.report.xlsx import write_review_xlsx

        write_review_xlsx(part, target, lang=lang, inputs=list(inputs))
    elif fmt == "xlsx":
        write_table(people_headers(part, lang), target, fmt=fmt, sheet_name=sheet,
                    inputs=inputs)
    else:
        write_table(part, target, fmt=fmt, sheet_name=sheet, inputs=inputs)


SPLIT_MARKER = ".dptclean-split.json"


def _earlier_split(out: Path) -> list[str]:
    """The files an earlier split wrote in ``out`` (empty for a new or empty directory);
    OutputError when ``out`` holds anything else."""
    if not out.is_dir():
        return []
    names = sorted(n for n in os.listdir(out) if n != SPLIT_MARKER)
    if not names:
        return []
    own: list[str] = []
    try:
        data = json.loads((out / SPLIT_MARKER).read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("format") == "dptclean-split" and \
                isinstance(data.get("files"), list):
            own = [str(n) for n in data["files"] if "/" not in str(n) and "\\" not in str(n)
                   and str(n) not in ("", ".", "..")]
        else:
            own = []
    except (OSError, ValueError):
        own = []
    if not own:
        raise OutputError(key="split_foreign", params={"n": Count(len(names))}, path=str(out))
    foreign = [n for n in names
               if n not in own or not (out / n).is_file() or (out / n).is_symlink()]
    if foreign:
        shown = ", ".join(repr(n) for n in foreign[:3]) + (", ..." if len(foreign) > 3 else "")
        raise OutputError(key="split_foreign_earlier",
                          params={"n": Count(len(foreign)), "shown": shown}, path=str(out))
    return own


def _write_marker(out: Path, names: list[str]) -> None:
    from dptclean.io.writers import dumps_json, write_text

    write_text(dumps_json({"format": "dptclean-split", "files": names}), out / SPLIT_MARKER)
