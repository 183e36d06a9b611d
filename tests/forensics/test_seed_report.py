"""The seed's report (seeds/000 §1.1) reproduced line for line from a constructed pair.

The pair is built from the seed's composition alone — 1,010 identical lines, 228 lines that
differ only in letter case or spacing, 387 difference sections holding 29/206 blank or
comment lines, 368/2,015 code lines only on one side and 735 changed lines, 514 of which only
rename identifiers (the examiner's 21.7 % "similar", here measured) — and the report must sort
every line back into the category it was built for.
"""

from __future__ import annotations

from zhichan.forensics.code.linereport import Rules, compare

SEED = {
    "identical": 1010, "unimportant_left": 29, "unimportant_right": 206,
    "unimportant_diff": 228, "important_left": 368, "important_right": 2015,
    "important_diff": 735,
}  # fmt: skip
SECTIONS, SIMILAR, LEFT_LINES, RIGHT_LINES = 387, 514, 2370, 4194


def _spread(total: int, slots: range) -> dict[int, int]:
    """``total`` lines over the slots as evenly as possible, the first slots taking the rest."""
    n = len(slots)
    return {s: total // n + (1 if k < total % n else 0) for k, s in enumerate(slots)}


def _seed_pair() -> tuple[list[str], list[str]]:
    aligned = SEED["identical"] + SEED["unimportant_diff"]
    dissimilar = SEED["important_diff"] - SIMILAR
    similar = _spread(SIMILAR, range(dissimilar, SECTIONS))
    left_only = _spread(SEED["important_left"], range(SECTIONS))
    right_only = _spread(SEED["important_right"], range(SECTIONS))
    blank_left = _spread(SEED["unimportant_left"], range(0, 29))
    blank_right = _spread(SEED["unimportant_right"], range(100, 306))
    left: list[str] = []
    right: list[str] = []
    for a in range(aligned):
        if a < SEED["unimportant_diff"]:  # case or spacing only
            left.append(f"Call_{a}(  );" if a % 2 else f"call_{a}();")
            right.append(f"CALL_{a}();" if a % 2 else f"call_{a} ( ) ;")
        else:
            left.append(f"value_{a} = step_{a};")
            right.append(f"value_{a} = step_{a};")
        if a >= SECTIONS:
            continue
        s = a
        if s < dissimilar:
            left.append(f"total_{s} = price_{s} * count_{s} + 1;")
            right.append(f"total_{s} = price_{s} * count_{s} + tax_{s} * rate_{s} - cut_{s};")
        for k in range(similar.get(s, 0)):
            left.append(f"int a_{s}_{k} = g_{s}_{k}(x, y);")
            right.append(f"int b_{s}_{k} = g_{s}_{k}(x, y);")
        left += [f"drop_{s}_{k}();" for k in range(left_only[s])]
        right += [f"keep_{s}_{k} += 1;" for k in range(right_only[s])]
        left += [f"// 注释 {s}" if k % 2 else "" for k in range(blank_left.get(s, 0))]
        right += ["" if k % 2 else f"/* 说明 {s} */" for k in range(blank_right.get(s, 0))]
    return left, right


def test_the_seed_report_is_reproduced_exactly() -> None:
    left, right = _seed_pair()
    assert (len(left), len(right)) == (LEFT_LINES, RIGHT_LINES)
    r = compare(left, right, Rules(language="c"))
    assert r.counts == SEED
    assert r.sections == SECTIONS and r.similar == SIMILAR
    assert r.identities_hold()
    shares = {
        k: round(100 * r.share(k), 1)
        for k in ("identical", "unimportant_diff", "important_diff", "similar")
    }
    assert shares == {
        "identical": 42.6,
        "unimportant_diff": 9.6,
        "important_diff": 31.0,
        "similar": 21.7,
    }
