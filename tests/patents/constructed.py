"""CONSTRUCTED test fixtures — not real patents.

They mirror the column layout of exports from CNIPA 专利检索及分析, incoPat and PatSnap (the
header names those tools write) so the tabular importer can be tested; numbers, names and
texts are made up for the tests, and the application numbers carry correct check digits
computed by ``zhichan.patents.numbers.cn_check_digit`` except where a test needs a wrong one.
"""

from __future__ import annotations

import csv
from pathlib import Path

from zhichan.patents.numbers import cn_check_digit

CNIPA_HEADERS = [
    "申请号",
    "申请日",
    "公开(公告)号",
    "公开(公告)日",
    "授权公告号",
    "授权公告日",
    "发明名称",
    "摘要",
    "主权项",
    "申请(专利权)人",
    "发明人",
    "IPC分类号",
    "主分类号",
    "法律状态",
    "法律事件",
    "申请人地址",
    "国省代码",
    "代理机构",
    "代理人",
    "优先权",
    "引证专利",
]


def app_no(digits: str, *, wrong: bool = False) -> str:
    check = cn_check_digit(digits)
    if wrong:
        check = "0" if check != "0" else "1"
    return f"{digits}.{check}"


def cnipa_rows() -> list[list[str]]:
    return [
        [
            app_no("202010000001"),
            "2020.1.5",
            "CN111000001A",
            "2020-05-01",
            "CN111000001B",
            "2022年3月4日",
            "一种锂电池隔膜的制备方法（构造样例）",
            "本发明公开了一种锂电池隔膜的制备方法……（构造样例）",
            "1.一种锂电池隔膜的制备方法，其特征在于……",
            "浙江构造大学;构造新能源科技有限责任公司",
            "张三;李四",
            "H01M50/403;H01M 50/449",
            "H01M50/403",
            "有效",
            "2020-05-01 公开\n2020-06-01 实质审查的生效\n2022-03-04 授权\n2023-08-01 专利实施许可合同备案的生效",
            "浙江省杭州市西湖区构造路1号",
            "33",
            "杭州构造专利代理有限公司",
            "王五",
            "CN202010000000.1 2019-12-01",
            "CN1000001A;US1234567B2",
        ],
        [
            app_no("202120000002"),
            "20210105",
            "CN212000002U",
            "20210801",
            "",
            "",
            "一种构造用夹具（构造样例）",
            "一种夹具……",
            "",
            "构造机械厂",
            "赵六",
            "B25B11/00",
            "",
            "未缴年费专利权终止",
            "2021-08-01 授权\n2023-01-05 未缴年费专利权终止",
            "江苏省南京市构造区",
            "",
            "",
            "",
            "",
            "",
        ],
        [
            "2021 1 0000003",
            "2021-02-30",
            "CN113000003A",
            "2021-06-01",
            "",
            "",
            "日期错误的一行（构造样例）",
            "",
            "",
            "构造研究院",
            "",
            "G06F16/332",
            "",
            "审中",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        [
            app_no("202230000004", wrong=True),
            "2022-01-01",
            "CN306000004S",
            "2022-06-01",
            "",
            "",
            "一种杯子（构造样例）",
            "",
            "",
            "钱七",
            "钱七",
            "",
            "",
            "有效",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
    ]


def write_cnipa_csv(path: Path, encoding: str = "gbk", preamble: int = 2) -> Path:
    """A CNIPA-style CSV: a title line and a blank line before the header, GBK encoded."""
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        if preamble:
            writer.writerow(["专利检索及分析 导出结果（构造样例）"])
            writer.writerow([])
        writer.writerow(CNIPA_HEADERS)
        writer.writerows(cnipa_rows())
    return path


def write_xlsx(path: Path, headers: list[str], rows: list[list[object]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_xls(path: Path, headers: list[str], rows: list[list[object]]) -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    for c, h in enumerate(headers):
        sheet.write(0, c, h)
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            sheet.write(r, c, v)
    book.save(str(path))
    return path
