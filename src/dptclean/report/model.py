"""The dedupe report: the numbers KPU quotes (duplicate and DPK rates) and their evidence.

``build_report`` turns a match result into a plain dict (the JSON report). It holds no
timestamps, so the same input and configuration give byte-identical JSON.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from dptclean import __version__, schema
from dptclean.match.pipeline import MatchResult

AREA_FIELDS = (schema.KECAMATAN, schema.KELURAHAN, schema.TPS)


def sha256_of(path: str) -> str | None:
    if not isinstance(path, str) or path in ("-", "<stdin>") or not os.path.isfile(path):
        return None
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _redundant(groups: pd.DataFrame) -> pd.Series:
    """Which grouped records count as redundant: k-1 per group, also when no keep is proposed
    (action "verify"); groups from an older result without the column: action "remove"."""
    if "redundant" in groups.columns:
        return groups["redundant"].astype(bool)
    return groups["action"] == "remove"


def _rate(num: int, den: int) -> float:
    return round(num / den, 6) if den else 0.0


def build_report(frame: pd.DataFrame, result: MatchResult, *,
                 inputs: Sequence[dict[str, Any]] = (),
                 rows: dict[str, Any] | None = None,
                 dpk_denominator: str = "dpt") -> dict[str, Any]:
    """The report dict: DPT/DPK counts, duplicate figures, by category and area, evidence."""
    n_all = len(frame)
    is_dpk = (frame[schema.LIST].astype("string") == "DPK").fillna(False).to_numpy(bool) \
        if schema.LIST in frame.columns else np.zeros(n_all, bool)
    tms = (frame[schema.TMS].astype("boolean").fillna(False).to_numpy(bool)
           if schema.TMS in frame.columns else np.zeros(n_all, bool))
    active = ~tms if result.config.exclude_tms else np.ones(n_all, bool)
    dpt_mask = ~is_dpk & active
    dpk_mask = is_dpk & active
    n_dpt = int(dpt_mask.sum())
    n_dpk = int(dpk_mask.sum())

    g = result.groups
    # `duplicates` and the figures by category and area count the sure groups; the records
    # the evidence cannot settle (masked namesakes, twins-like, weak K3) are counted apart
    possible = g[g["confidence"] == "possible"] if "confidence" in g.columns else g.iloc[:0]
    if "confidence" in g.columns:
        g = g[g["confidence"] == "sure"]
    redundant_mask = np.zeros(n_all, bool)
    in_group = np.zeros(n_all, bool)
    if len(g):
        in_group[g["record"].to_numpy(dtype=np.int64)] = True
        redundant_mask[g.loc[_redundant(g), "record"].to_numpy(dtype=np.int64)] = True
    n_groups = int(g["group_id"].nunique()) if len(g) else 0
    no_keep = int(g.loc[g["action"] == "verify", "group_id"].nunique()) if len(g) else 0
    dpk_in_dpt = int(result.dpk_matches["dpk_record"].nunique()) if len(result.dpk_matches) else 0
    den_dpk = n_dpt + (n_dpk if dpk_denominator == "dpt+dpk" else 0)

    by_cat: dict[str, dict[str, int]] = {}
    for cat in ("K1", "K2", "K3"):
        part = g[g["category"] == cat] if len(g) else g
        by_cat[cat] = {"groups": int(part["group_id"].nunique()) if len(part) else 0,
                       "records": int(len(part)),
                       "redundant": int(_redundant(part).sum()) if len(part) else 0}
    # K1 ("identik") as written, or only after normalisation (issue 12 item 6)
    k1_diff = k1_differences(frame, g)
    by_cat["K1"]["as_written_groups"] = sum(1 for d in k1_diff.values() if not d)
    by_cat["K1"]["normalised_groups"] = sum(1 for d in k1_diff.values() if d)

    dpt_tms = int((~is_dpk & tms).sum()) if result.config.exclude_tms else 0
    dpk_tms = int((is_dpk & tms).sum()) if result.config.exclude_tms else 0
    report: dict[str, Any] = {
        "version": __version__,
        "dpt": {"records": n_dpt, "tms_excluded": dpt_tms},
        "duplicates": {"groups": n_groups, "records": int(in_group.sum()),
                       "redundant": int(redundant_mask.sum()),
                       "rate": _rate(int(redundant_mask.sum()), n_dpt)},
        "possible_duplicates": _possible(possible, g, n_dpt),
        "dpk": {"records": n_dpk, "tms_excluded": dpk_tms, "rate": _rate(n_dpk, den_dpk),
                "in_dpt": dpk_in_dpt, "denominator": dpk_denominator},
        "by_category": by_cat,
        "by_area": _by_area(frame, dpt_mask, dpk_mask, redundant_mask, in_group,
                            dpk_denominator),
        "groups_without_keep": no_keep,
        "nik_conflicts": int(len(result.nik_conflicts)),
        "nik_conflict_list": nik_conflict_list(frame, result),
        "matching": {k: result.stats[k] for k in ("candidate_pairs", "matched_pairs",
                                                  "blocking") if k in result.stats},
        "config": result.config.to_dict(),
        "inputs": list(inputs),
        "rows": row_accounting(rows, n_all, dpt=n_dpt, dpt_tms=dpt_tms, dpk=n_dpk,
                               dpk_tms=dpk_tms),
    }
    return report


def _possible(possible: pd.DataFrame, sure: pd.DataFrame, n_dpt: int) -> dict[str, Any]:
    """Records linked by evidence that cannot settle it ("perlu verifikasi faktual"): groups
    with no sure member, and possible members of sure groups."""
    if not len(possible):
        return {"groups": 0, "records": 0, "redundant": 0, "rate": 0.0}
    sure_ids = set(sure["group_id"].tolist()) if len(sure) else set()
    groups = len(set(possible["group_id"].tolist()) - sure_ids)
    redundant = int(_redundant(possible).sum())
    return {"groups": groups, "records": int(len(possible)), "redundant": redundant,
            "rate": _rate(redundant, n_dpt)}


K1_FIELDS = (schema.NIK, schema.NAMA, schema.TEMPAT_LAHIR, schema.TANGGAL_LAHIR,
             schema.JENIS_KELAMIN)


def k1_differences(frame: pd.DataFrame, groups: pd.DataFrame) -> dict[Any, list[str]]:
    """For each K1 group: the K1 fields (NIK, nama, tempat/tanggal lahir, jenis kelamin) whose
    values are not identical *as written* (trimmed raw cells). An empty list: identical as
    written, a true "identik"; otherwise the group is K1 only after normalisation (a title
    removed, an Excel-damaged NIK, KAB. JEPARA / JEPARA, another date format)."""
    if not len(groups) or "category" not in groups.columns:
        return {}
    k1 = groups[groups["category"] == "K1"]
    if not len(k1):
        return {}
    recs = k1["record"].to_numpy(dtype=np.int64)
    gid = k1["group_id"].to_numpy()
    out: dict[Any, list[str]] = {g: [] for g in pd.unique(gid)}
    for fld in K1_FIELDS:
        if fld not in frame.columns:
            continue
        raw = frame[fld].iloc[recs].astype("string").fillna("").str.strip().to_numpy()
        n = pd.Series(raw).groupby(gid).nunique()
        for g in n[n > 1].index:
            out[g].append(fld)
    return out


def nik_conflict_list(frame: pd.DataFrame, result: MatchResult) -> list[dict[str, Any]]:
    """The pairs that share a complete NIK but were judged to be different people: where each
    record is (file [sheet] row N), the score and why. No names or NIKs: the JSON is shared."""
    from dptclean.report.tables import row_ref

    c = result.nik_conflicts
    if not len(c):
        return []
    a = row_ref(frame, c["left"].tolist())
    b = row_ref(frame, c["right"].tolist())
    return [{"a": x, "b": y, "score": round(float(sc), 2), "reasons": str(why)}
            for x, y, sc, why in zip(a, b, c["score"].tolist(), c["reasons"].tolist())]


def row_accounting(rows: dict[str, Any] | None, n_records: int, *, dpt: int, dpt_tms: int,
                   dpk: int, dpk_tms: int) -> dict[str, Any]:
    """Where every row read went: rows read = DPT active + DPT TMS + DPK active + DPK TMS +
    skipped (title, header, blank, footer... rows). ``closes`` says whether the identity holds;
    a report whose accounting does not close must not be trusted (it is a bug)."""
    rows = dict(rows or {})
    loaded = int(rows.get("loaded", n_records))
    skipped = {str(k): int(v) for k, v in (rows.get("skipped") or {}).items()}
    counted = {"dpt": dpt, "dpt_tms": dpt_tms, "dpk": dpk, "dpk_tms": dpk_tms}
    out: dict[str, Any] = {"read": loaded + sum(skipped.values()), "loaded": loaded,
                           "records": counted, "skipped": skipped}
    out.update({k: v for k, v in rows.items() if k not in out})
    out["closes"] = loaded == sum(counted.values()) == n_records
    return out


def _by_area(frame: pd.DataFrame, dpt_mask, dpk_mask, redundant, in_group,
             dpk_denominator: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for level in AREA_FIELDS:
        if level == schema.TPS:
            area = _tps_area(frame)
            if area is None:
                continue
        else:
            if level not in frame.columns:
                continue
            area = _area_codes(frame[level], "(tidak diketahui)")
        if level == schema.KELURAHAN and schema.KECAMATAN in frame.columns:
            area = _joined(_area_codes(frame[schema.KECAMATAN], "?"), area)
        codes, names = area
        size = len(names)
        sums = {k: np.bincount(codes, weights=np.asarray(m, dtype=np.float64), minlength=size)
                .astype(np.int64) for k, m in (("dpt", dpt_mask), ("dpk", dpk_mask),
                                               ("redundant", redundant & dpt_mask),
                                               ("grouped", in_group & dpt_mask))}
        present = np.bincount(codes, minlength=size) > 0
        rows = {}
        for i in sorted(np.flatnonzero(present).tolist(), key=lambda j: names[j]):
            dpt, dpk = int(sums["dpt"][i]), int(sums["dpk"][i])
            red = int(sums["redundant"][i])
            den = dpt + (dpk if dpk_denominator == "dpt+dpk" else 0)
            rows[str(names[i])] = {"records": dpt, "duplicate_records": int(sums["grouped"][i]),
                                   "redundant": red, "rate": _rate(red, dpt),
                                   "dpk_records": dpk, "dpk_rate": _rate(dpk, den)}
        out[level] = rows
    return out


# An area per record as (code per record, the area's text per code): the text is folded
# (stripped, upper case) once per distinct value, not once per record.
AreaCodes = tuple[np.ndarray, np.ndarray]


def _area_codes(values: pd.Series, fill: str | None) -> AreaCodes:
    """``values.astype("string").fillna(fill).str.strip().str.upper()`` as codes and texts
    (``fill=None``: missing stays missing, as None)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = pd.Series(uniques, dtype=object).astype("string").str.strip().str.upper()
    names = np.array(texts.tolist() + [None if fill is None else fill.strip().upper()],
                     dtype=object)
    codes = np.where(codes < 0, len(names) - 1, codes).astype(np.int64)
    return _dense(codes, names)


