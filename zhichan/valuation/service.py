"""Service functions of the valuation domain. They flush, never commit.

A valuation belongs to the organisation that made it, and reads the expert indicators that
organisation entered: a bank's view of a patent does not leak to the university that owns it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhichan.core import permissions
from zhichan.core.errors import InvalidInput, NotFound
from zhichan.core.paging import Page
from zhichan.core.principal import Principal
from zhichan.db import lists
from zhichan.db.base import utcnow
from zhichan.http.nav import Note
from zhichan.licensing import service as licensing_service
from zhichan.patents import service as patents_service
from zhichan.patents.schemas import PatentProfile
from zhichan.transfer import service as transfer_service
from zhichan.valuation import catalogue, evaluation, gates, money, scoring, store, weights
from zhichan.valuation.catalogue import BY_KEY, SCENARIOS
from zhichan.valuation.models import ExpertInput, Valuation, WeightVersion
from zhichan.valuation.schemas import (
    ComparableRead,
    ExpertRead,
    GateRead,
    IncomeIn,
    IncomeRead,
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


# -- weights ---------------------------------------------------------------------------------


def weights_read(*, session: Session, scenario: str) -> WeightsRead:
    scn = scenario_of(scenario)
    w, row = evaluation.current_weights(session, scn)
    return WeightsRead(
        scenario=scn,
        scenario_label=SCENARIOS[scn],
        version=row.version if row else weights.DEFAULT_VERSION,
        version_label=weights.version_label(row.version if row else weights.DEFAULT_VERSION),
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
    base, _row = evaluation.current_weights(session, scn)
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
            created_by=who.actor,
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
    rows = _expert_rows(session, evaluation.owner_of(session, who), pid)
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
    owner = evaluation.owner_of(session, who)
    row = next((r for r in _expert_rows(session, owner, pid) if r.indicator == indicator), None)
    if row is None:
        row = ExpertInput(owner_org_id=owner, patent_id=pid, indicator=indicator)
        session.add(row)
    row.value, row.note = value, (note or "").strip() or None
    row.entered_by = who.actor
    row.entered_at = utcnow()
    session.flush()
    return expert_inputs(session=session, principal=who, number=number)


# -- scoring ---------------------------------------------------------------------------------


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
    row = evaluation.evaluate(
        session, who, p, scn, today, near=store.neighbours_of(engine), terms=terms
    )
    evaluation.note_values(session, row.owner_org_id, [row], today)
    return evaluation.read(row)


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
    if row is None or row.owner_org_id != evaluation.owner_of(session, who):
        raise NotFound(f"估值 {valuation_id} 不存在", details={"id": valuation_id})
    return evaluation.read(row)


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
    stmt = select(Valuation).where(Valuation.owner_org_id == evaluation.owner_of(session, who))
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
    items = transfer_service.inventory_patents(
        session=session, owner_org_id=evaluation.owner_of(session, who)
    )
    if not items:
        raise InvalidInput("本机构的盘点表中还没有专利")
    store.refresh(session, today, store.neighbours_of(engine))
    pops = store.populations_all(session)
    counts = {"scored": 0, "reference": 0, "blocked": 0, **{t: 0 for t, _ in scoring.TIERS}}
    for start in range(0, len(items), 200):
        ids = [pid for pid, _ in items[start : start + 200]]
        common = evaluation.shared(session, who, scn, pops=pops, ids=ids)
        stored = store.stored_measures(session, ids)
        rows = [
            evaluation.evaluate(session, who, p, scn, today, common=common, stored=stored.get(p.id))
            for p in patents_service.profiles(session=session, ids=ids)
        ]
        evaluation.note_values(session, common.owner, rows, today)
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


# -- for pledge financing --------------------------------------------------------------------


def finance_gates(
    p: PatentProfile, today: date, loan_ends: date | None, co_owner_consent: bool
) -> list[GateRead]:
    """The 金融 scenario's hard gates of one patent for a loan ending ``loan_ends``."""
    found = gates.check("finance", p, today, gates.Terms(loan_ends, co_owner_consent))
    return [GateRead(**evaluation.gate_read(g)) for g in found]


def term_ends(p: PatentProfile) -> date | None:
    """The last day of the patent's legal term (with the delay compensation where known)."""
    term = legal_term(p)
    return None if term is None else term.ends


def latest(
    *, session: Session, owner_org_id: int, patent_ids: list[int], scenario: str
) -> dict[int, ValuationRow]:
    """An organisation's most recent valuation of each patent in one scenario."""
    found: dict[int, ValuationRow] = {}
    for start in range(0, len(patent_ids), 1000):  # bounded IN lists
        rows = session.scalars(
            select(Valuation)
            .where(
                Valuation.owner_org_id == owner_org_id,
                Valuation.scenario == scenario,
                Valuation.patent_id.in_(patent_ids[start : start + 1000]),
            )
            .order_by(Valuation.id)
        )
        for r in rows:
            found[r.patent_id] = _row(r)
    return found


def score_for_loan(
    *,
    session: Session,
    principal: Principal,
    number: str,
    today: date,
    engine: Any,
    loan_ends: date,
    co_owner_consent: bool,
) -> ValuationRead:
    """A 金融-scenario valuation of one patent against a loan's last day."""
    terms = gates.Terms(loan_ends=loan_ends, co_owner_consent=co_owner_consent)
    return score(session=session, principal=principal, number=number, scenario="finance",
                 today=today, engine=engine, terms=terms)  # fmt: skip
