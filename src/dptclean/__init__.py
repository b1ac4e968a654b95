"""dptclean: data-cleaning toolkit for Indonesian voter lists (DPT/DPK).

The library API (no click needed)::

    import dptclean
    df = dptclean.read_voters(["dpt.xlsx"])
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
]
