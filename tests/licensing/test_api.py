"""The licensing API through the ASGI app: roles, the public catalogue, error envelopes."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.licensing import constructed as c
from tests.support import factories
from tests.support.sheets import read_xlsx


def headers(lic_factory: sessionmaker[Session], name: str) -> dict[str, str]:
    session = lic_factory()
    try:
        return factories.bearer(session, name)
    finally:
        session.close()


BODY = {
    "patents": [{"number": c.OK}],
    "patentee_name": c.UNIV_A,
    "contact_name": "张老师",
    "contact_email": "tto@example.edu.cn",
    "fixed_fee": "50000",
    "term_years": 3,
    "confirmations": ["no_exclusive", "no_suspension", "fees_paid", "truthful"],
}


def test_declare_examine_publish_license_and_browse(
    api: TestClient, lic_factory: sessionmaker[Session]
) -> None:
    univ, office, firm = (headers(lic_factory, n) for n in ("a_editor", "office", "firm"))
    created = api.post("/api/licensing/declarations", json=BODY, headers=univ)
    assert created.status_code == 201, created.text
    did = created.json()["id"]
    check = api.get(f"/api/licensing/declarations/{did}/check", headers=univ).json()
    assert check["ok"] and any(f["basis_article_id"] for f in check["findings"])
    assert api.get(f"/api/licensing/declarations/{did}").status_code == 404  # drafts are private
    for action, who in (("submit", univ), ("approve", office), ("publish", office)):
        resp = api.post(
            f"/api/licensing/declarations/{did}/transitions",
            json={"action": action, "note": "ok"},
            headers=who,
        )
        assert resp.status_code == 200, resp.text
    wrong = api.post(
        f"/api/licensing/declarations/{did}/transitions", json={"action": "submit"}, headers=univ
    )
    assert wrong.status_code == 409 and "已公告" in wrong.json()["detail"]
    forbidden = api.post(
        f"/api/licensing/declarations/{did}/transitions",
        json={"action": "request_withdrawal", "note": "x"},
        headers=firm,
    )
    assert forbidden.status_code == 403
    lic = api.post(
        f"/api/licensing/declarations/{did}/licences",
        json={"patent_number": c.OK, "paid": "50000"},
        headers=firm,
    )
    assert lic.status_code == 201 and lic.json()["status"] == "effective"
    public = api.get("/api/licensing/catalogue", params={"ipc": "G06F16"})
    assert public.status_code == 200 and did in [i["id"] for i in public.json()["items"]]
    assert api.get(f"/api/licensing/declarations/{did}").json()["licensees"] == 1
    csv = api.get("/api/licensing/catalogue.csv")
    assert csv.status_code == 200 and c.OK in csv.text
    catalogue = read_xlsx(api.get("/api/licensing/catalogue.xlsx").content)["开放许可目录"]
    assert any(c.OK in str(cell) for row in catalogue[1:] for cell in row)
    assert api.get(f"/api/licensing/fee-reduction/{c.OK}").json()["active"] is True
    assert [e["kind"] for e in api.get("/api/licensing/gazette").json()] == ["开放许可声明"]
    helper = api.get(
        "/api/licensing/helper", params={"ipc": "G06F", "annual_sales": "1000000", "margin": "20"}
    )
    assert helper.status_code == 200 and helper.json()["comparables"]
    assert api.get("/api/licensing/stats", headers=firm).status_code == 403
    assert api.get("/api/licensing/stats", headers=office).json()["licences"] == 1


def test_bad_input_is_refused_with_nothing_saved(
    api: TestClient, lic_factory: sessionmaker[Session]
) -> None:
    univ = headers(lic_factory, "a_editor")
    bad = api.post(
        "/api/licensing/declarations",
        json=BODY | {"patents": [{"number": "CN999999999B"}]},
        headers=univ,
    )
    assert bad.status_code == 404
    invalid = api.post("/api/licensing/declarations", json=BODY | {"term_years": 0}, headers=univ)
    assert invalid.status_code == 422
    assert api.get("/api/licensing/declarations", headers=univ).json() == []
    assert api.post("/api/licensing/declarations", json=BODY).status_code in (401, 403)
