"""GENERATED scale-test data — not real patents.

Builds CNIPA-style CSV rows (or zhichan JSONL) whose titles, abstracts and claims are the real
KPPatent-ZH texts, cycled, while numbers, dates, applicants and classifications are
synthesised so that each row is a distinct, valid record. Every row says so in its source
field and its applicant names end with “（生成）”. Used only by scale tests and benchmarks.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from zhichan.patents.numbers import cn_check_digit

LABEL = "GENERATED scale-test data"
HEADERS = [
    "申请号",
    "申请日",
    "公开(公告)号",
    "公开(公告)日",
    "发明名称",
    "摘要",
    "主权项",
    "申请(专利权)人",
    "发明人",
    "IPC分类号",
    "法律状态",
    "法律事件",
    "申请人地址",
    "来源说明",
]
APPLICANTS = [
    "生成样例大学（生成）",
    "生成样例科技有限公司（生成）",
    "生成样例研究院（生成）",
    "生成样例集团股份有限公司（生成）",
]
IPCS = [
    "G06F16/332",
    "H01M50/403",
    "G06N3/08",
    "A61B5/00",
    "H04L67/10",
    "B25J9/16",
    "C07D487/04",
    "G01N33/50",
]
CITIES = ["浙江省杭州市", "江苏省南京市", "广东省深圳市", "北京市海淀区"]


def _texts(kppatent: Path) -> list[dict[str, str]]:
    out = []
    with kppatent.open(encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            if obj.get("title") and obj.get("abstract"):
                claims = obj.get("claims") or ""
                # Exports carry the first (main) claim, 主权项, not the whole claim set.
                main_claim = claims.split("\n2.", 1)[0]
                out.append(
                    {"title": obj["title"], "abstract": obj["abstract"], "claims": main_claim}
                )
    return out


def rows(kppatent: Path, n: int, seed: int = 7) -> Iterator[list[str]]:
    rng = random.Random(seed)
    texts = _texts(kppatent)
    for i in range(n):
        t = texts[i % len(texts)]
        year = 2010 + i % 14
        digits = f"{year}1{i:07d}"
        filed = date(year, 1, 1) + timedelta(days=rng.randrange(360))
        published = filed + timedelta(days=540)
        yield [
            f"{digits}.{cn_check_digit(digits)}",
            filed.isoformat(),
            f"CN9{i:08d}A",
            published.isoformat(),
            t["title"],
            t["abstract"],
            t["claims"],
            APPLICANTS[i % 4],
            f"生成发明人{i % 97}",
            ";".join(rng.sample(IPCS, 2)),
            "审中",
            f"{published.isoformat()} 公开",
            CITIES[i % 4] + "生成路1号",
            LABEL,
        ]


def write_csv(path: Path, kppatent: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADERS)
        writer.writerows(rows(kppatent, n))
    return path
