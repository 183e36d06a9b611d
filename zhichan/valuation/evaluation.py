"""Scoring one record: the measures, its cohort, every indicator with its inputs, the weighted
score, the gates — stored as one valuation with everything it came from. A batch reads what
its records share (weights, population, registries, expert inputs) once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhichan.accounts import service as accounts_service
from zhichan.core.errors import InvalidInput
from zhichan.core.principal import Principal
from zhichan.db.base import as_utc
from zhichan.licensing import service as licensing_service
from zhichan.patents.schemas import PatentProfile
from zhichan.transfer import service as transfer_service
from zhichan.valuation import catalogue, gates, indicators, measures, scoring, store, weights
from zhichan.valuation.catalogue import BY_KEY, DIMENSIONS, SCENARIOS
from zhichan.valuation.models import ExpertInput, Valuation, WeightVersion
from zhichan.valuation.populations import Populations
from zhichan.valuation.schemas import GateRead, IndicatorRead, ValuationRead


def owner_of(session: Session, principal: Principal) -> int:
    if principal.org_id:
        return principal.org_id
    found = accounts_service.platform_org_id(session=session)
    if found is None:
        raise InvalidInput("平台机构不存在，请先运行 zhichan db upgrade")
    return found


def current_weights(
    session: Session, scenario: str
) -> tuple[weights.WeightSet, WeightVersion | None]:
    row = session.scalar(
        select(WeightVersion)
        .where(WeightVersion.scenario == scenario)
        .order_by(WeightVersion.id.desc())
        .limit(1)
    )
    if row is None:
        return weights.default(scenario), None
    return weights.WeightSet.model_validate(row.weights), row


def experts_of(
    session: Session, owner: int, ids: list[int]
) -> dict[int, dict[str, indicators.Expert]]:
    rows = session.scalars(
        select(ExpertInput).where(ExpertInput.owner_org_id == owner, ExpertInput.patent_id.in_(ids))
    )
    found: dict[int, dict[str, indicators.Expert]] = {}
    for r in rows:
        on = (as_utc(r.entered_at) or r.entered_at).date()
        found.setdefault(r.patent_id, {})[r.indicator] = indicators.Expert(
            r.value, r.note, r.entered_by, on
        )
    return found


_OPERATION_EVENTS = ("transfer", "licence_record", "pledge", "open_licence")


def registry_operations(session: Session, ids: list[int]) -> dict[str, list[indicators.Operation]]:
    """This platform's signed deals and the open licences its legal events do not already
    record (announcements and filings are events), by patent number."""
    cap = max(200, 20 * len(ids))
    found: dict[str, list[indicators.Operation]] = {}
    for op in [
        *transfer_service.signed_deals(session=session, patent_ids=ids, limit=cap),
        *licensing_service.licence_operations(
            session=session, patent_ids=ids, unrecorded=True, limit=cap
        ),
    ]:
        found.setdefault(op.number, []).append(indicators.Operation(op.kind, op.on, op.source))
    return found


def _operations(
    p: PatentProfile, registry: dict[str, list[indicators.Operation]]
) -> tuple[indicators.Operation, ...]:
    events = [
        indicators.Operation(e.text, e.date, "法律事件")
        for e in p.events
        if e.code in _OPERATION_EVENTS
    ]
    return tuple(events + registry.get(p.number, []))


@dataclass(frozen=True, slots=True)
class Shared:
    """What every record of one scoring run reads the same: whose it is, the weights in
    force, the population, and (for a batch) the registries' operations and expert inputs
    fetched once for all its records."""

    owner: int
    weights: weights.WeightSet
    version: str
    pops: Populations | None = None
    operations: dict[str, list[indicators.Operation]] | None = None
    experts: dict[int, dict[str, indicators.Expert]] | None = None


def shared(
    session: Session,
    who: Principal,
    scenario: str,
    *,
    pops: Populations | None = None,
    ids: list[int] | None = None,
) -> Shared:
    owner = owner_of(session, who)
    w, version = current_weights(session, scenario)
    name = version.version if version else weights.DEFAULT_VERSION
    if ids is None:
        return Shared(owner, w, name, pops)
    return Shared(
        owner, w, name, pops, registry_operations(session, ids), experts_of(session, owner, ids)
    )


def _indicator_read(v: indicators.Value, w: weights.WeightSet) -> dict[str, Any]:
    i = BY_KEY[v.key]
    return IndicatorRead(
        key=i.key,
        name=i.name,
        dimension=i.dimension,
        dimension_label=DIMENSIONS[i.dimension],
        source_kind=i.source_kind,
        score=v.score,
        weight=w.weight(i.key),
        inputs={k: str(x) for k, x in v.inputs.items()},
        note=v.note,
        formula=i.formula,
        framework=i.framework,
        assumption=i.assumption,
    ).model_dump(mode="json")


def gate_read(g: gates.Gate) -> dict[str, Any]:
    return GateRead(
        key=g.key,
        label=g.label,
        state=g.state,
        state_label=gates.STATES[g.state],
        fact=g.fact,
        source=g.source,
    ).model_dump()


def evaluate(
    session: Session,
    who: Principal,
    p: PatentProfile,
    scenario: str,
    today: date,
    *,
    near: store.Neighbours | None = None,
    terms: gates.Terms | None = None,
    common: Shared | None = None,
    stored: measures.Measures | None = None,
) -> Valuation:
    """Score one record for a scenario and add the result with everything it came from (not
    flushed). A batch passes what its records share and each record's stored measures."""
    m = stored
    if m is None:
        m = measures.of(p, today, store.originality(session, p, near)[0])
        store.write(session, p, m)
        session.flush()
    common = common or shared(session, who, scenario)
    keys = measures.cohort_keys(p)
    pops = common.pops or store.populations_for(session, keys)
    cohort, pct = pops.percentiles(keys, m)
    registry = common.operations
    if registry is None:
        registry = registry_operations(session, [p.id])
    experts = common.experts
    if experts is None:
        experts = experts_of(session, common.owner, [p.id])
    ctx = indicators.Context(
        p, m, pct, cohort.label, today, _operations(p, registry), experts.get(p.id, {})
    )
    values = indicators.evaluate(ctx)
    w = common.weights
    result = scoring.combine({v.key: v.score for v in values}, w)
    checked = gates.check(scenario, p, today, terms)
    t = terms or gates.Terms()
    row = Valuation(
        owner_org_id=common.owner,
        patent_id=p.id,
        number=p.number,
        title=p.title,
        scenario=scenario,
        model_version=catalogue.MODEL_VERSION,
        weights_version=common.version,
        score=result.score,
        coverage=result.coverage,
        reference=result.reference,
        tier=result.tier,
        blocked=gates.blocked(checked),
        on=today,
        detail={
            "cohort": cohort.label,
            "dimensions": result.dimensions,
            "weights": weights.as_json(w),
            "indicators": [_indicator_read(v, w) for v in values],
            "gates": [gate_read(g) for g in checked],
            "terms": {
                "loan_ends": t.loan_ends.isoformat() if t.loan_ends else None,
                "co_owner_consent": t.co_owner_consent,
                "infringement_on": t.infringement_on.isoformat() if t.infringement_on else None,
            },
        },
        snapshot=f"{p.content_hash[:16]}@{today.isoformat()}",
        created_by=who.actor,
    )
    session.add(row)
    return row


