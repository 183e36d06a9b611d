"""File answers: a download's ``Content-Disposition`` with its Chinese name kept."""

from __future__ import annotations

from urllib.parse import quote

from fastapi.responses import Response

MEDIA = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def attachment(name: str, fallback: str) -> str:
    """``fallback`` (ASCII) for old clients and the UTF-8 ``name`` (RFC 6266) for the rest."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"


def download(data: bytes, name: str, fallback: str) -> Response:
    suffix = name.rsplit(".", 1)[-1]
    return Response(
        data,
        media_type=MEDIA.get(suffix, "application/octet-stream"),
        headers={"Content-Disposition": attachment(name, fallback)},
    )
