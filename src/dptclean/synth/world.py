"""The generator's error model as one value: :class:`World`.

A *world* says how the duplicates of a synthetic list came about (NIK slips and where they hit,
name slips, moves, Excel damage, masking) and what the population looks like (placeholder
birth dates, name diversity, birthplace concentration, namesakes, twins). ``World()`` is the
model ``dptclean synth`` has always used, so lists made without a world do not change.

    from dptclean.synth import World, generate, WORLDS
    w = World(nik_slip_rate=0.4, nik_slip_digits=tuple(range(7, 17)))
    data = generate(50_000, seed=1, world=w)
    WORLDS["slip-7-16"]            # the named worlds of the accuracy grid
    w.to_toml(); World.from_file("world.toml")

Rates of the form ``*_rate`` on a copy are *extra* probabilities: every redundant copy first
gets one main cause (``causes``, weights), then each extra error independently with its rate.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from dptclean.errors import ConfigError

# Main cause of a redundant copy and its weight (see synth/corrupt.py for the labels).
DEFAULT_CAUSES: dict[str, float] = {
    "moved": 0.38, "identical": 0.12, "name_typo": 0.14, "title": 0.07, "spelling": 0.08,
    "middle_dropped": 0.03, "date_swapped": 0.04, "birthplace": 0.04, "nik_excel": 0.05,
    "nik_typo": 0.05,
}
NAME_SLIP_KINDS: tuple[str, ...] = ("name_typo", "title", "spelling", "middle_dropped")
ALL_DIGITS: tuple[int, ...] = tuple(range(1, 17))

_SHARES = ("move_rate", "move_within_kecamatan", "name_slip_rate", "old_spelling_share",
           "birthplace_rate", "date_swap_rate", "nik_excel_rate", "nik_slip_rate",
           "nik_swap_share", "combined_rate", "excel_all_share", "common_name_share",
           "namesake_placeholder_share", "neighbour_share")


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


# name, default, one line of documentation (the order of the TOML file and of the docs).
_DOC: dict[str, str] = {
    "name": "label of the world (reports only)",
    "causes": "main cause of each redundant copy: weight per cause (normalised)",
    "move_rate": "extra: a copy whose main cause is not a move is also re-registered elsewhere",
    "move_within_kecamatan": "share of moves to another desa of the same kecamatan "
                             "(the others go anywhere in the regency)",
    "move_nkk": "after a move: shares that join a family there (its NKK), get a new NKK, "
                "have no NKK (the rest keep the old NKK)",
    "name_slip_rate": "extra: a copy also gets one name slip",
    "name_slip_kinds": "which name slips (any of name_typo, title, spelling, middle_dropped)",
    "old_spelling_share": "share of spelling variants made by old-spelling rules "
                          "(OE/U, DJ/J, TJ/C, CH/KH) instead of whole-token variants",
    "birthplace_rate": "extra: the birthplace is written differently",
    "date_swap_rate": "extra: day and month of the birth date swapped",
    "nik_excel_rate": "extra: the copy's NIK is Excel-damaged (16th digit 0 or 3.32E+15)",
    "nik_slip_rate": "extra: one NIK digit of the copy is mistyped",
    "nik_slip_digits": "NIK digit positions (1-16) a slip may hit",
    "nik_swap_share": "share of NIK slips that swap two adjacent digits "
                      "(inside nik_slip_digits) instead of mistyping one",
    "combined_rate": "a copy gets a NIK slip, a name slip and a move all together",
    "excel_all_share": "share of all DPT records (originals too) with an Excel-damaged NIK",
    "mask_digits": "star the last 0, 4 or 6 digits of every NIK and NKK",
    "mask_birth_year": "also star the year of TANGGAL LAHIR (dd-mm-****)",
    "placeholder_share": "share of people on a placeholder birth date (31-12, 01-07, 01-01); "
                         "not set = by age, as in real lists (about 9 %)",
    "name_pool": "at most this many distinct names per sex (none = the full pools)",
    "common_name_share": "share of people renamed to a very common name (SITI AMINAH, "
                         "SUPARNO ...)",
    "birthplace_home_share": "share of people whose birthplace is written as the regency "
                             "(none = 0.78; the rest: kecamatan, desa, elsewhere)",
    "twin_rate": "twin traps per record (same NKK and birth date, other first name)",
    "parent_child_rate": "parent-and-child traps per record (same name, one household)",
    "namesake_rate": "namesake traps per record (same common name and birth date, "
                     "other villages, other NIKs)",
    "namesake_placeholder_share": "share of namesake traps on a placeholder date "
                                  "(the others on an ordinary date)",
    "neighbour_share": "share of namesake traps issued in one district with NIK serials one "
                       "apart (the neighbour trap)",
    "same_nik_rate": "traps per record: two people recorded with one NIK",
}


@dataclass(frozen=True)
class World:
    """One error model of the synthetic generator (defaults: today's behaviour).

    See ``_DOC`` (printed by :meth:`describe` and ``dptclean synth --print-world``) for what
    each field means. Frozen: derive variants with :func:`dataclasses.replace`.
    """

    name: str = "default"
    causes: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_CAUSES))
    move_rate: float = 0.3
    move_within_kecamatan: float = 0.5
    move_nkk: tuple[float, float, float] = (0.22, 0.33, 0.17)
    name_slip_rate: float = 0.22
    name_slip_kinds: tuple[str, ...] = NAME_SLIP_KINDS
    old_spelling_share: float = 0.0
    birthplace_rate: float = 0.08
    date_swap_rate: float = 0.03
    nik_excel_rate: float = 0.04
    nik_slip_rate: float = 0.0
    nik_slip_digits: tuple[int, ...] = ALL_DIGITS
    nik_swap_share: float = 0.0
    combined_rate: float = 0.0
    excel_all_share: float = 0.0
    mask_digits: int = 0
    mask_birth_year: bool = False
    placeholder_share: float | None = None
    name_pool: int | None = None
    common_name_share: float = 0.0
    birthplace_home_share: float | None = None
    twin_rate: float = 0.0015
    parent_child_rate: float = 0.0008
    namesake_rate: float = 0.0004
    namesake_placeholder_share: float = 1.0
    neighbour_share: float = 0.0
    same_nik_rate: float = 0.0002

    def __post_init__(self) -> None:
        # lists from JSON/TOML become tuples, so worlds compare and hash by value
        for name in ("move_nkk", "name_slip_kinds", "nik_slip_digits"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        if not isinstance(self.causes, dict):
            raise ConfigError(f"world {self.name!r}: causes must be a table of weights")
        object.__setattr__(self, "causes", {str(k): v for k, v in self.causes.items()})
        self.validate()

    # --- checks ---------------------------------------------------------------------------------

    def validate(self) -> None:
        """Raise :class:`ConfigError` with one line naming the first bad field."""
        self._check_numbers()
        self._check_lists()

    def _bad(self, name: str, what: str) -> ConfigError:
        return ConfigError(f"world {self.name!r}: {name} {what}")

    def _check_numbers(self) -> None:
        for name in _SHARES:
            v = getattr(self, name)
            if not _number(v) or not 0 <= v <= 1:
                raise self._bad(name, f"must be a number from 0 to 1, not {v!r}")
        for name in ("twin_rate", "parent_child_rate", "namesake_rate", "same_nik_rate"):
            v = getattr(self, name)
            if not _number(v) or not 0 <= v <= 0.05:
                raise self._bad(name, f"must be a number from 0 to 0.05, not {v!r}")
        for name, hi in (("placeholder_share", 0.5), ("birthplace_home_share", 1.0)):
            v = getattr(self, name)
            if v is not None and (not _number(v) or not 0 <= v <= hi):
                raise self._bad(name, f"must be a number from 0 to {hi:g} (or not set)")
        if self.name_pool is not None and (isinstance(self.name_pool, bool)
                                           or not isinstance(self.name_pool, int)
                                           or self.name_pool < 2):
            raise self._bad("name_pool", "must be a whole number of at least 2 (or not set)")
        if self.mask_digits not in (0, 4, 6) or isinstance(self.mask_digits, bool):
            raise self._bad("mask_digits", f"must be 0, 4 or 6, not {self.mask_digits!r}")
        if not isinstance(self.mask_birth_year, bool):
            raise self._bad("mask_birth_year", "must be true or false")

    def _check_lists(self) -> None:
        if len(self.move_nkk) != 3 or any(not _number(x) or not 0 <= x <= 1
                                          for x in self.move_nkk) \
                or sum(self.move_nkk) > 1 + 1e-9:
            raise self._bad("move_nkk", "must be three shares from 0 to 1 with a sum of at "
                                        "most 1")
        if not self.nik_slip_digits or any(isinstance(d, bool) or not isinstance(d, int)
                                           or not 1 <= d <= 16 for d in self.nik_slip_digits):
            raise self._bad("nik_slip_digits", "must list digit positions from 1 to 16")
        if self.nik_swap_share > 0 and not any(d + 1 in self.nik_slip_digits
                                               for d in self.nik_slip_digits):
            raise self._bad("nik_swap_share", "needs two adjacent positions in nik_slip_digits")
        if not self.name_slip_kinds or set(self.name_slip_kinds) - set(NAME_SLIP_KINDS):
            raise self._bad("name_slip_kinds", f"must be some of {', '.join(NAME_SLIP_KINDS)}")
        unknown = set(self.causes) - set(DEFAULT_CAUSES)
        if unknown:
            raise self._bad("causes", f"has unknown causes {sorted(unknown)}; known: "
                                      f"{', '.join(DEFAULT_CAUSES)}")
        if any(not _number(v) or v < 0 for v in self.causes.values()) \
                or sum(self.causes.values()) <= 0:
            raise self._bad("causes", "weights must be >= 0 with a positive sum")

    # --- derived values the generator uses ------------------------------------------------------

    def cause_weights(self) -> tuple[tuple[str, ...], list[float]]:
        """(causes, normalised weights) in the order of DEFAULT_CAUSES."""
        names = tuple(DEFAULT_CAUSES)
        w = [self.causes.get(c, 0.0) for c in names]
        total = sum(w)
        return names, [x / total for x in w]

    def trap_rates(self) -> dict[str, float]:
        from dptclean.synth import corrupt as cr

        return {cr.TRAP_TWIN: self.twin_rate, cr.TRAP_PARENT_CHILD: self.parent_child_rate,
                cr.TRAP_NAMESAKE: self.namesake_rate, cr.TRAP_SAME_NIK: self.same_nik_rate}

    # --- (de)serialisation ----------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for k, v in out.items():
            if isinstance(v, tuple):
                out[k] = list(v)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> World:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(f"unknown world field(s) {', '.join(unknown)}; known: "
                              f"{', '.join(sorted(known))}")
        try:
            return replace(cls(), **dict(data))
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"bad world: {exc}") from None

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2) + "\n"

    def to_toml(self) -> str:
        """The world as TOML, one commented line per field (read back by :meth:`from_file`)."""
        lines = ["# dptclean synth world (dptclean synth --world FILE)"]
        table: list[str] = []
        for k, v in self.to_dict().items():
            if k == "causes":
                table = [f"\n[causes]  # {_DOC['causes']}"]
                table += [f"{c} = {_toml_value(w)}" for c, w in v.items()]
                continue
            if v is None:
                lines.append(f"# {k} = (not set)  # {_DOC[k]}")
                continue
            lines.append(f"{k} = {_toml_value(v)}  # {_DOC[k]}")
        return "\n".join(lines + table) + "\n"

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> World:
        """Read a world from a .toml or .json file (missing fields keep their default)."""
        p = os.fspath(path)
        try:
            with open(p, "rb") as fh:
                raw = fh.read()
        except OSError as exc:
            raise ConfigError(f"cannot read the world file {p}: {exc.strerror or exc}") from None
        try:
            if p.lower().endswith(".json"):
                data = json.loads(raw.decode("utf-8"))
            else:
                data = _toml_loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise ConfigError(f"the world file {p} is not valid "
                              f"{'JSON' if p.lower().endswith('.json') else 'TOML'}: {exc}"
                              ) from None
        if not isinstance(data, dict):
            raise ConfigError(f"the world file {p} must hold a table of fields")
        return cls.from_dict(data)

    @staticmethod
    def describe() -> dict[str, str]:
        """Field name -> one line of documentation."""
        return dict(_DOC)


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    raise TypeError(type(v))  # pragma: no cover


def _toml_loads(text: str) -> Any:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ModuleNotFoundError:
            raise ConfigError("reading TOML needs Python 3.11 or the tomli package; "
                              "write the world as JSON instead") from None
    return tomllib.loads(text)


def world_from(spec: str | os.PathLike[str] | World | None) -> World:
    """A world from a World, a named world (see :data:`WORLDS`) or a .toml/.json file."""
    if spec is None:
        return World()
    if isinstance(spec, World):
        return spec
    s = os.fspath(spec)
    if s in WORLDS:
        return WORLDS[s]
    if not os.path.exists(s):
        raise ConfigError(f"no world file or named world {s!r}; named worlds: "
                          f"{', '.join(WORLDS)}")
    return World.from_file(s)


_SLIP_DIGITS = tuple(range(7, 17))

# The accuracy grid (benchmarks/bench_accuracy.py --grid): deterministic, one knob family each,
# plus mixes. Order matters only for the report.
WORLDS: dict[str, World] = {w.name: w for w in (
    World(name="default"),
    World(name="clean", causes={"moved": 0.5, "identical": 0.5}, move_rate=0.0,
          name_slip_rate=0.0, birthplace_rate=0.0, date_swap_rate=0.0, nik_excel_rate=0.0),
    World(name="slip-7-16", nik_slip_rate=0.35, nik_slip_digits=_SLIP_DIGITS),
    World(name="slip-any-swaps", nik_slip_rate=0.3, nik_swap_share=0.3),
    World(name="slip+name+move", nik_slip_rate=0.2, nik_slip_digits=_SLIP_DIGITS,
          combined_rate=0.2, move_rate=0.6, name_slip_rate=0.5, old_spelling_share=0.3),
    World(name="placeholder-15", placeholder_share=0.15),
    World(name="names-dense", name_pool=300, common_name_share=0.08, namesake_rate=0.003,
          neighbour_share=0.5, twin_rate=0.004),
    World(name="birthplace-home", birthplace_home_share=0.97),
    World(name="excel-damaged", excel_all_share=0.25, nik_excel_rate=0.2),
    World(name="masked-4", mask_digits=4),
    World(name="masked-6", mask_digits=6),
    World(name="masked-6-year", mask_digits=6, mask_birth_year=True),
    World(name="masked-4-slips", mask_digits=4, nik_slip_rate=0.2, move_rate=0.5,
          name_slip_rate=0.4),
    World(name="national-like", nik_slip_rate=0.15, nik_slip_digits=_SLIP_DIGITS,
          nik_swap_share=0.2, combined_rate=0.08, move_rate=0.45, name_slip_rate=0.35,
          old_spelling_share=0.2, placeholder_share=0.09, common_name_share=0.03,
          birthplace_home_share=0.6, namesake_rate=0.001, neighbour_share=0.3,
          excel_all_share=0.03),
)}
