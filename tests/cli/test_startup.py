"""`dptclean --version` and `--help` start without the heavy libraries (issue 16).

No timing here (speed is measured by scripts, not tests): the test checks what is imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import click
import pytest

HEAVY = ["pandas", "numpy", "pyarrow", "rapidfuzz", "rich", "xlsxwriter", "fastexcel",
         "dptclean.match.pipeline", "dptclean.io.readers"]


def _modules_after(code: str, bahasa: bool = False) -> set[str]:
    probe = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    env = dict(os.environ)
    if bahasa:     # the default for people: help and usage errors through cli/help_id.py
        env.pop("DPTCLEAN_LANG", None)
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


def test_import_of_the_cli_does_not_load_pandas_or_the_match_stack():
    loaded = _modules_after("import dptclean.cli")
    assert not [m for m in HEAVY if m in loaded]


@pytest.mark.parametrize("bahasa", [False, True])
def test_version_and_help_do_not_load_pandas(bahasa):
    for args in (["--version"], ["--help"], ["dedupe", "--help"], ["dedupe", "--bogus"]):
        code = ("from dptclean.cli import main\n"
                f"try:\n    main({args!r}, prog_name='dptclean')\nexcept SystemExit:\n    pass")
        loaded = _modules_after(code, bahasa)
        assert not [m for m in HEAVY if m in loaded], args
        assert ("dptclean.cli.help_id" in loaded) == (bahasa and args != ["--version"]), args


@pytest.mark.parametrize("command", ["inspect", "normalize", "report", "check", "diff"])
def test_command_help_does_not_load_pandas(command):
    """`dptclean <command> --help` builds the command's options without the libraries its
    work needs: they are imported when the command runs."""
    code = ("from dptclean.cli import main\n"
            f"try:\n    main([{command!r}, '--help'], prog_name='dptclean')\n"
            "except SystemExit:\n    pass")
    loaded = _modules_after(code)
    assert not [m for m in HEAVY if m in loaded], command


def test_library_api_still_resolves_on_first_use():
    import dptclean

    assert callable(dptclean.find_duplicates) and callable(dptclean.read_voters)
    assert "read_voters" in dir(dptclean)


def test_listed_short_help_matches_each_command():
    """The table `dptclean --help` lists from must say what each command says of itself."""
    from dptclean.cli import _COMMANDS, main

    for name in main.list_commands(click.Context(main)):
        cmd = main.commands[name]
        assert _COMMANDS[name][2] == cmd.get_short_help_str(limit=10_000), (
            f"the short help of {name!r} changed: copy its first docstring line into "
            "_COMMANDS in src/dptclean/cli/__init__.py")
