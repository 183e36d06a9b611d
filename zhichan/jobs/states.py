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


def label(state: str | None) -> str:
    return LABELS.get(state or "", state or "—")


#: How the figures jobs report are named on pages; figures without a name are not shown.
RESULT_LABELS: dict[str, str] = {
    "read": "读取行数",
    "inserted": "新增",
    "updated": "更新",
    "skipped": "未变",
    "failed": "未导入",
    "warnings": "警告",
    "issues_total": "问题行数",
    "rate": "每秒条数",
    "indexed": "写入检索索引的专利",
    "embedded": "新生成的语义向量",
    "vectors_pending": "尚无语义向量的专利",
    "batch": "推送批次",
    "version": "排序模型版本",
    "note": "说明",
    "active": "已启用",
    "train_pairs": "训练用的反馈",
    "held_pairs": "留出检验的反馈",
    "auc_learned": "模型在留出反馈上的 AUC",
    "auc_hand": "人工权重在留出反馈上的 AUC",
    "pairs": "推送的企业—专利对",
    "enterprises": "企业",
    "pool": "资源库专利",
    "rows": "盘点表行数",
    "verdict": "核验结论",
    "numbers_sha256": "结果数字摘要",
    "judged": "判定的专利",
    "watches": "扫描的监测",
    "refreshed": "更新的快照行",
    "records": "计入的专利",
    "report_id": "报告编号",
    "removed": "删除的快照行",
    "alerts": "新提醒",
    "baselines": "建立基线的监测",
    "high_value": "高价值发明专利",
    "undecided": "无法判断",
    "disagreements": "与官方标识不一致",
    "measured": "计算基础数据的专利",
    "scored": "评估的专利",
    "reference": "参考值（数据不完整）",
    "blocked": "被硬性条件阻止",
    "A": "A 档",
    "B": "B 档",
    "C": "C 档",
    "D": "D 档",
}
