"""The match stage on a Dask cluster: the local engine's code, run on partitions of a list.

``find_duplicates_dask`` gives exactly the groups of :func:`~dptclean.match.pipeline.
find_duplicates` on the same records (record ids are positions in the concatenated input:
file order, then row). What runs where:

1. **Read and normalise per partition**: one task per input file (``load_voters`` +
   ``normalize_voters``; a file's date order is decided inside the file, as locally), or a
   Parquet dataset / Dask DataFrame of normalised records. A global record id (``_rid``) is
   assigned from the partition lengths.
2. **Keys per partition**: the matcher's features of each partition give every record's
   blocking-key values (the same whichever partition holds it, :func:`~dptclean.match.
   features.key_values`), hashed per blocking rule.
3. **List-wide statistics with Dask aggregations**: value counts of names, name keys, birth
   dates and NIK prefixes (-> :class:`~dptclean.match.features.ListStats`), active records,
   and, per blocking rule, the blocks over ``max_block_size`` (skipped, as locally).
4. **A shuffle per group of blocking rules** (hash-partitioned on one key that every rule of
   the group contains, e.g. the birth date for ``dob+sex+initials`` / ``dob+first_name`` /
   ``nkk+dob``), so every block is whole in one partition. Inside a partition: the local
   pair enumeration, then the local cheap pass, pruning and full comparison
   (``pipeline.score_candidates``) with the list-wide statistics. A pair that an earlier
   group's rule also generates is left to that group, so every candidate pair is compared
   once and the candidate count is the local one.
5. **Gathered on the client**: the surviving pairs' evidence (sorted as locally), the learned
   prior and the pruning loop (``pipeline.compare_until_stable``), then the records of the
   matched pairs only, for grouping and the result frames (``pipeline.results_from_evidence``).

Hashes only place records in partitions and find skipped blocks; equality inside a partition is
decided on the values. A 64-bit hash collision can at worst make a pair be compared twice (it is
then counted once), never lose one.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dptclean import schema
from dptclean.errors import ConfigError
from dptclean.match import learn, pipeline
from dptclean.match.blocking import candidate_pairs, combined_key, rule_keeps
from dptclean.match.config import BlockingRule, MatchConfig
from dptclean.match.features import (
    COUNT_KEYS,
    NIK_U_KEYS,
    Features,
    ListStats,
    build_features,
    key_values,
)
from dptclean.match.pipeline import MatchResult

__all__ = ["find_duplicates_dask", "shuffle_plan", "RECORD_ID"]

ProgressCallback = Callable[[str, int, "int | None"], None]
RECORD_ID = "_rid"
_ACTIVE = "_active"
_U_HASH = "_u_hash"
# A key that is coarser than another: records equal on the finer key are equal on it too.
_COARSER = {"nik": ("nik15", "nik12"), "nik15": ("nik12",)}
_STAT_NAMES = ("name_norm", "name_key", "dob") + COUNT_KEYS
_MASK63 = np.uint64(0x7FFF_FFFF_FFFF_FFFF)
# The columns build_features reads: only these travel in the shuffles.
MATCH_COLUMNS = (
    schema.NIK, schema.NIK_NORM, schema.NIK_STATUS, schema.NIK_DIGITS_KNOWN,
    schema.NIK_WILAYAH_LEVEL, schema.NIK_JENIS_KELAMIN, schema.NAMA_NORM, schema.NAMA_KEY,
    schema.TANGGAL_LAHIR_NORM, schema.TANGGAL_LAHIR_STATUS, schema.TANGGAL_LAHIR_PARTIAL,
    schema.JENIS_KELAMIN_NORM,
    schema.TEMPAT_LAHIR_NORM, schema.TEMPAT_LAHIR, schema.NKK_NORM, schema.NKK_STATUS,
    schema.KELURAHAN, schema.ALAMAT, schema.RT_NORM, schema.RW_NORM, schema.RT, schema.RW,
    schema.LIST, schema.KECAMATAN, schema.KABUPATEN,
)


@dataclass(frozen=True)
class ShuffleGroup:
    key: str                 # the key the records are hash-partitioned on
    rules: tuple[int, ...]   # indices of the blocking rules whose blocks it keeps whole


def shuffle_plan(rules: Sequence[BlockingRule]) -> list[ShuffleGroup]:
    """Few shuffles for many rules: greedily, the key shared by most rules not yet covered."""
    def covers(key: str, rule: BlockingRule) -> bool:
        return any(k == key or key in _COARSER.get(k, ()) for k in rule.keys)

    order: list[str] = []
    for rule in rules:
        for k in rule.keys:
            for c in (k, *_COARSER.get(k, ())):
                if c not in order:
                    order.append(c)
    remaining = set(range(len(rules)))
    groups = []
    while remaining:
        best = max(order, key=lambda k: (sum(covers(k, rules[i]) for i in remaining),
                                         -order.index(k)))
        got = tuple(sorted(i for i in remaining if covers(best, rules[i])))
        groups.append(ShuffleGroup(best, got))
        remaining -= set(got)
    return groups


# --- per-partition work ------------------------------------------------------------------------


def _hash(values: np.ndarray) -> np.ndarray:
    """63-bit hashes of key values (-1 where empty), stable across processes."""
    out = np.full(len(values), -1, dtype=np.int64)
    if values.dtype == object:
        ok = pd.notna(values)
        if ok.any():
            out[ok] = (pd.util.hash_array(values[ok].astype(object)) & _MASK63).astype(np.int64)
    else:
        ok = values >= 0
        if ok.any():
            out[ok] = (pd.util.hash_array(values[ok].astype(np.int64)) & _MASK63) \
                .astype(np.int64)
    return out


def _rule_hash(f: Features, keys: Sequence[str]) -> np.ndarray:
    h = None
    for k in keys:
        hk = _hash(key_values(f, k))
        if h is None:
            h = hk
            continue
        ok = (h >= 0) & (hk >= 0)
        mixed = (h.astype(np.uint64) * np.uint64(0x9E37_79B9_7F4A_7C15)) ^ hk.astype(np.uint64)
        h = np.where(ok, (pd.util.hash_array(mixed) & _MASK63).astype(np.int64), -1)
    assert h is not None
    return h


# What the cluster keeps of every record while it matches: the matcher's columns and the TMS
# flag. The whole records (every original column) are read again at the end, only for the
# records of the matched pairs, so a worker holds ~0.3 KB per record instead of ~0.7 KB.
KEPT_COLUMNS = MATCH_COLUMNS + (schema.TMS,)


def _load_part(path: str, list_name: str | None, read_options: Mapping[str, Any],
               election_date, normalize: bool, compact: bool = False) -> pd.DataFrame:
    from dptclean.io.readers import load_voters
    from dptclean.normalize import normalize_voters

    frame = load_voters([path], list_name=list_name, **dict(read_options)).frame
    if normalize:
        frame = normalize_voters(frame, election_date=election_date)
    return _compact(frame) if compact else frame


def _compact(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[[c for c in frame.columns if c in KEPT_COLUMNS or c == RECORD_ID]]


def _load_rows(path: str, list_name: str | None, read_options: Mapping[str, Any],
               election_date, normalize: bool, offset: int, ids: np.ndarray) -> pd.DataFrame:
    """The whole records of one input file whose ids are in ``ids`` (read again)."""
    frame = _load_part(path, list_name, read_options, election_date, normalize)
    pos = ids[(ids >= offset) & (ids < offset + len(frame))] - offset
    out = frame.iloc[pos].reset_index(drop=True)
    out[RECORD_ID] = pos + offset
    return out


def _shape(frame: pd.DataFrame) -> tuple[int, dict[str, Any]]:
    return len(frame), {c: frame[c].dtype for c in frame.columns}


def _conform(frame: pd.DataFrame, dtypes: Mapping[str, Any], offset: int) -> pd.DataFrame:
    """Same columns and dtypes in every partition (a file may lack a column), and the ids."""
    out = {}
    for col, dtype in dtypes.items():
        if col == schema.LIST:
            s = frame[col].astype(object) if col in frame.columns else \
                pd.Series([None] * len(frame), dtype=object)
            out[col] = pd.Categorical(s, categories=["DPT", "DPK"])
        elif col in frame.columns:
            s = frame[col]
            out[col] = s if s.dtype == dtype else s.astype(dtype)
        else:
            out[col] = pd.Series(pd.NA, index=frame.index, dtype=dtype)
    res = pd.DataFrame(out, index=pd.RangeIndex(len(frame)))
    res[RECORD_ID] = np.arange(offset, offset + len(frame), dtype=np.int64)
    return res


def _with_ids(frame: pd.DataFrame, offset: int) -> pd.DataFrame:
    frame = frame.reset_index(drop=True)
    frame[RECORD_ID] = np.arange(offset, offset + len(frame), dtype=np.int64)
    return frame


def _prepare(frame: pd.DataFrame, cfg: MatchConfig, plan: list[ShuffleGroup],
             values: bool) -> pd.DataFrame:
    """Add the active flag, each rule's key hash, each group's shuffle key (and, with
    ``values``, the values the list-wide statistics count)."""
    f = build_features(frame.drop(columns=[RECORD_ID]))
    active = pipeline.active_mask(frame, cfg)
    out = frame.copy()
    out[_ACTIVE] = active
    for j, rule in enumerate(cfg.blocking):
        out[f"_h{j}"] = np.where(active, _rule_hash(f, rule.keys), -1)
    for g, group in enumerate(plan):
        out[f"_g{g}"] = np.where(active, _hash(key_values(f, group.key)), -1)
    if not values:
        return out
    out[_U_HASH] = learn.record_hash(f).view(np.int64)
    place = frame[schema.TEMPAT_LAHIR_NORM] if schema.TEMPAT_LAHIR_NORM in frame.columns \
        else pd.Series(pd.NA, index=frame.index, dtype="string")
    place = place.astype("string").str.strip()
    out["_v_birthplace"] = (place.notna() & (place != "")).fillna(False).to_numpy(dtype=bool)
    for name in _STAT_NAMES:
        if name == "name_norm":
            vals = np.empty(f.n, dtype=object)
            ok = f.name_norm_code >= 0
            vals[ok] = np.asarray(f.name_norms, dtype=object)[f.name_norm_code[ok]]
        else:
            vals = key_values(f, name)
        if vals.dtype == object:
            out[f"_v_{name}"] = pd.array(vals, dtype="string[pyarrow]")
        else:
            arr = pd.array(vals, dtype="Int64")
            arr[vals < 0] = pd.NA
            out[f"_v_{name}"] = arr
    return out


def _helper_columns(columns) -> list[str]:
    return [c for c in columns if c in (_ACTIVE, _U_HASH) or c.startswith(("_h", "_g", "_v_"))]


def _u_rows(part: pd.DataFrame, n_records: int) -> pd.DataFrame:
    """The partition's active records in the u sample (match/learn.py, :func:`~dptclean.match.
    learn.in_u_sample`), with the columns build_features reads."""
    hashes = part[_U_HASH].to_numpy(dtype=np.int64).view(np.uint64)
    keep = learn.in_u_sample(hashes, n_records) & part[_ACTIVE].to_numpy(dtype=bool)
    cols = [RECORD_ID, _U_HASH] + [c for c in part.columns if c in MATCH_COLUMNS]
    return part.loc[keep, cols]


def _u_sample(rows: pd.DataFrame, stats: ListStats, cfg: MatchConfig) -> dict[str, Any]:
    """:func:`~dptclean.match.learn.u_counts` of the gathered u sample: the same records, in
    the same order, as the local engine's."""
    hashes = rows[_U_HASH].to_numpy(dtype=np.int64).view(np.uint64)
    order = learn.u_sample_order(hashes, rows[RECORD_ID].to_numpy(dtype=np.int64))
    frame = rows.iloc[order].drop(columns=[RECORD_ID, _U_HASH]).reset_index(drop=True)
    f = build_features(frame, stats)
    return learn.u_counts(f, np.arange(len(frame)), cfg)


def _compare_part(part: pd.DataFrame, g: int, plan: list[ShuffleGroup], cfg: MatchConfig,
                  stats: ListStats, skipped: dict[int, np.ndarray], n_active: int,
                  prune_prior: float) -> dict[str, Any]:
    """One shuffled partition: its group's blocks -> candidates -> pruned, compared pairs."""
    part = part.sort_values(RECORD_ID, kind="stable").reset_index(drop=True)
    rid = part[RECORD_ID].to_numpy(dtype=np.int64)
    frame = part.drop(columns=[RECORD_ID, *_helper_columns(part.columns)])
    f = build_features(frame, stats)
    active = part[_ACTIVE].to_numpy(dtype=bool)
    rules = tuple(cfg.blocking[i] for i in plan[g].rules)
    cands = candidate_pairs(f, rules, restrict=active)
    # a pair an earlier group generates belongs to that group
    if len(cands):
        keep = np.ones(len(cands), dtype=bool)
        for earlier in plan[:g]:
            for j in earlier.rules:
                rule = cfg.blocking[j]
                code = combined_key(f, rule.keys)
                cl, cr = code[cands.left], code[cands.right]
                same = (cl >= 0) & (cl == cr)
                kept = rule_keeps(f, rule, cands.left, cands.right)
                if kept is not None:  # a filtered pass keeps only pairs that need it
                    same &= kept
                if same.any():
                    h = part[f"_h{j}"].to_numpy(dtype=np.int64)[cands.left]
                    same &= ~np.isin(h, skipped[j])
                keep &= ~same
        cands.left, cands.right = cands.left[keep], cands.right[keep]
    out = pipeline.score_candidates(f, cands, cfg, n_active, prune_prior, None)
    out.left, out.right = rid[out.left], rid[out.right]
    return {"compared": out, "candidates": len(cands),
            "blocking": [vars(st) for st in cands.stats]}


def _select(part: pd.DataFrame, ids: np.ndarray) -> pd.DataFrame:
    return part[np.isin(part[RECORD_ID].to_numpy(dtype=np.int64), ids)]


# --- the engine --------------------------------------------------------------------------------


def find_duplicates_dask(source, config: MatchConfig | None = None, *,
                         dpk: Sequence[str | os.PathLike] = (),
                         read_options: Mapping[str, Any] | None = None,
                         scheduler: str | None = None, client=None,
                         npartitions: int | None = None, normalize: bool | None = None,
                         election_date=None, shuffle_method: str | None = None,
                         progress: ProgressCallback | None = None) -> MatchResult:
    """Find duplicate voters with Dask: the same result as ``find_duplicates``.

    ``source``: input files (one task each; DPT files, then the ``dpk`` files, as
    ``run_dedupe`` reads them), a directory or file of Parquet (e.g. written by
    :func:`dptclean.io.dataset.write_partitioned`), or a Dask DataFrame. Records are numbered
    in that order (file, then row; or partition, then row): the ids in the result frames are
    those numbers, the positions the local engine gives the same records concatenated.
    ``normalize``: run ``normalize_voters`` per file/partition (default: for files, and for
    frames without the normalised columns). ``scheduler``: a ``tcp://HOST:8786`` address;
    ``client``: a ``distributed.Client`` to use; without either a ``LocalCluster`` on this
    machine's cores is started and closed. ``npartitions``: partitions per shuffle (default:
    about 250,000 records each, at least two per worker).
    """
    try:
        import dask.dataframe  # noqa: F401
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ConfigError(f"the Dask engine needs dask and distributed ({exc.name} is not "
                          "installed): pip install 'dptclean[dask]'") from None

    cfg = config or MatchConfig()
    cfg.validate()
    own_cluster = own_client = None
    if client is None:
        if scheduler is None:
            own_cluster = LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1,
                                       processes=True, dashboard_address=None)
        client = own_client = Client(own_cluster if scheduler is None else scheduler)
    try:
        return _run(client, source, cfg, dpk=list(dpk), read_options=dict(read_options or {}),
                    npartitions=npartitions, normalize=normalize, election_date=election_date,
                    shuffle_method=shuffle_method, progress=progress)
    finally:
        if own_client is not None:
            own_client.close()
        if own_cluster is not None:
            own_cluster.close()


def _input_frame(client, source, dpk, read_options, normalize, election_date):
    """The records as a Dask DataFrame with their ids, the number of records, and a function
    that gives the rows of some ids (read again from the source, normalised as in the
    cluster)."""
    import dask.dataframe as dd

    if isinstance(source, dd.DataFrame) or isinstance(source, (str, os.PathLike)) and (
            Path(source).is_dir()):
        return _frame_input(client, source, normalize, election_date)
    return _file_input(client, source, dpk, read_options,
                       True if normalize is None else normalize, election_date)


def _frame_input(client, source, normalize, election_date):
    """A Parquet dataset or a Dask DataFrame: one partition is one part of the list."""
    import dask
    import dask.dataframe as dd

    ddf = source if isinstance(source, dd.DataFrame) else dd.read_parquet(str(source))
    if normalize is None:
        normalize = schema.NAMA_KEY not in ddf.columns
    if normalize:
        from dptclean.normalize import normalize_voters

        ddf = ddf.map_partitions(normalize_voters, election_date=election_date)
    parts = ddf.to_delayed()
    lengths = dask.compute(*[dask.delayed(len)(p) for p in parts])
    offsets = np.r_[0, np.cumsum(lengths)[:-1]].astype(np.int64)
    with_ids = [dask.delayed(_with_ids)(p, int(o)) for p, o in zip(parts, offsets)]
    meta = ddf._meta.assign(**{RECORD_ID: np.zeros(0, dtype=np.int64)})
    whole = dd.from_delayed(with_ids, meta=meta)  # lazy: read again when asked

    def rows(ids: np.ndarray) -> pd.DataFrame:
        ids_f = client.scatter(ids, broadcast=True)
        picked = dask.compute(*[dask.delayed(_select)(p, ids_f)
                                for p in whole.to_delayed()])
        return pd.concat(picked, ignore_index=True) if picked else whole._meta

    return whole.map_partitions(_compact), int(sum(lengths)), rows


def _common_dtypes(shapes) -> dict[str, Any]:
    """One dtype per column over the files: a column some file lacks, or reads with another
    type, becomes text (the list column stays as it is)."""
    dtypes: dict[str, Any] = {}
    for _, dt in shapes:
        for col, d in dt.items():
            if col not in dtypes:
                dtypes[col] = d
            elif dtypes[col] != d and col != schema.LIST:
                dtypes[col] = pd.StringDtype("pyarrow")
    for col in dtypes:
        if col != schema.LIST and any(col not in dt for _, dt in shapes):
            dtypes[col] = pd.StringDtype("pyarrow")
    return dtypes


def _file_input(client, source, dpk, read_options, normalize, election_date):
    """Input files: one task per file (the DPT files, then the DPK files)."""
    import dask.dataframe as dd

    paths = [source] if isinstance(source, (str, os.PathLike)) else list(source)
    jobs = [(str(p), None) for p in paths] + [(str(p), "DPK") for p in dpk]
    futs = [client.submit(_load_part, p, name, read_options, election_date, normalize, True,
                          pure=False) for p, name in jobs]
    shapes = client.gather(client.map(_shape, futs))
    dtypes = _common_dtypes(shapes)
    lengths = [n for n, _ in shapes]
    offsets = np.r_[0, np.cumsum(lengths)[:-1]].astype(np.int64)
    conformed = [client.submit(_conform, fut, dtypes, int(o), pure=False)
                 for fut, o in zip(futs, offsets)]
    del futs
    meta = client.submit(lambda x: x.iloc[:0], conformed[0]).result()
    ends = offsets + np.asarray(lengths, dtype=np.int64)

    def rows(ids: np.ndarray) -> pd.DataFrame:
        wanted = [k for k in range(len(jobs))
                  if np.any((ids >= offsets[k]) & (ids < ends[k]))]
        futs_rows = [client.submit(_load_rows, jobs[k][0], jobs[k][1], read_options,
                                   election_date, normalize, int(offsets[k]),
                                   ids[(ids >= offsets[k]) & (ids < ends[k])], pure=False)
                     for k in wanted]
        picked = client.gather(futs_rows)
        if not picked:
            return meta
        return _as_in_cluster(pd.concat(picked, ignore_index=True, sort=False), dtypes)

    return dd.from_delayed(conformed, meta=meta), int(sum(lengths)), rows


def _as_in_cluster(out: pd.DataFrame, dtypes: dict[str, Any]) -> pd.DataFrame:
    """Rows read again, with the matcher's columns as the cluster had them."""
    for col, dtype in dtypes.items():
        if col in out.columns and col != schema.LIST and out[col].dtype != dtype:
            out[col] = out[col].astype(dtype)
    if schema.LIST in out.columns:
        out[schema.LIST] = pd.Categorical(out[schema.LIST].astype(object),
                                          categories=["DPT", "DPK"])
    return out


def _run(client, source, cfg: MatchConfig, *, dpk, read_options, npartitions, normalize,
         election_date, shuffle_method, progress) -> MatchResult:
    import dask

    def say(stage: str, done: int, total: int | None) -> None:
        if progress:
            progress(stage, done, total)

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    say("dask: reading", 0, None)
    ddf, n_records, whole_rows = _input_frame(client, source, dpk, read_options, normalize,
                                              election_date)
    plan = shuffle_plan(cfg.blocking)
    timings["read"] = time.perf_counter() - t0

    # list-wide statistics: Dask aggregations over all partitions
    t0 = time.perf_counter()
    say("dask: list statistics", 0, None)
    valued = ddf.map_partitions(_prepare, cfg, plan, True,
                                meta=_prepare_meta(ddf._meta, cfg, plan, True))
    # Only what the client needs comes back: values held by two or more records (a count of 1
    # adds no pair and is the default of a lookup), and the blocks over a rule's cap. The full
    # tables are ~one row per record (NIK prefixes, rule hashes): 5 GB at 20M records.
    vcs, big = {}, {}
    for name in _STAT_NAMES:
        vc = valued[f"_v_{name}"].value_counts()
        vcs[name] = vc[vc >= 2]
    for j, rule in enumerate(cfg.blocking):
        vc = valued[f"_h{j}"].value_counts()
        big[j] = vc[vc > rule.max_block_size]
    u_rows = valued.map_partitions(_u_rows, n_records,
                                   meta=_u_rows(valued._meta, n_records))
    vcs_c, big_c, n_active, n_places, u_rows_c = dask.compute(
        vcs, big, valued[_ACTIVE].sum(), valued["_v_birthplace"].sum(), u_rows)
    n_active = int(n_active)
    counts = {name: v.rename(None) for name, v in vcs_c.items()}
    stats = ListStats.from_value_counts(n_records, counts, raw_birthplace=int(n_places) == 0)
    skipped = {j: np.sort(v[(v > cfg.blocking[j].max_block_size)
                            & (v.index.to_numpy() >= 0)].index.to_numpy(dtype=np.int64))
               for j, v in big_c.items()}
    del valued, vcs, big, vcs_c, big_c, counts, u_rows
    # the records with their keys, kept in the cluster's memory for the shuffles and gathering
    keyed = ddf.map_partitions(_prepare, cfg, plan, False,
                               meta=_prepare_meta(ddf._meta, cfg, plan, False)).persist()
    del ddf
    stats_f = client.scatter(stats, broadcast=True)
    skipped_f = client.scatter(skipped, broadcast=True)
    timings["features"] = time.perf_counter() - t0

    n_parts = npartitions or max(2 * len(client.scheduler_info().get("workers", {}) or [1]),
                                 -(-n_records // 250_000))
    shuffle_kw = {"shuffle_method": shuffle_method} if shuffle_method else {}
    match_cols = [c for c in keyed.columns if c in MATCH_COLUMNS]
    blocking_stats: list[dict[str, Any]] = []
    total_candidates = 0

    t0 = time.perf_counter()

    def compare_pass(prune_prior: float, run_cfg: MatchConfig):
        nonlocal blocking_stats, total_candidates
        # one group at a time: the cluster holds one shuffled copy of the records at once
        outs, task_group = [], []
        for g, group in enumerate(plan):
            earlier = [f"_h{j}" for e in plan[:g] for j in e.rules]
            sub = keyed[keyed[f"_g{g}"] >= 0]  # noqa: F821 (bound in the enclosing scope, deleted after use)
            sub = sub[[RECORD_ID, _ACTIVE, f"_g{g}", *earlier, *match_cols]]
            shuffled = sub.shuffle(on=f"_g{g}", npartitions=n_parts, **shuffle_kw)
            tasks = [dask.delayed(_compare_part)(part, g, plan, run_cfg, stats_f, skipped_f,
                                                 n_active, prune_prior)
                     for part in shuffled.to_delayed()]
            say(f"dask: comparing ({group.key})", g, len(plan))
            outs.extend(dask.compute(*tasks))
            task_group.extend([g] * len(tasks))
        say("dask: comparing", len(plan), len(plan))
        per_rule: dict[int, dict[str, Any]] = {}
        total_candidates = 0
        for g, chunk in zip(task_group, outs):
            total_candidates += int(chunk["candidates"])
            for i, st in zip(plan[g].rules, chunk["blocking"]):
                acc = per_rule.setdefault(i, {**st, "pairs": 0, "blocks": 0,
                                              "skipped_blocks": 0, "skipped_records": 0})
                for k in ("pairs", "blocks", "skipped_blocks", "skipped_records"):
                    acc[k] += st[k]
        blocking_stats = [per_rule[i] for i in range(len(cfg.blocking))]
        return _gathered([o["compared"] for o in outs], total_candidates)

    run = pipeline.compare_and_learn(
        compare_pass, cfg, n_active, timings,
        {k: int(stats.pairs[k]) for k in NIK_U_KEYS} if cfg.learn_weights else None,
        lambda: _u_sample(u_rows_c, stats, cfg))
    cfg, rate = run.config, run.rate
    timings["compare"] = time.perf_counter() - t0

    # the records of the matched pairs (and NIK conflicts), gathered for grouping and reasons
    t0 = time.perf_counter()
    from dptclean.match import score

    prior = score.prior_bits(n_active, cfg, rate)
    c = run.pairs
    keep = (c.evidence + prior >= min(score.link_bits(cfg), score.threshold_bits(cfg))) \
        | c.same_nik | score.household_levels(pipeline.unpack_levels(c.levels))
    cl, cr = c.left[keep], c.right[keep]
    ids = np.unique(np.concatenate([cl, cr]))
    del keyed
    sub = whole_rows(ids)
    sub = sub.sort_values(RECORD_ID, kind="stable").reset_index(drop=True)
    rid = sub[RECORD_ID].to_numpy(dtype=np.int64)
    frame = sub.drop(columns=[RECORD_ID, *_helper_columns(sub.columns)])
    f = build_features(frame, stats)
    local = pipeline.ComparedPairs(np.searchsorted(rid, cl), np.searchsorted(rid, cr),
                                   c.evidence[keep], c.same_nik[keep], c.levels[keep], c.pruned)
    timings["gather"] = time.perf_counter() - t0
    out = pipeline.results_from_evidence(frame, f, cfg, local, n_active=n_active, rate=rate,
                                         timings=timings)
    pairs, groups, dpk_m, conflicts = _to_ids(rid, out.pairs, out.groups, out.dpk_matches,
                                              out.nik_conflicts)
    result_stats = pipeline.run_stats(
        records=n_records, n_active=n_active, candidates=total_candidates, rate=rate,
        prior=out.prior, pruned=c.pruned, passes=run.passes, matched=out.matched,
        blocking=blocking_stats, timings=timings)
    if run.learned is not None:
        result_stats["learned_weights"] = run.learned
    result_stats["engine"] = {"name": "dask", "workers": len(client.scheduler_info()
                                                             .get("workers", {})),
                              "shuffles": [g.key for g in plan], "partitions": n_parts}
    return MatchResult(pairs=pairs, groups=groups, dpk_matches=dpk_m, nik_conflicts=conflicts,
                       stats=result_stats, config=cfg)


def _prepare_meta(meta: pd.DataFrame, cfg: MatchConfig, plan: list[ShuffleGroup],
                  values: bool):
    out = meta.copy()
    out[_ACTIVE] = np.zeros(0, dtype=bool)
    for j in range(len(cfg.blocking)):
        out[f"_h{j}"] = np.zeros(0, dtype=np.int64)
    for g in range(len(plan)):
        out[f"_g{g}"] = np.zeros(0, dtype=np.int64)
    if not values:
        return out
    out[_U_HASH] = np.zeros(0, dtype=np.int64)
    out["_v_birthplace"] = np.zeros(0, dtype=bool)
    for name in _STAT_NAMES:
        out[f"_v_{name}"] = pd.array([], dtype="string[pyarrow]" if name in
                                     ("name_norm", "name_key", "dob") else "Int64")
    return out


def _gathered(parts: list[pipeline.ComparedPairs], candidates: int) -> pipeline.ComparedPairs:
    """The partitions' compared pairs as one, sorted by (left, right) as locally; a pair
    twice (only after a hash collision) is kept once."""
    c = pipeline.ComparedPairs.concat(parts)
    order = np.lexsort((c.right, c.left))
    l, r = c.left[order], c.right[order]
    first = np.r_[True, (l[1:] != l[:-1]) | (r[1:] != r[:-1])] if len(l) else \
        np.zeros(0, bool)
    take = order[first]
    return pipeline.ComparedPairs(c.left[take], c.right[take], c.evidence[take],
                                  c.same_nik[take], c.levels[take], candidates - len(take))


def _to_ids(rid: np.ndarray, pairs, groups, dpk_m, conflicts):
    """Positions in the gathered records -> the records' ids in the whole list."""
    def remap(frame: pd.DataFrame, cols) -> pd.DataFrame:
        frame = frame.copy()
        for col in cols:
            s = frame[col]
            if not len(s):
                continue
            if s.isna().any():
                vals = s.to_numpy(dtype=float)
                ok = ~np.isnan(vals)
                out = np.full(len(s), np.nan)
                out[ok] = rid[vals[ok].astype(np.int64)]
                frame[col] = out
            else:
                frame[col] = rid[s.to_numpy(dtype=np.int64)].astype(s.dtype)
        return frame

    return (remap(pairs, ["left", "right"]), remap(groups, ["record", "linked_to"]),
            remap(dpk_m, ["dpk_record", "dpt_record"]), remap(conflicts, ["left", "right"]))
