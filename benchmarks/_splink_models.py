"""The Splink 5 (DuckDB) baselines, configured with care, for Febrl3 and for synthetic DPTs.

Each ``run_*`` function registers a pandas frame with a fresh in-memory DuckDB, trains the model
(probability two random records match from deterministic rules, u by random sampling, m by
expectation maximisation over several blocking rules), predicts over the union of the
prediction blocking rules and clusters the predictions at the given threshold (connected
components). It returns cluster labels per input row and a dict of timings.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import numpy as np
import pandas as pd

SPLINK_LOG = logging.WARNING


def _imports():
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on
    from splink.backends.duckdb import DuckDBAPI

    return cll, cl, Linker, SettingsCreator, block_on, DuckDBAPI


def _quiet() -> None:
    for name in ("splink", "splink.internals"):
        logging.getLogger(name).setLevel(SPLINK_LOG)


def _labels_from_clusters(clusters: pd.DataFrame, n: int) -> np.ndarray:
    """Splink's cluster table (every record, singletons included) -> labels, -1 = singleton."""
    ids = clusters["unique_id"].to_numpy(dtype=np.int64)
    cid = pd.factorize(clusters["cluster_id"])[0].astype(np.int64)
    labels = np.full(n, -1, dtype=np.int64)
    labels[ids] = cid
    size = np.bincount(cid)
    labels[ids[size[cid] < 2]] = -1
    return labels


def _finish(linker, db, n: int, predict_threshold: float, cluster_threshold: float,
            t: dict[str, float]) -> tuple[np.ndarray, dict[str, Any]]:
    t0 = time.perf_counter()
    pred = linker.inference.predict(threshold_match_probability=predict_threshold,
                                    warning_mode="never")
    t["predict"] = time.perf_counter() - t0
    n_pred = int(db.duckdb_con.sql(f"select count(*) from {pred.physical_name}").fetchall()[0][0])
    t0 = time.perf_counter()
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        pred, threshold_match_probability=cluster_threshold)
    cdf = db.duckdb_con.sql(
        f"select unique_id, cluster_id from {clusters.physical_name}").df()
    t["cluster"] = time.perf_counter() - t0
    labels = _labels_from_clusters(cdf, n)
    info = {"seconds": t, "predicted_pairs_over_predict_threshold": n_pred}
    return labels, info


# --- Febrl3 -------------------------------------------------------------------------------------

