"""A saved dedupe result: everything ``dptclean report`` needs to render without re-matching.

A result directory holds::

    manifest.json        format name and version, tool version, SHA-256 of every other file
    records.parquet      the normalised records (input columns, provenance, normalised columns)
    pairs.parquet        the linked pairs with their scores, categories and reasons
    groups.parquet       one row per record in a duplicate group
    dpk_matches.parquet  DPK records already in the DPT
    nik_conflicts.parquet  same complete NIK, judged to be different people
    report.json          the report (the same bytes as ``dedupe --report``)
    stats.json           run statistics (without timings, so a rerun gives the same bytes)
    config.toml          the matching configuration, for ``dedupe --config``
    config.json          the same configuration, the one read back

The directory is written next to its target and renamed into place, so an interrupted save
never leaves a half-written result. Saved files hold full NIK/NKK (they are the evidence);
renderers mask them.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dptclean import __version__
from dptclean.errors import ConfigError, InputError, OutputError
from dptclean.io.writers import dumps_json, final_mode
from dptclean.match.config import MatchConfig
from dptclean.match.pipeline import MatchResult

FORMAT = "dptclean-result"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
TABLES = ("records", "pairs", "groups", "dpk_matches", "nik_conflicts")


@dataclass
class SavedResult:
    """A loaded result directory."""

    path: str
    records: pd.DataFrame
    result: MatchResult
    report: dict[str, Any]
    original_columns: list[str] = field(default_factory=list)
    manifest: dict[str, Any] = field(default_factory=dict)


def save_result(path: str | os.PathLike, records: pd.DataFrame, result: MatchResult,
                report: Mapping[str, Any], *, original_columns: Sequence[str] | None = None,
                inputs: Sequence[str] = ()) -> None:
    """Write a result directory at ``path`` atomically (replacing an earlier result there).

    ``records`` is the normalised frame the match ran on (record positions in ``result`` refer
    to its rows); ``original_columns`` are the columns as read, before normalisation.
    """
    target = os.path.abspath(os.fspath(path))
    check_result_target(target, inputs)
    parent = os.path.dirname(target)
    try:
        tmp = tempfile.mkdtemp(prefix=".dptclean-result-", dir=parent)
    except OSError as exc:
        raise OutputError(f"cannot create a directory: {exc.strerror or exc}",
                          path=str(path)) from None
    try:
        # the directory stays private (mkdtemp: 0700) until it is complete
        umask = os.umask(0)
        os.umask(umask)
        tables = {"records": records.reset_index(drop=True), "pairs": result.pairs,
                  "groups": result.groups, "dpk_matches": result.dpk_matches,
                  "nik_conflicts": result.nik_conflicts}
        for name, frame in tables.items():
            _write_parquet(frame, os.path.join(tmp, f"{name}.parquet"))
        stats = {k: v for k, v in result.stats.items() if k != "seconds"}
        texts = {"report.json": dumps_json(dict(report)), "stats.json": dumps_json(stats),
                 "config.toml": result.config.to_toml(),
                 "config.json": dumps_json(result.config.to_dict())}
        for name, text in texts.items():
            with open(os.path.join(tmp, name), "w", encoding="utf-8") as fh:
                fh.write(text)
        files = {}
        for name in sorted(os.listdir(tmp)):
            full = os.path.join(tmp, name)
            files[name] = {"bytes": os.path.getsize(full), "sha256": _sha256(full)}
            os.chmod(full, 0o666 & ~umask)
        manifest = {"format": FORMAT, "format_version": FORMAT_VERSION,
                    "tool_version": __version__,
                    "original_columns": list(original_columns or records.columns),
                    "files": files}
        with open(os.path.join(tmp, MANIFEST), "w", encoding="utf-8") as fh:
            fh.write(dumps_json(manifest))
        os.chmod(os.path.join(tmp, MANIFEST), 0o666 & ~umask)
        check_result_target(target, inputs)  # again: the run took a while
        os.chmod(tmp, final_mode(target, directory=True))
        _swap_into_place(tmp, target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise OutputError(f"cannot write the result: {exc.strerror or exc}",
                          path=str(path)) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def check_result_target(target: str | os.PathLike, inputs: Sequence[str] = ()) -> None:
    """Raise OutputError unless ``target`` can take a result (new, empty or an old result)."""
    target = os.path.abspath(os.fspath(target))
    parent = os.path.dirname(target)
    if not os.path.isdir(parent):
        raise OutputError(f"the directory {parent} does not exist", path=target)
    for inp in inputs:
        if str(inp) != "-" and os.path.realpath(os.path.abspath(str(inp))) == \
                os.path.realpath(target):
            raise OutputError("refusing to write over an input file", path=target)
    if os.path.exists(target):
        if not os.path.isdir(target) or os.path.islink(target):
            raise OutputError("exists and is not a directory", path=target)
        foreign = _foreign_files(target)
        if foreign:
            raise OutputError(f"exists and holds {foreign}, which dptclean did not write; "
                              "nothing was deleted: choose a new or empty directory, or move "
                              "those files out", path=target)


def _foreign_files(target: str) -> str | None:
    """What in an existing directory dptclean would lose by replacing it (None if nothing):
    a result is replaced only when its manifest names it a dptclean result and it holds no
    file the manifest does not list."""
    names = sorted(os.listdir(target))
    if not names:
        return None
    manifest = None
    try:
        with open(os.path.join(target, MANIFEST), encoding="utf-8") as fh:
            manifest = json.load(fh)
    except (OSError, UnicodeDecodeError, ValueError):
        pass
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or \
            not isinstance(manifest.get("files"), dict):
        return f"{len(names):,} file(s) (no dptclean result manifest)"
    own = set(manifest["files"]) | {MANIFEST}
    extra = [n for n in names if n not in own
             or not os.path.isfile(os.path.join(target, n))
             or os.path.islink(os.path.join(target, n))]
    if not extra:
        return None
    shown = ", ".join(repr(n) for n in extra[:3]) + (", ..." if len(extra) > 3 else "")
    return f"{len(extra):,} file(s) besides the saved result ({shown})"


def _swap_into_place(tmp: str, target: str) -> None:
    if not os.path.exists(target):
        os.rename(tmp, target)
        return
    # an earlier result (or an empty directory): move it aside, move the new one in
    old = tempfile.mkdtemp(prefix=".dptclean-old-", dir=os.path.dirname(target))
    os.rmdir(old)
    os.rename(target, old)
    try:
        os.rename(tmp, target)
    except OSError:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _write_parquet(frame: pd.DataFrame, path: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        # mixed-type object columns (numbers and text in one input column): keep them as text
        fixed = frame.copy()
        for col in fixed.columns:
            if fixed[col].dtype == object:
                fixed[col] = fixed[col].astype("string")
        table = pa.Table.from_pandas(fixed, preserve_index=False)
    pq.write_table(table, path, compression="zstd")


def _read_parquet(path: str) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.parquet as pq

    # text stays in Arrow (as the readers make it): converting to Python strings is slow
    strings = {pa.string(): pd.StringDtype("pyarrow"), pa.large_string(): pd.StringDtype("pyarrow")}
    table = pq.read_table(path)
    try:
        return table.to_pandas(types_mapper=strings.get)
    except (pa.ArrowException, TypeError, ValueError):
        # the pandas metadata saved with the file names dtypes its columns no longer have (a
        # column rewritten with another type): read the Arrow types as they are, so that
        # check_tables names the column instead of a cast error (pandas 3 casts by the metadata)
        return table.replace_schema_metadata(None).to_pandas(types_mapper=strings.get)


def _sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_result(path: str | os.PathLike) -> SavedResult:
    """Read a result directory written by :func:`save_result`, checking every file's SHA-256.

    Raises :class:`~dptclean.errors.InputError` when the directory is missing, is not a
    result, was written by a newer format, or a file is missing or corrupt.
    """
    root = os.fspath(path)
    if not os.path.isdir(root):
        if os.path.exists(root):
            raise InputError("not a result directory (written by dedupe --save)", path=root)
        raise InputError("no such result directory", path=root)
    manifest = _read_json(root, MANIFEST, "the manifest")
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise InputError("not a dptclean result directory (bad manifest)", path=root)
    version = manifest.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise InputError("bad format version in the manifest", path=root)
    if version > FORMAT_VERSION:
        raise InputError(f"written in result format {version}, newer than this dptclean "
                         f"reads ({FORMAT_VERSION}); upgrade dptclean", path=root)
    files = manifest.get("files")
    needed = [f"{t}.parquet" for t in TABLES] + ["report.json", "config.json"]
    if not isinstance(files, dict):
        raise InputError("bad manifest (no file list)", path=root)
    for name in sorted(set(needed) | set(files)):
        full = os.path.join(root, name)
        if not os.path.isfile(full):
            raise InputError(f"incomplete result: {name} is missing", path=root)
        want = (files.get(name) or {}).get("sha256") if isinstance(files.get(name), dict) \
            else None
        if not want:
            raise InputError(f"bad manifest: no checksum for {name}", path=root)
        if _sha256(full) != want:
            raise InputError(f"corrupt result: {name} does not match its checksum "
                             "(changed after it was saved)", path=root)
    tables = {}
    for name in TABLES:
        try:
            tables[name] = _read_parquet(os.path.join(root, f"{name}.parquet"))
        except Exception as exc:  # noqa: BLE001 - pyarrow raises many types for bad files
            raise InputError(f"corrupt result: cannot read {name}.parquet ({exc})",
                             path=root) from None
    check_tables(tables, root)
    report = _read_json(root, "report.json", "the report")
    cfg_data = _read_json(root, "config.json", "the configuration")
    stats = _read_json(root, "stats.json", "the statistics") \
        if os.path.isfile(os.path.join(root, "stats.json")) else {}
    if not isinstance(report, dict):
        raise InputError("corrupt result: report.json is not a report", path=root)
    try:
        cfg = MatchConfig.from_dict(cfg_data)
    except ConfigError as exc:
        raise InputError(f"corrupt result: config.json: {exc}", path=root) from None
    result = MatchResult(pairs=tables["pairs"], groups=tables["groups"],
                         dpk_matches=tables["dpk_matches"],
                         nik_conflicts=tables["nik_conflicts"], stats=dict(stats), config=cfg)
    records = tables["records"]
    check_figures(report, records, result, root)
    cols = manifest.get("original_columns") or []
    return SavedResult(path=root, records=records, result=result, report=report,
                       original_columns=[c for c in cols if c in records.columns],
                       manifest=manifest)


# What the saved tables must hold for the renderers to work on them: column -> (kind, may be
# empty). A table is checked before anything is built from it, so a result whose tables were
# rewritten with other types (a group number as text, a score as words, a record number past
# the end) is refused with one line instead of failing half-way through a report.
# Columns not named here (level_*/weight_* of pairs, the input's own columns) may be anything.
_INT, _NUM, _TEXT, _BOOL = "a whole number", "a number", "text", "true/false"
_SCHEMAS: dict[str, dict[str, tuple[str, bool]]] = {
    "records": {"list": (_TEXT, True), "source_file": (_TEXT, True), "sheet": (_TEXT, True),
                "row": (_INT, True)},
    "pairs": {"left": (_INT, False), "right": (_INT, False), "score": (_NUM, True),
              "probability": (_NUM, True), "category": (_TEXT, True), "reasons": (_TEXT, True),
              "kind": (_TEXT, True), "confidence": (_TEXT, True)},
    "groups": {"record": (_INT, False), "group_id": (_INT, False), "group_size": (_INT, False),
               "action": (_TEXT, False), "keep_reason": (_TEXT, False),
               "category": (_TEXT, False), "best_score": (_NUM, True), "reasons": (_TEXT, True),
               "linked_to": (_INT, True), "confidence": (_TEXT, False),
               "redundant": (_BOOL, False)},
    "dpk_matches": {"dpk_record": (_INT, False), "dpt_record": (_INT, False),
                    "score": (_NUM, True), "reasons": (_TEXT, True)},
    "nik_conflicts": {"left": (_INT, False), "right": (_INT, False), "score": (_NUM, True),
                      "reasons": (_TEXT, True)},
}
# Columns an older result may lack (the renderers do without them).
_OPTIONAL = {("groups", "confidence"), ("groups", "redundant"), ("pairs", "probability"),
             ("pairs", "kind"), ("pairs", "confidence")}
# Columns that point at a row of records.parquet.
_RECORD_REFS = {"pairs": ("left", "right"), "groups": ("record", "linked_to"),
                "dpk_matches": ("dpk_record", "dpt_record"), "nik_conflicts": ("left", "right")}


def _kind_of(dtype: Any) -> str | None:
    if pd.api.types.is_bool_dtype(dtype):
        return _BOOL
    if pd.api.types.is_integer_dtype(dtype):
        return _INT
    if pd.api.types.is_float_dtype(dtype):
        return _NUM
    if isinstance(dtype, pd.CategoricalDtype):
        return _kind_of(dtype.categories.dtype)
    if pd.api.types.is_string_dtype(dtype):
        return _TEXT
    return None


def _fits(series: pd.Series, kind: str) -> bool:
    values = series.dropna()
    if not len(values):  # a column of nothing but empty cells (Parquet's null type)
        return True
    if series.dtype == object:  # every filled value must be of the kind
        if kind == _TEXT:
            return bool(values.map(lambda v: isinstance(v, str)).all())
        allowed = (bool,) if kind == _BOOL else (int, float) if kind == _NUM else (int,)
        return bool(values.map(lambda v: isinstance(v, allowed)
                               and (kind == _BOOL or not isinstance(v, bool))).all())
    got = _kind_of(series.dtype)
    if got == kind or (kind == _NUM and got == _INT):
        return True
    if kind == _INT and got == _NUM:  # whole numbers stored as floating point (with NaN)
        return bool((values == values.round()).all())
    return False


def check_tables(tables: Mapping[str, pd.DataFrame], root: str = "") -> None:
    """Raise InputError when a saved table lacks a column the renderers need, holds one of
    the wrong type, leaves a needed value empty, or points past the saved records."""
    n_records = len(tables["records"])
    for name, spec in _SCHEMAS.items():
        frame = tables[name]
        for col, (kind, nullable) in spec.items():
            if col not in frame.columns:
                if (name, col) in _OPTIONAL:
                    continue
                raise InputError(f"corrupt result: {name}.parquet has no column {col!r}",
                                 path=root)
            series = frame[col]
            if not _fits(series, kind):
                raise InputError(f"corrupt result: column {col!r} of {name}.parquet should "
                                 f"hold {kind}, not {series.dtype}", path=root)
            if not nullable and series.isna().any():
                raise InputError(f"corrupt result: column {col!r} of {name}.parquet has "
                                 f"{int(series.isna().sum()):,} empty value(s)", path=root)
        for col in _RECORD_REFS.get(name, ()):
            refs = pd.to_numeric(frame[col], errors="coerce").dropna()
            if len(refs) and (refs.min() < 0 or refs.max() >= n_records):
                raise InputError(f"corrupt result: column {col!r} of {name}.parquet names "
                                 f"record {int(refs.max() if refs.max() >= n_records else refs.min()):,}, "
                                 f"and records.parquet has {n_records:,}", path=root)
    if len(tables["groups"]) and (tables["groups"]["group_size"] < 1).any():
        raise InputError("corrupt result: a group size in groups.parquet is below 1", path=root)


def _read_json(root: str, name: str, what: str) -> Any:
    full = os.path.join(root, name)
    try:
        with open(full, encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError:
        raise InputError(f"not a dptclean result directory ({name} is missing)",
                         path=root) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read {what} ({name}): {exc}", path=root) from None


# The figures a report quotes, recomputed from the saved tables on every load. The manifest's
# checksums only catch accidents: whoever edits report.json can re-hash it. These cannot be
# edited without editing the tables they come from.
_CHECKED = (("dpt", "records"), ("duplicates", "groups"), ("duplicates", "records"),
            ("duplicates", "redundant"), ("duplicates", "rate"), ("dpk", "records"),
            ("dpk", "rate"), ("dpk", "in_dpt"), ("nik_conflicts",))


def check_figures(report: Mapping[str, Any], records: pd.DataFrame, result: MatchResult,
                  root: str = "") -> None:
    """Raise InputError when a figure of ``report`` differs from the one the saved tables give
    (a report.json edited after the run, its manifest re-hashed)."""
    from dptclean.report.model import build_report

    dpk = report.get("dpk")
    denominator = dpk.get("denominator", "dpt") if isinstance(dpk, dict) else "dpt"
    try:
        fresh = build_report(records, result, dpk_denominator=str(denominator))
    except Exception as exc:  # noqa: BLE001 - damaged tables of many kinds
        raise InputError(f"corrupt result: the saved tables do not make a report ({exc})",
                         path=root) from None
    for where, want, got in _differences(report, fresh):
        raise InputError(f"report.json does not agree with the saved tables ({where}: "
                         f"{got!r} in report.json, {want!r} from the tables); the result was "
                         "changed after it was saved: run dedupe --save again", path=root)


def _differences(report: Mapping[str, Any], fresh: Mapping[str, Any]):
    for keys in _CHECKED:
        yield from _compare(".".join(keys), _dig(fresh, keys), _dig(report, keys))
    for cat, want in (fresh.get("by_category") or {}).items():
        yield from _compare(f"by_category.{cat}", want, _dig(report, ("by_category", cat)))
    stored_areas = report.get("by_area")
    for level, rows in (fresh.get("by_area") or {}).items():
        got = stored_areas.get(level) if isinstance(stored_areas, dict) else None
        yield from _compare(f"by_area.{level}", rows, got)


def _compare(where: str, want: Any, got: Any):
    if want != got:
        yield where, _short(want), _short(got)


def _short(value: Any) -> Any:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return value if len(text) <= 60 else text[:57] + "..."


def _dig(data: Any, keys: Sequence[str]) -> Any:
    for k in keys:
        if not isinstance(data, Mapping):
            return None
        data = data.get(k)
    return data
