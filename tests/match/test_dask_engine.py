"""The Dask engine gives exactly the local engine's result on the same records."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

from dptclean.io.dataset import write_partitioned  # noqa: E402
from dptclean.match.blocking import combined_key  # noqa: E402
from dptclean.match.config import DEFAULT_BLOCKING, MatchConfig  # noqa: E402
from dptclean.match.dask_engine import find_duplicates_dask, shuffle_plan  # noqa: E402
from dptclean.match.features import COUNT_KEYS, ListStats, build_features, key_counts, key_values, pair_share  # noqa: E402
from dptclean.match.pipeline import find_duplicates  # noqa: E402
from dptclean.normalize import normalize_voters  # noqa: E402
from dptclean.report.model import build_report  # noqa: E402
from dptclean.run import run_dedupe  # noqa: E402
from dptclean.synth import generate  # noqa: E402

FRAMES = ("pairs", "groups", "dpk_matches", "nik_conflicts")


@pytest.fixture(scope="module")
def client():
    # p2p shuffles log their start and end at WARNING level
    logging.getLogger("distributed.shuffle").setLevel(logging.ERROR)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def synth():
    return generate(3000, seed=5, dpk_rate=0.02)


@pytest.fixture(scope="module")
def files(tmp_path_factory, synth):
    """The DPT as three files (two CSV, one Parquet) and a DPK file."""
    d = tmp_path_factory.mktemp("dask_in")
    dpt = synth.dpt.reset_index(drop=True).astype("string")
    paths = []
    for i, idx in enumerate(np.array_split(np.arange(len(dpt)), 3)):
        p = d / (f"dpt{i}.parquet" if i == 1 else f"dpt{i}.csv")
        part = dpt.iloc[idx]
        part.to_parquet(p, index=False) if i == 1 else part.to_csv(p, index=False)
        paths.append(str(p))
    dpk = d / "dpk.csv"
    synth.dpk.reset_index(drop=True).astype("string").to_csv(dpk, index=False)
    return paths, [str(dpk)]


def _strip(stats: dict) -> dict:
    return {k: v for k, v in stats.items() if k not in ("seconds", "engine")}


def assert_same_result(local, remote) -> None:
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(local, name).reset_index(drop=True),
                                      getattr(remote, name).reset_index(drop=True),
                                      obj=name)
    assert _strip(remote.stats) == _strip(local.stats)


def _group_sets(result) -> set[frozenset[int]]:
    g = result.groups
    return {frozenset(map(int, m)) for m in g.groupby("group_id")["record"].apply(list)}


def test_files_give_the_local_groups_and_figures(client, files):
    dpt, dpk = files
    local = run_dedupe(dpt, dpk)
    remote = find_duplicates_dask(dpt, dpk=dpk, client=client, npartitions=3)
    assert len(local.result.groups) > 50 and len(local.result.dpk_matches) > 0
    assert _group_sets(remote) == _group_sets(local.result)
    assert_same_result(local.result, remote)
    report_local = build_report(local.norm, local.result)
    report_dask = build_report(local.norm, remote)
    assert report_dask["duplicates"] == report_local["duplicates"]
    assert report_dask["dpk"] == report_local["dpk"]
    assert remote.stats["engine"]["name"] == "dask"


def test_parquet_dataset_and_learned_rate_repeat(client, tmp_path, synth):
    # a list with many copies: the learned rate passes the pruning rate, so the compare pass
    # is repeated (on the cluster as locally)
    data = generate(2000, seed=9, dup_rate=0.2)
    norm = normalize_voters(data.dpt.reset_index(drop=True).astype("string"))
    write_partitioned(norm, tmp_path / "ds", by=("kecamatan",))
    import dask.dataframe as dd

    ddf = dd.read_parquet(str(tmp_path / "ds"))
    as_read = ddf.compute().reset_index(drop=True)  # the order the engine numbers records in
    cfg = MatchConfig(expected_duplicate_rate=0.002)
    local = find_duplicates(as_read, cfg)
    assert local.stats["compare_passes"] == 2
    remote = find_duplicates_dask(str(tmp_path / "ds"), cfg, client=client, npartitions=2)
    assert_same_result(local, remote)


def test_shuffle_plan_covers_every_rule_once():
    plan = shuffle_plan(DEFAULT_BLOCKING)
    covered = [i for g in plan for i in g.rules]
    assert sorted(covered) == list(range(len(DEFAULT_BLOCKING)))
    for g in plan:  # the shuffle key is a key of the rule, or coarser than one of its keys
        for i in g.rules:
            keys = DEFAULT_BLOCKING[i].keys
            # (a record's 16 digits fix its first 15 and 12: a NIK block lies inside one of them)
            coarser = {"nik": {"nik15", "nik12"}, "nik15": {"nik12"}}
            assert g.key in keys or any(g.key in coarser.get(k, ()) for k in keys)
    assert len(plan) < len(DEFAULT_BLOCKING)


def test_key_values_group_like_blocking_keys(synth):
    f = build_features(normalize_voters(synth.dpt.reset_index(drop=True).astype("string")))
    for rule in DEFAULT_BLOCKING:
        for key in rule.keys:
            code = combined_key(f, (key,))
            vals = pd.Series(key_values(f, key), dtype=object)
            vals = vals.where(code >= 0)
            again, _ = pd.factorize(vals, use_na_sentinel=True)
            assert ((again >= 0) == (code >= 0)).all(), key
            ok = code >= 0
            # the same partition of records into blocks: a one-to-one map of the codes
            both = set(zip(again[ok].tolist(), code[ok].tolist()))
            assert len(both) == len(set(again[ok].tolist())) == len(set(code[ok].tolist())), key


def test_a_part_with_list_stats_sees_list_wide_figures(synth):
    norm = normalize_voters(synth.dpt.reset_index(drop=True).astype("string"))
    whole = build_features(norm)
    counts = {}
    for name in ("name_norm", "name_key", "dob") + COUNT_KEYS:
        if name == "name_norm":
            v = pd.Series(whole.name_norms[whole.name_norm_code], dtype=object)
            v = v.where(whole.name_norm_code >= 0)
        else:
            v = pd.Series(key_values(whole, name), dtype=object)
            v = v.where(v.notna() & (v.astype(str) != "-1"))
        counts[name] = v.dropna().value_counts()
    stats = ListStats.from_value_counts(len(norm), counts)
    idx = np.arange(0, len(norm), 3)
    part = build_features(norm.iloc[idx].reset_index(drop=True), stats)
    assert part.list_size == len(norm)
    for attr in ("name_norm_freq", "name_key_freq", "dob_freq"):
        np.testing.assert_array_equal(getattr(part, attr), getattr(whole, attr)[idx])
    for key in COUNT_KEYS:
        np.testing.assert_array_equal(key_counts(part, key), key_counts(whole, key)[idx])
    assert pair_share(part, "nik15", "nik_date") == pair_share(whole, "nik15", "nik_date")


def test_a_pair_a_filtered_earlier_pass_drops_is_still_compared(client):
    # Same name and kelurahan, complete NIKs sharing their first 12 digits, one birth date
    # missing: `nik12+initials` (only for partial NIKs) does not keep the pair, so the later
    # `name+kelurahan` pass (for weak identities) must.
    import dask.dataframe as dd

    frame = pd.DataFrame({
        "nama": ["BUDI SANTOSO", "BUDI SANTOSO", "SITI AMINAH", "AGUS SALIM"],
        "nik": ["3320011203850001", "3320011203850007", "3320015506900002",
                "3320010101700003"],
        "tanggal_lahir": ["12-03-1985", None, "15-06-1990", "01-01-1970"],
        "jenis_kelamin": ["L", "L", "P", "L"],
        "kelurahan": ["BANGSRI", "BANGSRI", "BANGSRI", "KEDUNG"],
        "list": ["DPT"] * 4,
    }).astype("string")
    norm = normalize_voters(frame)
    local = find_duplicates(norm)
    assert local.stats["candidate_pairs"] == 1
    remote = find_duplicates_dask(dd.from_pandas(norm, npartitions=2), client=client,
                                  npartitions=2)
    assert_same_result(local, remote)


def test_masked_list_with_starred_years_gives_the_local_result(client, tmp_path):
    # partial dates, masked NIKs (10 digits) and EM-learned weights: the same on the cluster
    data = generate(2000, seed=11, world="masked-6-year")
    norm = normalize_voters(data.dpt.reset_index(drop=True).astype("string"))
    write_partitioned(norm, tmp_path / "ds", by=("kecamatan",))
    import dask.dataframe as dd

    as_read = dd.read_parquet(str(tmp_path / "ds")).compute().reset_index(drop=True)
    local = find_duplicates(as_read)
    assert local.stats["learned_weights"]["method"] == "em_masked" and len(local.groups)
    remote = find_duplicates_dask(str(tmp_path / "ds"), client=client, npartitions=2)
    assert_same_result(local, remote)
