"""The words of pledge financing (知识产权质押融资): loan modes, refusal grounds, documents,
policy-rule kinds and the sources every check and amount cites."""

from __future__ import annotations

CIVIL_444 = "《中华人民共和国民法典》第四百四十四条"
RULES_86 = "《专利法实施细则》第八十六条"
REGISTRATION = "《专利权质押登记办法》（国家知识产权局公告第四六一号）"
GROUNDS_SOURCE = f"{REGISTRATION}不予登记的情形（无锡知识产权保护中心服务指南所列 12 项）"
NPL_SOURCE = "银保监发〔2019〕34号（不良率高于各项贷款不良率 3 个百分点以内的不作为扣分因素）"

#: Loan modes of the pilots (seeds/002 一(二)(四)(五)).
MODES = {
    "pledge": "纯专利权质押",
    "guarantee": "质押 + 担保",
    "insurance": "政银保（质押 + 保证保险）",
    "knowledge_credit": "知识价值信用贷",
}

#: The 12 refusal grounds of a pledge registration, in the order the service page lists them.
GROUNDS = {
    "pledgor_not_owner": "出质人不是登记在册的专利权人",
    "not_in_force": "专利权已终止或被宣告无效",
    "not_granted": "专利申请尚未授权",
    "annuity_unpaid": "专利权处于年费缴纳滞纳期",
    "suspended": "因权属纠纷中止或被法院保全",
    "term_exceeded": "债务履行期限超过专利权有效期",
    "contract_items": "质押合同缺少必备条款",
    "co_owner_consent": "共有专利权未经其他共有人同意",
    "already_pledged": "专利权已被质押",
    "same_day": "同日申请的实用新型与发明（当事人坚持的可登记）",
    "invalidation": "专利权处于无效宣告程序（当事人坚持的可登记）",
    "other": "其他不符合规定的情形",
}

#: The registration documents (质押登记办法 第七条), and whether each is always required.
DOCUMENTS = {
    "application_form": ("专利权质押登记申请表（双方签章）", True),
    "contract": ("专利权质押合同", True),
    "identity": ("双方身份证明或签字的承诺书", True),
    "authorisation": ("委托书（委托代理的）", False),
    "appraisal": ("资产评估报告（专利经评估的）", False),
    "co_owner_consent": ("共有人同意书（共有的）", False),
    "other": ("其他材料", False),
}
#: The five items a pledge contract must hold (办法 第九条, secondary source).
CONTRACT_ITEMS = {
    "parties": "当事人的姓名或名称、地址",
    "debt": "被担保债权的种类和数额",
    "term": "债务人履行债务的期限",
    "patents": "专利件数及每项专利的名称、专利号、申请日、授权公告日",
    "scope": "质押担保的范围",
}

CHANNELS = {"online": "电子申请", "post": "邮寄", "counter": "窗口办理"}
#: The registration decision's service commitment, in working days (local service page).
COMMITMENT_DAYS = 3
COMMITMENT_SOURCE = "地方受理窗口服务承诺 3 个工作日（2021 年办法的法定时限未能核实，见说明文档）"

DISPOSALS = {"transfer": "转让", "auction": "拍卖", "licence": "许可"}

#: Policy-rule kinds, bases and cap periods (pledge_rules.md, rule-engine notes).
RULE_KINDS = {
    "premium_subsidy": "保费补贴",
    "interest_subsidy": "贴息",
    "valuation_fee_subsidy": "评估费补助",
    "guarantee_fee_subsidy": "担保费补助",
    "risk_compensation": "风险补偿",
    "bank_reward": "银行奖励",
    "interest_ceiling": "贷款利率上浮上限",
    "premium_ceiling": "保证保险年费率上限",
    "insurer_share_floor": "保险公司风险分担下限",
}
#: Kinds that bound a loan's terms instead of granting an amount.
LIMIT_KINDS = frozenset({"interest_ceiling", "premium_ceiling", "insurer_share_floor"})
BASES = {
    "premium": "企业实缴保费",
    "benchmark_interest": "按基准利率计算的利息",
    "fee": "实际发生的费用",
    "loan_loss": "本金损失（扣除保险赔付与处置回收后）",
    "loan_amount": "登记的贷款金额",
}
CAP_PERIODS = {"per_year": "每企业每年", "per_loan": "每笔贷款", "lifetime": "每企业累计"}
CONDITIONS = {
    "repaid": "已还本付息",
    "sme": "中小企业",
    "white_list": "在白名单内",
    "insured": "投保了保证保险",
    "defaulted": "已发生代偿损失",
}
CLAIM_STATES = {"computed": "已测算", "approved": "已审核", "paid": "已拨付", "refused": "不予支持"}

#: White-list feedback, as the bank records it for each pushed enterprise.
FEEDBACK = {
    "pushed": "已推送",
    "contacted": "已对接",
    "applied": "已申请",
    "approved": "已获批",
    "declined": "未获批或放弃",
}
FUNNEL = ("pushed", "contacted", "applied", "approved")
REFERRAL_STATES = {"submitted": "待评估", "answered": "已反馈"}

#: The 普惠 cut-offs the statistics name (yuan): 2023 statistics and the 2024 briefing.
PUHUI_CUTOFFS = {
    "10000000": "1,000 万元（2023 年统计口径）",
    "20000000": "2,000 万元（2024 年口径）",
}
PUHUI_SOURCE = (
    "国家知识产权局 2024-09-10 新闻发布会（2,000 万元）；光明日报 2024-03-30（1,000 万元）"
)
