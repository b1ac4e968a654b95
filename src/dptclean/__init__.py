"""dptclean: data-cleaning toolkit for Indonesian voter lists (DPT/DPK).

The library API (no click needed)::

    import dptclean
    df = dptclean.read_voters(["dpt.xlsx"])          # read: canonical columns + provenance
    norm = dptclean.normalize_voters(df)              # normalise: names, dates, NIK/NKK, codes
    findings = dptclean.validate_voters(norm)         # validate: data-quality findings
    result = dptclean.find_duplicates(norm)           # match: scored pairs and duplicate groups
    result = dptclean.find_duplicates_dask(["a.xlsx", "b.xlsx"])  # the same, on a Dask cluster
    dptclean.write_partitioned(norm, "dpt/")          # a Parquet dataset by province/regency
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
from dptclean.io.dataset import write_partitioned
from dptclean.io.readers import LoadResult, SheetReport, load_voters, read_voters
from dptclean.match.config import BlockingRule, MatchConfig
from dptclean.match.dask_engine import find_duplicates_dask  # imports dask only when called
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
    "find_duplicates_dask",
    "write_partitioned",
    "MatchConfig",
    "MatchResult",
    "BlockingRule",
]
