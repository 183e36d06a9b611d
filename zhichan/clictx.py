"""Shared state of one CLI invocation: settings and a lazily built, checked runtime."""

from __future__ import annotations

import functools
import getpass

from zhichan.core import settings as settings_mod
from zhichan.core.principal import Principal
from zhichan.db.engine import check_connection
from zhichan.runtime import Runtime, build


@functools.cache
def runtime() -> Runtime:
    rt = build(settings_mod.load())
    check_connection(rt.engine)
    return rt


def operator() -> Principal:
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "unknown"
    return Principal.operator(name)
