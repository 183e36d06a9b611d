"""The 1990s–2004 grant format (``PATDOC``, WIPO ST.32 B-tags), called "sgml" by USPTO.

B110 number, B130 kind, B140 date, B210/B220 application, B300 priorities, B511/B512 IPC
(Locarno for designs), B521/B522 US classes, B540 title, B561 patent citations, B721
inventors, B731 assignees, B741 agents; SDOAB abstract, SDOCL claims, SDODE description.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from zhichan.patents import ipc, numbers
from zhichan.patents.importers.base import Options
from zhichan.patents.importers.uspto_common import (
    claim_items,
    date_of,
    first,
    paragraphs,
    party,
    person,
    text,
)
from zhichan.patents.record import (
    Citation,
    ClaimItem,
    Classification,
    Party,
    PatentRecord,
    Priority,
)


def _name(el: ET.Element) -> str | None:
    return first(el, ".//ONM") or person(first(el, ".//NAM/FNM"), first(el, ".//NAM/SNM"))


def _party(el: ET.Element) -> Party | None:
    name = _name(el)
    if not name:
        return None
    return party(
        name,
        city=first(el, ".//ADR/CITY"),
        state=first(el, ".//ADR/STATE"),
        country=first(el, ".//ADR/CTRY"),
    )


def _classes(
    bib: ET.Element, design: bool, opts: Options
) -> tuple[list[Classification], list[str]]:
    raw = [text(el) for tag in ("B511", "B512") for el in bib.iter(tag)]
    if design:
        return [], [
            f"{v[:2]}-{v[2:]}" if v and len(v) == 4 and v.isdigit() else v for v in raw if v
        ]
    edition = first(bib, ".//B516")
    version = f"edition {int(edition)}" if edition and edition.isdigit() else None
    return [
        Classification(ipc.parse(v, opts.known_main_groups).code, version) for v in raw if v
    ], []


def _citations(bib: ET.Element) -> list[Citation]:
    out = []
    for cit in bib.iter("B561"):
        number = first(cit, "PCIT/DOC/DNUM")
        if not number:
            continue
        country = first(cit, "PCIT/DOC/CTRY") or "US"
        kind = first(cit, "PCIT/DOC/KIND")
        category = (
            "cited by examiner" if cit.find("CITED-BY-EXAMINER") is not None else "cited by other"
        )
        try:
            normalised = numbers.parse_publication_number(
                f"{country}{number.replace('D. ', 'D').replace(' ', '')}{kind or ''}"
            ).text
        except ValueError:
            normalised = f"{country}{number}"
        out.append(
            Citation(
                normalised,
                country,
                kind,
                date_of(first(cit, "PCIT/DOC/DATE")),
                category,
                first(cit, "PCIT/PARTY-US"),
            )
        )
    for cit in bib.iter("B562"):
        if other := first(cit, "NCIT"):
            out.append(Citation("", None, None, None, "cited by other", other))
    return out


def _claims(root: ET.Element) -> list[ClaimItem]:
    items: list[tuple[int, str, list[int]]] = []
    for i, clm in enumerate(root.findall("SDOCL/CL/CLM"), start=1):
        num_attr = clm.get("ID", "")
        num = int(num_attr.split("-")[-1]) if num_attr.split("-")[-1].isdigit() else i
        items.append((num, text(clm) or "", []))
    return claim_items(items)


def record(root: ET.Element, opts: Options) -> PatentRecord:
    bib = root.find("SDOBI")
    if bib is None:
        raise ValueError("缺少著录项目 SDOBI")
    number = first(bib, "B100/B110/DNUM")
    if not number:
        raise ValueError("缺少专利号 B110")
    kind = first(bib, "B100/B130")
    pub = numbers.parse_publication_number(f"US{number}{kind or ''}")
    design = pub.number.startswith("D")
    ipcs, locarno = _classes(bib, design, opts)
    grant_date = date_of(first(bib, "B100/B140/DATE"))
    inventors = [n for el in bib.iter("B721") if (n := _name(el))]
    return PatentRecord(
        number=pub.text,
        country="US",
        kind=pub.kind,
        application_number=f"US{first(bib, 'B200/B210/DNUM')}"
        if first(bib, "B200/B210/DNUM")
        else None,
        patent_type=numbers.us_patent_type(pub),
        title_en=first(bib, "B500/B540"),
        abstract_en=paragraphs(root.find("SDOAB")),
        description=paragraphs(root.find("SDODE")),
        claims=_claims(root),
        applicants=[p for el in bib.iter("B721") if (p := _party(el))],
        owners=[p for el in bib.iter("B731") if (p := _party(el))],
        inventors=inventors,
        agents=[n for el in bib.iter("B741") if (n := _name(el))],
        application_date=date_of(first(bib, "B200/B220/DATE")),
        publication_date=grant_date,
        grant_date=grant_date,
        priorities=[
            Priority(
                first(p, "B330/CTRY"), first(p, "B310/DNUM") or "", date_of(first(p, "B320/DATE"))
            )
            for p in bib.findall("B300")
        ],
        ipc=ipcs,
        ipc_main=ipcs[0].code if ipcs else None,
        national_classes=[v for tag in ("B521", "B522") for el in bib.iter(tag) if (v := text(el))],
        locarno=locarno,
        citations=_citations(bib),
        source=opts.source_name,
    )
