"""Intellectual-property types and their class (Ⅰ类 / Ⅱ类) for the evaluation.

Source: POLICY-RULES.md §1.6 (科技型中小企业评价 definitions). Trademarks are not evaluated
(class None). The reference app may seed its IP-type dictionary from ``IP_TYPES``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

CLASS_I = "I"
CLASS_II = "II"


@dataclass(frozen=True)
class IpType:
    id: str
    name: str
    ip_class: str | None  # "I", "II" or None (not counted)


IP_TYPES: tuple[IpType, ...] = (
    IpType("invention_patent", "发明专利", CLASS_I),
    IpType("defense_patent", "国防专利", CLASS_I),
    IpType("plant_variety", "植物新品种", CLASS_I),
    IpType("national_crop_variety", "国家级农作物品种", CLASS_I),
    IpType("national_new_drug", "国家新药", CLASS_I),
    IpType("tcm_protected_grade1", "国家一级中药保护品种", CLASS_I),
    IpType("ic_layout_design", "集成电路布图设计专有权", CLASS_I),
    IpType("utility_model", "实用新型专利", CLASS_II),
    IpType("design_patent", "外观设计专利", CLASS_II),
    IpType("software_copyright", "软件著作权", CLASS_II),
    IpType("trademark", "商标", None),
)

_BY_ID = {ip_type.id: ip_type for ip_type in IP_TYPES}


def ip_type(type_id: str) -> IpType:
    """The IP type with this id; ValueError for unknown ids."""
    try:
        return _BY_ID[type_id]
    except KeyError:
        raise ValueError(f"未知的知识产权类型：{type_id}") from None


@dataclass(frozen=True)
class IpCounts:
    class1: int
    class2: int
    excluded: int  # trademarks and other types that are not evaluated


def count_ip(items: Iterable[str | dict]) -> IpCounts:
    """Count class I and class II IP from type ids (or dicts with a ``"type"`` key).

    Items with ``"valid": false`` are skipped (only valid IP counts).
    """
    class1 = class2 = excluded = 0
    for item in items:
        if isinstance(item, dict):
            if item.get("valid", True) is False:
                continue
            type_id = item.get("type")
        else:
            type_id = item
        kind = ip_type(type_id).ip_class
        if kind == CLASS_I:
            class1 += 1
        elif kind == CLASS_II:
            class2 += 1
        else:
            excluded += 1
    return IpCounts(class1=class1, class2=class2, excluded=excluded)
