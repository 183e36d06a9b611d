from zhichan.core.text import nfkc, optional_nfkc


def test_nfkc_folds_full_width_forms_and_spaces() -> None:
    assert nfkc("ＣＮ１２３４５６７８９Ａ") == "CN123456789A"
    assert nfkc("  浙江大学（杭州）  \u3000分校 ") == "浙江大学(杭州) 分校"


def test_optional_nfkc_maps_blank_to_none() -> None:
    assert optional_nfkc("   ") is None
    assert optional_nfkc(None) is None
