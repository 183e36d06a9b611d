"""Damages and administrative fine ranges: 专利法第六十八、七十一条, 著作权法第五十三、五十四条,
商标法第六十三条.

The base amount follows each law's order of methods: the right holder's actual loss and the
infringer's gains (the Trademark Law tries the loss first), then a multiple of the licence fee,
and only when none can be determined the statutory range. The 1–5× punitive multiple applies
only when both intent (商标法: 恶意) and serious circumstances are given. Reasonable costs of
stopping the infringement are added. Money is ``Decimal`` yuan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from zhichan.core.errors import InvalidInput

LAWS = {
    "patent": ("《中华人民共和国专利法》", "第七十一条", Decimal(30_000), Decimal(5_000_000)),
    "copyright": ("《中华人民共和国著作权法》", "第五十四条", Decimal(500), Decimal(5_000_000)),
    "trademark": ("《中华人民共和国商标法》", "第六十三条", Decimal(0), Decimal(5_000_000)),
}


@dataclass(slots=True)
class Damages:
    law: str
    method: str
    low: Decimal
    high: Decimal
    steps: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)


def _yuan(value: Decimal) -> str:
    return f"{value:,.2f} 元"


def damages(
    law: str,
    *,
    actual_loss: Decimal | None = None,
    infringer_gain: Decimal | None = None,
    licence_fee: Decimal | None = None,
    licence_multiple: Decimal = Decimal(1),
    intentional: bool = False,
    serious: bool = False,
    expenses: Decimal = Decimal(0),
) -> Damages:
    if law not in LAWS:
        raise InvalidInput(f"法律应为 {'、'.join(LAWS)}：{law}")
    for name, value in (
        ("实际损失", actual_loss),
        ("侵权获利", infringer_gain),
        ("许可使用费", licence_fee),
        ("合理开支", expenses),
    ):
        if value is not None and value < 0:
            raise InvalidInput(f"{name}不能为负数")
    title, article, statutory_low, statutory_high = LAWS[law]
    cite = f"{title}{article}"
    result = _base(law, cite, actual_loss, infringer_gain, licence_fee, licence_multiple)
    punitive = intentional and serious and result.method != "statutory"
    if punitive:
        result.steps.append(
            f"{'恶意' if law == 'trademark' else '故意'}侵权且情节严重："
            "按上述数额的一倍以上五倍以下确定"
        )
        result.high *= 5
    elif intentional or serious:
        result.steps.append("惩罚性赔偿须同时具备故意（商标为恶意）与情节严重，本案不适用")
    if result.method == "statutory":
        result.low, result.high = statutory_low, statutory_high
        para = {"patent": "第二款", "copyright": "第二款", "trademark": "第三款"}[law]
        result.articles = [f"{cite}{para}"]
        result.steps.append(
            f"损失、获利和许可使用费均难以确定：由人民法院在 {_yuan(statutory_low)} 至"
            f" {_yuan(statutory_high)} 之间确定"
        )
    if expenses:
        result.low += expenses
        result.high += expenses
        para = {"patent": "第三款", "copyright": "第三款", "trademark": "第一款"}[law]
        result.articles.append(f"{cite}{para}")
        result.steps.append(f"加上为制止侵权支付的合理开支 {_yuan(expenses)}")
    return result


def _base(
    law: str,
    cite: str,
    loss: Decimal | None,
    gain: Decimal | None,
    fee: Decimal | None,
    times: Decimal,
) -> Damages:
    first = f"{cite}第一款"
    if law == "trademark" and loss is not None:
        return Damages(
            law, "actual_loss", loss, loss, [f"按权利人实际损失 {_yuan(loss)} 确定"], [first]
        )
    if law == "trademark" and gain is not None:
        steps = [f"实际损失难以确定，按侵权人获利 {_yuan(gain)} 确定"]
        return Damages(law, "infringer_gain", gain, gain, steps, [first])
    if law != "trademark" and (loss is not None or gain is not None):
        amounts = [a for a in (loss, gain) if a is not None]
        low, high = min(amounts), max(amounts)
        steps = [
            f"按实际损失{'' if loss is None else ' ' + _yuan(loss)}或侵权获利"
            f"{'' if gain is None else ' ' + _yuan(gain)}确定（二者择一）"
        ]
        return Damages(law, "loss_or_gain", low, high, steps, [first])
    if fee is not None:
        amount = fee * times
        steps = [f"损失和获利难以确定，参照许可使用费 {_yuan(fee)} 的 {times} 倍：{_yuan(amount)}"]
        return Damages(law, "licence_fee", amount, amount, steps, [first])
    return Damages(law, "statutory", Decimal(0), Decimal(0), [], [])


@dataclass(slots=True)
class Fine:
    low: Decimal
    high: Decimal
    steps: list[str]
    articles: list[str]


def administrative_fine(law: str, amount: Decimal | None) -> Fine:
    """专利法第六十八条 (passing off: illegal gains) or 著作权法第五十三条 (turnover)."""
    if law == "patent":
        cite = "《中华人民共和国专利法》第六十八条"
        if amount is None or amount <= 50_000:
            return Fine(
                Decimal(0),
                Decimal(250_000),
                ["没有违法所得或在五万元以下：可处二十五万元以下罚款"],
                [cite],
            )
        return Fine(Decimal(0), amount * 5, [f"违法所得 {_yuan(amount)}：可处五倍以下罚款"], [cite])
    if law == "copyright":
        cite = "《中华人民共和国著作权法》第五十三条"
        if amount is None or amount < 50_000:
            return Fine(
                Decimal(0),
                Decimal(250_000),
                ["没有违法经营额、难以计算或不足五万元：可并处二十五万元以下罚款"],
                [cite],
            )
        return Fine(
            amount, amount * 5, [f"违法经营额 {_yuan(amount)}：可并处一倍以上五倍以下罚款"], [cite]
        )
    raise InvalidInput(f"行政罚款仅适用于 patent（假冒专利）或 copyright：{law}")
