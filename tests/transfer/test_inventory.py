"""Inventory, tiering, overrides, publishing, the sheet and spot checks on real databases."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.licensing import constructed as c
from tests.transfer.conftest import TODAY
from zhichan.accounts.models import AuditEntry
from zhichan.core.errors import InvalidInput, NotFound, PermissionDenied
from zhichan.core.principal import Principal
from zhichan.transfer import service, sheet, spotcheck, tiering
from zhichan.transfer.schemas import FindingIn, ItemUpdate, SpotCheckIn

NUMBERS = [c.OK, c.SECOND, c.LAPSED, c.PENDING, c.UTILITY, c.OLD]


def inventoried(tdb: Session, p: Principal) -> None:
    assert service.add_patents(session=tdb, principal=p, numbers=NUMBERS) == 6
    service.update_items(
        session=tdb, principal=p, numbers=NUMBERS, today=TODAY,
        changes=ItemUpdate(prospect="好", maturity="中试", status="已盘点", modes=["许可"]),
    )  # fmt: skip


def tiers(tdb: Session, p: Principal) -> dict[str, str | None]:
    page = service.list_items(session=tdb, principal=p)
    return {i.number: i.effective_tier for i in page.items}


def test_inventory_tiers_each_patent_with_reasons(tdb: Session, who: dict[str, Principal]) -> None:
    univ = who["a_editor"]
    inventoried(tdb, univ)
    assert service.add_patents(session=tdb, principal=univ, numbers=[c.OK]) == 0
    got = tiers(tdb, univ)
    assert got[c.OK] == "A" and got[c.LAPSED] == tiering.EXCLUDED and got[c.OLD] == tiering.EXCLUDED
    assert got[c.PENDING] == tiering.EXCLUDED and got[c.UTILITY] in ("A", "B")
    page = service.list_items(session=tdb, principal=univ)
    ok = next(i for i in page.items if i.number == c.OK)
    assert "产业化前景“好” +3" in ok.tier_reasons and ok.tier_reasons[-1].endswith("→ A")
    assert ok.industry and ok.industry_name  # from the patent's IPC via the SEI concordance
    assert page.by_status == {"reviewed": 6}
    lapsed = next(i for i in page.items if i.number == c.LAPSED)
    assert lapsed.tier_reasons == ["法律状态为失效"]


def test_bad_values_and_roles_are_refused(tdb: Session, who: dict[str, Principal]) -> None:
    with pytest.raises(ValidationError):
        ItemUpdate(prospect="极好")
    with pytest.raises(ValidationError):
        ItemUpdate(modes=["赠与"])
    univ = who["a_editor"]
    inventoried(tdb, univ)
    with pytest.raises(InvalidInput):
        service.update_items(
            session=tdb,
            principal=univ,
            numbers=[c.OK],
            changes=ItemUpdate(status="已入库"),
            today=TODAY,
        )
    with pytest.raises(NotFound):
        service.update_items(
            session=tdb, principal=univ, numbers=["CN000B"], changes=ItemUpdate(), today=TODAY
        )
    with pytest.raises(PermissionDenied):
        service.update_items(
            session=tdb,
            principal=who["a_viewer"],
            numbers=[c.OK],
            changes=ItemUpdate(),
            today=TODAY,
        )
    assert service.list_items(session=tdb, principal=who["b_editor"]).total == 0


def test_publish_override_and_the_public_pool(tdb: Session, who: dict[str, Principal]) -> None:
    univ = who["a_editor"]
    inventoried(tdb, univ)
    with pytest.raises(InvalidInput) as refused:
        service.publish(session=tdb, principal=univ, numbers=[c.OK, c.LAPSED], today=TODAY)
    assert "法律状态为失效" in refused.value.message
    assert service.list_items(session=tdb, principal=None, pool=True).total == 0
    published = service.publish(session=tdb, principal=univ, today=TODAY)
    pool = service.list_items(session=tdb, principal=None, pool=True)
    assert published == pool.total >= 2 and c.LAPSED not in {i.number for i in pool.items}
    item = next(i for i in pool.items if i.number == c.OK)
    with pytest.raises(NotFound):
        service.override(session=tdb, principal=who["firm"], item_id=item.id, tier="C", reason="x")
    changed = service.override(
        session=tdb,
        principal=who["office"],
        item_id=item.id,
        tier="C",
        reason="市场调研显示需求有限",
    )
    assert (changed.tier, changed.effective_tier, changed.override_by) == ("A", "C", "web:office")
    audited = tdb.scalars(
        select(AuditEntry.changes).where(
            AuditEntry.object_type == "transfer_inventory", AuditEntry.object_id == str(item.id)
        )
    ).all()
    assert any(ch.get("tier_override", {}).get("after") == "C" for ch in audited), audited
    with pytest.raises(InvalidInput):
        service.override(session=tdb, principal=univ, item_id=item.id, tier="Z", reason="无效分层")
    assert (
        service.override(
            session=tdb, principal=univ, item_id=item.id, tier="auto", reason="恢复"
        ).effective_tier
        == "A"
    )


def test_the_office_policy_retiers(tdb: Session, who: dict[str, Principal]) -> None:
    univ = who["a_editor"]
    inventoried(tdb, univ)
    with pytest.raises(PermissionDenied):
        service.set_policy(session=tdb, principal=univ, new=tiering.Policy())
    service.set_policy(
        session=tdb, principal=who["office"], new=tiering.Policy(allowed_types=["invention"])
    )
    assert service.retier(session=tdb, principal=univ, today=TODAY) == 6
    assert tiers(tdb, univ)[c.UTILITY] == tiering.EXCLUDED


def test_sheet_round_trip_and_all_or_nothing_import(
    tdb: Session, who: dict[str, Principal]
) -> None:
    univ = who["a_editor"]
    inventoried(tdb, univ)
    data = sheet.export_xlsx(service.list_items(session=tdb, principal=univ).items)
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    assert ws is not None and ws["A1"].value == "专利号"
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    ws.cell(rows[c.SECOND], 6).value = "一般"
    ws.cell(rows[c.SECOND], 8).value = "转让、许可"
    ws.cell(rows[c.OK], 6).value = "极好"  # not an allowed value
    bad = io.BytesIO()
    wb.save(bad)
    with pytest.raises(InvalidInput) as refused:
        sheet.import_xlsx(session=tdb, principal=univ, data=bad.getvalue(), today=TODAY)
    assert f"第 {rows[c.OK]} 行" in refused.value.message
    assert {i.number: i.prospect for i in service.list_items(session=tdb, principal=univ).items}[
        c.SECOND
    ] == "好"
    ws.cell(rows[c.OK], 6).value = "好"
    good = io.BytesIO()
    wb.save(good)
    report = sheet.import_xlsx(session=tdb, principal=univ, data=good.getvalue(), today=TODAY)
    assert report.updated == 6
    second = next(
        i for i in service.list_items(session=tdb, principal=univ).items if i.number == c.SECOND
    )
    assert (second.prospect, second.modes) == ("一般", ["转让", "许可"])
    with pytest.raises(InvalidInput):
        sheet.import_xlsx(session=tdb, principal=univ, data=b"not a workbook", today=TODAY)


def test_spot_checks_are_reproducible(tdb: Session, who: dict[str, Principal]) -> None:
    univ = who["a_editor"]
    inventoried(tdb, univ)
    org = univ.org_id
    with pytest.raises(PermissionDenied):
        spotcheck.draw(
            session=tdb, principal=univ, data=SpotCheckIn(institution_org_id=org, size=3, seed=7)
        )
    first = spotcheck.draw(
        session=tdb,
        principal=who["office"],
        data=SpotCheckIn(institution_org_id=org, size=3, seed=7),
    )
    again = spotcheck.draw(
        session=tdb,
        principal=who["office"],
        data=SpotCheckIn(institution_org_id=org, size=3, seed=7),
    )
    assert [i.number for i in first.items] == [
        i.number for i in again.items
    ] and first.population == 6
    done = spotcheck.record(
        session=tdb,
        principal=who["office"],
        check_id=first.id,
        item_id=first.items[0].item_id,
        data=FindingIn(finding="不合格", note="前景理由空缺"),
    )
    assert (done.checked, done.failed) == (1, 1)
    assert spotcheck.get(session=tdb, principal=univ, check_id=first.id).failed == 1
    with pytest.raises(NotFound):
        spotcheck.get(session=tdb, principal=who["firm"], check_id=first.id)
