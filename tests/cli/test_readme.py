"""The README's "A typical session" runs as written, on the files in sample_data/."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest

from tests.builders import run_cli

ROOT = Path(__file__).resolve().parents[2]


def _session() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## A typical session"):]
    block = re.search(r"```bash\n(.*?)```", section, flags=re.S).group(1)
    commands = []
    for line in block.splitlines():
        if line.strip().startswith("#") or not line.strip():
            continue
        args = shlex.split(line, comments=True)
        assert args[0] == "dptclean", line
        commands.append(args[1:])
    return commands


def test_session_uses_files_that_exist_and_keeps_the_dpk():
    commands = _session()
    inputs = [a for args in commands for a in args if a.startswith("sample_data/")]
    assert inputs and all((ROOT / a).is_file() for a in inputs), inputs
    dedupes = [args for args in commands if args[0] == "dedupe"]
    assert len(dedupes) == 2 and all("--dpk" in args for args in dedupes)
    assert "--decisions" in dedupes[1]


@pytest.mark.slow
def test_session_runs_as_written(tmp_path, monkeypatch):
    os.symlink(ROOT / "sample_data", tmp_path / "sample_data")
    monkeypatch.chdir(tmp_path)
    for args in _session():
        result = run_cli(*args)
        assert result.exit_code == 0, (args, result.output[-2000:])
    assert (tmp_path / "laporan.html").stat().st_size > 10_000
    assert (tmp_path / "ganda_v2.xlsx").is_file()
