"""generate(): a synthetic DPT and DPK with planted duplicates, traps and ground truth."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from dptclean import schema
from dptclean.errors import ConfigError, OutputError
from dptclean.synth import corrupt as cr
from dptclean.synth.geo import JEPARA, Regency, get_regency
from dptclean.synth.people import make_population, ymd
from dptclean.synth.traps import plant_traps, trap_counts
from dptclean.synth.world import DEFAULT_CAUSES, World, world_from

# The voter columns of a synthetic list, in the order they are written.
VOTER_COLUMNS: tuple[str, ...] = (
    schema.NIK, schema.NKK, schema.NAMA, schema.TEMPAT_LAHIR, schema.TANGGAL_LAHIR,
    schema.JENIS_KELAMIN, schema.STATUS_KAWIN, schema.ALAMAT, schema.RT, schema.RW,
    schema.DISABILITAS, schema.KETERANGAN, schema.TPS, schema.KELURAHAN, schema.KECAMATAN,
    schema.KABUPATEN, schema.PROVINSI,
)

# Ground-truth columns (one truth row per voter row, same order).
PERSON_ID = "person_id"        # same id = same person (also across DPT and DPK)
DUP_KIND = "dup_kind"          # "" for an original; labels joined with "+" (see corrupt.py)
TRAP_ID = "trap_id"            # members of one trap share it; "" otherwise
NIK_TRUE = "nik_true"          # the NIK the person really has
TANGGAL_LAHIR_TRUE = "tanggal_lahir_true"  # the real birth date, ISO yyyy-mm-dd
TRUTH_COLUMNS: tuple[str, ...] = (PERSON_ID, DUP_KIND, TRAP_ID, NIK_TRUE, TANGGAL_LAHIR_TRUE,
                                  schema.NAMA)

DATE_FORMATS: dict[str, str] = {
    "dd-mm-yyyy": "{d:02d}-{m:02d}-{y:04d}",
    "dd/mm/yyyy": "{d:02d}/{m:02d}/{y:04d}",
    "dd|mm|yyyy": "{d:02d}|{m:02d}|{y:04d}",
    "yyyy-mm-dd": "{y:04d}-{m:02d}-{d:02d}",
}

_PAD3 = np.array([f"{i:03d}" for i in range(1000)], dtype=object)

# Causes of a redundant copy and how often each is the main one.
_PRIMARY = (cr.MOVED, cr.IDENTICAL, cr.NAME_TYPO, cr.TITLE, cr.SPELLING, cr.MIDDLE_DROPPED,
            cr.DATE_SWAPPED, cr.BIRTHPLACE, cr.NIK_EXCEL, cr.NIK_TYPO)
_PRIMARY_P = np.array([0.38, 0.12, 0.14, 0.07, 0.08, 0.03, 0.04, 0.04, 0.05, 0.05])


@dataclass
class SynthData:
    """Synthetic voter lists and their ground truth (truth rows align with data rows)."""

    dpt: pd.DataFrame
    dpk: pd.DataFrame
    truth_dpt: pd.DataFrame
    truth_dpk: pd.DataFrame
    params: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        """Counts a benchmark or README can quote."""
        t = self.truth_dpt
        n = len(t)
        redundant = n - t[PERSON_ID].nunique()
        sizes = t[PERSON_ID].value_counts()
        kinds = t[DUP_KIND].str.split("+").explode()
        kinds = kinds[kinds != ""]
        return {
            "dpt_records": n, "dpk_records": len(self.truth_dpk),
            "redundant_records": int(redundant),
            "duplicate_rate": redundant / n if n else 0.0,
            "duplicate_groups": int((sizes > 1).sum()),
            "records_in_groups": int(sizes[sizes > 1].sum()),
            "dpk_in_dpt": int(self.truth_dpk[DUP_KIND].str.contains(cr.IN_DPT).sum()),
            "labels": {k: int(v) for k, v in kinds.value_counts().sort_index().items()},
            "traps": int((t[TRAP_ID] != "").sum()),
        }


def format_dates(dates: np.ndarray, fmt: str) -> np.ndarray:
    """datetime64 array -> text in ``fmt`` (formats each distinct date once)."""
    pattern = DATE_FORMATS[fmt]
    uniq, inv = np.unique(np.asarray(dates, dtype="datetime64[D]"), return_inverse=True)
    y, m, d = ymd(uniq)
    text = np.array([pattern.format(y=a, m=b, d=c) for a, b, c in zip(y, m, d)], dtype=object)
    return text[inv]


def _int_text(values: np.ndarray) -> np.ndarray:
    import pyarrow as pa

    arr = pa.array(np.asarray(values, dtype=np.int64)).cast(pa.string())
    return arr.to_numpy(zero_copy_only=False).astype(object, copy=False)


Columns = dict[str, np.ndarray]


def _to_text(people: pd.DataFrame, desa: pd.DataFrame, regency: Regency, fmt: str,
             pid: np.ndarray) -> Columns:
    """The population as voter-list text, with internal '_' columns for sorting and truth."""
    d = people["desa"].to_numpy()
    birth = people["birth"].to_numpy().astype("datetime64[D]")
    y, m, dd = ymd(birth)
    nik_int = people["nik"].to_numpy()
    rec_int = people["nik_recorded"].to_numpy()
    nik_text = _int_text(rec_int)
    nik_true = nik_text.copy()
    differ = np.flatnonzero(nik_int != rec_int)
    nik_true[differ] = _int_text(nik_int[differ])
    trap_id = people["trap_id"].to_numpy()
    trap_text = np.full(len(people), "", dtype=object)
    has_trap = np.flatnonzero(trap_id >= 0)
    trap_text[has_trap] = "T" + _int_text(trap_id[has_trap])
    out = {
        schema.NIK: nik_text,
        schema.NKK: _int_text(people["nkk"].to_numpy()),
        schema.NAMA: people["nama"].to_numpy(dtype=object),
        schema.TEMPAT_LAHIR: people["tempat_lahir"].to_numpy(dtype=object),
        schema.TANGGAL_LAHIR: format_dates(birth, fmt),
        schema.JENIS_KELAMIN: np.where(people["female"].to_numpy(), "P", "L").astype(object),
        schema.STATUS_KAWIN: people["status_kawin"].to_numpy(dtype=object),
        schema.ALAMAT: people["alamat"].to_numpy(dtype=object),
        schema.RT: _PAD3[people["rt"].to_numpy()],
        schema.RW: _PAD3[people["rw"].to_numpy()],
        schema.DISABILITAS: people["disabilitas"].to_numpy(dtype=object),
        schema.KETERANGAN: people["keterangan"].to_numpy(dtype=object),
        schema.TPS: _PAD3[people["tps"].to_numpy()],
        schema.KELURAHAN: desa["desa_name"].to_numpy(dtype=object)[d],
        schema.KECAMATAN: desa["kec_name"].to_numpy(dtype=object)[d],
        schema.KABUPATEN: np.full(len(people), regency.name, dtype=object),
        schema.PROVINSI: np.full(len(people), regency.province, dtype=object),
        # internal
        "_pid": pid, "_desa": d, "_kec": desa["kec"].to_numpy()[d],
        "_tps": people["tps"].to_numpy(), "_rw": people["rw"].to_numpy(),
        "_rt": people["rt"].to_numpy(), "_hh": people["hh"].to_numpy(),
        "_pos": people["pos"].to_numpy(), "_y": y, "_m": m, "_d": dd,
        "_female": people["female"].to_numpy(), "_birth": birth,
        DUP_KIND: people["trap"].to_numpy(dtype=object),
        TRAP_ID: trap_text,
        NIK_TRUE: nik_true,
    }
    return out


class _Copier:
    """Makes redundant copies of records, one cause (or a few) at a time, as ``world`` says."""

    def __init__(self, base: Columns, rng: np.random.Generator, regency: Regency,
                 fmt: str, desa: pd.DataFrame, world: World):
        self.base = base
        self.rng = rng
        self.regency = regency
        self.fmt = fmt
        self.world = world
        causes, weights = world.cause_weights()
        self.causes = causes
        # today's exact weights when the world keeps them (same draws, same lists)
        self.cause_p = _PRIMARY_P if world.causes == DEFAULT_CAUSES else np.array(weights)
        self.move_cuts = ((0.22, 0.55, 0.72) if world.move_nkk == (0.22, 0.33, 0.17) else
                          tuple(np.cumsum(world.move_nkk).tolist()))
        self.desa_kec = desa["kec"].to_numpy()
        self.kec_codes = [k.code for k in regency.kecamatan]
        self.rows_desa = base["_desa"]
        self.rows_kec = base["_kec"]
        self.by_kec = {k: np.flatnonzero(self.rows_kec == k)
                       for k in range(len(regency.kecamatan))}
        self.next_hh = int(base["_hh"].max()) + 1 if len(base["_hh"]) else 0
        self.used_nkk = set(base[schema.NKK].tolist())
        self.used_nik = set(base[schema.NIK].tolist())
        self.loc_cols = [schema.KELURAHAN, schema.KECAMATAN, schema.TPS, schema.ALAMAT,
                         schema.RT, schema.RW, "_desa", "_kec", "_tps", "_rw", "_rt", "_hh",
                         schema.NKK]
        self.loc = {c: base[c] for c in self.loc_cols}

    def choose_kinds(self, extra: set[str] | None = None, primary: str | None = None
                     ) -> set[str]:
        rng, w = self.rng, self.world
        kinds = set(extra or ())
        kinds.add(primary or str(rng.choice(self.causes, p=self.cause_p)))
        if cr.MOVED not in kinds and rng.random() < w.move_rate:
            kinds.add(cr.MOVED)
        if rng.random() < w.name_slip_rate:
            kinds.add(str(rng.choice(w.name_slip_kinds)))
        if rng.random() < w.birthplace_rate:
            kinds.add(cr.BIRTHPLACE)
        if rng.random() < w.nik_excel_rate and cr.NIK_TYPO not in kinds:
            kinds.add(cr.NIK_EXCEL)
        if rng.random() < w.date_swap_rate:
            kinds.add(cr.DATE_SWAPPED)
        # knobs that are off by default draw nothing, so World() keeps today's lists
        if w.nik_slip_rate and rng.random() < w.nik_slip_rate:
            kinds.add(cr.NIK_TYPO)
        if w.combined_rate and rng.random() < w.combined_rate:
            kinds |= {cr.NIK_TYPO, cr.MOVED}
            kinds.discard(cr.NIK_EXCEL)
            if not kinds & set(cr.NAME_KINDS):
                kinds.add(str(rng.choice(w.name_slip_kinds)))
        if cr.NIK_TYPO in kinds and cr.NIK_EXCEL in kinds:
            kinds.discard(cr.NIK_TYPO if rng.random() < 0.5 else cr.NIK_EXCEL)
        if len(kinds) > 1:
            kinds.discard(cr.IDENTICAL)
        return kinds

    def _relocate(self, rec: dict[str, Any], labels: set[str]) -> None:
        rng = self.rng
        home_desa, home_kec = rec["_desa"], rec["_kec"]
        j = -1
        for _ in range(50):
            if rng.random() < self.world.move_within_kecamatan and len(self.by_kec[home_kec]):
                cand = self.by_kec[home_kec]
                j = int(cand[rng.integers(len(cand))])
            else:
                j = int(rng.integers(len(self.rows_desa)))
            if self.rows_desa[j] != home_desa:
                break
        if j < 0 or self.rows_desa[j] == home_desa:
            return  # a one-desa regency: nowhere to move to
        for c in self.loc_cols:
            if c != schema.NKK and c != "_hh":
                rec[c] = self.loc[c][j]
        labels.add(cr.MOVED)
        u = rng.random()
        join, new, missing = self.move_cuts
        if u < join:      # moved in with a family registered there
            rec[schema.NKK] = self.loc[schema.NKK][j]
            rec["_hh"] = self.loc["_hh"][j]
            rec["_pos"] = 50
            labels.add(cr.NKK_CHANGED)
        elif u < new:     # a new family card at the new address
            rec[schema.NKK] = self._new_nkk(self.kec_codes[rec["_kec"]])
            rec["_hh"] = self._new_hh()
            labels.add(cr.NKK_CHANGED)
        elif u < missing:
            rec[schema.NKK] = ""
            rec["_hh"] = self._new_hh()
            labels.add(cr.NKK_MISSING)
        else:
            rec["_hh"] = self._new_hh()

    def _new_hh(self) -> int:
        self.next_hh += 1
        return self.next_hh

    def _new_nkk(self, kec_code: str) -> str:
        rng = self.rng
        while True:
            day = int(rng.integers(1, 29))
            month = int(rng.integers(1, 13))
            year = int(rng.integers(2010, 2024))
            nkk = f"{kec_code}{day:02d}{month:02d}{year % 100:02d}{int(rng.integers(1, 60)):04d}"
            if nkk not in self.used_nkk:
                self.used_nkk.add(nkk)
                return nkk

    def make(self, src: int, extra: set[str] | None = None,
             primary: str | None = None) -> dict[str, Any]:
        """A redundant copy of base record ``src``; its truth ``dup_kind`` lists what changed."""
        rec = {c: v[src] for c, v in self.base.items()}
        kinds = self.choose_kinds(extra, primary)
        labels: set[str] = set(extra or ())
        self._place(rec, kinds, labels)
        self._slip_name(rec, kinds, labels)
        self._vary_date_and_birthplace(rec, kinds, labels)
        self._damage_nik(rec, kinds, labels)
        self._finish(rec, labels)
        return rec

    def _place(self, rec: dict[str, Any], kinds: set[str], labels: set[str]) -> None:
        if cr.MOVED in kinds:
            self._relocate(rec, labels)
        elif self.rng.random() < 0.04 and rec[schema.NKK]:
            rec[schema.NKK] = ""
            labels.add(cr.NKK_MISSING)

    def _slip_name(self, rec: dict[str, Any], kinds: set[str], labels: set[str]) -> None:
        rng = self.rng
        name = rec[schema.NAMA]
        for kind in (cr.MIDDLE_DROPPED, cr.SPELLING, cr.TITLE, cr.NAME_TYPO):
            if kind not in kinds:
                continue
            new = None
            if kind == cr.MIDDLE_DROPPED:
                new = cr.drop_middle(name, rng)
            elif kind == cr.SPELLING:
                share = self.world.old_spelling_share
                new = cr.old_spelling(name, rng) if share and rng.random() < share else None
                new = new or cr.spelling_variant(name, rng)
            elif kind == cr.TITLE:
                new = cr.toggle_title(name, bool(rec["_female"]), rng)
            if kind == cr.NAME_TYPO or new is None or new == name:
                new, kind = cr.name_typo(name, rng), cr.NAME_TYPO
            name = new
            labels.add(kind)
        rec[schema.NAMA] = name

    def _vary_date_and_birthplace(self, rec: dict[str, Any], kinds: set[str],
                                  labels: set[str]) -> None:
        if cr.DATE_SWAPPED in kinds and rec["_d"] <= 12 and rec["_d"] != rec["_m"]:
            rec[schema.TANGGAL_LAHIR] = DATE_FORMATS[self.fmt].format(
                y=rec["_y"], m=rec["_d"], d=rec["_m"])
            labels.add(cr.DATE_SWAPPED)
        if cr.BIRTHPLACE in kinds:
            rec[schema.TEMPAT_LAHIR] = cr.birthplace_variant(rec[schema.TEMPAT_LAHIR],
                                                             self.regency.place, self.rng)
            labels.add(cr.BIRTHPLACE)

    def _damage_nik(self, rec: dict[str, Any], kinds: set[str], labels: set[str]) -> None:
        w = self.world
        if cr.NIK_TYPO in kinds:
            for _ in range(20):
                nik = cr.nik_typo(rec[schema.NIK], self.rng, w.nik_slip_digits,
                                  w.nik_swap_share)
                if nik not in self.used_nik:
                    rec[schema.NIK] = nik
                    labels.add(cr.NIK_TYPO)
                    break
        if cr.NIK_EXCEL in kinds:
            rec[schema.NIK] = cr.nik_excel(rec[schema.NIK], self.rng)
            labels.add(cr.NIK_EXCEL)

    def _finish(self, rec: dict[str, Any], labels: set[str]) -> None:
        if not labels - {cr.IN_DPT}:
            labels.add(cr.IDENTICAL)
        rec[DUP_KIND] = cr.join_kinds(labels)
        rec[TRAP_ID] = ""
        if rec[schema.KETERANGAN] not in ("", "B", "U"):
            rec[schema.KETERANGAN] = ""  # the copy of a TMS record is an active one
        if cr.MOVED in labels and self.rng.random() < 0.25:
            rec[schema.KETERANGAN] = "B"  # registered as new at the new address


def _concat(base: Columns, records: list[dict[str, Any]]) -> Columns:
    if not records:
        return base
    out = {}
    for c, v in base.items():
        extra = np.array([r[c] for r in records], dtype=v.dtype if v.dtype != object else object)
        out[c] = np.concatenate([v, extra])
    return out


def _sort(cols: Columns, rng: np.random.Generator) -> Columns:
    n = len(cols["_pid"])
    order = np.lexsort((rng.random(n), cols["_pos"], cols["_hh"], cols["_rt"], cols["_rw"],
                        cols["_tps"], cols["_desa"]))
    return {c: v[order] for c, v in cols.items()}


def _person_ids(pid: np.ndarray) -> np.ndarray:
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pc.utf8_lpad(pa.array(pid, pa.int64()).cast(pa.string()), 7, "0")
    return ("P" + text.to_numpy(zero_copy_only=False).astype(object)) if len(pid) else \
        np.zeros(0, dtype=object)


def _split(cols: Columns) -> tuple[pd.DataFrame, pd.DataFrame]:
    pid = cols["_pid"].astype(np.int64)
    truth = pd.DataFrame({
        PERSON_ID: _person_ids(pid),
        DUP_KIND: cols[DUP_KIND],
        TRAP_ID: cols[TRAP_ID],
        NIK_TRUE: cols[NIK_TRUE],
        TANGGAL_LAHIR_TRUE: format_dates(cols["_birth"], "yyyy-mm-dd"),
        schema.NAMA: cols[schema.NAMA],
    })
    data = pd.DataFrame({c: cols[c] for c in VOTER_COLUMNS})
    return data, truth


def mask_numbers(values: pd.Series, digits: int = 4) -> pd.Series:
    """Star the last ``digits`` digits of 16-digit NIK/NKK values, as masked public copies
    do."""
    s = values.astype(object)
    full = s.str.fullmatch(r"\d{16}").fillna(False).astype(bool)
    out = s.copy()
    out[full] = s[full].str.slice(0, 16 - digits) + "*" * digits
    return out


def mask_years(values: pd.Series) -> pd.Series:
    """Star the 4-digit year of written birth dates (``12-08-****``)."""
    return values.astype(object).str.replace(r"\d{4}", "****", n=1, regex=True)


def _damage_lists(frames: tuple[pd.DataFrame, ...], world: World,
                  rng: np.random.Generator) -> None:
    """What happens to whole lists after they are made: Excel damage of any record's NIK,
    then masking (in place)."""
    for frame in frames:
        if world.excel_all_share:
            nik = frame[schema.NIK]
            hit = np.flatnonzero((rng.random(len(frame)) < world.excel_all_share)
                                 & nik.str.fullmatch(r"\d{16}").fillna(False).to_numpy(bool))
            values = nik.to_numpy(dtype=object).copy()
            values[hit] = [cr.nik_excel(values[i], rng) for i in hit]
            frame[schema.NIK] = values
        if world.mask_digits:
            frame[schema.NIK] = mask_numbers(frame[schema.NIK], world.mask_digits)
            frame[schema.NKK] = mask_numbers(frame[schema.NKK], world.mask_digits)
        if world.mask_birth_year:
            frame[schema.TANGGAL_LAHIR] = mask_years(frame[schema.TANGGAL_LAHIR])


def _fits(base: Columns, i: int, kind: str) -> bool:
    if kind == cr.MIDDLE_DROPPED:
        return len(cr.split_titles(base[schema.NAMA][i])[1]) >= 3
    if kind == cr.DATE_SWAPPED:
        return base["_d"][i] <= 12 and base["_d"][i] != base["_m"][i]
    return True


def _fit_forced_sources(base: Columns, sources: np.ndarray, eligible: np.ndarray,
                        rng: np.random.Generator, forced: tuple[str, ...]) -> np.ndarray:
    sources = sources.copy()
    taken = set(sources.tolist())
    for k, kind in enumerate(forced[: len(sources)]):
        if _fits(base, int(sources[k]), kind):
            continue
        for i in rng.permutation(eligible)[:5000] if len(eligible) < 100_000 else \
                eligible[rng.integers(0, len(eligible), 5000)]:
            if int(i) not in taken and _fits(base, int(i), kind):
                taken.discard(int(sources[k]))
                sources[k] = i
                taken.add(int(i))
                break
    return sources


def _sample(rng: np.random.Generator, pool: np.ndarray, k: int) -> np.ndarray:
    """k distinct elements of ``pool`` without permuting the whole (large) pool."""
    k = min(k, len(pool))
    if k == 0:
        return np.zeros(0, dtype=np.int64)
    if k * 20 > len(pool):
        return rng.choice(pool, size=k, replace=False)
    chosen: dict[int, None] = {}
    while len(chosen) < k:
        for i in rng.integers(0, len(pool), size=2 * (k - len(chosen))):
            chosen.setdefault(int(i))
            if len(chosen) == k:
                break
    return pool[np.fromiter(chosen, dtype=np.int64)]


ProgressCallback = Callable[[str, int, "int | None"], None]

_STAGES = 5


def generate(
    n_dpt: int,
    *,
    seed: int = 0,
    dup_rate: float = 0.012,
    dpk_rate: float = 0.006,
    mask_nik: bool = False,
    regency: Regency | str = JEPARA,
    date_format: str = "dd-mm-yyyy",
    triple_share: float = 0.06,
    dpk_in_dpt_share: float = 0.12,
    progress: ProgressCallback | None = None,
    world: World | str | os.PathLike[str] | None = None,
) -> SynthData:
    """A synthetic DPT of ``n_dpt`` records (copies included) and a DPK, with ground truth.

    ``dup_rate``: the share of DPT records that are redundant copies (a group of k records
    has k-1 of them). ``dpk_rate``: DPK size as a share of the DPT, of which
    ``dpk_in_dpt_share`` are people who are in the DPT too. ``mask_nik``: star the last 4
    NIK/NKK digits. ``regency``: a :class:`Regency`, or a kabupaten/kota code ("3321") or name
    (see :func:`dptclean.synth.geo.get_regency`; default Jepara). ``date_format``:
    one of :data:`DATE_FORMATS`. ``triple_share``: share of copies in groups of three.
    ``world``: the error model (a :class:`World`, a named world of
    :data:`dptclean.synth.WORLDS` or a .toml/.json file; default ``World()``, today's model;
    ``mask_nik`` masks 4 digits when the world masks none).
    ``progress(stage, done, total)`` is called between stages. Deterministic for a seed.
    """
    w = world_from(world)
    if mask_nik and not w.mask_digits:
        w = replace(w, mask_digits=4)
    enabled = gc.isenabled()
    gc.disable()  # millions of small strings: the cyclic GC only costs time here
    try:
        return _generate(n_dpt, seed=seed, dup_rate=dup_rate, dpk_rate=dpk_rate,
                         mask_nik=mask_nik, regency=regency, date_format=date_format,
                         triple_share=triple_share, dpk_in_dpt_share=dpk_in_dpt_share,
                         progress=progress or (lambda stage, done, total: None), world=w)
    finally:
        if enabled:
            gc.enable()


def _generate(n_dpt: int, *, seed: int, dup_rate: float, dpk_rate: float, mask_nik: bool,
              regency: Regency | str, date_format: str, triple_share: float,
              dpk_in_dpt_share: float, progress: ProgressCallback, world: World
              ) -> SynthData:
    regency = get_regency(regency)
    if date_format not in DATE_FORMATS:
        raise ConfigError(f"unknown date format {date_format!r}; known: "
                          f"{', '.join(DATE_FORMATS)}")
    if n_dpt < 1:
        raise ConfigError("the number of DPT records must be at least 1")
    if not 0 <= dup_rate < 0.5:
        raise ConfigError("the duplicate rate must be between 0 and 0.5")
    if not 0 <= dpk_rate <= 1:
        raise ConfigError("the DPK rate must be between 0 and 1")
    rng = np.random.default_rng(seed)

    n_copies = int(round(n_dpt * dup_rate))
    n_dpk = int(round(n_dpt * dpk_rate))
    n_dpk_in = min(int(round(n_dpk * dpk_in_dpt_share)), max(0, n_dpt - n_copies))
    if n_dpk >= 5:
        n_dpk_in = max(n_dpk_in, 1)
    n_dpk_new = n_dpk - n_dpk_in
    counts = trap_counts(n_dpt - n_copies, world.trap_rates())
    n_orig = n_dpt - n_copies
    n_base = max(n_orig - counts[cr.TRAP_TWIN], 1) + n_dpk_new

    progress("synth: people and households", 0, _STAGES)
    people, desa = make_population(n_base, rng, regency, world)
    progress("synth: traps", 1, _STAGES)
    people = plant_traps(people, rng, counts, world)
    # Drop surplus people so the DPT has exactly n_orig originals (twins change the total).
    surplus = len(people) - n_orig - n_dpk_new
    free = np.flatnonzero(people["trap"].to_numpy() == "")
    if surplus > 0:
        people = people.drop(index=people.index[_sample(rng, free, surplus)])
        people = people.reset_index(drop=True)
        free = np.flatnonzero(people["trap"].to_numpy() == "")
    in_dpk = np.zeros(len(people), dtype=bool)
    in_dpk[_sample(rng, free, n_dpk_new)] = True
    # List order (desa, TPS, RW, RT, household) now, so the final sort barely moves rows.
    order = np.lexsort((people["pos"].to_numpy(), people["hh"].to_numpy(),
                        people["rt"].to_numpy(), people["rw"].to_numpy(),
                        people["tps"].to_numpy(), people["desa"].to_numpy()))
    people = people.iloc[order].reset_index(drop=True)
    in_dpk = in_dpk[order]
    pid = np.arange(len(people))

    progress("synth: voter text", 2, _STAGES)
    base_dpt = _to_text(people[~in_dpk], desa, regency, date_format, pid[~in_dpk])
    base_dpk = _to_text(people[in_dpk], desa, regency, date_format, pid[in_dpk])
    del people

    progress("synth: duplicates", 3, _STAGES)
    copier = _Copier(base_dpt, rng, regency, date_format, desa, world)
    eligible = np.flatnonzero((base_dpt[TRAP_ID] == "")
                              & ~np.isin(base_dpt[schema.KETERANGAN], ["1", "4", "5", "8"]))
    n_triples = int(round(n_copies * triple_share / 2))
    n_pairs = n_copies - 2 * n_triples
    n_groups = n_pairs + n_triples
    if n_groups > len(eligible):
        raise ConfigError("the duplicate rate is too high for this number of records")
    picks = _sample(rng, eligible, n_groups + n_dpk_in)
    sources, dpk_sources = picks[:n_groups], picks[n_groups:]
    # The first copies cover every cause once, so even a small sample file has each kind;
    # causes that need a particular record get one.
    forced = tuple(c for c in _PRIMARY if world.causes.get(c, 0) > 0)
    sources = _fit_forced_sources(base_dpt, sources, eligible, rng, forced)
    copies = [copier.make(int(s), primary=forced[k] if k < len(forced) else None)
              for k, s in enumerate(sources)]
    copies += [copier.make(int(s)) for s in sources[:n_triples]]
    dpt = _sort(_concat(base_dpt, copies), rng)

    dpk_copies = [copier.make(int(s), extra={cr.IN_DPT}) for s in dpk_sources]
    dpk = _sort(_concat(base_dpk, dpk_copies), rng)

    progress("synth: lists and truth", 4, _STAGES)
    dpt_data, truth_dpt = _split(dpt)
    dpk_data, truth_dpk = _split(dpk)
    _damage_lists((dpt_data, dpk_data), world, rng)
    params = {"n_dpt": n_dpt, "seed": seed, "dup_rate": dup_rate, "dpk_rate": dpk_rate,
              "mask_nik": mask_nik, "regency": regency.name, "date_format": date_format,
              "world": world.name}
    progress("synth: done", _STAGES, _STAGES)
    return SynthData(dpt=dpt_data, dpk=dpk_data, truth_dpt=truth_dpt, truth_dpk=truth_dpk,
                     params=params)


def true_pairs(truth: pd.DataFrame, *, traps: bool = False) -> pd.DataFrame:
    """Pairs of record positions (``left`` < ``right``) that are the same person.

    With ``traps=True``: the pairs of trap members instead (different people who look alike).
    Positions are row positions of ``truth`` (0-based), i.e. of the records as read back.
    """
    key = truth[TRAP_ID] if traps else truth[PERSON_ID]
    pos = pd.Series(np.arange(len(truth)), index=truth.index)
    frame = pd.DataFrame({"key": key.to_numpy(), "pos": pos.to_numpy()})
    if traps:
        frame = frame[frame["key"] != ""]
    sizes = frame.groupby("key")["pos"].transform("size")
    frame = frame[sizes > 1]
    merged = frame.merge(frame, on="key", suffixes=("_l", "_r"))
    merged = merged[merged["pos_l"] < merged["pos_r"]]
    out = pd.DataFrame({"left": merged["pos_l"].to_numpy(), "right": merged["pos_r"].to_numpy()})
    return out.sort_values(["left", "right"]).reset_index(drop=True)


def write_truth(truth: pd.DataFrame, path: str | os.PathLike[str],
                order: np.ndarray | None = None) -> None:
    """Write a truth frame as CSV; ``order`` gives the rows in the order they were written
    (see :mod:`dptclean.synth.layouts`). Adds ``record``: the 0-based position of the record
    in what :func:`dptclean.read_voters` returns for the written file."""
    from dptclean.synth.csvfast import write_csv

    t = truth if order is None else truth.iloc[np.asarray(order)]
    columns: dict[str, Any] = {"record": np.arange(len(t))}
    columns.update({c: t[c].to_numpy(dtype=object) for c in t.columns})
    try:
        write_csv(columns, path)
    except OSError as exc:
        raise OutputError(f"cannot write the truth file: {exc.strerror or exc}",
                          path=os.fspath(path)) from None
