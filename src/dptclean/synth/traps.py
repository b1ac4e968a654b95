"""Plant the traps: distinct people who look like duplicates (see DOMAIN.md "Traps").

Works on the population frame of :mod:`dptclean.synth.people` before it becomes text. Every
trap member gets ``trap`` (its label) and ``trap_id`` (shared by the members of one trap).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from dptclean.synth import corrupt as cr
from dptclean.synth import names as nm
from dptclean.synth.people import LATEST_BIRTH, nik_prefix, ymd

COMMON_F = ("SITI AMINAH", "SRI WAHYUNI", "SITI FATIMAH", "SUPARMI", "SUMIATI", "SITI KHOTIMAH")
COMMON_M = ("SUPARNO", "MUHAMMAD ALI", "SLAMET", "SUTRISNO", "AHMAD ALI", "MUHAMMAD FAUZI")


def trap_counts(n: int) -> dict[str, int]:
    """How many traps of each kind for ``n`` records (at least one each from 100 records)."""
    if n < 100:
        return {k: 0 for k in cr.TRAP_KINDS}
    return {
        cr.TRAP_TWIN: max(1, round(n * 0.0015)),
        cr.TRAP_PARENT_CHILD: max(1, round(n * 0.0008)),
        cr.TRAP_NAMESAKE: max(1, round(n * 0.0004)),
        cr.TRAP_SAME_NIK: max(1, round(n * 0.0002)),
    }


class _NikPool:
    """Issued NIKs, so a new one is never someone else's."""

    def __init__(self, niks: np.ndarray):
        self.used = set(niks.tolist())

    def new(self, prefix: int, rng: np.random.Generator, after: int | None = None) -> int:
        """A free NIK with this prefix; serials are issued in order, so take an early one."""
        serial = (after + 1) if after is not None else int(rng.integers(1, 40))
        for _ in range(10000):
            nik = prefix * 10_000 + serial
            if nik not in self.used:
                self.used.add(nik)
                return nik
            serial = serial % 9999 + 1
        raise ValueError("no free NIK serial")  # pragma: no cover


