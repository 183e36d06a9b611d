"""Service functions of the valuation domain. They flush, never commit.

A valuation belongs to the organisation that made it, and reads the expert indicators that
organisation entered: a bank's view of a patent does not leak to the university that owns it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhichan.accounts import service as accounts_service
from zhichan.core import permissions
from zhichan.core.errors import InvalidInput, NotFound
from zhichan.core.paging import Page
from zhichan.core.principal import Principal
from zhichan.db import lists
from zhichan.db.base import as_utc, utcnow
from zhichan.http.nav import Note
from zhichan.licensing import service as licensing_service
from zhichan.patents import service as patents_service
from zhichan.patents.schemas import PatentProfile
from zhichan.transfer import service as transfer_service
from zhichan.valuation import catalogue, gates, indicators, measures, money, scoring, store, weights
from zhichan.valuation.catalogue import BY_KEY, DIMENSIONS, SCENARIOS
from zhichan.valuation.models import ExpertInput, Valuation, WeightVersion
from zhichan.valuation.populations import Populations
from zhichan.valuation.schemas import (
    ComparableRead,
    ExpertRead,
    GateRead,
    IncomeIn,
    IncomeRead,
    IndicatorRead,
    MoneyRead,
    ValuationRead,
    ValuationRow,
    WeightsRead,
    YearRead,
)
from zhichan.valuation.terms import legal_term
from zhichan.valuation.weights import WeightsIn

METHODS = {
    "royalty": "收益法（提成率）",
    "profit_split": "收益法（利润分成）",
    "market": "市场法",
    "cost": "成本法",
}


def scenario_of(text: str) -> str:
    found = catalogue.SCENARIO_WORDS.get(text.strip())
    if found is None:
        raise InvalidInput(
            f"未知的评估场景：{text}（可选：{'、'.join(SCENARIOS.values())}）",
            details={"field": "scenario"},
        )
    return found


def _label(principal: Principal) -> str:
    return f"{principal.via}:{principal.username}"


def _owner(session: Session, principal: Principal) -> int:
    if principal.org_id:
        return principal.org_id
    found = accounts_service.platform_org_id(session=session)
    if found is None:
        raise InvalidInput("平台机构不存在，请先运行 zhichan db upgrade")
    return found


# -- weights ---------------------------------------------------------------------------------


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


def weights_read(*, session: Session, scenario: str) -> WeightsRead:
    scn = scenario_of(scenario)
    w, row = current_weights(session, scn)
    return WeightsRead(
        scenario=scn,
        scenario_label=SCENARIOS[scn],
        version=row.version if row else weights.DEFAULT_VERSION,
        dimensions=w.dimensions,
        indicators={i.key: w.weight(i.key) for i in catalogue.CATALOGUE},
        note=row.note if row else "本平台默认权重（GB/T 42748 的权重数值未能核实，见说明文档）",
        created_by=row.created_by if row else None,
        created_at=row.created_at if row else None,
    )


def publish_weights(
    *, session: Session, principal: Principal, scenario: str, data: WeightsIn
) -> WeightsRead:
    """A new weight version for a scenario (audited); later valuations use it and name it."""
    who = permissions.require(principal, "valuation.weights")
    scn = scenario_of(scenario)
    base, _row = current_weights(session, scn)
    try:
        new = weights.WeightSet(
            dimensions=data.dimensions, indicators=base.indicators | data.indicators
        )
    except ValueError as exc:
        raise InvalidInput(_first_error(exc), details={"field": "weights"}) from exc
    count = len(
        session.scalars(select(WeightVersion.id).where(WeightVersion.scenario == scn)).all()
    )
    session.add(
        WeightVersion(
            scenario=scn,
            version=f"{scn}-{count + 1}",
            weights=weights.as_json(new),
            note=data.note,
            created_by=_label(who),
        )
    )
    session.flush()
    return weights_read(session=session, scenario=scn)


def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        found = errors()
        if found:
            return str(found[0].get("msg", exc)).removeprefix("Value error, ")
    return str(exc)


# -- expert indicators -----------------------------------------------------------------------


def _expert_rows(session: Session, owner: int, patent_id: int) -> list[ExpertInput]:
    return list(
        session.scalars(
            select(ExpertInput).where(
                ExpertInput.owner_org_id == owner, ExpertInput.patent_id == patent_id
            )
        )
    )


def expert_inputs(*, session: Session, principal: Principal, number: str) -> list[ExpertRead]:
    who = permissions.require(principal, "valuation.read")
    pid = patents_service.id_of(session=session, number=number)
    rows = _expert_rows(session, _owner(session, who), pid)
    order = {k: i for i, k in enumerate(catalogue.EXPERT)}
    return [
        ExpertRead(
            indicator=r.indicator,
            name=BY_KEY[r.indicator].name,
            value=r.value,
            note=r.note,
            entered_by=r.entered_by,
            entered_at=r.entered_at,
        )
        for r in sorted(rows, key=lambda r: order.get(r.indicator, 99))
    ]


def set_expert(
    *,
    session: Session,
    principal: Principal,
    number: str,
    indicator: str,
    value: int,
    note: str | None,
) -> list[ExpertRead]:
    who = permissions.require(principal, "valuation.score")
    if indicator not in catalogue.EXPERT:
        names = "、".join(BY_KEY[k].name for k in catalogue.EXPERT)
        raise InvalidInput(
            f"不能填写的指标：{indicator}（可填：{names}）", details={"field": "indicator"}
        )
    low, high = (1, 9) if indicator == "trl" else (0, 100)
    if not low <= value <= high:
        raise InvalidInput(
            f"{BY_KEY[indicator].name}应在 {low} 到 {high} 之间：{value}",
            details={"field": "value"},
        )
    pid = patents_service.id_of(session=session, number=number)
    owner = _owner(session, who)
    row = next((r for r in _expert_rows(session, owner, pid) if r.indicator == indicator), None)
    if row is None:
        row = ExpertInput(owner_org_id=owner, patent_id=pid, indicator=indicator)
        session.add(row)
    row.value, row.note = value, (note or "").strip() or None
    row.entered_by = _label(who)
    row.entered_at = utcnow()
    session.flush()
    return expert_inputs(session=session, principal=who, number=number)


def _experts_of(
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


# -- scoring ---------------------------------------------------------------------------------


_OPERATION_EVENTS = ("transfer", "licence_record", "pledge", "open_licence")


def _registry_operations(session: Session, ids: list[int]) -> dict[str, list[indicators.Operation]]:
    """This platform's signed deals and open licences of these patents, by patent number."""
    cap = max(200, 20 * len(ids))
    found: dict[str, list[indicators.Operation]] = {}
    for op in [
        *transfer_service.signed_deals(session=session, patent_ids=ids, limit=cap),
        *licensing_service.licence_operations(session=session, patent_ids=ids, limit=cap),
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
    owner = _owner(session, who)
    w, version = current_weights(session, scenario)
    name = version.version if version else weights.DEFAULT_VERSION
    if ids is None:
        return Shared(owner, w, name, pops)
    return Shared(
        owner, w, name, pops, _registry_operations(session, ids), _experts_of(session, owner, ids)
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


def _gate_read(g: gates.Gate) -> dict[str, Any]:
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
        registry = _registry_operations(session, [p.id])
    experts = common.experts
    if experts is None:
        experts = _experts_of(session, common.owner, [p.id])
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
            "gates": [_gate_read(g) for g in checked],
            "terms": {
                "loan_ends": t.loan_ends.isoformat() if t.loan_ends else None,
                "co_owner_consent": t.co_owner_consent,
                "infringement_on": t.infringement_on.isoformat() if t.infringement_on else None,
            },
        },
        snapshot=f"{p.content_hash[:16]}@{today.isoformat()}",
        created_by=_label(who),
    )
    session.add(row)
    return row