def _dense(codes: np.ndarray, names: np.ndarray) -> AreaCodes:
    """The same areas, one code per distinct text (two values may fold to one text)."""
    key = pd.Series(names, dtype=object)
    ucodes, unames = pd.factorize(key, use_na_sentinel=False)
    return ucodes[codes].astype(np.int64), np.asarray(unames, dtype=object)


def _joined(outer: AreaCodes, inner: AreaCodes) -> AreaCodes:
    """``outer + " / " + inner`` per record."""
    pair = outer[0] * np.int64(len(inner[1])) + inner[0]
    codes, uniq = pd.factorize(pair)
    names = np.array([f"{outer[1][p // len(inner[1])]} / {inner[1][p % len(inner[1])]}"
                      for p in uniq.tolist()], dtype=object)
    return _dense(codes.astype(np.int64), names)


def _tps_area(frame: pd.DataFrame) -> AreaCodes | None:
    """'KECAMATAN / KELURAHAN / TPS 001' per record, or None when the data has no TPS.

    A TPS number is only unique inside its kelurahan, so the key carries the areas above it.
    """
    col = schema.TPS_NORM if schema.TPS_NORM in frame.columns else schema.TPS
    if col not in frame.columns:
        return None
    codes, names = _area_codes(frame[col], None)
    if not any(isinstance(v, str) and v != "" for v in names[np.unique(codes)]):
        return None
    names = np.array(["TPS " + v if isinstance(v, str) and v != "" else "TPS ?" for v in names],
                     dtype=object)
    area = _dense(codes, names)
    for level in (schema.KELURAHAN, schema.KECAMATAN):
        if level in frame.columns:
            area = _joined(_area_codes(frame[level], "?"), area)
    return area


