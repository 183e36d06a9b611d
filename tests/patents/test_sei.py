import csv
import json

import pytest

from tests.conftest import SHARED
from zhichan.patents import sei


@pytest.mark.parametrize(
    ("pattern", "code", "expected"),
    [
        ("B60L8*", "B60L8/00", True),
        ("B60L8*", "B60L8/16", True),
        ("B60L8*", "B60L80/00", False),  # level by level, not a string prefix
        ("G06F*", "G06F16/332", True),
        ("G16*", "G16H50/20", True),
        ("G16H", "G16H50/20", True),  # bare subclass: all of it
        ("H03M13", "H03M13/00", True),  # bare main group: /00 only
        ("H03M13", "H03M13/11", False),
        ("G06F3/041", "G06F3/041", True),
        ("G06F3/041", "G06F3/0416", False),  # exact subgroup, no dot-level children
        ("H04L27/26", "H04L27/2601", False),
    ],
)
def test_pattern_semantics(pattern: str, code: str, expected: bool) -> None:
    assert sei.matches(pattern, code) is expected


RULE = sei.Rule(
    "1.1",
    "下一代信息网络产业",
    1,
    ["G06F11*", "G06F21*"],
    ["G06F11/14", "G06F21/60"],
    ["计算机和辅助设备修理"],
)
NO_KEYWORDS = sei.Rule("8.1", "数字创意技术设备制造", 2, ["H04N*"], [], [])


def test_exclusions_win_and_keywords_confirm() -> None:
    assert sei.classify(["G06F11/14"], [RULE]) == []
    (hit,) = sei.classify(["G06F21/10"], [RULE], "本发明涉及计算机和辅助设备修理的方法")
    assert (hit.sei_code, hit.pattern, hit.confirmed, hit.keyword) == (
        "1.1",
        "G06F21*",
        True,
        "计算机和辅助设备修理",
    )
    (unconfirmed,) = sei.classify(["G06F21/10"], [RULE], "与此无关")
    assert not unconfirmed.confirmed
    (plain,) = sei.classify(["H04N5/232"], [NO_KEYWORDS])
    assert plain.confirmed and plain.keyword is None


def _every_rule(codes: list[str], rules: list[sei.Rule], text: str) -> list[sei.Hit]:
    """The table's reading done the plain way: every rule, every code, patterns in order."""
    hits: dict[tuple[str, int], sei.Hit] = {}
    codes = [c for c in codes if sei._CODE.match(c)]
    for rule in rules:
        for code in codes:
            pattern = next((p for p in rule.ipc_patterns if sei.matches(p, code)), None)
            if pattern is None or any(sei.matches(x, code) for x in rule.exclude_patterns):
                continue
            keyword = next((k for k in rule.keyword_items if k in text), None)
            confirmed = keyword is not None or not rule.keyword_items
            key = (rule.sei_code, rule.rule_no)
            if key not in hits or (confirmed and not hits[key].confirmed):
                hits[key] = sei.Hit(
                    rule.sei_code, rule.sei_name, rule.rule_no, code, pattern, confirmed, keyword
                )
    return sorted(hits.values(), key=lambda h: (h.sei_code, h.rule_no))


def test_the_indexed_table_answers_as_trying_every_rule() -> None:
    """The real 2021 table against the CPC symbols of the 57 real Chinese patents of the CPC
    sample (with their texts, for the keywords) and against its own patterns and exclusions:
    the same hits, patterns and confirmations."""
    rules = sei.read_rules(SHARED / "data/reference/sei-ipc/sei_ipc_2021.jsonl")
    concordance = sei.Concordance(rules)
    sample = SHARED / "data/patents/cn-cpc-sample"
    seen = hits = 0
    for name in ("sample_val.csv", "sample_test.csv", "sample_train.csv"):
        for row in csv.DictReader((sample / name).open(encoding="utf-8-sig")):
            if not row["publication_number"]:
                continue
            codes = json.loads(row["labels"] or "[]")
            # Broader codes too, so section- and class-level patterns are exercised.
            codes += [c.split("/")[0] for c in codes] + [c[:4] for c in codes]
            found = concordance.classify(codes, row["text"])
            assert found == _every_rule(codes, rules, row["text"]), row["publication_number"]
            seen, hits = seen + 1, hits + len(found)
    assert seen == 57 and hits > 10
    # And every pattern and exclusion of the table as a code, one record each and all together.
    table_codes = [
        p.removesuffix("*")
        for r in rules
        for p in (*r.ipc_patterns, *r.exclude_patterns)
        if sei._CODE.match(p.removesuffix("*"))
    ]
    for code in table_codes:
        assert concordance.classify([code]) == _every_rule([code], rules, ""), code
    every = concordance.classify(table_codes, "")
    assert every == _every_rule(table_codes, rules, "")
    assert len(every) == len({(r.sei_code, r.rule_no) for r in rules})
