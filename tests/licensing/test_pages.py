"""Pages that the browser test does not walk: helper, mine, office, licence and mediation forms."""

from __future__ import annotations

from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.licensing import constructed as c
from tests.licensing.steps import announce
from tests.support import factories
from zhichan.licensing import licences
from zhichan.licensing.schemas import LicenceIn


def _announced(lic_factory: sessionmaker[Session]) -> tuple[int, int]:
    session = lic_factory()
    who = {n: factories.principal(session, n) for n in ("a_editor", "office", "firm")}
    d = announce(session, who, c.OK, fixed_fee=None, sales_rate=Decimal(3))
    lic = licences.take_licence(
        session=session,
        principal=who["firm"],
        declaration_id=d.id,
        data=LicenceIn(patent_number=c.OK),
        today=d.announced_on,
    )
    session.commit()
    session.close()
    return d.id, lic.id


def test_helper_page_is_public_and_shows_formulas(
    api: TestClient, lic_factory: sessionmaker[Session]
) -> None:
    _announced(lic_factory)
    page = api.get(
        "/licensing/helper", params={"ipc": "G06F16", "annual_sales": "2000000", "margin": "10"}
    )
    assert page.status_code == 200
    assert "200,000.00 元 × 25%" in page.text and "估算" in page.text
    bad = api.get("/licensing/helper", params={"margin": "300"})
    assert bad.status_code == 200 and 'class="errors"' in bad.text and "利润率：" in bad.text


def test_report_and_mediation_forms(api: TestClient, lic_factory: sessionmaker[Session]) -> None:
    did, lid = _announced(lic_factory)
    factories.login(api, "firm")
    token = factories.csrf(api, f"/licensing/licences/{lid}")
    missing = api.post(
        f"/licensing/licences/{lid}/report", data={"csrf_token": token, "use_note": "试产"}
    )
    assert missing.status_code == 422 and "净销售额" in missing.text
    done = api.post(
        f"/licensing/licences/{lid}/report",
        data={"csrf_token": token, "net_sales": "100000", "paid": "3000"},
    )
    assert done.status_code == 303
    assert "净销售额 100,000.00 元 × 3%" in api.get(f"/licensing/licences/{lid}").text
    assert api.get("/licensing/office").status_code == 403
    form = {
        "csrf_token": token,
        "declaration_id": str(did),
        "respondent_name": c.UNIV_A,
        "request": "确认提成基数",
        "facts": "对净销售额口径理解不一",
        "materials": ["request", "identity", "licence_proof", "evidence"],
    }
    applied = api.post("/licensing/mediations", data=form)
    assert applied.status_code == 303
    case_url = applied.headers["location"].split("?")[0]
    assert "已申请" in api.get(case_url).text
    mine = api.get("/licensing/mine")
    assert case_url in mine.text and "XK" in mine.text
    api.post("/logout", data={"csrf_token": token})
    factories.login(api, "office")
    token = factories.csrf(api, case_url)
    accepted = api.post(case_url + "/decision", data={"csrf_token": token, "accept": "1"})
    assert accepted.status_code == 303 and "已受理登记" in api.get(case_url).text
    assert "调解" in api.get("/licensing/office").text
