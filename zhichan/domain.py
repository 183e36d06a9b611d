"""The one place a domain declares what it adds to the platform: routers, navigation, templates,
models, commands, job kinds, derived work and demo steps. ``zhichan/domains.py`` lists the
records; the web app, the CLI, the runtime, the demo loader and the migrations read them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

from fastapi import APIRouter
from sqlalchemy.orm import Session

from zhichan.core.principal import Principal
from zhichan.db.runtime import Runtime
from zhichan.db.sets import PatentSet
from zhichan.http.nav import NavItem, PatentNotes
from zhichan.jobs.kinds import Kind

Echo = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class DemoContext:
    runtime: Runtime
    operator: Principal
    #: ``../shared/data``: real records the demo loads.
    shared: Path
    today: date
    echo: Echo


@dataclass(frozen=True, slots=True)
class DemoStep:
    """One announced step of ``zhichan demo load``; ``run`` returns the line to print."""

    title: str
    order: int
    run: Callable[[DemoContext], str | None]
    #: Steps that load ``../shared/data`` are skipped when it is absent.
    needs_shared: bool = True


@dataclass(frozen=True, slots=True)
class Work:
    """Work waiting for the signed-in organisation, for its dashboard: a count and the page
    where it is done (shown only to those the page's action admits)."""

    label: str
    count: int
    path: str
    action: str


@dataclass(frozen=True, slots=True)
class Command:
    """A Typer group (``add_typer``) or a single command function mounted at ``name``."""

    name: str
    target: Any


@dataclass(frozen=True, slots=True)
class Domain:
    name: str
    routers: Sequence[APIRouter] = ()
    nav: Sequence[NavItem] = ()
    #: ``<package>/templates`` is served under the ``<name>/`` prefix.
    templates: bool = True
    #: The module holding the domain's tables (imported for the metadata migrations compare).
    models: ModuleType | None = None
    commands: Sequence[Command] = ()
    jobs: Callable[[Runtime], Iterable[Kind]] = lambda _rt: ()
    #: Queues the work that brings the domain's derived data up to its source (an index
    #: behind its records, missing vectors); returns the job kinds queued.
    derived: Callable[[Runtime], list[str]] = lambda _rt: []
    demo: Sequence[DemoStep] = field(default=())
    #: ``(topic, listener)`` pairs subscribed on every session factory the runtime builds
    #: (``core.events``): how a domain reacts to another's changes without being imported.
    listeners: Sequence[tuple[str, Callable[..., None]]] = ()
    #: Patents it singles out, as search filters and facets.
    patent_sets: Sequence[PatentSet] = ()
    #: What the domain knows of a patent, for the patent's page.
    patent_notes: Sequence[PatentNotes] = ()
    #: Work waiting for the principal's organisation (counted, with the page that does it).
    work: Callable[[Session, Principal], Sequence[Work]] = lambda _s, _p: ()
