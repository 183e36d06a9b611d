"""Job states: English codes in the database, one table of Chinese labels for people."""

from __future__ import annotations

QUEUED = "queued"
RUNNING = "running"
RETRYING = "retrying"
SUCCEEDED = "succeeded"
FAILED = "failed"

LABELS: dict[str, str] = {
    QUEUED: "排队中",
    RUNNING: "运行中",
    RETRYING: "等待重试",
    SUCCEEDED: "已完成",
    FAILED: "失败",
}
#: States a worker may still pick up or is working on.
OPEN = (QUEUED, RUNNING, RETRYING)
FINAL = (SUCCEEDED, FAILED)


def label(state: str | None) -> str:
    return LABELS.get(state or "", state or "—")
