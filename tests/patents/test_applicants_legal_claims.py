from datetime import date

import pytest

from zhichan.patents import applicants, claims, legal, regions


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("华为技术有限责任公司", "华为技术有限公司"),
        ("华为技术 有限公司", "华为技术有限公司"),
        ("ＡＢＣ科技（深圳）有限公司", "ABC科技(深圳)有限公司"),
        ("abc科技【深圳】有限公司", "ABC科技(深圳)有限公司"),
        ("Sony Corporation", "SONY CORP"),
        ("SONY CORP.", "SONY CORP"),
        ("International Business Machines Corp.", "INTERNATIONAL BUSINESS MACHINES CORP"),
        ("Siemens  Aktiengesellschaft", "SIEMENS AKTIENGESELLSCHAFT"),
        ("Samsung Electronics Co., Ltd.", "SAMSUNG ELECTRONICS CO LTD"),
    ],
)
def test_name_normalisation(raw: str, normalised: str) -> None:
    assert applicants.normalise_name(raw) == normalised


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("清华大学", "高校"),
        ("浙江工业大学", "高校"),
        ("深圳职业技术学院", "高校"),
        ("中国科学院自动化研究所", "科研院所"),
        ("之江实验室", "科研院所"),
        ("中国电力科学研究院有限公司", "企业"),
        ("北京大学科技开发有限公司", "企业"),
        ("华为技术有限公司", "企业"),
        ("某某科技集团", "企业"),
        ("杭州市西湖区人民政府", "机关团体"),
        ("国家电网", "机关团体"),
        ("中国汽车工程学会", "机关团体"),
        ("北京协和医院", "机关团体"),
        ("张三", "个人"),
        ("欧阳建国", "个人"),
        ("约翰·史密斯", "个人"),
        ("Massachusetts Institute of Technology", "高校"),
        ("SONY CORP", "企业"),
        ("Siemens AG", "企业"),
        ("John A. Smith", "个人"),
    ],
)
def test_applicant_types(name: str, kind: str) -> None:
    assert applicants.classify(name) == kind


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("发明专利申请公布", "publication"),
        ("实质审查的生效", "exam_request"),
        ("授权", "grant"),
        ("发明专利权授予", "grant"),
        ("发明专利申请公布后的驳回", "rejection"),
        ("发明专利申请公布后的视为撤回", "deemed_withdrawn"),
        ("未缴年费专利权终止", "termination"),
        ("专利权的终止", "termination"),
        ("专利申请权、专利权的转移", "transfer"),
        ("专利实施许可合同备案的生效", "licence_record"),
        ("专利权质押合同登记的生效", "pledge"),
        ("专利权质押合同登记的注销", "pledge_release"),
        ("开放许可声明", "open_licence"),
        ("开放许可声明的撤回", "open_licence_withdrawn"),
        ("专利权的无效宣告", "invalidation"),
        ("著录事项变更", "change"),
        ("something else", "other"),
    ],
)
def test_legal_event_codes(text: str, code: str) -> None:
    assert legal.classify_event(text) == code


def test_event_cell_is_split_dated_and_sorted() -> None:
    events = legal.parse_events("2020-05-01 授权；2019.1.3 实质审查的生效\n20181201 公开")
    assert [(e.date, e.code) for e in events] == [
        (date(2018, 12, 1), "publication"),
        (date(2019, 1, 3), "exam_request"),
        (date(2020, 5, 1), "grant"),
    ]


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("有效", "valid"),
        ("授权", "valid"),
        ("失效", "invalid"),
        ("未缴年费终止失效", "invalid"),
        ("审中", "pending"),
        ("实质审查", "pending"),
        (None, "unknown"),
    ],
)
def test_status_categories(raw: str | None, status: str) -> None:
    assert legal.status_category(raw) == status


def test_claims_split_and_dependencies_zh() -> None:
    text = (
        "1.一种方法，包括：步骤1.采集；步骤2.处理。\n"
        "2.根据权利要求1所述的方法，其特征在于……\n"
        "3.如权利要求1或2所述的方法。\n"
        "4.根据权利要求1-3任一项所述的方法。\n"
        "5.一种装置。"
    )
    got = claims.split_claims(text)
    assert [c.num for c in got] == [1, 2, 3, 4, 5]
    assert got[0].text.startswith("一种方法") and "步骤2.处理" in got[0].text
    assert [c.depends_on for c in got] == [[], [1], [1, 2], [1, 2, 3], []]
    depth = {c.num: d for c, d in claims.tree(got)}
    assert depth == {1: 0, 2: 1, 3: 1, 4: 1, 5: 0}


@pytest.mark.parametrize(
    ("text", "refs"),
    [
        ("The method of claim 1, wherein", [1]),
        ("The device as claimed in any one of claims 1 to 3", [1, 2, 3]),
        ("according to claims 2 or 4", [2, 4]),
        ("A system comprising a processor", []),
    ],
)
def test_english_references(text: str, refs: list[int]) -> None:
    assert claims.references(text, 9) == refs


@pytest.mark.parametrize(
    ("code", "address", "province", "city"),
    [
        ("44", None, "广东省", None),
        ("440300", None, "广东省", None),
        (None, "浙江省杭州市西湖区余杭塘路866号", "浙江省", "杭州市"),
        (None, "北京市海淀区清华园1号", "北京市", "北京市"),
        (None, "广西壮族自治区南宁市", "广西壮族自治区", "南宁市"),
        (None, "Tokyo, Japan", None, None),
    ],
)
def test_regions(
    code: str | None, address: str | None, province: str | None, city: str | None
) -> None:
    found = regions.province_from_code(code) or regions.province_from_text(address)
    assert found == province
    assert regions.city_from_text(address, found) == city
