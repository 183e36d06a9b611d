"""Service functions of the indicators domain: the office's inputs and parameters, the
computation, each patent's evidence and the figures by province."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from zhichan.core import permissions
from zhichan.core.errors import NotFound
from zhichan.core.paging import Page
from zhichan.core.principal import Principal
from zhichan.db import lists
from zhichan.http.nav import Note
from zhichan.indicators import compute, criteria, figures, inputs, parameters, population
from zhichan.indicators import operations as ops
from zhichan.indicators.models import (
    AwardEntry,
    FamilyMember,
    Load,
    OfficialFlag,
    PledgeRecord,
    Result,
    Target,
)
from zhichan.indicators.schemas import (
    EvidenceRead,
    FigureRow,
    FiguresRead,
    LoadRead,
    OperationRead,
    ParameterRead,
    PointRead,
    ResultRow,
    TestRead,
)

VERDICTS = {"yes": "高价值", "no": "不是", "unknown": "无法判断"}
_TABLES = {
    "families": FamilyMember,
    "pledges": PledgeRecord,
    "awards": AwardEntry,
    "flags": OfficialFlag,
    "targets": Target,
}
FLAG_FIELDS = ("hv", "sei", "family", "maintained", "pledge", "award")


def _load_read(row: Load) -> LoadRead:
    return LoadRead(
        id=row.id, kind=row.kind, kind_label=inputs.LAYOUTS[row.kind][0], filename=row.filename,
        sha256=row.sha256, rows=row.rows, loaded_by=row.loaded_by, loaded_at=row.loaded_at,
    )  # fmt: skip


def load_file(
    *, session: Session, principal: Principal, kind: str, filename: str, data: bytes
) -> LoadRead:
    """Check a whole file of the office's inputs and store it as one load (or nothing)."""
    permissions.require(principal, "indicators.manage")
    rows = inputs.read(kind, filename, data)
    load = Load(kind=kind, filename=filename[:255], sha256=hashlib.sha256(data).hexdigest(),
                rows=len(rows), loaded_by=principal.username)  # fmt: skip
    session.add(load)
    session.flush()
    model = _TABLES[kind]
    objects: list[Any] = []
    for r in rows:
        where = f"{filename[:200]} 第 {r.line} 行"
        if kind == "flags":
            objects += [
                OfficialFlag(
                    number=r.values["number"],
                    flag=f,
                    value=r.values[f],
                    load_id=load.id,
                    source=f"官方标识：{where}",
                )
                for f in FLAG_FIELDS
                if r.values.get(f) is not None
            ]
        elif kind == "targets":
            objects.append(Target(load_id=load.id, **r.values))
        else:
            objects.append(model(load_id=load.id, source=where, **r.values))
    session.add_all(objects)
    session.flush()
    return _load_read(load)


def loads(*, session: Session) -> list[LoadRead]:
    return [_load_read(r) for r in session.scalars(select(Load).order_by(Load.id.desc()))]


def delete_load(*, session: Session, principal: Principal, load_id: int) -> None:
    permissions.require(principal, "indicators.manage")
    row = session.get(Load, load_id)
    if row is None:
        raise NotFound(f"导入 {load_id} 不存在")
    # The rows go with their load (ON DELETE CASCADE, and the ORM relation-free delete).
    model: Any = _TABLES[row.kind]
    session.execute(delete(model).where(model.load_id == load_id))
    session.delete(row)
    session.flush()


def parameter_list(*, session: Session) -> list[ParameterRead]:
    return [ParameterRead(**asdict(s)) for s in parameters.shown(session=session)]


def set_parameter(
    *, session: Session, principal: Principal, key: str, value: str, note: str | None
) -> list[ParameterRead]:
    permissions.require(principal, "indicators.manage")
    parameters.set_value(session=session, principal=principal, key=key, value=value, note=note)
    return parameter_list(session=session)


