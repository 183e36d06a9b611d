from pathlib import Path

import pytest

from zhichan.core import settings
from zhichan.core.errors import ConfigError


def test_defaults_without_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    loaded = settings.load({})
    assert loaded.database_url == "sqlite:///var/zhichan.db"
    assert loaded.cookie_secure is True


def test_environment_overrides_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "zhichan.toml").write_text('session_hours = 4\nlog_level = "debug"\n')
    loaded = settings.load({"ZHICHAN_SESSION_HOURS": "8"})
    assert loaded.session_hours == 8
    assert loaded.log_level == "debug"


@pytest.mark.parametrize(
    ("env", "setting"),
    [
        ({"ZHICHAN_DATABASE_URL": "mysql://x"}, "database_url"),
        ({"ZHICHAN_SESSION_HOURS": "-3"}, "session_hours"),
        ({"ZHICHAN_COOKIE_SECURE": "maybe"}, "cookie_secure"),
        ({"ZHICHAN_LOG_FORMAT": "xml"}, "log_format"),
    ],
)
def test_invalid_value_names_the_setting(
    env: dict[str, str], setting: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as info:
        settings.load(env)
    assert setting in info.value.message
    assert info.value.details["setting"] == setting


def test_unknown_key_in_toml_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "zhichan.toml").write_text("databse_url = 'sqlite://'\n")
    with pytest.raises(ConfigError, match="databse_url"):
        settings.load({})


def test_broken_toml_is_a_config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "zhichan.toml").write_text("session_hours = \n")
    with pytest.raises(ConfigError, match="TOML"):
        settings.load({})


def test_secret_key_is_generated_once(tmp_path: Path) -> None:
    base = settings.Settings(data_dir=str(tmp_path))
    first = base.with_secret().secret_key
    assert len(first) > 40
    assert base.with_secret().secret_key == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_every_setting_is_documented() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "configuration.md").read_text()
    for spec in settings.SPECS:
        assert f"`ZHICHAN_{spec.name.upper()}`" in doc, spec.name
    assert set(settings.defaults()) == {spec.name for spec in settings.SPECS}
