"""A synthetic population: households, people, NIK/NKK, places — vectorised with numpy.

Everything here works on whole arrays so a regency of a million voters takes seconds. The
population is a DataFrame with one row per person and internal columns (prefixed by nothing:
it never leaves the synth package; :mod:`dptclean.synth.generator` turns it into voter text).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dptclean.synth import names as nm
from dptclean.synth.geo import DUKUH, OTHER_REGIONS, STREETS, Regency
from dptclean.synth.world import World

# Reference date: election day of the 2024 general election; voters are 17 or older on it.
REF_DATE = np.datetime64("2024-02-14", "D")
LATEST_BIRTH = np.datetime64("2007-02-14", "D")
MIN_AGE, MAX_AGE = 17, 95

HOUSEHOLD_SIZES = np.array([1, 2, 3, 4, 5, 6])
HOUSEHOLD_P = np.array([0.13, 0.33, 0.25, 0.17, 0.08, 0.04])
TPS_CAPACITY = 270


def age_weights() -> tuple[np.ndarray, np.ndarray]:
    """Ages 17..95 and their relative frequency (a rough Indonesian voter pyramid)."""
    ages = np.arange(MIN_AGE, MAX_AGE + 1)
    w = np.ones(len(ages), dtype=float)
    w = np.where(ages > 45, 1.0 - (ages - 45) * (0.85 / 35), w)   # 1.0 at 45 -> 0.15 at 80
    w = np.where(ages > 80, 0.15 - (ages - 80) * (0.13 / 15), w)  # -> 0.02 at 95
    return ages, np.clip(w, 0.01, None)


def _sample_age(rng: np.random.Generator, k: int, min_age: np.ndarray | int) -> np.ndarray:
    ages, w = age_weights()
    cdf = np.cumsum(w) / w.sum()
    lo = np.searchsorted(ages, np.asarray(min_age))
    lo_cdf = np.where(lo > 0, cdf[np.maximum(lo - 1, 0)], 0.0)
    u = lo_cdf + rng.random(k) * (1.0 - lo_cdf)
    return ages[np.minimum(np.searchsorted(cdf, u), len(ages) - 1)]


def ymd(dates: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month, day of a datetime64[D] array as int arrays."""
    dates = np.asarray(dates, dtype="datetime64[D]")
    y = dates.astype("datetime64[Y]")
    m = dates.astype("datetime64[M]")
    return (y.astype(np.int64) + 1970, (m - y.astype("datetime64[M]")).astype(np.int64) + 1,
            (dates - m.astype("datetime64[D]")).astype(np.int64) + 1)


def nik_prefix(region: np.ndarray, birth: np.ndarray, female: np.ndarray) -> np.ndarray:
    """The first 12 NIK digits as int64: region (6) + DDMMYY with +40 on the day for women."""
    female = np.asarray(female, dtype=bool)
    y, m, d = ymd(birth)
    d = d + 40 * female.astype(np.int64)
    return region.astype(np.int64) * 1_000_000 + d * 10_000 + m * 100 + (y % 100)


def assign_serials(rng: np.random.Generator, prefix: np.ndarray) -> np.ndarray:
    """Unique 4-digit serials within each 12-digit prefix (issued in order, with small gaps)."""
    n = len(prefix)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((rng.random(n), prefix))
    keys = prefix[order]
    start = np.ones(n, dtype=bool)
    start[1:] = keys[1:] != keys[:-1]
    gaps = rng.integers(1, 4, n)  # 1..3
    cs = np.cumsum(gaps)
    group = np.cumsum(start) - 1
    base = (cs - gaps)[start][group]
    serial = cs - base
    rank = np.arange(n) - np.flatnonzero(start)[group]
    serial = np.where(serial > 9999, rank + 1, serial)
    if serial.max() > 9999:  # pragma: no cover - needs >9999 people on one date and region
        raise ValueError("too many people share one NIK prefix")
    out = np.empty(n, dtype=np.int64)
    out[order] = serial
    return out


