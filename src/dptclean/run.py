"""One dedupe run as a library call: read -> normalise -> match -> report.

``dedupe`` and ``check`` both run exactly this, so a check judges the same figures that a
dedupe report shows. It never prints; progress goes to a callback.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple

import pandas as pd

from dptclean import schema
from dptclean.errors import ConfigError
from dptclean.io.readers import load_voters
from dptclean.match.config import MatchConfig
from dptclean.match.pipeline import MatchResult, find_duplicates
from dptclean.normalize import normalize_voters
from dptclean.parallel import start
from dptclean.report.model import build_report, inputs_evidence, sha256_of

ProgressCallback = Callable[[str, int, "int | None"], None]


class DedupeRun(NamedTuple):
    """What a dedupe run produced (unpacks as ``frame, norm, result, report``)."""

    frame: pd.DataFrame    # the records as read (canonical columns and provenance)
    norm: pd.DataFrame     # the same records with the normalised columns added
    result: MatchResult
    report: dict[str, Any]


def run_dedupe(files: Sequence[str], dpk_files: Sequence[str] = (),
               read_opts: Mapping[str, Any] | None = None, config: MatchConfig | None = None,
               progress: ProgressCallback | None = None, *, dpk_denominator: str = "dpt",
               election_date: date | None = None,
               decisions: str | Sequence[str] | None = None,
               against: str | None = None, engine: str = "local",
               scheduler: str | None = None) -> DedupeRun:
    """Read the DPT ``files`` (and the DPK ``dpk_files``), normalise, match and build the report.

    ``read_opts`` are :func:`dptclean.io.readers.load_voters` keyword arguments (sheets,
    mapping, header_row, delimiter, encoding). Raises the library's errors (InputError,
    SchemaError, ConfigError) unchanged.

    ``against``: an already-cleaned list (any readable file); the new records are compared
    with it and among themselves, never the clean list with itself. ``decisions``: a filled
    groups output from an earlier run; rejected pairs stay apart, confirmed ones together.
    """
    opts = dict(read_opts or {})
    cfg = config or MatchConfig()
    if engine not in ("local", "dask"):
        raise ConfigError(f"unknown engine {engine!r}: use local or dask")
    if engine == "dask" and against:
        raise ConfigError("--against runs on the local engine only")
    loaded = load_voters(list(files), progress=progress, **opts)
    frames = [loaded.frame]
    sheets = list(loaded.sheets)
    if dpk_files:
        dpk = load_voters(list(dpk_files), progress=progress, list_name="DPK", **opts)
        frames.append(dpk.frame)
        sheets += dpk.sheets
    inputs = list(files) + list(dpk_files) + ([against] if against else [])
    # the inputs' SHA-256 (for the report) in a thread while the records are matched: hashlib
    # releases the GIL while it hashes
    digests = start(lambda: {str(p): sha256_of(str(p)) for p in inputs})
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    if schema.LIST in frame.columns:
        frame[schema.LIST] = pd.Categorical(frame[schema.LIST].astype(object),
                                            categories=["DPT", "DPK"])
    if progress:
        progress("normalising", 0, 1)
    norm = normalize_voters(frame, election_date=election_date)
    if against:
        from dptclean.incremental import combined_frame, dedupe_against

        clean = load_voters([against], progress=progress, **opts).frame
        clean_norm = normalize_voters(clean, election_date=election_date)
        both = combined_frame(norm, clean_norm)          # the clean records first
        result = dedupe_against(norm, clean_norm, cfg, progress=progress, combined=both)
        frame = pd.concat([clean, frame], ignore_index=True, sort=False)
        if schema.LIST in frame.columns:
            frame[schema.LIST] = pd.Categorical(frame[schema.LIST].astype(object),
                                                categories=["DPT", "DPK"])
        norm = both
    elif engine == "dask":
        from dptclean.match.dask_engine import find_duplicates_dask

        result = find_duplicates_dask(list(files), cfg, dpk=list(dpk_files), read_options=opts,
                                      scheduler=scheduler, election_date=election_date,
                                      progress=progress)
    else:
        result = find_duplicates(norm, cfg, progress=progress)
    if decisions:
        from dptclean.decisions import apply_decisions, read_decisions, read_table
        from dptclean.group_ids import carry_group_numbers

        paths = [decisions] if isinstance(decisions, str) else list(decisions)
        result = apply_decisions(result, norm, read_decisions(paths))
        tables = [read_table(p) for p in paths]
        previous = pd.concat(tables, ignore_index=True) if len(tables) > 1 else tables[0]
        # the groups keep the numbers they had in the decisions file ("Kelompok 4" stays 4)
        result = dataclasses.replace(result, groups=carry_group_numbers(result.groups, norm,
                                                                        previous))
    rows = {"loaded": int(len(frame)), "skipped": skipped_rows(sheets)}
    report = build_report(norm, result, inputs=inputs_evidence(inputs, frame, digests()),
                          rows=rows,
                          dpk_denominator=dpk_denominator)
    if decisions:
        report["review"] = result.stats.get("decisions", {})
    return DedupeRun(frame, norm, result, report)


def skipped_rows(sheets) -> dict[str, int]:
    """Rows the readers skipped, by reason, summed over every sheet."""
    total: dict[str, int] = {}
    for s in sheets:
        for k, v in s.skipped.items():
            total[k] = total.get(k, 0) + int(v)
    return dict(sorted(total.items()))