def inputs_evidence(paths: Iterable[str], frame: pd.DataFrame,
                    digests: Mapping[str, str | None] | None = None) -> list[dict[str, Any]]:
    """Path, size, SHA-256 and records of each input; ``digests`` holds SHA-256 values
    already computed (by path)."""
    counts = frame[schema.SOURCE_FILE].astype("string").value_counts().to_dict() \
        if schema.SOURCE_FILE in frame.columns else {}
    out = []
    for p in paths:
        p = str(p)
        name = "<stdin>" if p == "-" else p
        size = os.path.getsize(p) if os.path.isfile(p) else None
        out.append({"path": name, "bytes": size, "sha256": digests[p] if digests and p in digests else sha256_of(p),
                    "records": int(counts.get(name, 0))})
    return out


# --- the header of a printed report ------------------------------------------------------------

# What an operator may set on the report's title block (`--judul`, `--wilayah`, `--nomor-ba`,
# `--tahapan` or the same keys in a small TOML file given with `--header-file`).
HEADER_FIELDS = ("judul", "wilayah", "tahapan", "nomor_ba")
_HEADER_ALIASES = {"title": "judul", "area": "wilayah", "stage": "tahapan",
                   "ba_number": "nomor_ba", "nomor-ba": "nomor_ba"}
