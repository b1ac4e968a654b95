"""Every comparison level in one view: its configured weight, the m the weight assumes and
whether the list can teach it (docs/matching.md's weight table is generated from this)."""

from __future__ import annotations

from dataclasses import dataclass

from dptclean.match.compare import LEVELS
from dptclean.match.config import MatchConfig
from dptclean.match.learn import KEPT, M_PRIOR, TF_LEVELS


@dataclass(frozen=True)
class LevelInfo:
    field: str
    level: str
    configured: float        # bits, or m for a frequency-weighted level
    frequency_weighted: bool
    m_prior: float | None    # the m the configured weight assumes (relative), when learned

    @property
    def learned(self) -> bool:
        return self.m_prior is not None


def level_infos(cfg: MatchConfig | None = None) -> list[LevelInfo]:
    cfg = cfg or MatchConfig()
    out = []
    for fld, levels in LEVELS.items():
        prior = M_PRIOR.get(fld, {})
        total = sum(prior.values()) or 1.0
        for lv in levels:
            if lv == "unknown":
                continue
            m = prior.get(lv) if (fld, lv) not in KEPT else None
            out.append(LevelInfo(fld, lv, float(cfg.weights[fld][lv]), (fld, lv) in TF_LEVELS,
                                 None if m is None else m / total))
    return out


def markdown_table(cfg: MatchConfig | None = None) -> str:
    rows = ["| comparison | level | configured | m assumed | learned from the list |",
            "| --- | --- | ---: | ---: | --- |"]
    for x in level_infos(cfg):
        conf = (f"m = {x.configured:g} (÷ frequency)" if x.frequency_weighted
                else f"{x.configured:+g} bits")
        m = "" if x.m_prior is None else f"{x.m_prior:.3f}"
        rows.append(f"| {x.field} | `{x.level}` | {conf} | {m} | "
                    f"{'yes' if x.learned else 'no (as configured)'} |")
    return "\n".join(rows) + "\n"
