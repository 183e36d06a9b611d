"""GENERATED records for the search speed benchmark, composed from real texts.

Every record is labelled ``generated`` and numbered ``GEN0000001``…; its title and abstract
are spliced from the real KPPatent-ZH texts, its IPC main groups drawn from the real Chinese
IPC table, and its applicant, dates, type, status and province drawn at random (seeded).
They exist only to measure speed at a million records; they are not patents.
"""

from __future__ import annotations

import csv
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from zhichan.core.text import nfkc

PROVINCES = ["北京", "上海", "广东", "浙江", "江苏", "山东", "四川", "湖北", "陕西", "安徽"]
TYPES = ["invention", "invention", "invention", "utility_model", "design"]
STATUS = ["有效", "失效", "审中"]
SUFFIXES = ["科技有限公司", "大学", "研究院", "股份有限公司", "电子有限公司"]


@dataclass(frozen=True, slots=True)
class Sources:
    titles: list[str]
    sentences: list[str]
    abstracts: list[str]
    groups: list[str]
    cities: list[str]


def sources(shared: Path) -> Sources:
    titles, sentences, abstracts = [], [], []
    with (shared / "data/patents/kppatent-zh/patents.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            if obj.get("title"):
                titles.append(nfkc(obj["title"]))
            abstract = nfkc(obj["abstract"])  # as the importer stores it
            abstracts.append(abstract)
            sentences += [s for s in re.split(r"(?<=[。；;])", abstract) if len(s) > 8]
    with (shared / "data/reference/ipc-zh/ipc_zh_main_groups.csv").open(encoding="utf-8") as fh:
        groups = [r["code"] for r in csv.DictReader(fh) if r["level"] == "main_group"]
    cities = ["华信", "中科", "东方", "远航", "精工", "明德", "华创", "新锐", "宏达", "天成"]
    return Sources(titles, sentences, abstracts, groups, cities)


def records(
    src: Sources, n: int, seed: int = 20261121
) -> Iterator[tuple[dict[str, Any], int, int]]:
    """(record, source abstract a, source abstract b): the sources give the record's vector."""
    rnd = random.Random(seed)
    start = date(2000, 1, 1)
    for i in range(1, n + 1):
        a, b = rnd.randrange(len(src.abstracts)), rnd.randrange(len(src.abstracts))
        half_a = src.abstracts[a][: len(src.abstracts[a]) // 2]
        half_b = src.abstracts[b][len(src.abstracts[b]) // 2 :]
        title = rnd.choice(src.titles) if rnd.random() < 0.5 else src.abstracts[a][:24]
        applied = start + timedelta(days=rnd.randrange(9000))
        codes = rnd.sample(src.groups, 2)
        org = f"（生成）{rnd.choice(src.cities)}{rnd.randrange(2000)}{rnd.choice(SUFFIXES)}"
        rec = {
            "number": f"GEN{i:07d}",
            "title_zh": title,
            "abstract_zh": half_a + half_b,
            "applicants": [{"name": org, "name_raw": org, "province": rnd.choice(PROVINCES)}],
            "ipc": [{"code": c} for c in codes],
            "application_date": applied.isoformat(),
            "publication_date": (applied + timedelta(days=540)).isoformat(),
            "patent_type": rnd.choice(TYPES),
            "legal_status": rnd.choice(STATUS),
        }
        yield rec, a, b