_HEADER_MAX_CHARS = 300


def report_header(path: str | None = None, **fields: str | None) -> dict[str, str]:
    """The title-block fields of a report: from a TOML file, then the given values on top.

    The TOML holds plain strings at the top level, e.g. ``judul = "..."`` and
    ``nomor_ba = "12/PL.01.2-BA/3320/2026"``. Unknown keys, non-strings and overlong values are
    configuration errors (exit 2), so a misspelt key is never silently dropped.
    """
    from dptclean.errors import ConfigError

    header: dict[str, str] = {}
    if path:
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover
            import tomli as tomllib

        try:
            with open(path, "rb") as fh:
                data = tomllib.load(fh)
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read the header file: "
                              f"{exc.strerror or exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
        for key, value in data.items():
            name = _HEADER_ALIASES.get(key, key)
            if name not in HEADER_FIELDS:
                raise ConfigError(f"{path}: unknown key {key!r}; known keys: "
                                  + ", ".join(HEADER_FIELDS))
            if not isinstance(value, str):
                raise ConfigError(f"{path}: {key} must be a string")
            header[name] = value
    for name, value in fields.items():
        if name not in HEADER_FIELDS:
            raise TypeError(f"unknown header field {name!r}")
        if value is not None:
            header[name] = value
    out = {}
    for name in HEADER_FIELDS:  # one order, so the JSON report stays byte-reproducible
        value = " ".join(str(header.get(name) or "").split())
        if len(value) > _HEADER_MAX_CHARS:
            raise ConfigError(f"the {name} is longer than {_HEADER_MAX_CHARS} characters")
        if value:
            out[name] = value
    return out