def _note_values(session: Session, owner: int, rows: list[Valuation], today: date) -> None:
    """管理 valuations are noted on the institution's inventory items (tiering may count them)."""
    session.flush()
    values = [(r.patent_id, r.score, r.tier, r.id) for r in rows if r.scenario == "management"]
    if values:
        transfer_service.record_values(
            session=session, owner_org_id=owner, values=values, today=today
        )


def score(
    *,
    session: Session,
    principal: Principal,
    number: str,
    scenario: str,
    today: date,
    engine: Any = None,
    terms: gates.Terms | None = None,
) -> ValuationRead:
    who = permissions.require(principal, "valuation.score")
    scn = scenario_of(scenario)
    p = patents_service.profile(session=session, number=number)
    row = evaluate(session, who, p, scn, today, near=store.neighbours_of(engine), terms=terms)
    _note_values(session, row.owner_org_id, [row], today)
    return read(row)


def read(row: Valuation) -> ValuationRead:
    d = row.detail
    return ValuationRead(
        id=row.id,
        number=row.number,
        title=row.title,
        scenario=row.scenario,
        scenario_label=SCENARIOS[row.scenario],
        model_version=row.model_version,
        weights_version=row.weights_version,
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


def _row(r: Valuation) -> ValuationRow:
    return ValuationRow(
        id=r.id,
        number=r.number,
        title=r.title,
        scenario=r.scenario,
        scenario_label=SCENARIOS[r.scenario],
        score=r.score,
        coverage=r.coverage,
        reference=r.reference,
        tier=r.tier,
        blocked=r.blocked,
        on=r.on,
        created_by=r.created_by,
    )


def get(*, session: Session, principal: Principal, valuation_id: int) -> ValuationRead:
    who = permissions.require(principal, "valuation.read")
    row = session.get(Valuation, valuation_id)
    if row is None or row.owner_org_id != _owner(session, who):
        raise NotFound(f"估值 {valuation_id} 不存在", details={"id": valuation_id})
    return read(row)


def history(
    *,
    session: Session,
    principal: Principal,
    number: str | None = None,
    scenario: str | None = None,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page[ValuationRow]:
    """The organisation's valuations, newest first (of one patent, one scenario, or whose
    number or title contains ``q``)."""
    who = permissions.require(principal, "valuation.read")
    stmt = select(Valuation).where(Valuation.owner_org_id == _owner(session, who))
    if number is not None:
        stmt = stmt.where(
            Valuation.patent_id == patents_service.id_of(session=session, number=number)
        )
    if scenario:
        stmt = stmt.where(Valuation.scenario == scenario_of(scenario))
    if (found := lists.containing(q, Valuation.number, Valuation.title)) is not None:
        stmt = stmt.where(found)
    total, rows = lists.page(session, stmt, Valuation.id.desc(), limit=limit, offset=offset)
    return Page[ValuationRow](total=total, items=[_row(r) for r in rows])


def score_inventory(
    *,
    session: Session,
    principal: Principal,
    scenario: str,
    today: date,
    engine: Any = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Score every item of the institution's inventory: measures brought up to date first, then
    one population for all (each cohort sorted once)."""
    who = permissions.require(principal, "valuation.score")
    scn = scenario_of(scenario)
    items = transfer_service.inventory_patents(session=session, owner_org_id=_owner(session, who))
    if not items:
        raise InvalidInput("本机构的盘点表中还没有专利")
    store.refresh(session, today, store.neighbours_of(engine))
    pops = store.populations_all(session)
    counts = {"scored": 0, "reference": 0, "blocked": 0, **{t: 0 for t, _ in scoring.TIERS}}
    for start in range(0, len(items), 200):
        ids = [pid for pid, _ in items[start : start + 200]]
        common = shared(session, who, scn, pops=pops, ids=ids)
        stored = store.stored_measures(session, ids)
        rows = [
            evaluate(session, who, p, scn, today, common=common, stored=stored.get(p.id))
            for p in patents_service.profiles(session=session, ids=ids)
        ]
        _note_values(session, common.owner, rows, today)
        for row in rows:
            counts["scored"] += 1
            counts["reference"] += int(row.reference)
            counts["blocked"] += int(row.blocked)
            if row.tier:
                counts[row.tier] += 1
        if on_progress is not None:
            on_progress(min(start + 200, len(items)), len(items))
    return counts


# -- money -----------------------------------------------------------------------------------


def remaining_years(p: PatentProfile, today: date) -> Decimal | None:
    term = legal_term(p)
    if term is None:
        return None
    if p.status_category == "invalid" or term.ends < today:
        return Decimal(0)
    return (Decimal((term.ends - today).days) / Decimal("365.25")).quantize(Decimal("0.01"))


def income(
    *, session: Session, principal: Principal, number: str, data: IncomeIn, today: date
) -> IncomeRead:
    permissions.require(principal, "valuation.score")
    p = patents_service.profile(session=session, number=number)
    left = remaining_years(p, today)
    if left is not None and left <= 0:
        raise InvalidInput(f"专利 {p.number} 已不在保护期内，收益法不适用")
    got = money.income(
        data.method,
        data.forecast,
        data.rate,
        data.tax,
        data.discount,
        remaining_years=left,
        justification=data.justification,
    )
    if left is None:
        got.warnings.append("专利类型或申请日不详，未能按剩余保护期限制经济寿命")
    return IncomeRead(
        number=p.number,
        method=got.method,
        method_label=METHODS[got.method],
        value=got.value,
        formula=got.formula,
        years_used=got.years_used,
        remaining_years=left,
        rows=[
            YearRead(
                year=r.year,
                base=r.base,
                share=r.share,
                cash=r.cash,
                factor=r.factor,
                present=r.present,
            )
            for r in got.rows
        ],
        warnings=got.warnings,
        rate_columns=got.rate_columns,
        sensitivity=got.sensitivity,
        life=got.life,
        disclaimer=catalogue.DISCLAIMER,
    )


def market(
    *, session: Session, principal: Principal, number: str, comparables: list[money.Comparable]
) -> MoneyRead:
    permissions.require(principal, "valuation.score")
    p = patents_service.profile(session=session, number=number)
    value, formula = money.market(comparables)
    lines = [
        (
            f"{c.ref}：{c.price} × " + " × ".join(f"{k} {v}" for k, v in c.factors.items()),
            c.adjusted,
        )
        for c in comparables
    ]
    return MoneyRead(
        number=p.number,
        method="market",
        method_label=METHODS["market"],
        value=value,
        formula=formula,
        lines=lines,
        disclaimer=catalogue.DISCLAIMER,
    )


def cost(
    *,
    session: Session,
    principal: Principal,
    number: str,
    items: dict[str, Decimal],
    elapsed_years: Decimal,
    life_years: Decimal,
) -> MoneyRead:
    permissions.require(principal, "valuation.score")
    p = patents_service.profile(session=session, number=number)
    value, formula = money.cost(items, elapsed_years, life_years)
    return MoneyRead(
        number=p.number,
        method="cost",
        method_label=METHODS["cost"],
        value=value,
        formula=formula,
        lines=[(k, money.yuan(v)) for k, v in items.items()],
        disclaimer=catalogue.DISCLAIMER,
    )


def comparables(*, session: Session, principal: Principal, limit: int = 50) -> list[ComparableRead]:
    """Priced deals and licences of this platform's registries, newest first, to choose
    market-method comparables from."""
    permissions.require(principal, "valuation.read")
    found = [
        *transfer_service.signed_deals(session=session, priced=True, limit=limit),
        *licensing_service.licence_operations(session=session, priced=True, limit=limit),
    ]
    return [
        ComparableRead(number=o.number, kind=o.kind, on=o.on, amount=o.amount, source=o.source)
        for o in found
        if o.amount is not None
    ][:limit]


# -- other domains' pages ----------------------------------------------------------------------


def patent_notes(session: Session, number: str) -> list[Note]:
    path = f"/valuation/patents/{quote(number, safe='')}"
    return [Note("专利价值评估", "按场景评分，列出每项指标的依据", path)]
