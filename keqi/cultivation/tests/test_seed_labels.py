"""Seed 003's labels for its portal, assessment, verification and declarations are all in the
product (issue 15 acceptance): the pages are rendered and every label is found in them."""

import pytest

from keqi.accounts.tests.helpers import solve_captcha
from keqi.cultivation import services
from keqi.declarations import services as declarations

from .test_tier import take, verify

pytestmark = pytest.mark.django_db

LABELS = [
    # 一、未登录状态首页展示
    "部级公告", "省级公告", "更多", "企业认定查询", "企业名称", "统一社会信用代码", "验证码", "查询",
    "数字化水平评测", "去自评", "制造业", "生产性服务业", "其他行业", "企业申报",
    "创新型中小企业", "专精特新中小企业", "专精特新小巨人", "创客大赛",
    # 2、企业注册和申报
    "注册", "立即认证", "实名认证", "法人", "人工实名认证", "企业最新消息",
    "自测表", "暂存", "提交", "其他材料", "佐证材料", "zip", "300M", "请先完成数字化水平评测",
    "专精特新中小企业认定标准", "数字化水平", "申请", "详情", "下载",
    # 四、常见问题解答
    "手机号修改", "人工核验", "账号找回", "信息有误", "法人账户", "为什么平台没有企业所在省份申报入口",
    "申报时间", "当前处理层级", "退回", "最新一次",
]  # fmt: skip


def test_seed_003_labels_are_all_in_the_product(client, cq, open_window):
    pages = []
    for url in ("/", "/tier/", "/tier/lookup/", "/tier/mobile/", "/tier/recover/", "/accounts/login/"):
        pages.append(client.get(url).content.decode())
    wrong = client.post(
        "/tier/recover/",
        {
            "uscc": cq["enterprise"].uscc,
            "name": "无此人",
            "id_number": "11010519491231002X",
            "captcha": solve_captcha(client),
        },
    )
    pages.append(wrong.content.decode())
    open_window("specialized-sme")
    open_window("innovative-sme")
    client.force_login(cq["ent"])
    pages += [client.get(url).content.decode() for url in ("/tier/enterprise/", "/tier/digital/", "/tier/verify/")]
    verify(cq)
    try:
        declarations.start(actor=cq["ent"], program=cq["programs"]["specialized-sme"])
    except Exception as error:  # the refusal's wording is a label too
        pages.append(str(error))
    take(cq, platform_level=2)
    for series in ("specialized-sme", "innovative-sme"):
        submission = declarations.start(actor=cq["ent"], program=cq["programs"][series])
        pages.append(client.get(f"/declarations/{submission.pk}/").content.decode())
    pages.append(client.get("/tier/enterprise/").content.decode())
    client.force_login(cq["county"])
    pages.append(client.get("/declarations/review/").content.decode())
    text = "\n".join(pages)
    missing = [label for label in LABELS if label not in text]
    assert missing == []
    assert services.questionnaire_for(cq["enterprise"]) == "manufacturing"
