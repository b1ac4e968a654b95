"""`dptclean dedupe --print-config` needs no input file, as the help of --config says (persona
review: it exited 2, "Missing argument 'FILE...'"); without it FILE... is still required."""

from __future__ import annotations

from dptclean.match.config import MatchConfig
from tests.builders import run_cli as run


def test_print_config_without_a_file(tmp_path):
    r = run("dedupe", "--print-config")
    assert r.exit_code == 0, r.output
    path = tmp_path / "c.toml"
    path.write_text(r.stdout, encoding="utf-8")
    assert MatchConfig.from_toml(str(path)).to_toml() == MatchConfig().to_toml()
    r = run("dedupe", "--print-config", "--weights", "fixed")
    assert r.exit_code == 0 and "learn_weights = false" in r.stdout


def test_a_run_without_a_file_is_still_a_usage_error():
    r = run("dedupe")
    assert r.exit_code == 2 and "Missing argument 'FILE...'" in r.output
