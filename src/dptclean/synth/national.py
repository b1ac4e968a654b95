"""A national-scale synthetic list: one part per real kabupaten/kota, with voters who moved.

A national DPT is many regencies of bounded size. :func:`generate_part` makes part ``k`` as
regency ``national_codes()[k]`` (Jawa Tengah first, then Jawa Timur, Jawa Barat, Banten, DKI
Jakarta, DI Yogyakarta, then the other provinces by code), with:

* person ids unique over all parts (``F003-P0001234``: the part number, then the regency's id);
* NIKs unique over all parts: a NIK first issued in another regency (a person born elsewhere)
  that the part's generator happened to give someone already issued in an earlier part gets a
  free serial, so two parts never share a NIK by chance;
* cross-regency duplicates: a small share of the people of part ``k - 1`` registered again in
  part ``k`` at a new address (NIK unchanged, a new NKK of the new regency, sometimes a name
  typo), the truth keeping their person id — "the same NIK registered in two regencies".

    from dptclean.synth.national import write_national
    write_national("benchmarks/data/national", parts=20, per_part=1_000_000)

writes ``dpt_000.parquet`` ... and ``truth/dpt_000.truth.parquet`` ... (truth rows align with the
records of their part, in order).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from dptclean import schema
from dptclean.errors import ConfigError
from dptclean.synth import corrupt as cr
from dptclean.synth.generator import (
    DUP_KIND,
    NIK_TRUE,
    PERSON_ID,
    TRAP_ID,
    SynthData,
    generate,
)
from dptclean.synth.geo import Regency, get_regency, regency_codes

# Provinces in the order parts walk them (Java first), the others follow by code.
PROVINCE_ORDER: tuple[str, ...] = ("33", "35", "32", "36", "31", "34")
MOVED_REGENCY = "moved_regency"  # truth label of a record a voter left in an earlier part
_MOVER_KINDS = {cr.MOVED, cr.NKK_CHANGED}
_LOCATION = (schema.ALAMAT, schema.RT, schema.RW, schema.TPS, schema.KELURAHAN,
             schema.KECAMATAN, schema.KABUPATEN, schema.PROVINSI)


def national_codes() -> tuple[str, ...]:
    """The 4-digit kabupaten/kota codes in the order parts use them."""
    codes = regency_codes()
    first = [c for p in PROVINCE_ORDER for c in codes if c[:2] == p]
    return tuple(first + [c for c in codes if c[:2] not in PROVINCE_ORDER])


def part_regency(k: int) -> Regency:
    codes = national_codes()
    if not 0 <= k < len(codes):
        raise ConfigError(f"part {k} is out of range: there are {len(codes)} kabupaten/kota")
    return get_regency(codes[k])


def _to_int(values: pd.Series | np.ndarray) -> np.ndarray:
    """16-digit texts -> int64 (anything else -> -1)."""
    s = pd.Series(np.asarray(values, dtype=object))
    ok = s.str.fullmatch(r"\d{16}").fillna(False).to_numpy(dtype=bool)
    out = np.full(len(s), -1, dtype=np.int64)
    out[ok] = s[ok].astype(np.int64).to_numpy()
    return out


def _reissue(dpt: pd.DataFrame, truth: pd.DataFrame, issued: np.ndarray,
             rng: np.random.Generator) -> int:
    """Give a free serial to every NIK of this part already issued in an earlier part
    (``issued``: sorted int64). The records' NIKs follow (a typo or Excel damage kept)."""
    true_int = _to_int(truth[NIK_TRUE])
    pos = np.searchsorted(issued, true_int)
    pos = np.minimum(pos, max(len(issued) - 1, 0))
    clash = (true_int >= 0) & (issued[pos] == true_int) if len(issued) else \
        np.zeros(len(true_int), dtype=bool)
    old = np.unique(true_int[clash])
    if not len(old):
        return 0
    taken = set(true_int.tolist())
    mapping: dict[str, str] = {}
    for nik in old.tolist():
        prefix = nik // 10_000
        while True:
            new = prefix * 10_000 + int(rng.integers(5000, 10_000))
            if new not in taken and not (issued[min(np.searchsorted(issued, new),
                                                    len(issued) - 1)] == new):
                break
        taken.add(new)
        mapping[f"{nik:016d}"] = f"{new:016d}"
    nik_true = truth[NIK_TRUE].to_numpy(dtype=object)
    recorded = dpt[schema.NIK].to_numpy(dtype=object).copy()
    for i in np.flatnonzero(pd.Series(nik_true).isin(mapping).to_numpy()):
        o, n = nik_true[i], mapping[nik_true[i]]
        r = recorded[i]
        if r == o:
            recorded[i] = n
        elif isinstance(r, str) and len(r) == 16 and r.isdigit():  # typo / Excel: same damage
            recorded[i] = "".join(rc if rc != oc else nc for rc, oc, nc in zip(r, o, n))
    # a record showing someone else's NIK (trap_same_nik) shows the new one
    hit = pd.Series(recorded).isin(mapping).to_numpy()
    recorded[hit] = [mapping[v] for v in recorded[hit]]
    dpt[schema.NIK] = recorded
    truth[NIK_TRUE] = [mapping.get(v, v) for v in nik_true]
    return len(mapping)


