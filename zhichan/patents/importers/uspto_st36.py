"""``us-patent-grant`` (v4.0 2004 … v4.5 2014) and ``us-patent-application`` (v4.0 2004)."""

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
from zhichan.patents.record import (
    Citation,
    ClaimItem,
    Classification,
    Party,
    PatentRecord,
    Priority,
)


def _symbol(el: ET.Element, version_path: str) -> Classification:
    parts = [
        first(el, tag) or "" for tag in ("section", "class", "subclass", "main-group", "subgroup")
    ]
    code = f"{parts[0]}{parts[1]}{parts[2]}{parts[3]}/{parts[4]}"
    return Classification(ipc.parse(code).code, ipc.version_from_date(first(el, version_path)))


def _ipc(bib: ET.Element, opts: Options) -> tuple[list[Classification], str | None]:
    found: list[Classification] = []
    for el in bib.findall("classifications-ipcr/classification-ipcr"):
        found.append(_symbol(el, "ipc-version-indicator/date"))
    legacy = bib.find("classification-ipc")
    if legacy is not None:
        edition = first(legacy, "edition")
        for tag in ("main-classification", "further-classification"):
            for el in legacy.findall(tag):
                if value := text(el):
                    sym = ipc.parse(value, opts.known_main_groups)
                    found.append(
                        Classification(
                            sym.code,
                            f"edition {int(edition)}" if edition and edition.isdigit() else None,
                        )
                    )
    unique = list({c.code: c for c in found}.values())
    return unique, unique[0].code if unique else None


def _cpc(bib: ET.Element) -> list[Classification]:
    found = [
        _symbol(el, "cpc-version-indicator/date")
        for path in (
            "classifications-cpc/main-cpc/classification-cpc",
            "classifications-cpc/further-cpc/classification-cpc",
        )
        for el in bib.findall(path)
    ]
    return list({c.code: c for c in found}.values())


def _national(bib: ET.Element) -> list[str]:
    national = bib.find("classification-national")
    if national is None:
        return []
    return [
        v
        for tag in ("main-classification", "further-classification")
        for el in national.findall(tag)
        if (v := text(el))
    ]


def _citations(bib: ET.Element) -> list[Citation]:
    out = []
    for cit in bib.findall("references-cited/citation") + bib.findall(
        "us-references-cited/us-citation"
    ):
        category = first(cit, "category")
        doc = cit.find("patcit/document-id")
        if doc is not None:
            country, number, kind = (
                first(doc, "country"),
                first(doc, "doc-number") or "",
                first(doc, "kind"),
            )
            try:
                normalised = numbers.parse_publication_number(
                    f"{country or ''}{number}{kind or ''}"
                ).text
            except ValueError:
                normalised = f"{country or ''}{number}"
            out.append(
                Citation(
                    normalised,
                    country,
                    kind,
                    date_of(first(doc, "date")),
                    category,
                    first(doc, "name"),
                )
            )
        elif other := first(cit, "nplcit/othercit"):
            out.append(Citation("", None, None, None, category, other))
    return out


def _addressbook_name(el: ET.Element) -> str | None:
    return first(el, "addressbook/orgname", "orgname") or person(
        first(el, "addressbook/first-name", "first-name"),
        first(el, "addressbook/last-name", "last-name"),
    )


def _located(el: ET.Element, name: str) -> Party:
    return party(
        name,
        city=first(el, "addressbook/address/city"),
        state=first(el, "addressbook/address/state"),
        country=first(el, "addressbook/address/country"),
    )


def _parties(bib: ET.Element) -> tuple[list[Party], list[str], list[Party], list[str]]:
    applicant_els = bib.findall("parties/applicants/applicant") + bib.findall(
        "us-parties/us-applicants/us-applicant"
    )
    applicants_ = [_located(el, n) for el in applicant_els if (n := _addressbook_name(el))]
    inventor_els = bib.findall("us-parties/inventors/inventor") + bib.findall(
        "parties/inventors/inventor"
    )
    if inventor_els:
        inventors = [n for el in inventor_els if (n := _addressbook_name(el))]
    else:
        inventors = [
            p.name_raw
            for el, p in zip(applicant_els, applicants_, strict=False)
            if "inventor" in el.get("app-type", "")
        ]
    owners = [
        _located(el, n) for el in bib.findall("assignees/assignee") if (n := _addressbook_name(el))
    ]
    agents = [
        n
        for el in bib.findall("parties/agents/agent") + bib.findall("us-parties/agents/agent")
        if (n := _addressbook_name(el))
    ]
    return applicants_, inventors, owners, agents


def _claims(root: ET.Element) -> list[ClaimItem]:
    items: list[tuple[int, str, list[int]]] = []
    for i, el in enumerate(root.findall("claims/claim"), start=1):
        num = claim_number(el.get("num") or el.get("id"), i)
        refs = [claim_number(ref.get("idref"), 0) for ref in el.iter("claim-ref")]
        items.append((num, text(el) or "", [r for r in refs if r]))
    return claim_items(items)


def record(root: ET.Element, opts: Options) -> PatentRecord:
    is_grant = root.tag == "us-patent-grant"
    bib = root.find(
        "us-bibliographic-data-grant" if is_grant else "us-bibliographic-data-application"
    )
    if bib is None:
        raise ValueError("缺少著录项目（us-bibliographic-data-*）")
    pub_el = bib.find("publication-reference/document-id")
    app_ref = bib.find("application-reference")
    if pub_el is None or app_ref is None:
        raise ValueError("缺少 publication-reference 或 application-reference")
    country, kind = first(pub_el, "country") or "US", first(pub_el, "kind") or ""
    pub = numbers.parse_publication_number(f"{country}{first(pub_el, 'doc-number')}{kind}")
    pub_date = date_of(first(pub_el, "date"))
    app_number = first(app_ref, "document-id/doc-number")
    ipcs, ipc_main = _ipc(bib, opts)
    applicants_, inventors, owners, agents = _parties(bib)
    return PatentRecord(
        number=pub.text,
        country=pub.country,
        kind=pub.kind,
        application_number=f"US{app_number}" if app_number else None,
        patent_type=numbers.us_patent_type(pub, app_ref.get("appl-type")),
        title_en=first(bib, "invention-title"),
        abstract_en=paragraphs(root.find("abstract")),
        description=paragraphs(root.find("description")),
        claims=_claims(root),
        applicants=applicants_,
        owners=owners,
        inventors=inventors,
        agents=agents,
        application_date=date_of(first(app_ref, "document-id/date")),
        publication_date=pub_date,
        grant_date=pub_date if is_grant else None,
        priorities=[
            Priority(first(p, "country"), first(p, "doc-number") or "", date_of(first(p, "date")))
            for p in bib.findall("priority-claims/priority-claim")
        ],
        ipc=ipcs,
        ipc_main=ipc_main,
        cpc=_cpc(bib),
        national_classes=_national(bib),
        citations=_citations(bib),
        source=opts.source_name,
    )
