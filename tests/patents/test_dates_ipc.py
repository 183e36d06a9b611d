from datetime import date

import pytest

from zhichan.patents import dates, ipc


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2023.1.5", date(2023, 1, 5)),
        ("20230105", date(2023, 1, 5)),
        ("2023-01-05", date(2023, 1, 5)),
        ("2023/1/5", date(2023, 1, 5)),
        ("2023年1月5日", date(2023, 1, 5)),
        ("２０２３年１月５日", date(2023, 1, 5)),
        ("2023-01-05 00:00:00", date(2023, 1, 5)),
        ("19981000", date(1998, 10, 1)),
        ("", None),
        (None, None),
        (date(2020, 2, 29), date(2020, 2, 29)),
    ],
)
def test_dates(raw: object, expected: date | None) -> None:
    assert dates.parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["2023-02-30", "5 Jan 2023", "2023-13-01", "yesterday"])
def test_bad_dates(raw: str) -> None:
    with pytest.raises(ValueError):
        dates.parse_date(raw)


@pytest.mark.parametrize(
    ("raw", "code", "version"),
    [
        ("G06F 16/332", "G06F16/332", None),
        ("G06F16/332", "G06F16/332", None),
        ("g06f16/332", "G06F16/332", None),
        ("G06F0016332000", "G06F16/332", None),
        ("G06F0016000000", "G06F16/00", None),
        ("G06F017/60", "G06F17/60", None),
        ("G06F015/00", "G06F15/00", None),
        ("H04L 29/06 (2006.01)", "H04L29/06", "2006.01"),
        ("A61B5/00(2006.01)I", "A61B5/00", "2006.01"),
        ("Ｇ０６Ｆ１６／３３２", "G06F16/332", None),
        ("G06F 1516", "G06F15/16", None),
        ("G06F 1300", "G06F13/00", None),
        ("A61K 31415", "A61K31/415", None),
        ("Y02E10/50", "Y02E10/50", None),
        ("G06F", "G06F", None),
    ],
)
def test_ipc_forms(raw: str, code: str, version: str | None) -> None:
    sym = ipc.parse(raw)
    assert (sym.code, sym.version) == (code, version)


def test_compact_form_uses_known_main_groups() -> None:
    assert ipc.parse("C07D 48704").code == "C07D48/704"
    assert ipc.parse("C07D 48704", known_main_groups={"C07D487/00"}).code == "C07D487/04"


def test_parse_many_keeps_order_and_drops_duplicates() -> None:
    got = [s.code for s in ipc.parse_many("G06F16/332;G06F40/30；G06F 16/332, H04L9/32")]
    assert got == ["G06F16/332", "G06F40/30", "H04L9/32"]
    assert ipc.parse("G06F16/332").main_group == "G06F16/00"


@pytest.mark.parametrize("raw", ["not a code", "1234", "G06F16/"])
def test_bad_ipc(raw: str) -> None:
    with pytest.raises(ValueError):
        ipc.parse(raw)
