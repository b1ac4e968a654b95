"""An input larger than memory allows: a clear one-line error before reading, not the OOM
killer; a MemoryError that still happens is one line too."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dptclean import limits
from dptclean.errors import ExitCode, InputError
from tests.builders import KPU_HEADER, kpu_sheet, voter, write_csv, write_xlsx
from tests.reliability.helpers import assert_one_line_error

RECORDS = 200_000


@pytest.fixture(scope="module")
def big_parquet(tmp_path_factory):
    """200,000 records (tiny on disk: Parquet's footer says how many)."""
    path = tmp_path_factory.mktemp("mem") / "dpt.parquet"
    n = RECORDS
    pq.write_table(pa.table({"NIK": pa.array(["3320010101700001"] * n),
                             "NAMA": pa.array(["SITI"] * n),
                             "TGL LAHIR": pa.array(["01-01-1970"] * n)}), path)
    return path


def test_estimates(tmp_path, big_parquet):
    assert limits.estimate_records(str(big_parquet)) == RECORDS
    csv = write_csv(tmp_path / "dpt.csv", [KPU_HEADER, *[voter(i) for i in range(2000)]])
    assert 1000 < limits.estimate_records(str(csv)) < 4000
    xlsx = write_xlsx(tmp_path / "dpt.xlsx", {"S": kpu_sheet([voter(i) for i in range(2000)])})
    assert 1000 < limits.estimate_records(str(xlsx)) < 6000
    assert limits.estimate_records(str(tmp_path / "missing.csv")) == 0


COMMANDS = {
    "inspect": lambda p, o: ["inspect", p],
    "normalize": lambda p, o: ["normalize", "-q", p, "-o", o / "n.parquet"],
    "validate": lambda p, o: ["validate", "-q", p],
    "dedupe": lambda p, o: ["dedupe", "-q", p, "-o", o / "g.csv"],
    "check": lambda p, o: ["check", "-q", p, "--max-duplicate-rate", "1%"],
    "diff": lambda p, o: ["diff", "-q", p, p],
    "split": lambda p, o: ["split", "-q", p, "--by", "kecamatan", "-o", o / "split"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_input_that_does_not_fit_is_refused_before_reading(run, tmp_path, monkeypatch,
                                                           big_parquet, command):
    monkeypatch.setattr(limits, "available_memory", lambda: 100 * 1024**2)
    monkeypatch.delenv("DPTCLEAN_NO_MEMORY_CHECK", raising=False)
    read = []
    monkeypatch.setattr(pq, "read_table", lambda *a, **k: read.append(a))  # must not be reached
    result = run(*COMMANDS[command](big_parquet, tmp_path), limit=20)
    line = assert_one_line_error(result, ExitCode.INPUT, f"about {RECORDS:,} records would need")
    assert "GB is available" in line and "DPTCLEAN_NO_MEMORY_CHECK" in line
    assert read == []
    assert [p.name for p in tmp_path.iterdir()] == []


def test_the_need_depends_on_the_command(run, tmp_path, monkeypatch, big_parquet):
    """Enough memory to read 200,000 records, not to match them."""
    between = (limits.needed_bytes(RECORDS, "inspect") + limits.needed_bytes(RECORDS, "dedupe"))
    monkeypatch.setattr(limits, "available_memory", lambda: between // 2)
    monkeypatch.delenv("DPTCLEAN_NO_MEMORY_CHECK", raising=False)
    assert run("inspect", "--format", "json", big_parquet).exit_code == 0
    assert_one_line_error(run("dedupe", "-q", big_parquet), ExitCode.INPUT, "for dedupe")


def test_the_check_can_be_skipped(tmp_path, monkeypatch, big_parquet):
    monkeypatch.setattr(limits, "available_memory", lambda: 1)
    monkeypatch.setenv("DPTCLEAN_NO_MEMORY_CHECK", "1")
    limits.check_memory([str(big_parquet)], "dedupe")
    monkeypatch.setenv("DPTCLEAN_NO_MEMORY_CHECK", "0")
    with pytest.raises(InputError):
        limits.check_memory([str(big_parquet)], "dedupe")


def test_unknown_available_memory_never_refuses(monkeypatch, big_parquet):
    monkeypatch.setattr(limits, "available_memory", lambda: None)
    limits.check_memory([str(big_parquet)], "dedupe")


@pytest.mark.parametrize("command", ["normalize", "validate", "dedupe"])
def test_memory_error_while_working_is_one_line(run, tmp_path, monkeypatch, command):
    """When memory runs out anyway (other programs took it meanwhile): one line, exit 5."""
    import dptclean.normalize as norm

    def boom(*args, **kwargs):
        raise MemoryError

    for module in ("dptclean.cli.normalize_cmd", "dptclean.normalize", "dptclean.run",
                   "dptclean.cli.validate_cmd"):
        mod = __import__(module, fromlist=["x"])
        if hasattr(mod, "normalize_voters"):
            monkeypatch.setattr(mod, "normalize_voters", boom)
    del norm
    src = write_csv(tmp_path / "dpt.csv", [KPU_HEADER, *[voter(i) for i in range(3)]])
    result = run(command, "-q", src)
    assert result.exit_code == ExitCode.INTERNAL, result.output
    assert result.stderr.splitlines() == [
        "dptclean: error: out of memory; split the input or use a machine with more memory "
        "(see docs/reliability.md)"]