def run(
    *,
    session: Session,
    principal: Principal,
    today: date,
    on_progress: Callable[[int, int], None] | None = None,
    incremental: bool = False,
) -> dict[str, int]:
    """Recompute the verdicts with the current inputs and parameters (``incremental``: only
    records changed since, when nothing else changed)."""
    permissions.require(principal, "indicators.manage")
    params = parameters.current(session=session, today=today)
    return compute.run(
        session=session, params=params, on_progress=on_progress, incremental=incremental
    )


def _test(t: dict[str, Any]) -> TestRead:
    label = criteria.ELIGIBILITY.get(t["code"]) or criteria.CRITERIA[t["code"]]
    return TestRead(label=label, state_label=criteria.STATES[t["state"]], **t)


def _disagreement(d: dict[str, Any]) -> dict[str, Any]:
    label = "高价值" if d["criterion"] == "hv" else criteria.CRITERIA[d["criterion"]]
    computed = VERDICTS.get(d["computed"]) if d["criterion"] == "hv" else None
    state = computed or criteria.STATES.get(d["computed"], d["computed"])
    return d | {"label": label, "computed_label": state}


def evidence(*, session: Session, number: str) -> EvidenceRead:
    row = session.scalar(select(Result).where(Result.number == number))
    if row is None:
        raise NotFound(f"专利 {number} 尚无判定结果：请先运行指标计算")
    tests = [_test(t) for t in row.tests]
    return EvidenceRead(
        number=row.number, province=row.province, high_value=row.high_value,
        high_value_label=VERDICTS[row.high_value],
        eligibility=[t for t in tests if t.code in criteria.ELIGIBILITY],
        criteria=[t for t in tests if t.code in criteria.CRITERIA],
        disagreements=[_disagreement(d) for d in row.disagreements], params=row.params,
        inputs_sha256=row.inputs_sha256,
        computed_at=row.computed_at, definition=criteria.DEFINITION,
    )  # fmt: skip


