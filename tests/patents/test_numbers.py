import pytest

from zhichan.patents import numbers


@pytest.mark.parametrize(
    ("raw", "text", "status", "cn_type"),
    [
        (
            "201710601862.3",
            "CN201710601862.3",
            "ok",
            "invention",
        ),  # example printed by CNIPA guides
        ("CN 2017 1 0601862.3", "CN201710601862.3", "ok", "invention"),
        ("ZL201710601862.3", "CN201710601862.3", "ok", "invention"),
        ("201710601862", "CN201710601862.3", "missing", "invention"),
        ("201710601862.5", "CN201710601862.3", "wrong", "invention"),
        ("97101765.4", "CN97101765.4", "ok", "invention"),  # 8-digit form
        ("ZL95115608.X", "CN95115608.X", "ok", "invention"),  # remainder 10 is written X
        ("ZL 95115608.x", "CN95115608.X", "ok", "invention"),
        (
            "２０２３２００１２３４５",
            "CN202320012345." + numbers.cn_check_digit("202320012345"),
            "missing",
            "utility_model",
        ),
        (
            "202330001234.1",
            "CN202330001234." + numbers.cn_check_digit("202330001234"),
            "wrong",
            "design",
        ),
    ],
)
def test_cn_application_numbers(raw: str, text: str, status: str, cn_type: str) -> None:
    parsed = numbers.parse_application_number(raw)
    assert parsed.text == text
    assert parsed.check_status == status
    assert parsed.cn_type == cn_type


def test_check_digit_weights() -> None:
    # 9*2+5*3+1*4+1*5+5*6+6*7+0*8+8*9 = 186 = 16*11 + 10 → X
    assert numbers.cn_check_digit("95115608") == "X"
    assert numbers.cn_check_digit("201710601862") == "3"


@pytest.mark.parametrize("raw", ["abc", "CN-", ""])
def test_bad_application_numbers(raw: str) -> None:
    with pytest.raises(ValueError):
        numbers.parse_application_number(raw)


@pytest.mark.parametrize(
    ("raw", "text", "kind"),
    [
        ("CN118866379A", "CN118866379A", "A"),
        ("CN 1234567 A", "CN1234567A", "A"),
        ("cn114000001b", "CN114000001B", "B"),
        ("CN216000000U", "CN216000000U", "U"),
        ("CN306000000S", "CN306000000S", "S"),
        ("US 8,926,509 B2", "US8926509B2", "B2"),
        ("US08926509", "US8926509", None),
        ("US20050004437A1", "US20050004437A1", "A1"),
        ("USD435854S1", "USD435854S1", "S1"),
        ("USRE45000E", "USRE45000E", "E"),
        ("USPP12345P2", "USPP12345P2", "P2"),
        ("EP1234567A1", "EP1234567A1", "A1"),
        ("WO2020/123456A1", "WO2020123456A1", "A1"),
        ("WO 2020123456 A1", "WO2020123456A1", "A1"),
        ("CN-118000001-A", "CN118000001A", "A"),
        ("US-9000001-B2", "US9000001B2", "B2"),
    ],
)
def test_publication_numbers(raw: str, text: str, kind: str | None) -> None:
    parsed = numbers.parse_publication_number(raw)
    assert parsed.text == text
    assert parsed.kind == kind


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("USD435854S1", "design"),
        ("USPP12345P2", "plant"),
        ("USRE45000E", "reissue"),
        ("US8926509B2", "utility"),
    ],
)
def test_us_types(number: str, expected: str) -> None:
    assert numbers.us_patent_type(numbers.parse_publication_number(number)) == expected
