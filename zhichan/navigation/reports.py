"""Report types of the navigation guide (GB/T 39551 parts 2–6, and the enterprise practice of
competitor monitoring) as lists of chapters, and a report built from facts with the manifest
that makes it reproducible.

Part numbers and chapter ids follow ``../shared/reference/navigation_spec.md`` §1–§2; the
chapters of parts 2, 3 and 5 could not be read in the standard's text, so their lists are
the spec's (marked there as not verified).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from zhichan.fulltext import similar
from zhichan.navigation import analytics, effects, risk
from zhichan.navigation.analytics import Figure
from zhichan.navigation.facts import Fact, Scope, snapshot_id

#: Bumped whenever a chapter's computation changes, so an old manifest names its template.
TEMPLATE_VERSION = 2


@dataclass(frozen=True, slots=True)
class Kind:
    code: str
    label: str
    standard: str
    chapters: tuple[str, ...]


KINDS = {
    k.code: k
    for k in (
        Kind(
            "industry",
            "产业规划类导航",
            "GB/T 39551.3",
            ("A2", "A3", "A4", "A4p", "A5", "A6", "A7", "A8", "A9", "A10"),
        ),
        Kind(
            "region",
            "区域规划类导航",
            "GB/T 39551.2",
            ("A2", "A3", "A4", "A4p", "A7", "A8", "A10"),
        ),
        Kind(
            "enterprise",
            "企业经营类导航",
            "GB/T 39551.4",
            ("A2", "A3", "A4", "A5", "A7", "A8", "A9", "A10"),
        ),
        Kind("rnd", "研发活动类导航", "GB/T 39551.5", ("A2", "A5i", "A6", "A9")),
        Kind("talent", "人才管理类导航", "GB/T 39551.6", ("A5i", "A7")),
        Kind("competitor", "竞争对手监测", "企业经营类实务", ("A2", "A4", "A5", "A8", "A9")),
        Kind("risk", "侵权风险排查清单", "事实清单，非法律结论", ("R1",)),
    )
}

Chapter = Callable[["Inputs"], list[Figure]]
#: The statuses a risk screening list compares (a lapsed patent binds no one).
RISK_STATUS = ("valid", "pending", "unknown")


@dataclass(frozen=True, slots=True)
class Claims:
    """The texts a risk screening list compares, by number, and the word weights."""

    texts: dict[str, str]
    idf: similar.Idf


@dataclass(frozen=True, slots=True)
class Inputs:
    facts: Sequence[Fact]
    as_of: date
    ipc_titles: dict[str, str]
    keywords: dict[str, tuple[str, ...]]
    top: int
    #: Every record read (the baseline a region is compared with) and the scope's provinces.
    everything: Sequence[Fact] = ()
    provinces: tuple[str, ...] = ()
    #: The indicators domain's high-value patents (ids) and the verdicts' reference date;
    #: ``None`` when never computed.
    high_value: frozenset[int] | None = None
    judged_on: str | None = None
    features: tuple[str, ...] = ()
    claims: Claims | None = None
    #: Stored records citing each number, and how many stored records list citations.
    cited: dict[str, int] = field(default_factory=dict)
    citing: int = 0


CHAPTERS: dict[str, tuple[str, Chapter]] = {
    "A2": (
        "申请趋势",
        lambda i: [
            analytics.trend(i.facts, i.as_of.year),
            analytics.growth(i.facts, i.as_of.year),
        ],
    ),
    "A3": (
        "技术构成",
        lambda i: [
            analytics.composition(i.facts, 1, i.ipc_titles, i.top),
            analytics.composition(i.facts, 4, i.ipc_titles, i.top),
            analytics.groups(i.facts, i.ipc_titles, i.top),
            analytics.industries(i.facts, i.top),
        ],
    ),
    "A4": ("地域分布", lambda i: [analytics.regions(i.facts)]),
    "A4p": (
        "区域技术定位",
        lambda i: [analytics.positioning(i.facts, i.everything, i.provinces, i.ipc_titles, i.top)],
    ),
    "A5": (
        "申请人",
        lambda i: [
            analytics.applicants(i.facts, i.top),
            analytics.applicant_kinds(i.facts),
            analytics.new_entrants(i.facts, i.as_of.year),
        ],
    ),
    "A5i": ("发明人", lambda i: [analytics.inventors(i.facts, i.top)]),
    "A6": ("技术功效矩阵与空白点", lambda i: [effects.matrix(i.facts, i.keywords)]),
    "A7": ("法律状态", lambda i: [analytics.legal_status(i.facts)]),
    "A8": ("运营状态", lambda i: [analytics.operations(i.facts)]),
    "A9": (
        "合作网络与引用",
        lambda i: [
            analytics.cooperation(i.facts, i.top),
            analytics.citations(i.facts, i.cited, i.citing, i.top),
        ],
    ),
    "R1": ("侵权风险排查", lambda i: risk.screening(i.facts, i.features, i.claims)),
    "A10": (
        "价值分布",
        lambda i: [analytics.value(i.facts, i.high_value, i.judged_on, i.ipc_titles, i.top)],
    ),
}


@dataclass
class Report:
    kind: str
    title: str
    chapters: list[tuple[str, list[Figure]]]
    manifest: dict[str, Any]


def build(
    kind: str,
    title: str,
    facts: Sequence[Fact],
    scope: Scope,
    as_of: date,
    *,
    ipc_titles: dict[str, str] | None = None,
    keywords: dict[str, tuple[str, ...]] | None = None,
    top: int = 20,
    references: dict[str, str] | None = None,
    version: str = "",
    high_value: tuple[frozenset[int], str | None] | None = None,
    features: Sequence[str] = (),
    claims: Claims | None = None,
    citations: tuple[dict[str, int], int] = ({}, 0),
) -> Report:
    """The report over the records of ``facts`` the scope admits, as of ``as_of``."""
    chosen = [f for f in facts if scope.admits(f)]
    hv, judged_on = high_value if high_value is not None else (None, None)
    inputs = Inputs(
        chosen,
        as_of,
        ipc_titles or {},
        keywords or {},
        top,
        facts,
        scope.provinces,
        hv,
        judged_on,
        tuple(features),
        claims,
        *citations,
    )
    chapters = [(CHAPTERS[c][0], CHAPTERS[c][1](inputs)) for c in KINDS[kind].chapters]
    data = chart_data(chapters)
    manifest = {
        "template": f"{kind}@{TEMPLATE_VERSION}",
        "zhichan": version,
        "scope": scope.describe(),
        "as_of": as_of.isoformat(),
        "records": len(chosen),
        "snapshot": snapshot_id(chosen),
        "parameters": {"top": top, "lag_years": analytics.LAG_YEARS, "reach": effects.REACH}
        | ({"features": list(features)} if features else {}),
        "references": references or {},
        "chart_data_sha256": hashlib.sha256(data.encode()).hexdigest(),
    }
    return Report(kind, title, chapters, manifest)


def chart_data(chapters: list[tuple[str, list[Figure]]]) -> str:
    """Every figure's data as canonical JSON: what a re-run must reproduce byte for byte."""
    figures = [asdict(f) for _, figs in chapters for f in figs]
    return json.dumps(figures, ensure_ascii=False, sort_keys=True, default=str)
