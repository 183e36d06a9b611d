"""Turn one source row (loosely typed text, as exporters write it) into a ``PatentRecord``.

Each problem is raised as :class:`RowError` naming the field, so the import can report
row, field and reason. Problems that do not make the row unusable (a wrong CN check digit)
are returned as warnings instead.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from zhichan.core.text import nfkc_lines
from zhichan.patents import applicants, claims, dates, ipc, legal, numbers, regions
from zhichan.patents.record import (
    Citation,
    ClaimItem,
    Classification,
    LegalEvent,
    Party,
    PatentRecord,
    Priority,
)


class RowError(ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}：{reason}")
        self.field, self.reason = field, reason


@dataclass(slots=True)
class Built:
    records: list[PatentRecord]
    warnings: list[tuple[str, str]] = field(default_factory=list)


#: Canonical keys a source row may give (tabular mapping files name these).
FIELDS = (
    "application_number",
    "application_date",
    "publication_number",
    "publication_date",
    "grant_number",
    "grant_date",
    "title",
    "title_en",
    "abstract",
    "abstract_en",
    "main_claim",
    "claims",
    "description",
    "applicants",
    "owners",
    "inventors",
    "ipc",
    "ipc_main",
    "cpc",
    "legal_status",
    "legal_events",
    "applicant_address",
    "province_code",
    "agency",
    "agents",
    "priorities",
    "family",
    "family_id",
    "citations",
    "keywords",
    "patent_type",
    "country",
)

_TYPE_WORDS = (
    ("外观", "design"),
    ("实用新型", "utility_model"),
    ("发明", "invention"),
    ("design", "design"),
    ("plant", "plant"),
    ("reissue", "reissue"),
    ("utility model", "utility_model"),
    ("utility", "utility"),
    ("invention", "invention"),
)


def _text(row: Mapping[str, Any], key: str) -> str | None:
    value = row.get(key)
    if value is None:
        return None
    return nfkc_lines(str(value)) or None


def _parse(fieldname: str, fn: Any, value: Any) -> Any:
    try:
        return fn(value)
    except ValueError as exc:
        raise RowError(fieldname, str(exc)) from exc


def _patent_type(
    row: Mapping[str, Any],
    app: numbers.ApplicationNumber | None,
    kind: str | None,
    country: str | None,
) -> str | None:
    given = _text(row, "patent_type")
    if given:
        lowered = given.lower()
        for word, code in _TYPE_WORDS:
            if word in lowered:
                return code
    if app and app.cn_type:
        return app.cn_type
    if country == "CN":
        return numbers.cn_type_from_kind(kind)
    return None


def _parties(raw: str | None, address: str | None, province_code: str | None) -> list[Party]:
    names = applicants.split_names(raw)
    addresses = applicants.split_names(address) if address else []
    parties = []
    for i, name in enumerate(names):
        addr = (
            addresses[i]
            if i < len(addresses)
            else (addresses[0] if len(addresses) == 1 and i == 0 else None)
        )
        province = regions.province_from_code(province_code) if i == 0 and province_code else None
        province = province or regions.province_from_text(addr)
        country = "CN" if province else None
        normalised = applicants.normalise_name(name)
        parties.append(
            Party(
                name_raw=name,
                name=normalised,
                kind=applicants.classify(name, normalised=normalised),
                country=country,
                province=province,
                city=regions.city_from_text(addr, province),
                address=addr,
            )
        )
    return parties


_PRIORITY = re.compile(
    r"([A-Z]{2})?\s*([0-9A-Z][0-9A-Z/,.\-]*[0-9A-Z])\s*(\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{8})?"
)


def _priorities(raw: str | None) -> list[Priority]:
    out = []
    for part in applicants.split_names(raw):
        m = _PRIORITY.search(part.upper())
        if not m:
            raise RowError("priorities", f"无法识别的优先权：{part}")
        out.append(
            Priority(m.group(1), m.group(2), dates.parse_date(m.group(3)) if m.group(3) else None)
        )
    return out


def _citations(raw: str | None) -> list[Citation]:
    out = []
    for part in re.split(r"[;；,，\n|]+", raw or ""):
        part = part.strip()
        if not part:
            continue
        try:
            pub = numbers.parse_publication_number(part)
            out.append(Citation(number=pub.text, country=pub.country, kind=pub.kind, text=part))
        except ValueError:
            out.append(Citation(number=part, text=part))
    return out


def _classes(fieldname: str, raw: str | None, known: Collection[str]) -> list[Classification]:
    symbols = _parse(fieldname, lambda v: ipc.parse_many(v, known), raw)
    return [Classification(s.code, s.version) for s in symbols]


def _claims(row: Mapping[str, Any]) -> list[ClaimItem]:
    full = row.get("claims")
    text = str(full) if full else (str(row["main_claim"]) if row.get("main_claim") else None)
    return [ClaimItem(c.num, c.text, c.depends_on) for c in claims.split_claims(text)]


def _numbers(
    row: Mapping[str, Any],
) -> tuple[numbers.ApplicationNumber | None, list[numbers.PublicationNumber]]:
    country = _text(row, "country")
    app_raw = _text(row, "application_number")
    app = (
        _parse(
            "application_number",
            lambda v: numbers.parse_application_number(v, country or "CN"),
            app_raw,
        )
        if app_raw
        else None
    )
    pubs: list[numbers.PublicationNumber] = []
    for key in ("publication_number", "grant_number"):
        raw = _text(row, key)
        if raw:
            pub = _parse(key, lambda v: numbers.parse_publication_number(v, country), raw)
            if pub.text not in {p.text for p in pubs}:
                pubs.append(pub)
    if app is None and not pubs:
        raise RowError("application_number", "申请号和公开(公告)号都为空，至少需要其一")
    return app, pubs


def build(row: Mapping[str, Any], *, source: str, known_main_groups: Collection[str] = ()) -> Built:
    """Build the record(s) of one row: one per publication it names (公开号 and 授权公告号)."""
    app, pubs = _numbers(row)
    warnings = []
    if app and app.check_status == "wrong":
        warnings.append(
            (
                "application_number",
                f"校验位错误：给出 {app.given_check}，应为 {app.check}（已按 {app.text} 记录）",
            )
        )
    ipcs = _classes("ipc", _text(row, "ipc"), known_main_groups)
    main = _classes("ipc_main", _text(row, "ipc_main"), known_main_groups)
    ipc_main = main[0].code if main else (ipcs[0].code if ipcs else None)
    if main and main[0].code not in {c.code for c in ipcs}:
        ipcs.insert(0, main[0])
    address, province_code = _text(row, "applicant_address"), _text(row, "province_code")
    events = [
        LegalEvent(e.date, e.code, e.text)
        for e in _parse("legal_events", legal.parse_events, _text(row, "legal_events"))
    ]
    base = PatentRecord(
        number="",
        application_number=app.text if app else None,
        application_check=app.check_status if app else None,
        family_id=_text(row, "family_id"),
        family_members=[m for m in re.split(r"[;；,，\s]+", _text(row, "family") or "") if m],
        title_zh=_zh_or_none(_text(row, "title")),
        title_en=_text(row, "title_en") or _en_or_none(_text(row, "title")),
        abstract_zh=_zh_or_none(_text(row, "abstract")),
        abstract_en=_text(row, "abstract_en") or _en_or_none(_text(row, "abstract")),
        description=_text(row, "description"),
        claims=_claims(row),
        applicants=_parties(_text(row, "applicants"), address, province_code),
        owners=_parties(_text(row, "owners"), None, None),
        inventors=applicants.split_names(_text(row, "inventors")),
        agency=_text(row, "agency"),
        agents=applicants.split_names(_text(row, "agents")),
        application_date=_parse("application_date", dates.parse_date, row.get("application_date")),
        grant_date=_parse("grant_date", dates.parse_date, row.get("grant_date")),
        priorities=_priorities(_text(row, "priorities")),
        ipc=ipcs,
        ipc_main=ipc_main,
        cpc=_classes("cpc", _text(row, "cpc"), known_main_groups),
        keywords=[k for k in re.split(r"[;；,，、]+", _text(row, "keywords") or "") if k.strip()],
        citations=_citations(_text(row, "citations")),
        legal_status=_text(row, "legal_status"),
        legal_events=events,
        source=source,
    )
    pub_date = _parse("publication_date", dates.parse_date, row.get("publication_date"))
    records = []
    for i, pub in enumerate(pubs or [None]):
        rec = replace(base)
        if pub is None:
            assert app is not None
            rec.number, rec.country = app.text, app.country
        else:
            rec.number, rec.country, rec.kind = pub.text, pub.country, pub.kind
            if i > 0 or (pub.kind and pub.kind[0] in "BCY" and rec.grant_date):
                rec.publication_date = rec.grant_date if i > 0 else pub_date
            else:
                rec.publication_date = pub_date
        rec.patent_type = _patent_type(row, app, rec.kind, rec.country)
        records.append(rec)
    return Built(records, warnings)


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _zh_or_none(text: str | None) -> str | None:
    return text if text and _CJK.search(text) else None


def _en_or_none(text: str | None) -> str | None:
    return text if text and not _CJK.search(text) else None
