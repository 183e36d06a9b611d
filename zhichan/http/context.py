"""What a running app holds: settings, engine, session factory and templates."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from zhichan.core.settings import Settings


@dataclass(frozen=True, slots=True)
class AppContext:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    templates: Jinja2Templates
