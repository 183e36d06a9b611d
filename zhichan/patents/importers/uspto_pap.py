"""2001–2004 application publications (``patent-application-publication``)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from zhichan.patents import ipc, numbers
from zhichan.patents.importers.base import Options
from zhichan.patents.importers.uspto_common import (
    claim_items,
    claim_number,
    date_of,
    first,
    paragraphs,
    party,
    person,
    text,
)
from zhichan.patents.record import ClaimItem, Classification, Party, PatentRecord, Priority


def _inventor(el: ET.Element) -> Party | None:
    name = person(
        first(el, "name/given-name"), first(el, "name/family-name"), first(el, "name/middle-name")
    )
    if not name:
        return None
    return party(
        name,
        city=first(
            el, "residence/residence-us/city", "residence/residence-non-us/city", "address/city"
        ),
        state=first(el, "residence/residence-us/state", "address/state"),
        country=first(
            el,
            "residence/residence-us/country-code",
            "residence/residence-non-us/country-code",
            "address/country/country-code",
        )
        or ("US" if el.find("residence/residence-us") is not None else None),
    )


def _claims(root: ET.Element) -> list[ClaimItem]:
    items: list[tuple[int, str, list[int]]] = []
    for i, el in enumerate(root.findall("subdoc-claims/claim"), start=1):
        num = claim_number(el.get("id"), i)
        refs = [
            claim_number(ref.get("depends_on"), 0) for ref in el.iter("dependent-claim-reference")
        ]
        items.append((num, text(el) or "", [r for r in refs if r]))
    return claim_items(items)


def record(root: ET.Element, opts: Options) -> PatentRecord:
    bib = root.find("subdoc-bibliographic-information")
    if bib is None:
        raise ValueError("缺少 subdoc-bibliographic-information")
    number, kind = first(bib, "document-id/doc-number"), first(bib, "document-id/kind-code")
    if not number:
        raise ValueError("缺少公开号 document-id/doc-number")
    pub = numbers.parse_publication_number(f"US{number}{kind or ''}")
    tech = bib.find("technical-information")
    ipc_codes: list[Classification] = []
    national: list[str] = []
    if tech is not None:
        edition = first(tech, "classification-ipc/classification-ipc-edition")
        version = f"edition {int(edition)}" if edition and edition.isdigit() else None
        for path in (
            "classification-ipc/classification-ipc-primary/ipc",
            "classification-ipc/classification-ipc-secondary/ipc",
        ):
            for el in tech.findall(path):
                if value := text(el):
                    ipc_codes.append(
                        Classification(ipc.parse(value, opts.known_main_groups).code, version)
                    )
        for el in tech.iter("uspc"):
            national.append(f"{first(el, 'class') or ''}/{first(el, 'subclass') or ''}")
    inventor_els = bib.findall("inventors/first-named-inventor") + bib.findall("inventors/inventor")
    inventors = [p for el in inventor_els if (p := _inventor(el))]
    owners = [
        party(n)
        for el in bib.findall("assignee")
        if (
            n := first(el, "organization-name")
            or person(first(el, "name/given-name"), first(el, "name/family-name"))
        )
    ]
    return PatentRecord(
        number=pub.text,
        country="US",
        kind=pub.kind,
        application_number=f"US{first(bib, 'domestic-filing-data/application-number/doc-number')}",
        patent_type="utility",
        title_en=first(bib, "technical-information/title-of-invention"),
        abstract_en=paragraphs(root.find("subdoc-abstract")),
        description=paragraphs(root.find("subdoc-description")),
        claims=_claims(root),
        applicants=inventors,
        owners=owners,
        inventors=[p.name_raw for p in inventors],
        application_date=date_of(first(bib, "domestic-filing-data/filing-date")),
        publication_date=date_of(first(bib, "document-id/document-date")),
        priorities=[
            Priority(
                first(p, "country-code"),
                first(p, "priority-application-number/doc-number") or "",
                date_of(first(p, "filing-date")),
            )
            for p in bib.findall("foreign-priority-data")
        ],
        ipc=ipc_codes,
        ipc_main=ipc_codes[0].code if ipc_codes else None,
        national_classes=national,
        source=opts.source_name,
    )
