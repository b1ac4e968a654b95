import pytest

from dptclean.errors import ConfigError
from dptclean.match.config import MatchConfig


def test_toml_round_trip(tmp_path):
    cfg = MatchConfig()
    cfg.threshold = 0.95
    cfg.weights["nik"]["different"] = -15.0
    path = tmp_path / "match.toml"
    path.write_text(cfg.to_toml())
    again = MatchConfig.from_toml(path)
    assert again.to_dict() == cfg.to_dict()


def test_blocking_rule_options_survive_toml(tmp_path):
    cfg = MatchConfig()
    path = tmp_path / "match.toml"
    path.write_text(cfg.to_toml())
    again = MatchConfig.from_toml(path)
    assert again.blocking == cfg.blocking
    assert any(r.skip_nik_conflicts for r in again.blocking)


def test_rule_names_with_quotes_and_backslashes_survive_toml(tmp_path):
    import dataclasses
    cfg = MatchConfig()
    odd = dataclasses.replace(cfg.blocking[0], name='nik "lengkap" \\ C:\\x')
    cfg = dataclasses.replace(cfg, blocking=(odd, *cfg.blocking[1:]))
    path = tmp_path / "match.toml"
    path.write_text(cfg.to_toml(), encoding="utf-8")
    again = MatchConfig.from_toml(path)
    assert again.blocking[0].name == odd.name
    assert again.to_dict() == cfg.to_dict()


def test_dict_round_trip_reproduces_the_run_configuration():
    cfg = MatchConfig()
    assert MatchConfig.from_dict(cfg.to_dict()).to_dict() == cfg.to_dict()


@pytest.mark.parametrize("data, message", [
    ({"threshold": 1.5}, "threshold"),
    ({"thresold": 0.9}, "unknown configuration keys"),
    ({"weights": {"nik": {"exactly": 3}}}, "unknown level"),
    ({"blocking": [{"keys": ["shoe_size"]}]}, "unknown keys"),
    ({"threshold": "high"}, "must be a number"),
    ({"blocking": [{"keys": ["dob"], "skip_nik_conflicts": "yes"}]}, "true or false"),
])
def test_bad_configuration_is_a_config_error(data, message):
    with pytest.raises(ConfigError, match=message):
        MatchConfig.from_dict(data)


def test_unreadable_toml_is_a_config_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("threshold = = 3")
    with pytest.raises(ConfigError, match="not valid TOML"):
        MatchConfig.from_toml(bad)