def results(
    *,
    session: Session,
    region: str | None = None,
    verdict: str | None = None,
    criterion: str | None = None,
    disagree: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> Page[ResultRow]:
    """The verdicts behind a figure: a province's (or 省份未知), of one verdict or criterion,
    or (``disagree``) those an official flag contradicts."""
    stmt = select(Result)
    if disagree:
        stmt = stmt.where(Result.disagree.is_(True))
    if region == figures.UNKNOWN_PROVINCE:
        stmt = stmt.where(Result.province.is_(None))
    elif region and region != figures.NATIONAL:
        stmt = stmt.where(Result.province == region)
    if verdict:
        stmt = stmt.where(Result.high_value == verdict)
    if criterion:
        met = Result.met.contains(f",{criterion},", autoescape=True)
        stmt = stmt.where(Result.high_value == "yes", met)
    total, rows = lists.page(session, stmt, Result.number, limit=limit, offset=offset)
    items = [
        ResultRow(number=r.number, province=r.province, high_value=r.high_value,
                  high_value_label=VERDICTS[r.high_value], met=_met(r.met),
                  disagreements=[_disagreement(d) for d in r.disagreements])
        for r in rows
    ]  # fmt: skip
    return Page[ResultRow](total=total, items=items)


def _met(stored: str) -> list[str]:
    return [m for m in stored.split(",") if m]


def figure_table(*, session: Session, data_dir: Path, today: date) -> FiguresRead:
    reference = compute.evaluated_on(session)
    year = (reference or parameters.current(session=session, today=today).reference_date).year
    pop = population.load(data_dir)
    table = figures.rows(session, pop, year)
    first = session.scalar(select(Result).limit(1))
    notes = []
    if first is None:
        notes.append("尚未计算：请导入数据并运行“重新计算”")
    unknown = session.scalar(select(Result.number).where(Result.high_value == "unknown").limit(1))
    disagree = session.scalar(select(func.count()).where(Result.disagree.is_(True))) or 0
    if unknown:
        notes.append("有专利因记录或数据不足而“无法判断”，不计入高价值；其数量见各行")
    return FiguresRead(
        reference_date=reference, computed=compute.results_count(session),
        inputs_sha256=first.inputs_sha256 if first else None, params=first.params if first else {},
        definitions={k: {"name": n, "definition": d} for k, (n, d) in figures.INDICATORS.items()},
        population_source=pop.source,
        rows=[FigureRow.model_validate(r, from_attributes=True) for r in table],
        trend=[PointRead.model_validate(p, from_attributes=True)
               for p in figures.trend(session, pop, table, year)],
        disagreements=disagree,
        notes=notes,
    )  # fmt: skip


def operations(*, session: Session, principal: Principal) -> list[OperationRead]:
    """The platform's own operational indicators, for those who may read them."""
    return [OperationRead(**asdict(f)) for f in ops.figures(session=session, principal=principal)]


def patent_notes(session: Session, number: str) -> list[Note]:
    """The verdict on a patent's page, linked to its evidence (nothing before a computation)."""
    row = session.scalar(select(Result).where(Result.number == number))
    if row is None:
        return []
    met = "、".join(criteria.CRITERIA[m] for m in _met(row.met))
    text = VERDICTS[row.high_value] + (f"（符合：{met}）" if met else "")
    path = f"/indicators/patents/{quote(number, safe='')}"
    return [Note("高价值发明专利判定", text, path)]


#: The search filter ``hv:<value>``: high-value patents, or those meeting one criterion.
HV_VALUES = {"1": "高价值", **criteria.CRITERIA}


def patent_ids(session: Session, value: str) -> list[int]:
    """The patents of a search filter ``hv:1`` (high-value) or ``hv:<criterion>``."""
    stmt = select(Result.patent_id).where(Result.high_value == "yes")
    if value != "1":
        stmt = stmt.where(Result.met.contains(f",{value},", autoescape=True))
    return list(session.scalars(stmt))


def record_pledge(
    *,
    session: Session,
    principal: Principal,
    registration: str,
    registered_on: date,
    amount: Decimal,
    numbers: list[str],
    source: str,
) -> LoadRead:
    """A pledge registered on this platform, as one load of pledge rows (one per patent of the
    package, each with the registration's secured amount): the 较高质押融资金额 criterion and
    the next computation read it like a loaded file."""
    text = "\n".join([registration, registered_on.isoformat(), str(amount), *numbers, source])
    load = Load(
        kind="pledges",
        filename=f"平台质押登记 {registration}"[:255],
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        rows=len(numbers),
        loaded_by=principal.username,
    )
    session.add(load)
    session.flush()
    session.add_all(
        PledgeRecord(
            load_id=load.id,
            source=source[:300],
            number=n,
            registration=registration,
            registered_on=registered_on,
            amount=amount,
        )
        for n in numbers
    )
    session.flush()
    return _load_read(load)


def high_value_ids(*, session: Session) -> tuple[frozenset[int], date | None] | None:
    """Every high-value patent's id and the reference date of the verdicts; ``None`` when the
    office has never run the test."""
    if not compute.results_count(session):
        return None
    return frozenset(patent_ids(session, "1")), compute.evaluated_on(session)


def high_value_of(*, session: Session, patent_ids: list[int]) -> dict[int, list[str]]:
    """The high-value patents among ``patent_ids``, each with the criteria it meets (names)."""
    found: dict[int, list[str]] = {}
    for start in range(0, len(patent_ids), 1000):  # bounded IN lists
        rows = session.execute(
            select(Result.patent_id, Result.met).where(
                Result.patent_id.in_(patent_ids[start : start + 1000]), Result.high_value == "yes"
            )
        )
        found |= {pid: [criteria.CRITERIA.get(c, c) for c in _met(met)] for pid, met in rows}
    return found
