"""Chinese sentences for unmet conditions: each names the figure, the threshold and the gap."""

from __future__ import annotations

from decimal import Decimal

from .numbers import CONTEXT, amount, bound_percent, percent, plain, points_gap


def ratio_below(label: str, value: Decimal | None, bound: Decimal, consequence: str = "") -> str:
    """e.g. "科技人员占比 9.0%，低于 10%，科技人员指标得 0 分（差 1.0 个百分点）"."""
    if value is None:
        return f"{label}无法计算（分母为 0），未达到 {bound_percent(bound)}" + (
            f"，{consequence}" if consequence else ""
        )
    text = f"{label} {percent(value, bound)}，低于 {bound_percent(bound)}"
    if consequence:
        text += f"，{consequence}"
    return text + f"（差 {points_gap(value, bound)}）"


def ratio_above(label: str, value: Decimal | None, bound: Decimal, consequence: str = "") -> str:
    """e.g. "资产负债率 82.0%，高于 80%（超出 2.0 个百分点）"."""
    if value is None:
        return f"{label}无法计算（分母为 0）" + (f"，{consequence}" if consequence else "")
    text = f"{label} {percent(value, bound)}，高于 {bound_percent(bound)}"
    if consequence:
        text += f"，{consequence}"
    return text + f"（超出 {points_gap(value, bound)}）"


def amount_below(label: str, value: Decimal, bound: Decimal, consequence: str = "") -> str:
    """e.g. "研发费用 80 万元，低于 100 万元（差 20 万元）"."""
    text = f"{label} {amount(value)}，低于 {amount(bound)}"
    if consequence:
        text += f"，{consequence}"
    return text + f"（差 {amount(CONTEXT.subtract(bound, value))}）"


def amount_above(label: str, value: Decimal, bound: Decimal) -> str:
    return f"{label} {amount(value)}，超过 {amount(bound)} 的上限（超出 {amount(CONTEXT.subtract(value, bound))}）"


def count_below(label: str, value: Decimal | int, bound: Decimal | int, unit: str, consequence: str = "") -> str:
    """e.g. "Ⅰ类知识产权 2 项，少于 4 项（差 2 项）"."""
    text = f"{label} {plain(value)} {unit}，少于 {plain(bound)} {unit}"
    if consequence:
        text += f"，{consequence}"
    gap = CONTEXT.subtract(Decimal(bound), Decimal(value))
    return text + f"（差 {plain(gap)} {unit}）"


def count_above(label: str, value: Decimal | int, bound: Decimal | int, unit: str) -> str:
    gap = CONTEXT.subtract(Decimal(value), Decimal(bound))
    return f"{label} {plain(value)} {unit}，超过 {plain(bound)} {unit}的上限（超出 {plain(gap)} {unit}）"


def score_below(label: str, value: Decimal | int, bound: Decimal | int, consequence: str = "") -> str:
    """e.g. "总分 55 分，低于 60 分（差 5 分）"."""
    gap = CONTEXT.subtract(Decimal(bound), Decimal(value))
    text = f"{label} {plain(value)} 分，低于 {plain(bound)} 分"
    if consequence:
        text += f"，{consequence}"
    return text + f"（差 {plain(gap)} 分）"


def joined(parts: list[str]) -> str:
    return "；".join(parts)
