import pytest

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
