"""Plant the traps: distinct people who look like duplicates (see docs/domain.md, look-alikes that are not duplicates).

Works on the population frame of :mod:`dptclean.synth.people` before it becomes text. Every
trap member gets ``trap`` (its label) and ``trap_id`` (shared by the members of one trap).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dptclean.synth import corrupt as cr
from dptclean.synth import names as nm
from dptclean.synth.names import COMMON_F, COMMON_M
from dptclean.synth.people import LATEST_BIRTH, nik_prefix, ymd
from dptclean.synth.world import World


def trap_counts(n: int, rates: dict[str, float] | None = None) -> dict[str, int]:
    """How many traps of each kind for ``n`` records (at least one of each kind whose rate is
    not 0, from 100 records). ``rates``: traps per record (default: World().trap_rates())."""
    if rates is None:
        rates = World().trap_rates()
    if n < 100:
        return {k: 0 for k in cr.TRAP_KINDS}
    return {k: max(1, round(n * rates[k])) if rates[k] > 0 else 0 for k in cr.TRAP_KINDS}


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


class _Planter:
    """Plants the traps one kind at a time on a copy of the population frame."""

    def __init__(self, people: pd.DataFrame, rng: np.random.Generator, world: World):
        self.people = people.copy()
        self.people["trap"] = ""
        self.people["trap_id"] = -1
        self.rng = rng
        self.world = world
        self.pool = _NikPool(self.people["nik"].to_numpy())
        self.next_id = 0
        self.taken = np.zeros(len(self.people), dtype=bool)
        self.col = self.people.columns.get_loc

    def mark(self, rows: list[int], kind: str) -> None:
        for i in rows:
            self.people.iat[i, self.col("trap")] = kind
            self.people.iat[i, self.col("trap_id")] = self.next_id
            self.taken[i] = True
        self.next_id += 1

    def parent_child(self, want: int) -> None:
        """Parent and child with the same name in one household (renames the child)."""
        people, rng = self.people, self.rng
        pos = people["pos"].to_numpy()
        female = people["female"].to_numpy()
        age = people["age"].to_numpy()
        starts = np.flatnonzero(pos == 0)
        head_of = starts[np.searchsorted(starts, np.arange(len(people)), side="right") - 1]
        names = people["nama"].to_numpy(dtype=object)
        cand = np.flatnonzero((pos >= 2) & (female == female[head_of])
                              & (age <= age[head_of] - 18))
        rng.shuffle(cand)
        for child in cand:
            if want == 0:
                break
            head = head_of[child]
            if self.taken[child] or self.taken[head]:
                continue
            names[child] = " ".join(cr.split_titles(names[head])[1])
            self.mark([int(head), int(child)], cr.TRAP_PARENT_CHILD)
            want -= 1
        people["nama"] = names

    def namesakes(self, count: int) -> None:
        """A common name and one (placeholder) date in different villages; with the world's
        ``neighbour_share``, issued in one district with serials one apart."""
        people, rng, col = self.people, self.rng, self.col
        female = people["female"].to_numpy()
        year = ymd(people["birth"].to_numpy())[0]
        desa = people["desa"].to_numpy()
        by_key = np.lexsort((female, year))
        keys = year[by_key] * 2 + female[by_key]
        for _ in range(count):
            fem = bool(rng.random() < 0.5)
            name = (COMMON_F if fem else COMMON_M)[int(rng.integers(6))]
            y = int(rng.integers(1940, 1981))
            date, placeholder = self._namesake_date(y)
            k = 2 if rng.random() < 0.7 else 3
            lo, hi = np.searchsorted(keys, [y * 2 + fem, y * 2 + fem + 1])
            idx = by_key[lo:hi].copy()
            idx = idx[~self.taken[idx]]
            rng.shuffle(idx)
            members: list[int] = []
            for i in idx:
                if desa[i] not in {desa[j] for j in members}:
                    members.append(int(i))
                if len(members) == k:
                    break
            if len(members) < 2 or date > LATEST_BIRTH:
                continue
            neighbours = bool(self.world.neighbour_share
                              and rng.random() < self.world.neighbour_share)
            prev: int | None = None
            for i in members:
                if neighbours and prev is not None:  # issued in the first member's district
                    people.iat[i, col("region")] = people.iat[members[0], col("region")]
                people.iat[i, col("nama")] = name
                people.iat[i, col("birth")] = date
                people.iat[i, col("placeholder")] = placeholder
                pref = int(nik_prefix(np.array([people.iat[i, col("region")]]),
                                      np.array([date]), np.array([fem]))[0])
                nik = self.pool.new(pref, rng, after=prev if neighbours else None)
                people.iat[i, col("nik")] = nik
                prev = nik % 10_000
            self.mark(members, cr.TRAP_NAMESAKE)

    def _namesake_date(self, y: int) -> tuple[np.datetime64, bool]:
        rng = self.rng
        which = int(rng.integers(3))
        share = self.world.namesake_placeholder_share
        if share < 1 and rng.random() >= share:  # an ordinary day of that year
            return np.datetime64(f"{y}-01-01") + np.timedelta64(int(rng.integers(365)), "D"), \
                False
        return np.datetime64(f"{y}-12-31" if which == 0 else f"{y}-07-01" if which == 1
                             else f"{y}-01-01"), True

    def same_nik(self, count: int) -> None:
        """Two people recorded with one NIK (entry error): the second shows the first's."""
        people, rng, col = self.people, self.rng, self.col
        people["nik_recorded"] = people["nik"]
        for _ in range(count):
            a, b = (int(x) for x in rng.integers(0, len(people), size=2))
            if a == b or self.taken[a] or self.taken[b] \
                    or people.iat[a, col("nama")] == people.iat[b, col("nama")] \
                    or people.iat[a, col("birth")] == people.iat[b, col("birth")] \
                    or people.iat[a, col("hh")] == people.iat[b, col("hh")]:
                continue
            people.iat[b, people.columns.get_loc("nik_recorded")] = people.iat[a, col("nik")]
            self.mark([a, b], cr.TRAP_SAME_NIK)

    def twins(self, count: int) -> pd.DataFrame:
        """A new person next to a child: same NKK and birth date, other first name. Returns
        the population with the twins added, each right after its sibling."""
        people, rng = self.people, self.rng
        pos = people["pos"].to_numpy()
        cand = np.flatnonzero((pos >= 2) & ~self.taken & (people["age"].to_numpy() <= 60))
        n_twins = min(count, len(cand))
        src = rng.choice(cand, size=n_twins, replace=False) if n_twins else np.zeros(0, int)
        twins = people.iloc[src].copy()
        twin_female = np.where(rng.random(n_twins) < 0.6, twins["female"].to_numpy(),
                               ~twins["female"].to_numpy())
        twins["nama"] = np.array([_twin_name(rng, row, bool(fem)) for (_, row), fem
                                  in zip(twins.iterrows(), twin_female)], dtype=object)
        twins["female"] = twin_female
        prefs = nik_prefix(twins["region"].to_numpy(), twins["birth"].to_numpy(), twin_female)
        twins["nik"] = [self.pool.new(int(p), rng, after=int(sib) % 10_000)
                        for p, sib in zip(prefs, twins["nik"].to_numpy())]
        twins["nik_recorded"] = twins["nik"]
        ids = np.arange(self.next_id, self.next_id + n_twins)
        twins["trap"] = cr.TRAP_TWIN
        twins["trap_id"] = ids
        people.iloc[src, people.columns.get_loc("trap")] = cr.TRAP_TWIN
        people.iloc[src, people.columns.get_loc("trap_id")] = ids
        twins["twin_of"] = src
        people["twin_of"] = -1
        out = pd.concat([people, twins], ignore_index=True)
        key = np.where(out["twin_of"].to_numpy() >= 0, out["twin_of"].to_numpy(),
                       np.arange(len(out)))
        order = np.lexsort((np.arange(len(out)), key))
        return out.iloc[order].reset_index(drop=True).drop(columns=["twin_of"])


def _twin_name(rng: np.random.Generator, row: pd.Series, fem: bool) -> str:
    base_year = int(ymd(np.array([row["birth"]]))[0][0])
    if fem == row["female"]:
        return nm.another_name_like(rng, row["nama"], fem, base_year)
    first = row["nama"].split()[0]
    cand = ""
    for _ in range(20):
        cand = nm.sample_names(rng, np.array([fem]), np.array([base_year]))[0]
        if cand.split()[0] != first:
            break
    return cand


def plant_traps(people: pd.DataFrame, rng: np.random.Generator, counts: dict[str, int],
                world: World | None = None) -> pd.DataFrame:
    """Return the population with traps planted (twins are added as new rows)."""
    planter = _Planter(people, rng, world or World())
    planter.parent_child(counts.get(cr.TRAP_PARENT_CHILD, 0))
    planter.namesakes(counts.get(cr.TRAP_NAMESAKE, 0))
    planter.same_nik(counts.get(cr.TRAP_SAME_NIK, 0))
    return planter.twins(counts.get(cr.TRAP_TWIN, 0))