def plant_traps(people: pd.DataFrame, rng: np.random.Generator,  # noqa: C901 (to split: issue 15)
                counts: dict[str, int]) -> pd.DataFrame:
    """Return the population with traps planted (twins are added as new rows)."""
    people = people.copy()
    people["trap"] = ""
    people["trap_id"] = -1
    pool = _NikPool(people["nik"].to_numpy())
    next_id = 0
    taken = np.zeros(len(people), dtype=bool)

    # parent and child with the same name in one household (modifies the child)
    pos = people["pos"].to_numpy()
    female = people["female"].to_numpy()
    age = people["age"].to_numpy()
    starts = np.flatnonzero(pos == 0)
    head_of = starts[np.searchsorted(starts, np.arange(len(people)), side="right") - 1]
    names = people["nama"].to_numpy(dtype=object)
    cand = np.flatnonzero((pos >= 2) & (female == female[head_of])
                          & (age <= age[head_of] - 18))
    rng.shuffle(cand)
    want = counts.get(cr.TRAP_PARENT_CHILD, 0)
    for child in cand:
        if want == 0:
            break
        head = head_of[child]
        if taken[child] or taken[head]:
            continue
        pre, core, suffix = cr.split_titles(names[head])
        names[child] = " ".join(core)
        for i in (head, child):
            people.iat[i, people.columns.get_loc("trap")] = cr.TRAP_PARENT_CHILD
            people.iat[i, people.columns.get_loc("trap_id")] = next_id
            taken[i] = True
        next_id += 1
        want -= 1
    people["nama"] = names

    # namesakes: a common name and one placeholder date in different villages
    birth = people["birth"].to_numpy()
    year = ymd(birth)[0]
    desa = people["desa"].to_numpy()
    by_key = np.lexsort((female, year))
    keys = year[by_key] * 2 + female[by_key]
    for _ in range(counts.get(cr.TRAP_NAMESAKE, 0)):
        fem = bool(rng.random() < 0.5)
        name = (COMMON_F if fem else COMMON_M)[int(rng.integers(6))]
        y = int(rng.integers(1940, 1981))
        which = int(rng.integers(3))
        date = np.datetime64(f"{y}-12-31" if which == 0 else f"{y}-07-01" if which == 1
                             else f"{y}-01-01")
        k = 2 if rng.random() < 0.7 else 3
        lo, hi = np.searchsorted(keys, [y * 2 + fem, y * 2 + fem + 1])
        idx = by_key[lo:hi].copy()
        idx = idx[~taken[idx]]
        rng.shuffle(idx)
        members: list[int] = []
        for i in idx:
            if desa[i] not in {desa[j] for j in members}:
                members.append(int(i))
            if len(members) == k:
                break
        if len(members) < 2 or date > LATEST_BIRTH:
            continue
        col = people.columns.get_loc
        for i in members:
            people.iat[i, col("nama")] = name
            people.iat[i, col("birth")] = date
            people.iat[i, col("placeholder")] = True
            pref = int(nik_prefix(np.array([people.iat[i, col("region")]]),
                                  np.array([date]), np.array([fem]))[0])
            people.iat[i, col("nik")] = pool.new(pref, rng)
            people.iat[i, col("trap")] = cr.TRAP_NAMESAKE
            people.iat[i, col("trap_id")] = next_id
            taken[i] = True
        next_id += 1

    # two people recorded with one NIK (entry error): the second shows the first one's NIK
    people["nik_recorded"] = people["nik"]
    for _ in range(counts.get(cr.TRAP_SAME_NIK, 0)):
        a, b = (int(x) for x in rng.integers(0, len(people), size=2))
        col = people.columns.get_loc
        if a == b or taken[a] or taken[b] \
                or people.iat[a, col("nama")] == people.iat[b, col("nama")] \
                or people.iat[a, col("birth")] == people.iat[b, col("birth")] \
                or people.iat[a, col("hh")] == people.iat[b, col("hh")]:
            continue
        people.iat[b, people.columns.get_loc("nik_recorded")] = people.iat[
            a, people.columns.get_loc("nik")]
        for i in (a, b):
            people.iat[i, people.columns.get_loc("trap")] = cr.TRAP_SAME_NIK
            people.iat[i, people.columns.get_loc("trap_id")] = next_id
            taken[i] = True
        next_id += 1

    # twins: a new person next to a child, same NKK and birth date, other first name
    cand = np.flatnonzero((pos >= 2) & ~taken & (age <= 60))
    n_twins = min(counts.get(cr.TRAP_TWIN, 0), len(cand))
    src = rng.choice(cand, size=n_twins, replace=False) if n_twins else np.zeros(0, int)
    twins = people.iloc[src].copy()
    twin_female = np.where(rng.random(n_twins) < 0.6, twins["female"].to_numpy(),
                           ~twins["female"].to_numpy())
    twin_names: list[Any] = []
    for (_, row), fem in zip(twins.iterrows(), twin_female):
        base_year = int(ymd(np.array([row["birth"]]))[0][0])
        if fem == row["female"]:
            twin_names.append(nm.another_name_like(rng, row["nama"], bool(fem), base_year))
        else:
            first = row["nama"].split()[0]
            for _ in range(20):
                cand = nm.sample_names(rng, np.array([fem]), np.array([base_year]))[0]
                if cand.split()[0] != first:
                    break
            twin_names.append(cand)
    twins["female"] = twin_female
    twins["nama"] = np.array(twin_names, dtype=object)
    prefs = nik_prefix(twins["region"].to_numpy(), twins["birth"].to_numpy(), twin_female)
    twins["nik"] = [pool.new(int(p), rng, after=int(sib) % 10_000)
                    for p, sib in zip(prefs, twins["nik"].to_numpy())]
    twins["nik_recorded"] = twins["nik"]
    ids = np.arange(next_id, next_id + n_twins)
    twins["trap"] = cr.TRAP_TWIN
    twins["trap_id"] = ids
    people.iloc[src, people.columns.get_loc("trap")] = cr.TRAP_TWIN
    people.iloc[src, people.columns.get_loc("trap_id")] = ids
    twins["twin_of"] = src
    people["twin_of"] = -1
    out = pd.concat([people, twins], ignore_index=True)
    # keep each twin next to its sibling
    key = np.where(out["twin_of"].to_numpy() >= 0, out["twin_of"].to_numpy(),
                   np.arange(len(out)))
    order = np.lexsort((np.arange(len(out)), key))
    return out.iloc[order].reset_index(drop=True).drop(columns=["twin_of"])