def _movers(prev_dpt: pd.DataFrame, prev_truth: pd.DataFrame, dpt: pd.DataFrame,
            regency: Regency, m: int, rng: np.random.Generator, typo_share: float
            ) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    """``m`` people of the previous part registered again in this one: their records, truth
    rows, and for each the row of ``dpt`` whose place (desa, TPS, RT/RW, address) they took."""
    ket = prev_dpt[schema.KETERANGAN].fillna("").to_numpy(dtype=object)
    ok = ((prev_truth[DUP_KIND].to_numpy(dtype=object) == "")
          & (prev_truth[TRAP_ID].to_numpy(dtype=object) == "")
          & np.isin(ket, ["", "B", "U"])
          & (prev_dpt[schema.NIK].to_numpy(dtype=object)
             == prev_truth[NIK_TRUE].to_numpy(dtype=object)))
    pool = np.flatnonzero(ok)
    m = min(m, len(pool))
    src = np.sort(rng.choice(pool, size=m, replace=False)) if m else np.zeros(0, np.int64)
    at = np.sort(rng.integers(0, len(dpt), size=m))
    rec = prev_dpt.iloc[src].reset_index(drop=True).copy()
    truth = prev_truth.iloc[src].reset_index(drop=True).copy()
    here = dpt.iloc[at].reset_index(drop=True)
    for c in _LOCATION:
        rec[c] = here[c].to_numpy()
    # a new family card at the new address: its kecamatan + a registration date + a serial
    kec_code = {k.name: k.code for k in regency.kecamatan}
    used = set(dpt[schema.NKK].tolist())
    nkk, names, kinds, keterangan = [], [], [], []
    for i in range(m):
        while True:
            d, mo, y = (int(rng.integers(1, 29)), int(rng.integers(1, 13)),
                        int(rng.integers(2019, 2024)))
            v = (f"{kec_code[here.at[i, schema.KECAMATAN]]}{d:02d}{mo:02d}{y % 100:02d}"
                 f"{int(rng.integers(5000, 10_000)):04d}")
            if v not in used:
                used.add(v)
                nkk.append(v)
                break
        labels = set(_MOVER_KINDS)
        name = rec.at[i, schema.NAMA]
        if rng.random() < typo_share:
            name = cr.name_typo(name, rng)
            labels.add(cr.NAME_TYPO)
        names.append(name)
        kinds.append(cr.join_kinds(labels) + "+" + MOVED_REGENCY)
        keterangan.append("B" if rng.random() < 0.25 else "")
    rec[schema.NKK] = nkk
    rec[schema.NAMA] = names
    rec[schema.KETERANGAN] = keterangan
    truth[schema.NAMA] = names
    truth[DUP_KIND] = kinds
    return rec, truth, at