def _desa_table(regency: Regency, rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for k, kec in enumerate(regency.kecamatan):
        w = rng.lognormal(0.0, 0.35, len(kec.desa))
        w = w / w.sum() * kec.weight
        for j, desa in enumerate(kec.desa):
            rows.append((k, kec.code, kec.name, desa, float(w[j])))
    t = pd.DataFrame(rows, columns=["kec", "kec_code", "kec_name", "desa_name", "weight"])
    t["p"] = t["weight"] / t["weight"].sum()
    return t


def _birthplace_thresholds(home: float | None) -> tuple[float, float, float]:
    """Cut points of one uniform draw: below the first the birthplace is the regency, then a
    kecamatan, a desa, elsewhere (14 : 4 : 4 of the rest, as by default)."""
    if home is None:
        return 0.78, 0.92, 0.96
    rest = 1.0 - home
    return home, home + rest * 14 / 22, home + rest * 18 / 22


def make_population(n: int, rng: np.random.Generator, regency: Regency,
                    world: World | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``n`` people in households; returns (people, desa table). ``world`` sets the
    placeholder-date share, the name diversity and the birthplace concentration."""
    world = world or World()
    desa = _desa_table(regency, rng)
    n_desa = len(desa)

    # households
    m = int(n / 2.4) + 16
    sizes = rng.choice(HOUSEHOLD_SIZES, size=m, p=HOUSEHOLD_P)
    while sizes.sum() < n:
        sizes = np.concatenate([sizes, rng.choice(HOUSEHOLD_SIZES, size=m, p=HOUSEHOLD_P)])
    cum = np.cumsum(sizes)
    h = int(np.searchsorted(cum, n)) + 1
    sizes = sizes[:h].copy()
    sizes[-1] -= int(cum[h - 1] - n)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    hh = np.repeat(np.arange(h), sizes)
    pos = np.arange(n) - starts[hh]
    size_p = sizes[hh]

    hh_desa = rng.choice(n_desa, size=h, p=desa["p"].to_numpy())
    has_spouse = rng.random(h) < 0.86

    # ages
    min_head = np.where(sizes >= 3, 38, np.where(sizes == 2, 22, MIN_AGE))
    head_age = _sample_age(rng, h, min_head)
    head_age_p = head_age[hh]
    age = np.empty(n, dtype=np.int64)
    is_head = pos == 0
    is_spouse = (pos == 1) & has_spouse[hh]
    is_child = ~is_head & ~is_spouse
    age[is_head] = head_age_p[is_head]
    age[is_spouse] = np.clip(head_age_p[is_spouse] + np.rint(
        rng.normal(-3, 4, is_spouse.sum())).astype(np.int64), MIN_AGE, MAX_AGE)
    gap = rng.integers(20, 39, is_child.sum())
    age[is_child] = np.maximum(head_age_p[is_child] - gap, MIN_AGE + rng.integers(0, 4,
                                                                              is_child.sum()))
    age = np.clip(age, MIN_AGE, MAX_AGE)

    # sex
    head_female = np.where(sizes == 1, rng.random(h) < 0.55, rng.random(h) < 0.13)
    female = np.empty(n, dtype=bool)
    female[is_head] = head_female[hh][is_head]
    female[is_spouse] = ~head_female[hh][is_spouse]
    female[is_child] = rng.random(is_child.sum()) < 0.5

    # birth dates: a random day in the year that gives the age on REF_DATE
    offset = (age * 365.2425 + rng.random(n) * 364).astype(np.int64)
    birth = REF_DATE - offset.astype("timedelta64[D]")
    birth = np.minimum(birth, LATEST_BIRTH)
    year = ymd(birth)[0]
    p_ph = np.select([year < 1950, year < 1966, year < 1981, year < 1996],
                     [0.35, 0.22, 0.08, 0.03], 0.01)
    if world.placeholder_share is not None:  # same shape over ages, scaled to the share
        p_ph = np.clip(p_ph * (world.placeholder_share / max(float(p_ph.mean()), 1e-9)), 0, 1)
    placeholder = rng.random(n) < p_ph
    u = rng.random(n)
    old = year < 1986
    kind = np.where(old, np.select([u < 0.6, u < 0.8], [0, 1], 2),   # 0: 31 Dec, 1: 1 Jan
                    np.select([u < 0.5, u < 0.8], [2, 1], 0))        # 2: 1 Jul
    months = (year - 1970) * 12
    dec31 = (months + 12).astype("datetime64[M]").astype("datetime64[D]") - np.timedelta64(1, "D")
    jan1 = months.astype("datetime64[M]").astype("datetime64[D]")
    jul1 = (months + 6).astype("datetime64[M]").astype("datetime64[D]")
    ph_date = np.select([kind == 0, kind == 1], [dec31, jan1], jul1)
    placeholder &= ph_date <= LATEST_BIRTH
    birth = np.where(placeholder, ph_date, birth)

    # region of first issue (NIK) and birthplace
    kec_idx = desa["kec"].to_numpy()[hh_desa][hh]
    kec_codes = np.array([int(k.code) for k in regency.kecamatan], dtype=np.int64)
    kec_names = np.array([k.name for k in regency.kecamatan], dtype=object)
    p_out = np.where(is_spouse, 0.18, 0.07)
    u = rng.random(n)
    outside = u < p_out
    other_kec = (u >= p_out) & (u < p_out + 0.07)
    region_kec = np.where(other_kec, rng.integers(0, len(kec_codes), n), kec_idx)
    region = kec_codes[region_kec]
    others = regency.others or OTHER_REGIONS
    oreg = np.array([int(r[0]) for r in others], dtype=np.int64)
    oplace = np.array([r[1] for r in others], dtype=object)
    ow = np.array([r[2] for r in others])
    pick = rng.choice(len(oreg), size=n, p=ow / ow.sum())
    region = np.where(outside, oreg[pick], region)

    u = rng.random(n)
    desa_names = desa["desa_name"].to_numpy(dtype=object)
    tempat = np.full(n, regency.place, dtype=object)
    home, t_kec, t_desa = _birthplace_thresholds(world.birthplace_home_share)
    as_kec = (u >= home) & (u < t_kec)
    tempat[as_kec] = kec_names[region_kec[as_kec]]
    as_desa = (u >= t_kec) & (u < t_desa)
    tempat[as_desa] = desa_names[hh_desa[hh][as_desa]]
    elsewhere = u >= t_desa
    tempat[elsewhere] = oplace[pick[elsewhere]]
    tempat[outside] = np.where(rng.random(outside.sum()) < 0.93, oplace[pick[outside]],
                               regency.place)

    # NIK
    prefix = nik_prefix(region, birth, female)
    nik = prefix * 10_000 + assign_serials(rng, prefix)

    # NKK per household: region of residence + registration date + serial (no +40 rule)
    hh_kec_code = kec_codes[desa["kec"].to_numpy()[hh_desa]]
    reg_date = np.datetime64("2005-01-01") + rng.integers(0, 6939, h).astype("timedelta64[D]")
    ry, rm, rd = ymd(reg_date)
    nkk_prefix = hh_kec_code * 1_000_000 + rd * 10_000 + rm * 100 + ry % 100
    nkk_hh = nkk_prefix * 10_000 + assign_serials(rng, nkk_prefix)

    # places inside the desa: RW, RT, address, TPS
    voters_desa = np.bincount(hh_desa, weights=sizes, minlength=n_desa)
    nrw = np.clip(np.rint(voters_desa / 700), 1, 12).astype(np.int64)
    nrt = np.clip(np.rint(voters_desa / nrw / 120), 2, 15).astype(np.int64)
    hh_rw = 1 + (rng.random(h) * nrw[hh_desa]).astype(np.int64)
    hh_rt = 1 + (rng.random(h) * nrt[hh_desa]).astype(np.int64)
    urban = np.array([k.name in regency.urban for k in regency.kecamatan])[
        desa["kec"].to_numpy()][hh_desa]
    dukuh_pool = np.array(DUKUH, dtype=object)
    street_pool = np.array(STREETS, dtype=object)
    style = hh_desa % 3
    dk = dukuh_pool[(hh_desa * 7 + hh_rw * 3) % len(DUKUH)]
    prefix_txt = np.array(["DK. ", "DUKUH ", ""], dtype=object)[style]
    house_no = rng.integers(1, 160, h).astype(str).astype(object)
    street = street_pool[(hh_desa * 5 + hh_rw) % len(STREETS)]
    hh_alamat = np.where(urban, "JL. " + street + " NO. " + house_no, prefix_txt + dk)

    hh_order = np.lexsort((rng.random(h), hh_rt, hh_rw, hh_desa))
    sorted_desa = hh_desa[hh_order]
    sorted_sizes = sizes[hh_order]
    cs = np.cumsum(sorted_sizes)
    dstart = np.ones(h, dtype=bool)
    dstart[1:] = sorted_desa[1:] != sorted_desa[:-1]
    grp = np.cumsum(dstart) - 1
    before = (cs - sorted_sizes) - (cs - sorted_sizes)[dstart][grp]
    hh_tps = np.empty(h, dtype=np.int64)
    hh_tps[hh_order] = before // TPS_CAPACITY + 1

    # marital status
    status = np.full(n, "S", dtype=object)
    u = rng.random(n)
    status[is_child] = np.where(age[is_child] < 22, np.where(u[is_child] < 0.92, "B", "S"),
                                np.where(age[is_child] < 30,
                                         np.where(u[is_child] < 0.5, "B", "S"),
                                         np.where(u[is_child] < 0.2, "B",
                                                  np.where(u[is_child] < 0.93, "S", "P"))))
    alone = size_p == 1
    status[alone] = np.where(age[alone] >= 55, np.where(u[alone] < 0.75, "P", "S"),
                             np.where(age[alone] < 25, "B", np.where(u[alone] < 0.5, "B", "P")))
    single_head = is_head & ~alone & ~has_spouse[hh]
    status[single_head] = np.where(age[single_head] >= 45, "P", "S")

    # names
    nama = nm.sample_names(rng, female, year)
    if world.name_pool is not None:
        nama = nm.limit_names(rng, nama, female, world.name_pool)
    if world.common_name_share:
        nama = nm.common_names(rng, nama, female, world.common_name_share)
    nama = nm.add_titles(rng, nama, female, age)

    # disabilitas, keterangan
    dis = np.full(n, "", dtype=object)
    dmask = rng.random(n) < np.where(age > 70, 0.02, 0.004)
    dis[dmask] = rng.choice(np.array(["1", "2", "3", "4", "5", "6"], dtype=object),
                            size=dmask.sum(), p=[0.45, 0.08, 0.1, 0.05, 0.12, 0.2])
    ket = np.full(n, "", dtype=object)
    u = rng.random(n)
    ket[(age <= 18) & (u < 0.35)] = "B"
    ket[(u >= 0.985) & (u < 0.995)] = "U"
    tms = u >= 0.996
    ket[tms] = rng.choice(np.array(["1", "4", "5", "8"], dtype=object), size=tms.sum(),
                          p=[0.5, 0.35, 0.1, 0.05])

    people = pd.DataFrame({
        "hh": hh, "pos": pos, "female": female, "age": age, "birth": birth,
        "placeholder": placeholder, "region": region, "nik": nik, "nkk": nkk_hh[hh],
        "desa": hh_desa[hh], "tps": hh_tps[hh], "rw": hh_rw[hh], "rt": hh_rt[hh],
        "alamat": hh_alamat[hh], "nama": nama, "tempat_lahir": tempat, "status_kawin": status,
        "disabilitas": dis, "keterangan": ket,
    })
    return people, desa