def note_values(session: Session, owner: int, rows: list[Valuation], today: date) -> None:
    """管理 valuations are noted on the institution's inventory items (tiering may count them)."""
    session.flush()
    values = [(r.patent_id, r.score, r.tier, r.id) for r in rows if r.scenario == "management"]
    if values:
        transfer_service.record_values(
            session=session, owner_org_id=owner, values=values, today=today
        )


def read(row: Valuation) -> ValuationRead:
    d = row.detail
    return ValuationRead(
        id=row.id,
        number=row.number,
        title=row.title,
        scenario=row.scenario,
        scenario_label=SCENARIOS[row.scenario],
        model_version=row.model_version,
        model_label=catalogue.MODEL_LABELS.get(row.model_version, row.model_version),
        weights_version=row.weights_version,
        weights_label=weights.version_label(row.weights_version),
        score=row.score,
        coverage=row.coverage,
        reference=row.reference,
        tier=row.tier,
        blocked=row.blocked,
        on=row.on,
        cohort=d["cohort"],
        dimensions=d["dimensions"],
        weights=d["weights"],
        indicators=d["indicators"],
        gates=d["gates"],
        terms=d.get("terms", {}),
        snapshot=row.snapshot,
        created_by=row.created_by,
        created_at=row.created_at,
        disclaimer=catalogue.DISCLAIMER,
    )
