"""Seed 003 §三 (企业信息管理): every label it names is in the product (issue 16)."""

import re
from pathlib import Path

SEED = next(Path("/work/shared/seeds").glob("003_*.txt"), None)
KEQI = Path(__file__).resolve().parents[2]
# Used when the seed folder is not mounted (e.g. CI): the same labels, as read from §三.
KNOWN = ["企业信息", "我的消息", "企业申报信息", "企业重大变更", "认证到期管理", "编辑", "注册地", "所属行业", "信息更新",
         "认定到期", "认定通知", "取消认定", "申报提醒", "申请", "详情", "下载", "新增变更", "删除", "变更类型", "去复核"]


def seed_labels() -> set[str]:
    if SEED is None:
        return set(KNOWN)
    text = SEED.read_text(encoding="utf-8")
    part = text[text.index("三、企业信息管理"):text.index("四、常见问题解答")]
    labels = set(re.findall(r"【([^】]+)】", part))
    labels |= set(re.findall(r"（[一二三四五]）(\S+)", part))
    return labels


def product_text() -> str:
    chunks = []
    for path in KEQI.rglob("*"):
        if path.suffix in {".html", ".py", ".json"} and "tests" not in path.parts and path.is_file():
            chunks.append(path.read_text(encoding="utf-8", errors="ignore"))
    return "\n".join(chunks)


def test_every_section_three_label_is_in_the_product():
    labels = seed_labels()
    assert set(KNOWN) <= labels | {"企业申报信息"}
    text = product_text()
    missing = sorted(label for label in labels if label not in text)
    assert not missing, f"seed 003 §三 labels missing from the product: {missing}"
