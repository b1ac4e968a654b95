"""`--help` and click's own usage errors in Bahasa Indonesia by default, English with --lang en
or DPTCLEAN_LANG=en; usage errors keep exit code 2 in both."""

from __future__ import annotations

import inspect

import click
import pytest
from click.testing import CliRunner

from dptclean.cli import _COMMANDS, main
from dptclean.cli.help_id import HELP


@pytest.fixture
def bahasa(monkeypatch):
    monkeypatch.delenv("DPTCLEAN_LANG", raising=False)


def _run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args], prog_name="dptclean",
                                terminal_width=100)
    return result


def _paragraphs(text):
    return [" ".join(p.split()) for p in inspect.cleandoc(text).split("\n\n")]


def _every_help_text():
    yield "dptclean", main.help
    for param in main.params:
        yield "dptclean " + param.name, param.help
    for name in main.list_commands(click.Context(main)):
        cmd = main.commands[name]
        yield name, _COMMANDS[name][2]
        yield name, cmd.help
        for param in cmd.params:
            yield f"{name} {param.name}", getattr(param, "help", None)
    yield "--help", "Show this message and exit."


def test_every_help_text_has_its_bahasa_text():
    missing = [f"{where}: {p}" for where, text in _every_help_text() if text
               for p in _paragraphs(text) if p not in HELP]
    assert not missing, ("add the Bahasa text of these to src/dptclean/cli/help_id.py:\n"
                         + "\n".join(missing))


def test_no_bahasa_text_is_left_over():
    used = {p for _, text in _every_help_text() if text for p in _paragraphs(text)}
    assert not set(HELP) - used, "help_id.HELP has texts no command uses any more"


def test_group_help_is_bahasa_by_default(bahasa):
    out = _run("--help").output
    assert out.startswith("Penggunaan: dptclean [OPSI] PERINTAH [ARG]...")
    assert "\nPerintah:\n" in out and "\nOpsi:\n" in out
    assert "Temukan pemilih ganda" in out and "Find duplicate voters" not in out
    assert "Tampilkan pesan ini lalu keluar." in out


def test_group_help_in_english_with_the_environment(monkeypatch):
    monkeypatch.setenv("DPTCLEAN_LANG", "en")
    out = _run("--help").output
    assert out.startswith("Usage: dptclean [OPTIONS] COMMAND [ARGS]...")
    assert "Find duplicate voters" in out and "Perintah" not in out


@pytest.mark.parametrize("name", sorted(_COMMANDS))
def test_command_help_follows_the_language(name, bahasa):
    bahasa_help = _run(name, "--help").output
    english = _run(name, "--help", "--lang", "en").output     # --lang after --help counts
    assert bahasa_help.startswith(f"Penggunaan: dptclean {name} [OPSI]")
    assert "\nOpsi:\n" in bahasa_help and "Options:" not in bahasa_help
    assert english.startswith(f"Usage: dptclean {name} [OPTIONS]")
    assert "\nOptions:\n" in english and "Opsi" not in english
    first = _paragraphs(_COMMANDS[name][2])[0]
    assert " ".join(HELP[first].split()[:4]) in " ".join(bahasa_help.split())


def test_option_defaults_and_metavars_in_bahasa(bahasa):
    out = " ".join(_run("split", "--help").output.split())
    assert "[bawaan: xlsx]" in out and "[wajib]" in out and "BERKAS..." in out
    assert "-o, --output FOLDER" in out


@pytest.mark.parametrize("args, bahasa_text, english_text", [
    (("dedupe", "--bogus", "x.csv"), "Kesalahan: opsi '--bogus' tidak ada.",
     "Error: No such option '--bogus'."),
    (("dedupe",), "Kesalahan: argumen 'BERKAS...' belum diberikan.",
     "Error: Missing argument 'FILE...'."),
    (("split", "x.csv", "-o", "out", "--by", "kota"),
     "Kesalahan: nilai '--by' tidak sah: 'kota' bukan salah satu dari 'kecamatan', "
     "'kelurahan', 'tps'.",
     "Error: Invalid value for '--by': 'kota' is not one of 'kecamatan', 'kelurahan', 'tps'."),
    (("dedupe", "x.csv", "--threshold", "abc"), "bukan angka.", "is not a valid float"),
    (("dedupe", "x.csv", "--header-row", "0"), "di luar rentang x>=1.", "is not in the range"),
    (("dedupe", "x.csv", "--header-file", "tidak-ada.toml"),
     "Kesalahan: nilai '--header-file' tidak sah: berkas 'tidak-ada.toml' tidak ditemukan.",
     "does not exist."),
    (("split", "x.csv", "--by"), "Kesalahan: opsi '--by' memerlukan nilai.",
     "Error: Option '--by' requires an argument."),
    (("dedupe", "x.csv", "--map", "tanggal=TGL"), "kolom 'tanggal' tidak dikenal",
     "unknown field 'tanggal'"),
])
def test_usage_errors_follow_the_language(args, bahasa_text, english_text, bahasa):
    res = _run(*args)
    assert res.exit_code == 2, res.output
    assert bahasa_text in res.output, res.output
    assert "Penggunaan: dptclean" in res.output and "untuk bantuan." in res.output
    assert "Error:" not in res.output and "Usage:" not in res.output
    en = _run(args[0], "--lang", "en", *args[1:])
    assert en.exit_code == 2 and english_text in en.output, en.output
    assert "Try 'dptclean" in en.output


def test_unknown_command_and_suggestion_in_bahasa(bahasa):
    res = _run("dedup")
    assert res.exit_code == 2
    assert "Kesalahan: perintah 'dedup' tidak ada. Mungkin maksud Anda 'dedupe'?" in res.output
    res = _run("dedupe", "x.csv", "--dpk-ouput", "d.csv")
    assert ("opsi '--dpk-ouput' tidak ada. (Mungkin maksud Anda salah satu dari: "
            "'--dpk-output'") in res.output


def test_english_environment_gives_english_usage_errors(monkeypatch):
    monkeypatch.setenv("DPTCLEAN_LANG", "en")
    res = _run("dedupe", "--bogus")
    assert res.exit_code == 2 and "Error: No such option '--bogus'." in res.output


@pytest.mark.parametrize("stage, lang, shown", [
    ("reading dpt.xlsx [BUGO]", "id", "membaca dpt.xlsx [BUGO]"),
    ("normalizing names", "id", "menormalisasi nama"),
    ("comparing", "id", "membandingkan pasangan"),
    ("comparing fields", "id", "membandingkan kolom"),
    ("reading dpt.xlsx", "en", "reading dpt.xlsx"),
])
def test_progress_stages_in_the_language(stage, lang, shown):
    from dptclean.cli.output import stage_text

    assert stage_text(stage, lang) == shown
