"""Memory limits: refuse an input that would clearly not fit, before reading it.

Loading a list larger than the memory left would end with the kernel's OOM killer (no message,
exit 137) or a MemoryError half-way. Instead, the number of records is estimated from the
files (exactly for Parquet, from the file size for text and workbooks), multiplied by what the
command was measured to need per record (docs/reliability.md, 1,000,000 records), and
compared with the memory available (``MemAvailable`` in ``/proc/meminfo``). Only an input that
*clearly* does not fit is refused: the estimate must exceed what is available.

Set ``DPTCLEAN_NO_MEMORY_CHECK=1`` to skip the check (e.g. when swap makes up the difference).
"""

from __future__ import annotations

import contextvars
import os
import stat
import zipfile
from collections.abc import Iterable

from dptclean.errors import InputError

# Peak resident memory per input record, above the ~150 MB the program itself takes, measured
# with /usr/bin/time -v on 1,000,000 synthetic records (docs/reliability.md), rounded up.
BYTES_PER_RECORD: dict[str, int] = {
    "read": 650,        # the reader alone (library callers)
    "inspect": 650,
    "normalize": 1_150,
    "validate": 1_000,
    "split": 800,
    "diff": 1_550,      # per record of OLD and NEW together
    "dedupe": 2_200,
    "check": 2_200,
}
BASE_BYTES = 200 * 1024**2

# On-disk bytes per record, to estimate the records of a file from its size. These are
# the *smallest* sizes seen (synthetic lists compress well), so the estimate errs high only a
# little for dense files and low for wide ones: a file is refused only when it clearly would
# not fit.
DISK_BYTES_PER_RECORD: dict[str, int] = {
    "csv": 110,      # synthetic KPU CSV: 134 bytes a record
    "xls": 110,
    "xlsx_xml": 550,  # inflated sheet XML: ~700 bytes a record
}

# The command being run (set by the CLI): which per-record figure applies.
current_command: contextvars.ContextVar[str] = contextvars.ContextVar(
    "dptclean_command", default="read")


def available_memory() -> int | None:
    """Bytes of memory available to a new allocation, or None if unknown: MemAvailable, or
    less when a container's memory limit (cgroup v2 or v1) leaves less."""
    found: list[int] = []
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    found.append(int(line.split()[1]) * 1024)
    except (OSError, ValueError, IndexError):
        pass
    for limit_file, usage_file in (("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
                                   ("/sys/fs/cgroup/memory/memory.limit_in_bytes",
                                    "/sys/fs/cgroup/memory/memory.usage_in_bytes")):
        try:
            with open(limit_file, encoding="ascii") as fh:
                limit = fh.read().strip()
            with open(usage_file, encoding="ascii") as fh:
                usage = int(fh.read().strip())
        except (OSError, ValueError):
            continue
        if limit.isdigit() and int(limit) < 2**60:  # "max" or a huge number: no limit
            found.append(max(0, int(limit) - usage))
    rlimit = _address_space_left()
    if rlimit is not None:
        found.append(rlimit)
    return min(found) if found else None


def _address_space_left() -> int | None:
    """Address space left under a ``ulimit -v`` (RLIMIT_AS) limit, or None without one."""
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_AS)[0]
    except (ImportError, OSError, ValueError):  # pragma: no cover - not on Linux
        return None
    if soft == resource.RLIM_INFINITY:
        return None
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            used = next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmSize:"))
    except (OSError, ValueError, StopIteration):
        used = 0
    return max(0, soft - used)


def estimate_records(path: str) -> int:
    """A quick estimate of the records in one input file (0 when it cannot tell)."""
    suffix = os.path.splitext(path)[1].lower()
    try:
        st = os.stat(path)
    except OSError:
        return 0
    if not stat.S_ISREG(st.st_mode):
        return 0  # a pipe or device is refused by the reader, never opened here
    size = st.st_size
    if suffix in (".parquet", ".pq"):
        try:
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(path).metadata.num_rows)
        except Exception:  # noqa: BLE001 - a damaged file is the reader's to report
            return 0
    if suffix in (".xlsx", ".xlsm", ".ods", ".xlsb"):
        try:
            with zipfile.ZipFile(path) as zf:
                xml = sum(i.file_size for i in zf.infolist()
                          if i.filename.startswith(("xl/worksheets/", "content.xml")))
        except Exception:  # noqa: BLE001
            return 0
        return xml // DISK_BYTES_PER_RECORD["xlsx_xml"]
    if suffix == ".xls":
        return size // DISK_BYTES_PER_RECORD["xls"]
    return size // DISK_BYTES_PER_RECORD["csv"]


def stdin_limit() -> int:
    """The most bytes of standard input (a CSV) to read: what the memory available allows for
    the records that many bytes hold, or 4 GiB when the check is off or memory is unknown."""
    available = available_memory()
    if os.environ.get("DPTCLEAN_NO_MEMORY_CHECK", "").strip() not in ("", "0") \
            or available is None:
        return 4 * 1024**3 if available is None else max(available, 4 * 1024**3)
    per = BYTES_PER_RECORD.get(current_command.get(), BYTES_PER_RECORD["read"])
    records = max(0, available - BASE_BYTES) // per
    return max(16 * 1024**2, records * DISK_BYTES_PER_RECORD["csv"])


def needed_bytes(records: int, command: str | None = None) -> int:
    per = BYTES_PER_RECORD.get(command or current_command.get(), BYTES_PER_RECORD["read"])
    return BASE_BYTES + records * per


def memory_check_enabled() -> bool:
    return os.environ.get("DPTCLEAN_NO_MEMORY_CHECK", "").strip() in ("", "0")


def check_memory(paths: Iterable[object], command: str | None = None) -> None:
    """Raise InputError when the inputs clearly need more memory than is available."""
    if not memory_check_enabled():
        return
    files = [os.fspath(p) for p in paths if isinstance(p, (str, os.PathLike))
             and os.fspath(p) != "-"]
    if not files:
        return
    available = available_memory()
    if available is None:
        return
    records = sum(estimate_records(f) for f in files)
    need = needed_bytes(records, command)
    if need > available:
        name = command or current_command.get()
        where = files[0] if len(files) == 1 else f"{len(files)} files"
        raise InputError(
            f"about {records:,} records would need about {need / 1024**3:.1f} GB of memory "
            f"for {name}, and {available / 1024**3:.1f} GB is available; split the list into smaller files "
            "or use a machine with more memory "
            "(DPTCLEAN_NO_MEMORY_CHECK=1 skips this check)", path=where)
