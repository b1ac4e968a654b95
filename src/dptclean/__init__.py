"""dptclean: data-cleaning toolkit for Indonesian voter lists (DPT/DPK).

The library API (no click needed)::

    import dptclean
    df = dptclean.read_voters(["dpt.xlsx"])          # read: canonical columns + provenance
    norm = dptclean.normalize_voters(df)              # normalise: names, dates, NIK/NKK, codes
    findings = dptclean.validate_voters(norm)         # validate: data-quality findings
    result = dptclean.find_duplicates(norm)           # match: scored pairs and duplicate groups
"""

from __future__ import annotations

__version__ = "0.1.0"

from dptclean.errors import (
    ConfigError,
    DptcleanError,
    ExitCode,
    InputError,
    OutputError,
    SchemaError,
)
from dptclean.io.readers import LoadResult, SheetReport, load_voters, read_voters
from dptclean.match.config import BlockingRule, MatchConfig
from dptclean.match.pipeline import MatchResult, find_duplicates
from dptclean.normalize import normalize_voters
from dptclean.validate import validate_voters

__all__ = [
    "__version__",
    "ConfigError",
    "DptcleanError",
    "ExitCode",
    "InputError",
    "OutputError",
    "SchemaError",
    "LoadResult",
    "SheetReport",
    "load_voters",
    "read_voters",
    "normalize_voters",
    "validate_voters",
    "find_duplicates",
    "MatchConfig",
    "MatchResult",
    "BlockingRule",
]
