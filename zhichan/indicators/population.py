"""Year-end resident population by province (万人), from the shipped NBS table
(``../shared/data/reference/population/china_province_population.csv``, 2005–2024)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

#: The table's English names, as the National Bureau of Statistics' romanisation writes them.
PROVINCES = {
    "Beijing": "北京市", "Tianjin": "天津市", "Hebei": "河北省", "Shanxi": "山西省",
    "Innermongolia": "内蒙古自治区", "Liaoning": "辽宁省", "Jilin": "吉林省",
    "Heilongjiang": "黑龙江省", "Shanghai": "上海市", "Jiangsu": "江苏省", "Zhejiang": "浙江省",
    "Anhui": "安徽省", "Fujian": "福建省", "Jiangxi": "江西省", "Shandong": "山东省",
    "Henan": "河南省", "Hubei": "湖北省", "Hunan": "湖南省", "Guangdong": "广东省",
    "Guangxi": "广西壮族自治区", "Hainan": "海南省", "Chongqing": "重庆市", "Sichuan": "四川省",
    "Guizhou": "贵州省", "Yunnan": "云南省", "Tibet": "西藏自治区", "Shaanxi": "陕西省",
    "Gansu": "甘肃省", "Qinghai": "青海省", "Ningxia": "宁夏回族自治区",
    "Xinjiang": "新疆维吾尔自治区",
}  # fmt: skip
RELATIVE = Path("reference/population/china_province_population.csv")
SOURCE = "国家统计局年末常住人口（data.stats.gov.cn 表 E0103），经 PyPSA-China-PIK 整理（MIT）"


@dataclass(frozen=True, slots=True)
class Population:
    #: (province, year) → 万人
    values: dict[tuple[str, int], int]
    source: str = SOURCE

    def of(self, province: str, year: int) -> tuple[int, int] | None:
        """(万人, the year used): the latest year on or before ``year`` the table has."""
        for y in range(year, year - 10, -1):
            if (province, y) in self.values:
                return self.values[(province, y)], y
        return None

    def national(self, year: int) -> tuple[int, int] | None:
        """The sum of the 31 provinces (港澳台 are not in the table nor in the figure)."""
        for y in range(year, year - 10, -1):
            got = [self.values.get((p, y)) for p in PROVINCES.values()]
            if all(v is not None for v in got):
                return sum(v for v in got if v is not None), y
        return None


def load(data_dir: Path) -> Population:
    path = data_dir / RELATIVE
    values: dict[tuple[str, int], int] = {}
    if not path.is_file():  # the figures then say so instead of dividing by nothing
        return Population(values, f"未找到人口数据文件 {RELATIVE}：无法计算每万人口指标")
    with path.open(encoding="utf-8") as f:
        rows = csv.reader(line for line in f if not line.startswith("#"))
        header = next(rows)
        years = [int(y) for y in header[1:]]
        for row in rows:
            name = PROVINCES.get(row[0])
            if name is None:
                continue
            for year, cell in zip(years, row[1:], strict=True):
                if cell.strip():
                    values[(name, year)] = int(cell)
    return Population(values)
