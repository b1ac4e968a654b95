"""Every comparison level in one view: its configured weight, the m the weight assumes and
whether the list can teach its m and its u (docs/matching.md's weight table is generated from
this)."""

from __future__ import annotations

from dataclasses import dataclass

from dptclean.match.compare import LEVELS
from dptclean.match.config import MatchConfig
from dptclean.match.learn import M_PRIOR, TF_LEVELS, U_FIELDS, U_KEPT, U_KEYS

# Where a level's u comes from
U_RANDOM_PAIRS = "random pairs of the list"
U_NIK_COUNTS = "the list's NIK pair counts"
U_FREQUENCY = "the value's frequency"
U_CONFIGURED = "as configured"


@dataclass(frozen=True)
class LevelInfo:
    field: str
    level: str
    configured: float        # bits, or m for a frequency-weighted level
    frequency_weighted: bool
    m_prior: float | None    # the m the configured weight assumes (relative), when learned
    u_source: str = U_CONFIGURED

    @property
    def learned(self) -> bool:
        return self.m_prior is not None


def _u_source(fld: str, lv: str) -> str:
    if (fld, lv) in TF_LEVELS:
        return U_FREQUENCY
    if fld == "nik" and lv in U_KEYS:
        return U_NIK_COUNTS
    if fld in U_FIELDS and lv in M_PRIOR.get(fld, {}) and (fld, lv) not in U_KEPT:
        return U_RANDOM_PAIRS
    return U_CONFIGURED


def level_infos(cfg: MatchConfig | None = None) -> list[LevelInfo]:
    cfg = cfg or MatchConfig()
    out = []
    for fld, levels in LEVELS.items():
        prior = M_PRIOR.get(fld, {})
        total = sum(prior.values()) or 1.0
        for lv in levels:
            if lv == "unknown":
                continue
            m = prior.get(lv)
            out.append(LevelInfo(fld, lv, float(cfg.weights[fld][lv]), (fld, lv) in TF_LEVELS,
                                 None if m is None else m / total, _u_source(fld, lv)))
    return out


def markdown_table(cfg: MatchConfig | None = None) -> str:
    rows = ["| comparison | level | configured | m assumed | m learned from the list | u from |",
            "| --- | --- | ---: | ---: | --- | --- |"]
    for x in level_infos(cfg):
        conf = (f"m = {x.configured:g} (÷ frequency)" if x.frequency_weighted
                else f"{x.configured:+g} bits")
        m = "" if x.m_prior is None else f"{x.m_prior:.3f}"
        rows.append(f"| {x.field} | `{x.level}` | {conf} | {m} | "
                    f"{'yes' if x.learned else 'no (as configured)'} | {x.u_source} |")
    return "\n".join(rows) + "\n"
