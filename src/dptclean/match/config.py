"""The matching configuration: declarative, serialisable, written into every report.

Blocking rules say which records are compared; comparison weights say how much each level of
agreement counts (in bits: log2 of how much likelier the level is for the same person than for
two different people); the threshold says when a pair is a duplicate. A run is reproduced
exactly from its configuration (``MatchConfig.from_dict(report["config"])``).
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dptclean.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

import tomli_w

# Blocking keys that features.py knows how to build.
BLOCKING_KEYS = (
    "nik",            # the complete NIK (16 digits, no mask, not number-damaged)
    "nik15",          # the first 15 digits (Excel damage keeps these)
    "nik_text",       # the NIK as written, when it is not a valid NIK (an ID with errors)
    "nik_text4",      # its first four characters (the regency, when it is a NIK with a slip)
    "nik_date",       # NIK digits 7-12: the birth date and sex as the NIK encodes them
    "nik12",          # the first 12 digits: region + birth date + sex (masked copies keep these)
    "nik_serial",     # region of issue + serial (digits 1-6 and 13-16): NIK with a wrong date
    "nik_region4",    # province + regency of first issue (NIK digits 1-4; also damaged/masked)
    "nik_region6",    # district of first issue (NIK digits 1-6; also damaged/masked)
    "nik_tail",       # digits 5-16 of a complete NIK (a slip in the province/regency digits)
    "nik_date_serial",  # digits 7-16 of a complete NIK: birth date, sex and serial (a slip or
                        # a swap anywhere in the region digits 1-6)
    "nik5_12",        # digits 5-12 of a NIK keeping 12 (a masked one with a regency slip)
    "dob",            # birth date (ISO)
    "dob_year",       # birth year
    "dob_md",         # day and month, order-free (catches day/month swaps with the year)
    "dob_daymonth",   # day and month, also when the year is starred (22-07-****) or only the
                      # NIK tells them (masked down to region + day + month)
    "sex",            # L / P
    "name_key",       # the spelling-folded name key
    "name_sorted",    # the name key's tokens sorted (catches swapped given name / surname)
    "name_first",     # first token of the name key
    "name_last",      # last token of the name key
    "name_initials",  # first letters of the first and last tokens of the name key
    "nkk",            # the complete NKK
    "kelurahan",      # kelurahan/desa (as given, folded)
    "kecamatan",      # kecamatan within its kabupaten (as given, folded)
)


@dataclass(frozen=True)
class BlockingRule:
    """Records that agree on all ``keys`` (none of them empty) are compared."""

    name: str
    keys: tuple[str, ...]
    max_block_size: int = 400
    # Keep only pairs in which at least one record needs this pass (see PAIR_FILTERS): e.g.
    # the 15-digit NIK pass exists for Excel-damaged NIKs, not for two complete ones.
    only_if: str | None = None
    # Drop pairs whose NIKs already settle it: both NIKs keep at least 12 digits and differ in
    # two or more of them (not one typo, not two swapped digits). docs/domain.md: the strongest
    # evidence of two different people. Broad passes (birth date + name) use it, so the
    # candidates they add grow with the records that need them, not with the list squared.
    skip_nik_conflicts: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "keys": list(self.keys),
                               "max_block_size": self.max_block_size}
        if self.only_if:
            out["only_if"] = self.only_if
        if self.skip_nik_conflicts:
            out["skip_nik_conflicts"] = True
        return out


PAIR_FILTERS = {
    "damaged_nik": "a record's NIK lost digits (stored as a number by Excel)",
    "partial_nik": "a record's NIK is damaged or masked",
    "weak_identity": "a record lacks a usable NIK or birth date",
    "incomplete_nik": "a record's NIK is not complete and valid (missing, invalid, damaged, "
                      "masked)",
    "no_nik_region": "a record's NIK does not tell its regency of issue (missing, invalid, "
                     "or too few digits left)",
    "masked_nik": "a record's NIK is masked",
    "partial_date": "a record's birth date lacks its year (starred, as masked copies do, or "
                    "missing) but its day and month are known",
}


DEFAULT_BLOCKING: tuple[BlockingRule, ...] = (
    BlockingRule("nik", ("nik",)),
    BlockingRule("nik15", ("nik15",), only_if="damaged_nik"),
    BlockingRule("invalid_nik_text", ("nik_text",), 50),
    BlockingRule("nik12+initials", ("nik12", "name_initials"), only_if="partial_nik"),
    # Complete NIKs one serial digit apart whose birth-date columns disagree (day and month
    # swapped, a slip): the NIK's date digits still agree, and so do region, sex and initials.
    BlockingRule("nik12+initials_full", ("nik12", "name_initials"), 50,
                 skip_nik_conflicts=True),
    BlockingRule("nik_tail+name", ("nik_tail", "name_key"), 50,
                 skip_nik_conflicts=True),
    # The same NIK with a slip or a swap in its region digits (1-6), after a move or a name
    # slip: date + sex + serial and the name initials (a slip in digits 1-4 also changes the
    # regency the birth-date passes are scoped by).
    BlockingRule("nik7_16+initials", ("nik_date_serial", "name_initials"), 50,
                 skip_nik_conflicts=True),
    # Birth date + part of the name, within the regency where the NIK was first issued (it
    # never changes when the voter moves): a mistyped NIK. Scoped, so a national list makes
    # blocks no bigger than a regency's. Records whose NIK tells no regency meet everybody.
    BlockingRule("nik4+dob+sex+initials", ("nik_region4", "dob", "sex", "name_initials"), 100,
                 skip_nik_conflicts=True),
    BlockingRule("nik4+dob+first_name", ("nik_region4", "dob", "name_first"), 100,
                 skip_nik_conflicts=True),
    BlockingRule("nik4+dob+last_name", ("nik_region4", "dob", "name_last"), 50,
                 skip_nik_conflicts=True),
    # An ID that is not a valid NIK, typed again with a slip after its first four characters
    # (the regency of a NIK), with the same birth date: the nik4+dob passes for such IDs,
    # whatever the name says.
    BlockingRule("nik_text4+dob", ("nik_text4", "dob"), 50, only_if="no_nik_region"),
    BlockingRule("dob+sex+initials", ("dob", "sex", "name_initials"), 100,
                 only_if="no_nik_region", skip_nik_conflicts=True),
    BlockingRule("dob+first_name", ("dob", "name_first"), 100, only_if="no_nik_region",
                 skip_nik_conflicts=True),
    BlockingRule("dob+last_name", ("dob", "name_last"), 50, only_if="no_nik_region",
                 skip_nik_conflicts=True),
    # A different birth date with two complete NIKs is either the same NIK (found above) or
    # two people: these passes are for records whose NIK cannot settle it.
    BlockingRule("name+year", ("name_key", "dob_year"), 50, only_if="incomplete_nik",
                 skip_nik_conflicts=True),
    BlockingRule("sorted_name+daymonth", ("name_sorted", "dob_md"), 50,
                 only_if="incomplete_nik", skip_nik_conflicts=True),
    BlockingRule("name+kelurahan", ("name_key", "kelurahan"), 50, only_if="weak_identity",
                 skip_nik_conflicts=True),
    BlockingRule("nkk+dob", ("nkk", "dob"), 50, skip_nik_conflicts=True),
    # The same family card and the same name, whatever the birth dates say: one person
    # registered twice whose birth date was typed with day and month swapped and whose NIK's
    # date digits carry a slip (no date or NIK pass meets such a pair). A card is one
    # household, so its blocks stay small at any list size.
    BlockingRule("nkk+name", ("nkk", "name_key"), 50, skip_nik_conflicts=True),
    # A masked NIK with a slip in its province/regency digits: the rest of the 12 known
    # digits (district part, date, sex) and the name initials (issue 17).
    BlockingRule("nik5_12+initials", ("nik5_12", "name_initials"), 50, only_if="masked_nik",
                 skip_nik_conflicts=True),
    # Birth dates with the year starred (22-07-****): day and month + part of the name, within
    # the district of issue (NIK digits 1-6, kept by a NIK masked down to 10 digits: without
    # the year, a regency's blocks hold every namesake born on that day in 70 years), for the
    # records whose full date is unknown (issue 17).
    BlockingRule("nik6+daymonth+first_name", ("nik_region6", "dob_daymonth", "name_first"), 100,
                 only_if="partial_date", skip_nik_conflicts=True),
    BlockingRule("nik6+daymonth+last_name", ("nik_region6", "dob_daymonth", "name_last"), 50,
                 only_if="partial_date", skip_nik_conflicts=True),
    BlockingRule("nik6+daymonth+sex+initials", ("nik_region6", "dob_daymonth", "sex",
                                                "name_initials"), 100,
                 only_if="partial_date", skip_nik_conflicts=True),
    # The same birth date in the same kelurahan, whatever the name says (a name typed in
    # another order, shortened or misspelt in both tokens), for records whose NIK cannot
    # settle it: the Febrl3 duplicates no other pass put together share this most often.
    BlockingRule("kelurahan+dob", ("kelurahan", "dob"), 50, only_if="incomplete_nik",
                 skip_nik_conflicts=True),
    # The same, one level up: the same birth date in the same kecamatan (within its
    # kabupaten), for records whose NIK tells no region (missing, not a NIK, too few digits
    # left: a masked or Excel-damaged NIK meets its copies on the NIK passes). A DPT always
    # names the kecamatan, and a kelurahan typed with a slip, or a voter who moved to the
    # next desa, leaves the kelurahan pass without a key in common.
    BlockingRule("kecamatan+dob", ("kecamatan", "dob"), 50, only_if="no_nik_region",
                 skip_nik_conflicts=True),
)


def _default_weights() -> dict[str, dict[str, float]]:
    # Bits of evidence per comparison level. Derived from rough m/u probabilities for voter
    # lists (m: share of true duplicate pairs at the level, u: share of pairs of different
    # people); ``tf`` levels are replaced at run time by log2(m / frequency of the value),
    # so agreeing on SITI AMINAH or on 1 July counts less than on a rare name or date.
    return {
        "nik": {
            "exact": 20.0,            # complete, valid, equal
            "exact_15": 16.0,         # equal on the 15 digits an Excel number keeps (at most:
            "exact_known": 6.0,       # masked, 12 digits; both scaled by the prefix's rarity)
            "one_typo": 7.0,          # one birth-date digit differs, or two adjacent swapped
            "transposed": 4.0,        # two adjacent digits swapped (outside the date digits):
                                      # a typing slip, rarely two people's NIKs
            "regency_one_off": -4.0,  # one regency digit (1-4) differs, both codes real
            "region_one_off": -4.0,   # one district digit differs: often a neighbour district
            "serial_one_off": -3.0,   # one serial digit differs, both serials plausible for
                                      # their prefix: often the next registration
            "serial_upper_one_off": -3.0,  # the same in the thousands, hundreds or tens digit
            "serial_slip": 6.0,       # one serial digit differs and makes a serial implausible
                                      # for its prefix (4001 where 3 people share it): a slip
            "last_digit_zero": 0.0,   # Excel damage or the neighbouring serial: no evidence
            "date_one_off": 0.0,      # the NIKs encode two different dates, as the columns do
            "region_known": 2.0,      # only a few digits survive, and they agree (the region)
            "region_different": -6.0,  # only a few digits survive, and they disagree
            "invalid_equal": 12.0,    # not a valid NIK, but the same text
            "invalid_close": 5.0,     # not valid, one edit apart
            "invalid_different": -2.0,
            "different": -12.0,       # two valid NIKs that differ beyond a typo
            "region_transposed": -4.0,  # two adjacent region digits swapped between two real
                                        # districts of the list: two people, as region_one_off
            "unknown": 0.0,
        },
        "nama": {
            "exact": 0.75,            # tf: m for exact agreement
            "key": 0.15,              # tf: m for agreement after spelling folding
            "typo": 7.0,
            "subset": 5.0,            # one name's tokens inside the other's (dropped name)
            "similar": 1.0,
            "shared_token": -2.0,     # one name in common, another replaced
            "different": -9.0,
            "unknown": 0.0,
        },
        "tanggal_lahir": {
            "exact": 0.9,             # tf: m for exact agreement (placeholders are common)
            "swapped": 8.0,           # day and month swapped
            "one_digit": 5.0,         # one digit off
            "same_year": -3.0,
            "different": -6.0,        # a wholly different date: entry errors and placeholders
            "unknown": 0.0,
            "day_month_agree": 0.9,   # tf: m for day and month agreeing where a year is unknown
                                      # (starred: 22-07-****), over the day+month's frequency
            "nik_confirmed": 0.45,    # tf: m where both NIKs encode one record's date and the
                                      # other's column is a placeholder or a day/month swap
                                      # (one bit below the same date written twice)
        },
        "jenis_kelamin": {"agree": 0.9, "disagree": -4.5, "unknown": 0.0},
        "tempat_lahir": {"exact": 1.5, "similar": 0.5, "different": -1.5, "unknown": 0.0},
        "nkk": {"exact": 2.0, "exact_known": 1.5, "different": -0.5, "unknown": 0.0},
        "lokasi": {"same_address": 1.5, "similar_address": 1.0, "same_kelurahan": 1.0,
                   "different": 0.0, "unknown": 0.0},
    }


@dataclass
class MatchConfig:
    """Everything that decides which pairs are duplicates."""

    blocking: tuple[BlockingRule, ...] = DEFAULT_BLOCKING
    weights: dict[str, dict[str, float]] = field(default_factory=_default_weights)
    # A pair is a duplicate when its match probability reaches this.
    threshold: float = 0.7
    # Confidence bands. A duplicate pair is `sure` when its evidence settles it: the NIK does
    # (equal, or one visible slip), or the same family card with the same name and birth date
    # does, or its probability reaches sure_threshold without a twins-like pattern; else it
    # is `possible` (masked namesakes, twins-like pairs, weak K3), as is a pair whose
    # probability reaches possible_threshold but not threshold.
    sure_threshold: float = 0.99
    possible_threshold: float = 0.3
    # Prior: the share of records expected to be redundant copies; sets the prior odds that
    # two records picked at random are the same person (so a bigger list needs more evidence).
    expected_duplicate_rate: float = 0.01
    # Learn the duplicate rate from the list (EM on the prior only, within these bounds); when
    # false, expected_duplicate_rate is used as given.
    estimate_duplicate_rate: bool = True
    min_duplicate_rate: float = 0.0005
    max_duplicate_rate: float = 5.0
    duplicate_rate_strength: float = 1000.0  # records' worth of belief in the expected rate
    # Learn the weights from the list (match/learn.py): m per level from pairs the list labels
    # itself, the configured weights as the prior. The configuration a run reports carries the
    # learned weights with learn_weights = false, so it reproduces the run exactly.
    learn_weights: bool = True
    learn_strength: float = 200.0  # labelled pairs' worth of belief in the configured m
    # Records marked TMS are not active voters: not counted in the DPT and not matched.
    exclude_tms: bool = True
    # Within a group, every pair must have at least this score (in bits); weaker chains split.
    min_group_link: float = -10.0
    name_typo_max_edits: int = 2
    name_typo_min_similarity: float = 0.86
    name_similar_min: float = 0.75

    def to_dict(self) -> dict[str, Any]:
        return {
            "blocking": [r.to_dict() for r in self.blocking],
            "weights": {k: dict(v) for k, v in self.weights.items()},
            "threshold": self.threshold,
            "sure_threshold": self.sure_threshold,
            "possible_threshold": self.possible_threshold,
            "expected_duplicate_rate": self.expected_duplicate_rate,
            "estimate_duplicate_rate": self.estimate_duplicate_rate,
            "min_duplicate_rate": self.min_duplicate_rate,
            "max_duplicate_rate": self.max_duplicate_rate,
            "duplicate_rate_strength": self.duplicate_rate_strength,
            "learn_weights": self.learn_weights,
            "learn_strength": self.learn_strength,
            "exclude_tms": self.exclude_tms,
            "min_group_link": self.min_group_link,
            "name_typo_max_edits": self.name_typo_max_edits,
            "name_typo_min_similarity": self.name_typo_min_similarity,
            "name_similar_min": self.name_similar_min,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MatchConfig:
        """Build a configuration; keys not given keep their defaults."""
        base = cls()
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ConfigError(f"unknown configuration keys: {', '.join(sorted(unknown))}")
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            if key == "blocking":
                kwargs["blocking"] = tuple(_rule(r) for r in value)
            elif key == "weights":
                weights = _default_weights()
                for fld, levels in dict(value).items():
                    if fld not in weights:
                        raise ConfigError(f"unknown comparison {fld!r} in weights")
                    for level, w in dict(levels).items():
                        if level not in weights[fld]:
                            raise ConfigError(f"unknown level {fld}.{level} in weights")
                        weights[fld][level] = _num(w, f"weights.{fld}.{level}")
                kwargs["weights"] = weights
            elif key in ("exclude_tms", "estimate_duplicate_rate", "learn_weights"):
                kwargs[key] = bool(value)
            else:
                kwargs[key] = _num(value, key)
        cfg = dataclasses.replace(base, **kwargs)
        cfg.validate()
        return cfg

    def validate(self) -> None:
        if not 0 < self.threshold < 1:
            raise ConfigError("threshold must be a probability between 0 and 1")
        if not 0 < self.possible_threshold <= self.threshold <= self.sure_threshold < 1:
            raise ConfigError("need 0 < possible_threshold <= threshold <= sure_threshold < 1")
        if not 0 < self.min_duplicate_rate <= self.expected_duplicate_rate <= \
                self.max_duplicate_rate <= 10:
            raise ConfigError("need 0 < min_duplicate_rate <= expected_duplicate_rate <= "
                              "max_duplicate_rate <= 10 (duplicate pairs per record)")
        if self.learn_strength <= 0:
            raise ConfigError("learn_strength must be positive (labelled pairs' worth)")
        if not self.blocking:
            raise ConfigError("at least one blocking rule is needed")

    @classmethod
    def from_toml(cls, path: str | Path) -> MatchConfig:
        try:
            with open(path, "rb") as fh:
                data = tomllib.load(fh)
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read the configuration: {exc.strerror}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
        return cls.from_dict(data.get("match", data))

    def to_toml(self) -> str:
        """The configuration as TOML under ``[match]`` (``from_toml`` reads it back)."""
        return tomli_w.dumps({"match": self.to_dict()})


def _rule(data: Any) -> BlockingRule:
    try:
        keys = tuple(data["keys"])
        name = str(data.get("name") or "+".join(keys))
        size = int(data.get("max_block_size", 400))
        only_if = data.get("only_if") or None
        skip = data.get("skip_nik_conflicts", False)
    except (KeyError, TypeError, ValueError):
        raise ConfigError(f"bad blocking rule {data!r}: needs keys = [...]") from None
    if only_if is not None and only_if not in PAIR_FILTERS:
        raise ConfigError(f"blocking rule {name!r}: unknown only_if {only_if!r}; known: "
                          f"{', '.join(PAIR_FILTERS)}")
    bad = [k for k in keys if k not in BLOCKING_KEYS]
    if bad or not keys:
        raise ConfigError(f"blocking rule {name!r}: unknown keys {bad}; "
                          f"known: {', '.join(BLOCKING_KEYS)}")
    if size < 2:
        raise ConfigError(f"blocking rule {name!r}: max_block_size must be at least 2")
    if not isinstance(skip, bool):
        raise ConfigError(f"blocking rule {name!r}: skip_nik_conflicts must be true or false")
    return BlockingRule(name, keys, size, only_if, skip)


def _num(value: Any, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{key} must be a number, got {value!r}")
    return value
