"""The layering rules that import-linter cannot express: a domain reaches another only through
its ``service`` or ``schemas``, and each domain declares itself in one ``domain.py``."""

from __future__ import annotations

import grimp

from zhichan import domains

DOMAINS = {"patents", "search", "law", "licensing", "transfer", "forensics"}


def test_domains_use_each_other_only_through_service_and_schemas() -> None:
    graph = grimp.build_graph("zhichan")
    crossings = []
    for module in graph.modules:
        parts = module.split(".")
        if len(parts) < 3 or parts[1] not in DOMAINS:
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            other = imported.split(".")
            crossing = len(other) >= 3 and other[1] in DOMAINS - {parts[1]}
            if crossing and other[2] not in {"service", "schemas"}:
                crossings.append(f"{module} -> {imported}")
    assert crossings == []


def test_every_domain_package_is_declared_once() -> None:
    names = [d.name for d in domains.ALL]
    assert len(names) == len(set(names))
    assert set(names) >= DOMAINS | {"accounts", "jobs"}
    mounted = {c.name for d in domains.ALL for c in d.commands}
    assert {"patents", "search", "law", "licensing", "transfer", "compare", "jobs"} <= mounted
