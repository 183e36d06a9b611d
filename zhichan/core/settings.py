"""Settings, declared once with their help text.

Read from ``zhichan.toml`` in the working directory (or the file named by ``ZHICHAN_CONFIG``)
and then from ``ZHICHAN_<NAME>`` environment variables, which win. A bad value raises
:class:`ConfigError` naming the setting, before anything else starts.
"""

from __future__ import annotations

import os
import secrets
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from zhichan.core.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Spec:
    name: str
    help: str
    parse: Callable[[str], Any]


def _bool(raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError("expected true/false")


def _positive_int(raw: str) -> int:
    value = int(raw)
    if value <= 0:
        raise ValueError("must be a positive integer")
    return value


def _non_negative_int(raw: str) -> int:
    value = int(raw)
    if value < 0:
        raise ValueError("must be 0 or a positive integer")
    return value


def _db_url(raw: str) -> str:
    if not raw.startswith(("sqlite://", "postgresql://", "postgresql+psycopg://")):
        raise ValueError("must start with sqlite:// or postgresql://")
    return raw


def _scheduler(raw: str) -> str:
    raw = raw.strip()
    if raw and not raw.startswith(("tcp://", "tls://", "ucx://", "inproc://")):
        raise ValueError("must be a scheduler address such as tcp://10.0.0.5:8786, or empty")
    return raw


def _choice(*allowed: str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if raw.lower() not in allowed:
            raise ValueError(f"must be one of {', '.join(allowed)}")
        return raw.lower()

    return parse


SPECS: tuple[Spec, ...] = (
    Spec("database_url", "SQLAlchemy URL; sqlite:// or postgresql://", _db_url),
    Spec("data_dir", "Directory for the embedded database, secret key and indexes", str),
    Spec("shared_dir", "Directory holding the shared seeds/ and data/ folders", str),
    Spec("secret_key", "Key for signing; generated into data_dir/secret_key when empty", str),
    Spec("cookie_secure", "Mark session cookies Secure (localhost counts as secure)", _bool),
    Spec("session_hours", "Lifetime of a web login session, in hours", _positive_int),
    Spec(
        "import_workers",
        "Worker processes that parse large imports; 0 means one per core",
        _non_negative_int,
    ),
    Spec(
        "search_analyser",
        "Chinese analysis of the search index: bigram (chosen by measurement) or jieba",
        _choice("bigram", "jieba"),
    ),
    Spec(
        "search_model",
        "Sentence-embedding model of semantic search: e5 (chosen by measurement), use or none",
        _choice("e5", "use", "none"),
    ),
    Spec(
        "web_jobs",
        "Run background-job workers inside the web server (false: run zhichan jobs run)",
        _bool,
    ),
    Spec(
        "dask_scheduler",
        "Address of a dask.distributed scheduler for batch work (tcp://host:8786); empty: "
        "Dask's local threaded scheduler in this process",
        _scheduler,
    ),
    Spec("log_level", "Logging level", _choice("debug", "info", "warning", "error")),
    Spec("log_format", "Log line format", _choice("text", "json")),
)


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str = "sqlite:///var/zhichan.db"
    data_dir: str = "var"
    shared_dir: str = "../shared"
    secret_key: str = ""
    cookie_secure: bool = True
    session_hours: int = 12
    import_workers: int = 0
    search_analyser: str = "bigram"
    search_model: str = "e5"
    web_jobs: bool = True
    dask_scheduler: str = ""
    log_level: str = "info"
    log_format: str = "text"

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir)

    @property
    def shared_path(self) -> Path:
        return Path(self.shared_dir)

    @property
    def embedding_model(self) -> str | None:
        """The semantic model's name, or ``None`` when ``search_model`` is ``none``."""
        return None if self.search_model == "none" else self.search_model

    @property
    def workers(self) -> int:
        """Import worker processes to use (``import_workers``, 0 = one per core, at most 4)."""
        return self.import_workers or max(1, min(4, os.cpu_count() or 1))

    def with_secret(self) -> Settings:
        """Return settings whose secret key is set, creating ``data_dir/secret_key`` once."""
        if self.secret_key:
            return self
        path = self.data_path / "secret_key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return replace(self, secret_key=path.read_text().strip())


def _parse(spec: Spec, raw: object, origin: str) -> Any:
    text = str(raw).lower() if isinstance(raw, bool) else str(raw)
    try:
        return spec.parse(text)
    except ValueError as exc:
        raise ConfigError(
            f"配置项 {spec.name}（{origin}）无效：{exc}",
            details={"setting": spec.name, "origin": origin, "value": text},
        ) from exc


def _read_toml(path: Path) -> Mapping[str, Any]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"配置文件 {path} 不是有效的 TOML：{exc}") from exc
    known = {spec.name for spec in SPECS}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(
            f"配置文件 {path} 含未知配置项：{', '.join(unknown)}", details={"setting": unknown[0]}
        )
    return data


def load(environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    env = os.environ if environ is None else environ
    toml_path = Path(env.get("ZHICHAN_CONFIG", "zhichan.toml"))
    from_file = _read_toml(toml_path) if toml_path.exists() else {}
    values: dict[str, Any] = {}
    for spec in SPECS:
        env_name = f"ZHICHAN_{spec.name.upper()}"
        if env_name in env:
            values[spec.name] = _parse(spec, env[env_name], f"环境变量 {env_name}")
        elif spec.name in from_file:
            values[spec.name] = _parse(spec, from_file[spec.name], f"文件 {toml_path}")
    values.update(overrides)
    return Settings(**values)


def defaults() -> dict[str, Any]:
    """Each setting's default, for documentation and ``zhichan config``."""
    return {f.name: f.default for f in fields(Settings)}
