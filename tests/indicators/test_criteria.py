"""Each criterion of the high-value definition on constructed facts, with the expectation
derived by hand from the definition (seeds/003) — including the edge cases the definition's
words decide: a lapsed patent, a Hong Kong owner, an IPC matched only by an excluded pattern,
a family member filed but not granted abroad, exactly ten years, a pledge at the threshold."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from tests.conftest import SHARED
from zhichan.indicators import compute
from zhichan.indicators import criteria as c
from zhichan.patents import sei

RULES = sei.read_rules(SHARED / "data/reference/sei-ipc/sei_ipc_2021.jsonl")


def _sei(*codes: str) -> tuple[c.SeiMatch, ...]:
    return tuple(
        c.SeiMatch(h.sei_code, h.sei_name, h.rule_no, h.ipc, h.pattern, h.confirmed)
        for h in sei.classify(list(codes), RULES, "")
    )


ZJ = c.Holder("甲大学", "CN", "浙江省")
BASE = c.Facts(
    number="CN100000001B", patent_type="invention", legal="valid", legal_text="有效",
    filing_date=date(2018, 3, 1), grant_date=date(2020, 5, 6), ipc=("B65D5/00",), sei=(),
    holders=(ZJ,),
)  # fmt: skip
EVERYTHING = c.Loaded(families=True, pledges=True, awards=True)
PARAMS = c.Params(reference_date=date(2025, 12, 31), pledge_threshold=Decimal("10000000"))
MEMBER = c.Member("US12345678B2", "US", True, date(2021, 1, 5), "同族表 第 2 行")
PLEDGE = c.Pledge("Y2024330000123", date(2024, 4, 1), Decimal("10000000"), "质押表 第 2 行")


# (case, changes to the facts, params changes, loaded, test code, expected state, verdict)
CASES = [
    ("no criterion holds", {}, {}, EVERYTHING, "sei", c.NOT_MET, "no"),
    ("SEI by the concordance", {"ipc": ("G06N10/00",), "sei": _sei("G06N10/00")}, {},
     EVERYTHING, "sei", c.MET, "yes"),
    ("IPC matched only by an excluded pattern", {"ipc": ("G01S1/02",), "sei": _sei("G01S1/02")},
     {}, EVERYTHING, "sei", c.NOT_MET, "no"),
    ("no IPC at all", {"ipc": ()}, {}, EVERYTHING, "sei", c.UNKNOWN, "unknown"),
    ("a lapsed patent", {"legal": "invalid", "legal_text": "未缴年费专利权终止",
     "ipc": ("G06N10/00",), "sei": _sei("G06N10/00")}, {}, EVERYTHING, "valid", c.NOT_MET, "no"),
    ("granted after the reference date", {"grant_date": date(2026, 3, 1), "sei": _sei("G06N10/00"),
     "ipc": ("G06N10/00",)}, {}, EVERYTHING, "valid", c.NOT_MET, "no"),
    ("lapsed after the reference date", {"legal": "invalid", "lapsed_on": date(2026, 5, 1),
     "ipc": ("G06N10/00",), "sei": _sei("G06N10/00")}, {}, EVERYTHING, "valid", c.MET, "yes"),
    ("lapsed before the reference date", {"legal": "invalid", "lapsed_on": date(2025, 5, 1),
     "ipc": ("G06N10/00",), "sei": _sei("G06N10/00")}, {}, EVERYTHING, "valid", c.NOT_MET, "no"),
    ("a utility model", {"patent_type": "utility_model", "sei": _sei("G06N10/00")}, {},
     EVERYTHING, "invention", c.NOT_MET, "no"),
    ("a Hong Kong owner", {"holders": (c.Holder("某香港公司", "CN", "香港特别行政区"),),
     "sei": _sei("G06N10/00")}, {}, EVERYTHING, "resident", c.NOT_MET, "no"),
    ("an owner without an address", {"holders": (c.Holder("某公司", None, None),),
     "sei": _sei("G06N10/00")}, {}, EVERYTHING, "resident", c.UNKNOWN, "unknown"),
    ("a family member granted abroad", {"members": (MEMBER,)}, {}, EVERYTHING, "family",
     c.MET, "yes"),
    ("a family member filed, not granted abroad",
     {"members": (replace(MEMBER, granted=False, grant_date=None),)}, {}, EVERYTHING,
     "family", c.NOT_MET, "no"),
    ("a family member abroad, grant not stated",
     {"members": (replace(MEMBER, granted=None, grant_date=None),)}, {}, EVERYTHING,
     "family", c.UNKNOWN, "unknown"),
    ("no family data loaded", {}, {}, c.Loaded(pledges=True, awards=True), "family",
     c.UNKNOWN, "unknown"),
    ("maintained exactly 10 years", {"filing_date": date(2015, 12, 31)}, {}, EVERYTHING,
     "maintained", c.NOT_MET, "no"),
    ("maintained 10 years and a day", {"filing_date": date(2015, 12, 30)}, {}, EVERYTHING,
     "maintained", c.MET, "yes"),
    ("10 years from filing, not from grant", {"filing_date": date(2014, 1, 1)},
     {"maintained_from": "grant"}, EVERYTHING, "maintained", c.NOT_MET, "no"),
    ("a pledge at the threshold", {"pledges": (PLEDGE,)}, {}, EVERYTHING, "pledge", c.MET,
     "yes"),
    ("a pledge below the threshold", {"pledges": (replace(PLEDGE, amount=Decimal("9999999.99")),)},
     {}, EVERYTHING, "pledge", c.NOT_MET, "no"),
    ("a pledge event without an amount", {"pledge_events": 1}, {}, EVERYTHING, "pledge",
     c.UNKNOWN, "unknown"),
    ("the threshold not set", {"pledges": (PLEDGE,)}, {"pledge_threshold": None}, EVERYTHING,
     "pledge", c.UNKNOWN, "unknown"),
    ("a China Patent Award", {"awards": (c.Award("中国专利奖", "第二十四届", "金奖", "获奖名单 第 2 行"),)},
     {}, EVERYTHING, "award", c.MET, "yes"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "facts", "params", "loaded", "code", "state", "verdict"),
                         CASES, ids=[x[0] for x in CASES])  # fmt: skip
def test_criterion(
    case: str,
    facts: dict[str, object],
    params: dict[str, object],
    loaded: c.Loaded,
    code: str,
    state: str,
    verdict: str,
) -> None:
    v = c.evaluate(replace(BASE, **facts), replace(PARAMS, **params), loaded)
    tests = {t.code: t for t in (*v.eligibility, *v.criteria)}
    assert tests[code].state == state, tests[code]
    assert v.high_value == verdict
    assert tests[code].why  # every answer says why


def test_a_patent_counts_once_however_many_criteria_hold() -> None:
    facts = replace(BASE, ipc=("G06N10/00",), sei=_sei("G06N10/00"), members=(MEMBER,),
                    pledges=(PLEDGE,), filing_date=date(2010, 1, 1))  # fmt: skip
    v = c.evaluate(facts, PARAMS, EVERYTHING)
    assert v.high_value == "yes" and v.met == ["sei", "family", "maintained", "pledge"]


def test_evidence_names_its_facts_and_source() -> None:
    v = c.evaluate(replace(BASE, members=(MEMBER,)), PARAMS, EVERYTHING)
    family = next(t for t in v.criteria if t.code == "family")
    assert family.facts["同族"] == "US12345678B2" and family.source == "同族表 第 2 行"
    sei_test = c.evaluate(
        replace(BASE, ipc=("G06N10/00",), sei=_sei("G06N10/00")), PARAMS, EVERYTHING
    ).criteria[0]
    assert "G06N10/00" in sei_test.facts["参照关系"] and "参照关系表" in sei_test.source


def test_official_flags_fill_unknowns_and_disagreements_are_listed() -> None:
    unknown = c.evaluate(BASE, PARAMS, c.Loaded())  # nothing loaded: family/award unknown
    filled, wrong = compute.with_flags(unknown, {"award": (True, "官方标识 第 2 行")})
    award = next(t for t in filled.criteria if t.code == "award")
    assert award.state == c.MET and award.source == "官方标识 第 2 行" and not wrong
    assert filled.high_value == "yes"

    met = c.evaluate(replace(BASE, members=(MEMBER,)), PARAMS, EVERYTHING)
    kept, wrong = compute.with_flags(
        met, {"family": (False, "官方标识 第 3 行"), "hv": (False, "官方标识 第 3 行")}
    )
    assert next(t for t in kept.criteria if t.code == "family").state == c.MET  # computed stands
    assert [(d["criterion"], d["computed"], d["imported"]) for d in wrong] == [
        ("family", c.MET, False),
        ("hv", "yes", False),
    ]
