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

from typing import TYPE_CHECKING, Any

from dptclean.errors import (
    ConfigError,
    DptcleanError,
    ExitCode,
    InputError,
    OutputError,
    SchemaError,
)

# The library API is imported on first use (PEP 562), so that `import dptclean` -- and with it
# `dptclean --version` / `--help` -- does not load pandas, pyarrow and the match stack.
_LAZY = {
    "write_partitioned": "dptclean.io.dataset",
    "LoadResult": "dptclean.io.readers",
    "SheetReport": "dptclean.io.readers",
    "load_voters": "dptclean.io.readers",
    "read_voters": "dptclean.io.readers",
    "BlockingRule": "dptclean.match.config",
    "MatchConfig": "dptclean.match.config",
    "find_duplicates_dask": "dptclean.match.dask_engine",
    "MatchResult": "dptclean.match.pipeline",
    "find_duplicates": "dptclean.match.pipeline",
    "normalize_voters": "dptclean.normalize",
    "validate_voters": "dptclean.validate",
}

if TYPE_CHECKING:
    from dptclean.io.dataset import write_partitioned
    from dptclean.io.readers import LoadResult, SheetReport, load_voters, read_voters
    from dptclean.match.config import BlockingRule, MatchConfig
    from dptclean.match.dask_engine import find_duplicates_dask
    from dptclean.match.pipeline import MatchResult, find_duplicates
    from dptclean.normalize import normalize_voters
    from dptclean.validate import validate_voters


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'dptclean' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


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
