"""Turning ranked ids into hits a user can check: snippet, labels and why each one matched."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from zhichan.fulltext import highlight
from zhichan.patents import service as patents
from zhichan.search import syntax
from zhichan.search.compile import LEGAL, TYPES
from zhichan.search.schemas import FacetBucket, Hit

TYPE_LABELS = {v: k for k, v in TYPES.items() if k != "外观"} | {"utility": "实用专利（美）"}
LEGAL_LABELS = {v: k for k, v in LEGAL.items()}
FIELD_TEXT = {"TI": "标题", "AB": "摘要", "CL": "权利要求", "PA": "申请人", "IN": "发明人"}


def _applicants(rec: dict[str, Any]) -> list[str]:
    parties = rec.get("applicants") or rec.get("owners") or []
    return [p.get("name") or p.get("name_raw") for p in parties if p]


def _texts(rec: dict[str, Any]) -> dict[str, str]:
    return {
        "TI": " ".join(filter(None, [rec.get("title_zh"), rec.get("title_en")])),
        "AB": " ".join(filter(None, [rec.get("abstract_zh"), rec.get("abstract_en")])),
        "CL": " ".join(c.get("text", "") for c in rec.get("claims") or []),
        "PA": " ".join(_applicants(rec)),
        "IN": " ".join(rec.get("inventors") or []),
    }


def _reasons(rec: dict[str, Any], parsed: syntax.Parsed, needles: highlight.Needles) -> list[str]:
    texts = _texts(rec)
    out: list[str] = []
    if parsed.free_text:
        for code in ("TI", "AB", "CL"):
            share = highlight.coverage(texts[code], needles)
            if share > 0:
                out.append(f"{FIELD_TEXT[code]}含检索文字中 {share:.0%} 的相邻字对")
        return out
    for leaf in syntax.leaves(parsed.root):
        if isinstance(leaf, syntax.Compare):
            out.append(f"{syntax.FIELDS[leaf.field]} {leaf.op} {leaf.value}")
            continue
        code = leaf.field or "TX"
        codes = ("TI", "AB", "CL") if code == "TX" else (code,)
        where = [FIELD_TEXT[c] for c in codes if c in texts and _contains(texts[c], leaf)]
        if where:
            out.append(f"{'、'.join(where)}含“{leaf.text}{'*' if leaf.prefix else ''}”")
        elif code not in FIELD_TEXT:
            out.append(f"{syntax.FIELDS[code]} = {leaf.text}{'*' if leaf.prefix else ''}")
    return out


def _contains(text: str, leaf: syntax.Term) -> bool:
    needle = highlight.Needles([leaf.text])
    return any(needle.marks(text)) if needle else False


def hit(
    rec: dict[str, Any],
    score: float,
    needles: highlight.Needles,
    parsed: syntax.Parsed,
    similarity: float | None,
    ranks: dict[str, int],
    like: str | None,
) -> Hit:
    why = _reasons(rec, parsed, needles) if parsed.root is not None else []
    if similarity is not None:
        basis = f"与专利 {like}" if like else "与检索文字"
        why.append(f"{basis}的语义相似度 {similarity:.3f}")
    if len(ranks) > 1 or "bm25" in ranks:
        parts = [f"{'BM25' if k == 'bm25' else '语义'}第 {v} 名" for k, v in sorted(ranks.items())]
        why.append("混合排序（倒数排名融合）：" + "，".join(parts))
    title = rec.get("title_zh") or rec.get("title_en")
    abstract = rec.get("abstract_zh") or rec.get("abstract_en")
    return Hit(
        number=rec["number"],
        title=title,
        score=round(score, 4),
        snippet=highlight.snippet(abstract, needles),
        title_html=highlight.highlight(title, needles),
        applicants=_applicants(rec),
        application_date=rec.get("application_date"),
        publication_date=rec.get("publication_date"),
        patent_type=rec.get("patent_type"),
        ipc_main=rec.get("ipc_main"),
        legal_status=rec.get("legal_status"),
        why=why,
        ranks=ranks,
        similarity=round(similarity, 4) if similarity is not None else None,
    )


def facet_buckets(
    session: Session,
    raw: dict[str, list[tuple[str, int]]],
    set_labels: dict[str, dict[str, str]] | None = None,
) -> dict[str, list[FacetBucket]]:
    """Buckets with what people read; ``set_labels`` names the values of other domains'
    patent sets (the high-value criteria)."""
    titles = patents.ipc_titles(session=session, codes=[v for v, _ in raw.get("ipc_sc", [])])

    def label(name: str, value: str) -> str:
        if name == "pt":
            return TYPE_LABELS.get(value, value)
        if name == "ls":
            return LEGAL_LABELS.get(value, value)
        if name == "ipc_sc":
            return f"{value} {titles.get(value, '')}".strip()
        return (set_labels or {}).get(name, {}).get(value, value)

    return {
        name: [FacetBucket(value=v, label=label(name, v), count=c) for v, c in buckets]
        for name, buckets in raw.items()
    }