def run_febrl(df: pd.DataFrame, *, u_max_pairs: float = 1e7, seed: int = 1,
              cluster_threshold: float = 0.9) -> tuple[np.ndarray, dict[str, Any]]:
    """Febrl3 with its own columns (given_name, surname, date_of_birth as yyyymmdd, ...)."""
    cll, cl, Linker, SettingsCreator, block_on, DuckDBAPI = _imports()
    _quiet()
    t: dict[str, float] = {}
    t0 = time.perf_counter()
    data = df.reset_index(drop=True).copy()
    data.insert(0, "unique_id", np.arange(len(data), dtype=np.int64))
    db = DuckDBAPI()
    sdf = db.register(data, dataset_display_name="febrl3")
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True,
                                     datetime_format="%Y%m%d"),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.JaroWinklerAtThresholds("address_1", [0.9, 0.7]).configure(
                term_frequency_adjustments=True),
            cl.JaroWinklerAtThresholds("suburb", [0.9]).configure(
                term_frequency_adjustments=True),
            cl.LevenshteinAtThresholds("postcode", [1]).configure(
                term_frequency_adjustments=True),
            cl.ExactMatch("state").configure(term_frequency_adjustments=True),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name"),
            block_on("surname"),
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("postcode", "street_number"),
        ],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(sdf, settings, log_level=SPLINK_LOG)
    t["setup"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    linker.training.estimate_probability_two_random_records_match(
        [block_on("soc_sec_id", "date_of_birth"),
         block_on("given_name", "surname", "date_of_birth")], recall=0.6)
    linker.training.estimate_u_using_random_sampling(max_pairs=u_max_pairs, seed=seed)
    for rule in (block_on("given_name", "surname"), block_on("date_of_birth"),
                 block_on("soc_sec_id")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    t["train"] = time.perf_counter() - t0
    return _finish(linker, db, len(data), 0.5, cluster_threshold, t)


# --- synthetic DPT (dptclean-normalised columns) ------------------------------------------------

SYNTH_COLUMNS = ("name", "dob", "nik", "nkk", "sex", "kelurahan")


def splink_input_from_normalized(norm: pd.DataFrame) -> pd.DataFrame:
    """The columns the Splink model uses, taken from ``normalize_voters`` output.

    Splink gets the same cleaning dptclean does: the normalised name (titles removed,
    punctuation folded), the ISO birth date, sex as L/P, the kelurahan folded to upper case and
    the NIK/NKK as digit strings in which every digit that is not known is '*' (masked digits,
    and the digits an Excel number lost: the reader's ``nik_digits_known``). A NIK that keeps
    fewer than 12 known digits, or is invalid, is left out (null). ``nik_rs`` is the NIK's
    region (digits 1-6) and serial (13-16) of a complete valid NIK: docs/domain.md's lesson that
    digits 7-12 repeat the birth date, so comparing the whole NIK counts the date twice.
    """
    def col(name: str) -> pd.Series:
        s = norm[name].astype("string").str.strip() if name in norm.columns else \
            pd.Series(pd.NA, index=norm.index, dtype="string")
        return s.mask(s == "")

    def known_id(value: str, status: str, known_col: str) -> tuple[pd.Series, pd.Series]:
        v = col(value)
        st = col(status).fillna("missing")
        ok = st.isin(["valid", "masked", "number_damaged"])
        v = v.where(ok)
        if known_col in norm.columns:
            k = pd.to_numeric(norm[known_col], errors="coerce").fillna(16).clip(0, 16)
            k = k.astype(int).to_numpy()
            arr = v.fillna("").to_numpy(dtype=object)
            out = np.array([x[:kk].ljust(16, "*") if x and kk < 16 else x
                            for x, kk in zip(arr, k)], dtype=object)
            v = pd.Series(out, index=norm.index, dtype="string").mask(lambda s: s == "")
        lead = v.str.extract(r"^([0-9]*)", expand=False).str.len().fillna(0)
        v = v.where(lead >= 12)
        return v, st

    nik, nik_st = known_id("nik_norm", "nik_status", "nik_digits_known")
    nkk, _ = known_id("nkk_norm", "nkk_status", "nkk_digits_known")
    complete = (nik_st == "valid") & nik.str.fullmatch(r"[0-9]{16}").fillna(False)
    nik_rs = (nik.str[0:6] + nik.str[12:16]).where(complete)
    kel = col("kelurahan").str.upper().str.replace(r"[^0-9A-Z]+", " ", regex=True).str.strip()
    return pd.DataFrame({
        "unique_id": np.arange(len(norm), dtype=np.int64),
        "name": col("nama_norm"),
        "dob": col("tanggal_lahir_norm"),
        "nik": nik,
        "nik_rs": nik_rs,
        "nkk": nkk,
        "sex": col("jenis_kelamin_norm"),
        "kelurahan": kel.mask(kel == ""),
    })


def run_synth(data: pd.DataFrame, *, u_max_pairs: float = 1e7, seed: int = 1,
              em_max_pairs: float | None = 2e6, compare_nkk: bool = False,
              cluster_threshold: float = 0.9) -> tuple[np.ndarray, dict[str, Any]]:
    """Synthetic DPT: ``data`` from :func:`splink_input_from_normalized`.

    NIK levels: exact (complete NIK), equal first 15 digits (Excel damage), equal region +
    serial (the birth-date digits differ), region + serial one edit apart (a typo; random
    sampling tells how often that happens by chance: serials are small numbers), equal known
    prefix of a masked/damaged NIK, else. Names and birth dates get term-frequency adjustments
    (common names and placeholder dates count less). NKK is used for blocking (with the birth
    date) but not compared by default: docs/domain.md says NKK agreement is weak evidence (family
    members and twins share it), while Splink's u from random pairs makes an equal NKK worth
    ~14 bits, enough to merge twins; ``compare_nkk=True`` adds ``ExactMatch("nkk")``.
    """
    cll, cl, Linker, SettingsCreator, block_on, DuckDBAPI = _imports()
    _quiet()
    t: dict[str, float] = {}
    t0 = time.perf_counter()
    db = DuckDBAPI()
    sdf = db.register(data, dataset_display_name="dpt")

    nik_cmp = cl.CustomComparison(
        output_column_name="nik",
        comparison_levels=[
            cll.NullLevel("nik"),
            cll.CustomLevel("nik_rs_l = nik_rs_r and nik_l = nik_r",
                            label_for_charts="exact (complete NIK)"),
            cll.CustomLevel("substr(nik_l, 1, 15) = substr(nik_r, 1, 15) and "
                            "strpos(substr(nik_l, 1, 15), '*') = 0 and "
                            "strpos(substr(nik_r, 1, 15), '*') = 0 and "
                            "(nik_rs_l is null or nik_rs_r is null)",
                            label_for_charts="first 15 digits equal (Excel-damaged)"),
            cll.CustomLevel("nik_rs_l = nik_rs_r", label_for_charts="region+serial equal"),
            cll.CustomLevel("damerau_levenshtein(nik_rs_l, nik_rs_r) <= 1",
                            label_for_charts="region+serial one edit"),
            cll.CustomLevel("substr(nik_l, 1, 12) = substr(nik_r, 1, 12) and "
                            "(nik_rs_l is null or nik_rs_r is null)",
                            label_for_charts="known prefix equal (masked/damaged)"),
            cll.ElseLevel(),
        ],
    )
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.NameComparison("name").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("dob", input_is_string=True,
                                     datetime_format="%Y-%m-%d").configure(
                term_frequency_adjustments=True),
            nik_cmp,
            *([cl.ExactMatch("nkk")] if compare_nkk else []),
            cl.ExactMatch("sex"),
            cl.ExactMatch("kelurahan").configure(term_frequency_adjustments=True),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("nik"),
            block_on("substr(nik, 1, 15)"),
            block_on("substr(nik, 1, 12)", "substr(name, 1, 1)"),
            block_on("dob", "sex", "substr(name, 1, 2)"),
            block_on("name", "substr(dob, 1, 4)"),
            block_on("name", "kelurahan"),
            block_on("nkk", "dob"),
        ],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(sdf, settings, log_level=SPLINK_LOG)
    t["setup"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    linker.training.estimate_probability_two_random_records_match(
        [block_on("nik", "name"), block_on("name", "dob", "sex")], recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=u_max_pairs, seed=seed)
    em_kw = {"max_pairs": em_max_pairs} if em_max_pairs else {}
    for rule in (block_on("nik"), block_on("dob", "sex"), block_on("name", "kelurahan")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule, **em_kw)
    t["train"] = time.perf_counter() - t0
    return _finish(linker, db, len(data), 0.5, cluster_threshold, t)
