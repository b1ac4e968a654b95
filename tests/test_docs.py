"""Generated docs must match the code (sqlite-utils style: cog --check)."""

from __future__ import annotations

from pathlib import Path

import pytest

cogapp = pytest.importorskip("cogapp")

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.mark.parametrize("name", ["cli.md", "exit-codes.md", "matching.md"])
def test_generated_docs_are_up_to_date(name, capsys):
    path = DOCS / name
    status = cogapp.Cog().main(["cog", "--check", str(path)])
    out = capsys.readouterr()
    assert status == 0, (
        f"docs/{name} does not match the code; run `cog -r docs/{name}` and commit the result\n"
        f"{out.out}{out.err}")


def test_cli_reference_lists_every_command():
    from dptclean.cli import main

    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"## dptclean {name}\n" in text, f"run `cog -r docs/cli.md` ({name} is missing)"


def test_exit_code_table_lists_every_code():
    from dptclean.errors import ExitCode

    text = (DOCS / "exit-codes.md").read_text(encoding="utf-8")
    for code in ExitCode:
        assert f"| {code.value} | `{code.name}` |" in text