def generate_part(k: int, n: int, *, seed: int | None = None,
                  previous: tuple[pd.DataFrame, pd.DataFrame] | None = None,
                  issued: np.ndarray | None = None, move_share: float = 0.001,
                  typo_share: float = 0.15) -> SynthData:
    """Part ``k`` of a national list: ``n`` DPT records of regency ``national_codes()[k]``.

    ``previous``: (records, truth) of part ``k - 1``; ``round(n * move_share)`` of its people
    (originals with a complete NIK, not traps, active) are registered again here at a new
    address, ``typo_share`` of them with a name typo. ``issued``: the true NIKs of all earlier
    parts (int64, any order): a NIK among them is re-issued here. ``seed`` (default
    ``1000 + k``) makes the part deterministic. No DPK.
    """
    if n < 1:
        raise ConfigError("a part needs at least 1 record")
    regency = part_regency(k)
    seed = 1000 + k if seed is None else seed
    rng = np.random.default_rng([seed, k, 7])
    m = int(round(n * move_share)) if previous is not None else 0
    m = min(m, n - 1)
    sd = generate(n - m, seed=seed, regency=regency, dpk_rate=0.0)
    dpt, truth = sd.dpt.reset_index(drop=True), sd.truth_dpt.reset_index(drop=True)
    truth[PERSON_ID] = f"F{k:03d}-" + truth[PERSON_ID].astype(object)
    trap = truth[TRAP_ID] != ""
    truth.loc[trap, TRAP_ID] = f"F{k:03d}-" + truth.loc[trap, TRAP_ID].astype(object)
    reissued = 0
    if issued is not None and len(issued):
        reissued = _reissue(dpt, truth, np.unique(np.asarray(issued, dtype=np.int64)), rng)
    moved = 0
    if m:
        prev_dpt, prev_truth = previous  # type: ignore[misc]
        rec, rec_truth, at = _movers(prev_dpt.reset_index(drop=True),
                                     prev_truth.reset_index(drop=True), dpt, regency, m, rng,
                                     typo_share)
        moved = len(rec)
        # each mover right after the record whose place they took: the list stays in order
        key = np.r_[np.arange(len(dpt), dtype=np.float64), at + 0.5]
        order = np.argsort(key, kind="stable")
        dpt = pd.concat([dpt, rec[dpt.columns]], ignore_index=True).iloc[order]
        truth = pd.concat([truth, rec_truth[truth.columns]], ignore_index=True).iloc[order]
        dpt, truth = dpt.reset_index(drop=True), truth.reset_index(drop=True)
    params = {**sd.params, "part": k, "regency_code": regency.code, "n_dpt": n,
              "moved_in": moved, "reissued_nik": reissued, "move_share": move_share}
    return SynthData(dpt=dpt, dpk=sd.dpk.iloc[:0], truth_dpt=truth, truth_dpk=sd.truth_dpk.iloc[:0],
                     params=params)


def part_paths(out_dir: str | os.PathLike[str], k: int) -> tuple[Path, Path]:
    """(records, truth) paths of part ``k``: ``dpt_003.parquet``, ``truth/dpt_003.truth.parquet``
    (the truth in a sub-directory, so reading the directory as a dataset reads records only)."""
    out = Path(out_dir)
    return out / f"dpt_{k:03d}.parquet", out / "truth" / f"dpt_{k:03d}.truth.parquet"


def _write(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    frame.reset_index(drop=True).astype("string").to_parquet(tmp, index=False)
    os.replace(tmp, path)


def _read(path: Path, columns: list[str] | None = None) -> pd.DataFrame:
    return pd.read_parquet(path, columns=columns).astype(object).fillna("")


def write_national(out_dir: str | os.PathLike[str], parts: int, per_part: int = 1_000_000, *,
                   seed0: int = 1000, move_share: float = 0.001,
                   log: Callable[[str], None] | None = None) -> list[dict]:
    """Write parts ``0 .. parts-1`` (``seed0 + k`` each) that are missing to ``out_dir``; one
    part at a time, reading the previous part and earlier NIKs back when resuming. Returns
    one entry per part written (its params and seconds)."""
    log = log or (lambda text: None)
    written: list[dict] = []
    issued: list[np.ndarray] | None = None
    previous: tuple[pd.DataFrame, pd.DataFrame] | None = None
    for k in range(parts):
        data_path, truth_path = part_paths(out_dir, k)
        if data_path.exists() and truth_path.exists():
            previous, issued = None, None  # read back if a later part is missing
            continue
        t0 = time.perf_counter()
        if k and previous is None:
            previous = (_read(part_paths(out_dir, k - 1)[0]),
                        _read(part_paths(out_dir, k - 1)[1]))
        if issued is None:
            issued = [_to_int(_read(part_paths(out_dir, j)[1], [NIK_TRUE])[NIK_TRUE])
                      for j in range(k)]
        sd = generate_part(k, per_part, seed=seed0 + k, previous=previous,
                           issued=np.concatenate(issued) if issued else None,
                           move_share=move_share)
        _write(sd.truth_dpt, truth_path)
        _write(sd.dpt, data_path)
        issued.append(_to_int(sd.truth_dpt[NIK_TRUE]))
        previous = (sd.dpt, sd.truth_dpt)
        entry = {**sd.params, "seconds": round(time.perf_counter() - t0, 1),
                 "path": str(data_path)}
        written.append(entry)
        log(f"{data_path.name}: {sd.params['regency']} ({sd.params['regency_code']}), "
            f"{per_part:,} records, {entry['moved_in']:,} moved in, "
            f"{entry['reissued_nik']:,} NIKs re-issued, {entry['seconds']:.0f} s")
        del sd
    return written
