"""Chinese words for the codes the database keeps (channels, audit actions, table names) and
the filters pages use to show them; what a user typed is shown as typed."""

from __future__ import annotations

import json
from typing import Any

VIA = {"web": "网页", "api": "接口", "cli": "命令行", "job": "后台任务", "test": "测试"}
ACTIONS = {"create": "新增", "update": "修改", "delete": "删除"}
TABLES = {
    "api_tokens": "API 令牌",
    "forensic_cases": "技术比对案件",
    "forensic_evidence": "证据",
    "forensic_runs": "比对",
    "import_batches": "导入批次",
    "import_issues": "导入问题行",
    "jobs": "后台任务",
    "law_articles": "法条",
    "law_instruments": "法律法规",
    "licensing_declaration_patents": "声明所含专利",
    "licensing_declarations": "开放许可声明",
    "licensing_licences": "开放许可实施许可",
    "licensing_mediation_sessions": "调解会议",
    "licensing_mediations": "调解案件",
    "licensing_reports": "许可使用情况报告",
    "licensing_transitions": "声明状态变更",
    "organisations": "机构",
    "patents": "专利",
    "saved_queries": "保存的检索式",
    "transfer_deal_events": "交易进展",
    "transfer_deals": "交易",
    "transfer_feedback": "企业反馈",
    "transfer_inventory": "盘点专利",
    "transfer_messages": "站内消息",
    "transfer_needs": "技术需求",
    "transfer_policies": "分层规则",
    "transfer_profiles": "企业画像",
    "transfer_pushes": "推送",
    "transfer_spot_check_items": "抽查条目",
    "transfer_spot_checks": "抽查",
    "transfer_subscriptions": "订阅",
    "users": "用户",
    "web_sessions": "登录会话",
}


def actor(label: str | None) -> str:
    """``cli:root`` → 命令行用户 root; ``web:demo-firm`` → demo-firm（网页）; a name as is."""
    if not label:
        return ""
    via, sep, name = label.partition(":")
    if not sep or via not in VIA:
        return label
    return f"命令行用户 {name}" if via == "cli" else f"{name}（{VIA[via]}）"


def value(v: Any) -> str:
    """A stored value as a person reads it (no Python reprs): 空, 是/否, JSON for structures."""
    if v is None:
        return "（空）"
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, dict | list):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


FILTERS = {
    "actor": actor,
    "via": lambda code: VIA.get(code, code),
    "action": lambda code: ACTIONS.get(code, code),
    "table": lambda name: TABLES.get(name, name),
    "value": value,
}
