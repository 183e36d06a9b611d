"""The line comparison report: a hand-checkable fixture with every category, and properties
(the accounting identities of seeds/000 §1.1 hold for any pair of files)."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from zhichan.forensics.code import histogram, linereport
from zhichan.forensics.code.linereport import Rules, compare

LEFT = """\
public class Player {
    int hp = 100;
    // registered version
    void hit(int damage) {
        hp = hp - damage;
    }
    void heal() { hp = 100; }
    String name() { return "hero"; }
}"""
RIGHT = """\
public class Player {
    INT HP = 100;
    void hit(int   damage) {
        health = health - dmg;
    }
    void heal() { hp = 100; }

    void log() { System.out.println("x"); }
    String title() { return "knight"; }
}"""


def test_every_category_on_a_hand_checkable_pair() -> None:
    r = compare(LEFT.splitlines(), RIGHT.splitlines(), Rules(language="c"))
    # identical: class line, "    }", heal, "}"; unimportant diff: case (INT HP), whitespace (hit);
    # unimportant left-only: the comment line; unimportant right-only: the blank line;
    # important diffs: the renamed subtraction (similar) and name()/title() (similar: only names
    # and the literal changed); important right-only: log().
    assert r.counts == {
        "identical": 4,
        "unimportant_left": 1,
        "unimportant_right": 1,
        "unimportant_diff": 2,
        "important_left": 0,
        "important_right": 1,
        "important_diff": 2,
    }
    assert r.similar == 2 and r.sections == 3
    assert r.identities_hold() and (r.left_total, r.right_total) == (9, 10)
    assert round(r.share("identical"), 4) == round(4 / 9, 4)
    kinds = {row.left: row.kind for row in r.rows if row.left is not None}
    assert kinds[2] == "unimportant_left" and kinds[4] == "important_diff"


def test_rules_can_be_switched_off() -> None:
    strict = compare(
        LEFT.splitlines(), RIGHT.splitlines(), Rules(ignore_case=False, ignore_whitespace=False)
    )
    assert strict.counts["unimportant_diff"] == 0
    assert strict.identities_hold()


def test_comments_respect_strings_and_blocks() -> None:
    code = ['a = "http://x"; // tail', "/* start", "still comment */ b = 1;", "-- lua"]
    assert linereport.strip_comments(code, "c") == ['a = "http://x"; ', "", " b = 1;", "-- lua"]
    assert linereport.strip_comments(["x = 1 -- note", "--[[ a", "b ]] y"], "lua") == [
        "x = 1 ",
        "",
        " y",
    ]


LINES = st.lists(
    st.sampled_from(
        [
            "int a = 1;",
            "INT A = 1;",
            "int  a = 1;",
            "return x;",
            "// note",
            "",
            "}",
            "foo(bar);",
            "foo(baz);",
            "x = y + 2;",
            "q = r + 3;",
        ]
    ),
    max_size=25,
)


@settings(max_examples=200, deadline=None)
@given(LINES, LINES)
def test_identities_hold_for_any_pair(left: list[str], right: list[str]) -> None:
    r = compare(left, right)
    assert r.identities_hold()
    swapped = compare(right, left)
    assert swapped.identities_hold() and swapped.left_total == r.right_total


@settings(max_examples=100, deadline=None)
@given(LINES)
def test_a_file_against_itself_is_all_identical(lines: list[str]) -> None:
    r = compare(lines, lines)
    assert r.counts["identical"] == len(lines) and r.sections == 0


@given(st.lists(st.integers(0, 5), max_size=40), st.lists(st.integers(0, 5), max_size=40))
def test_histogram_pairs_are_equal_and_increasing(a: list[int], b: list[int]) -> None:
    pairs = histogram.matches(a, b)
    assert all(a[i] == b[j] for i, j in pairs)
    assert all(i1 < i2 and j1 < j2 for (i1, j1), (i2, j2) in itertools.pairwise(pairs))
    if a == b:
        assert len(pairs) == len(a)
