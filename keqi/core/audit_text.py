"""Audit rows as people read them (P8, issue 10): the operation in Chinese, Chinese field labels,
dictionary and status labels, and whole old → new values.

An AuditLog's `changes` comes in several shapes, all handled here:
  {"field": [old, new]}            a change (profile, contacts, workflow status)
  {"opinion": "同意", "slot": "cover"}   a plain value (printed whole, never character by character)
  {"fields": ["contact_name", …]}  the answer keys an evaluation save changed
Keys nobody has labelled are left out rather than shown as English identifiers.

Apps add what only they know in their AppConfig.ready(): `register_labels(target_type, {key: label})`
(e.g. the evaluation form's answer keys), `register_values(key, {code: label})` (e.g. slots) and,
for values named by data core cannot import (regions, dictionaries, roles: ADR 0024),
`register_resolver(key, function)` where function(value) gives the label or None.
"""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

# Operations recorded by the services (audit.record(action=…)).
ACTIONS = {
    "register": "注册账号",
    "oidc_register": "统一身份认证开通企业账号",
    "reset_password": "重置密码",
    "create_officer": "新增主管部门账号",
    "issue_api_token": "创建 API 令牌",
    "revoke_api_token": "撤销 API 令牌",
    "change_password": "修改密码",
    "documents.issue": "下载生成的文书",
    "documents.upload_signed": "上传签字盖章的文书",
    "update_profile": "修改企业基本信息",
    "claim_qualification": "申报企业资质（待确认）",
    "update_qualification_claim": "修改待确认的企业资质",
    "confirm_qualification": "确认企业资质",
    "refuse_qualification": "企业资质确认不通过",
    "upload_attachment": "上传附件",
    "delete_attachment": "删除附件",
    "detach_attachment": "移除已锁定的附件",
    "freeze_attachments": "提交时锁定附件",
    "purge_attachment": "清除附件文件",
    "export": "导出 Excel",
    "export_queued": "提交后台导出",
    "export_done": "后台导出完成",
    "export_cancelled": "取消后台导出",
    "evaluation.create": "新增评价信息表",
    "evaluation.sync_profile": "同步企业信息到评价信息表",
    "evaluation.acknowledge": "确认填报说明",
    "evaluation.save": "保存评价信息",
    "evaluation.assess": "企业自评",
    "evaluation.print_cover": "下载封面文件",
    "evaluation.delete": "删除评价信息表",
    "evaluation.pick_ip": "从知识产权库选取知识产权",
    "evaluation.submit": "提交评价信息",
    "evaluation.withdraw": "撤回评价信息",
    "evaluation.agency_pass": "评价机构形式审查通过",
    "evaluation.agency_return": "评价机构退回修改",
    "evaluation.agency_reject": "评价机构不予入库",
    "evaluation.province_publicize": "省级审核通过并公示",
    "evaluation.province_return": "省级退回修改",
    "evaluation.province_reject": "省级不予入库",
    "evaluation.register": "办理入库登记",
    "declaration.start": "开始填写申报书",
    "declaration.save": "保存申报书",
    "declaration.sync_profile": "同步企业信息到申报书",
    "declaration.save_record": "保存申报书记录",
    "declaration.delete_records": "删除申报书记录",
    "declaration.delete": "删除申报书",
    "declaration.submit": "提交申报书",
    "declaration.withdraw": "撤回申报书",
    "declaration.pass": "申报审核通过",
    "declaration.return": "申报退回补正",
    "declaration.reject": "申报不予通过",
    "program.load": "载入申报活动",
    "program.reload": "重新载入申报活动",
    "program.budget": "设置奖补年度预算",
    "program.status": "修改申报活动状态",
    "program.update": "修改申报活动",
    "program.form": "更换申报表单版本",
    "program.clone": "复制申报活动",
    "program.region_window": "维护本地区申报时间",
    "qualification.grant": "认定并生成企业资质",
    "digital_assessment.take": "完成数字化水平评测",
    "verification.request": "申请法人实名认证",
    "verification.decide": "人工实名认证审核",
    "verification.mobile_request": "申请修改手机号（人工核验）",
    "account.recover": "账号找回",
    "announcement.create": "新增公告",
    "announcement.edit": "修改公告",
    "announcement.publish": "发布公告",
    "announcement.withdraw": "撤回公告",
    "announcement.pin": "置顶公告",
    "announcement.unpin": "取消置顶公告",
    "announcement.attach": "上传公告附件",
    "recognition.publicity": "发布认定名单公示",
    "recognition.recognise": "批次认定",
    "declaration.follow_up": "审核通过后登记（如创新券兑现登记）",
    "credit.parameters": "修改知识价值信用评级参数",
    "library.parameters.save": "保存培育库条件参数方案",
    "library.reserve.add": "加入科创板上市企业储备库",
    "library.reserve.remove": "移出科创板上市企业储备库",
    "info_change.submit": "提交工商登记信息变更",
    "info_change.approve": "工商登记信息变更审核通过",
    "info_change.reject": "工商登记信息变更审核不通过",
    "qualification.extend": "复核通过，延长认定有效期",
    "qualification.cancel": "取消认定",
    "major_change.create": "新增重大变更（暂存）",
    "major_change.update": "编辑重大变更",
    "major_change.delete": "删除暂存的重大变更",
    "major_change.submit": "提交重大变更",
    "major_change.pass": "重大变更审核通过",
    "major_change.reject": "重大变更审核不通过",
}
CHILDREN = {"contact": "联系人", "shareholder": "股东", "qualification": "企业资质", "ip": "知识产权"}
VERBS = {"add": "新增", "update": "修改", "delete": "删除"}

# Keys that mean the same whatever the target.
LABELS = {
    "status": "状态",
    "opinion": "审核意见",
    "slot": "附件类别",
    "name": "名称",
    "size": "大小",
    "rows": "记录数",
    "done_rows": "已导出记录数",
    "total": "自评总分",
    "qualified": "自评结果",
    "added": "新增知识产权",
    "serial": "系统填报号",
    "year": "评价年度",
    "role": "角色",
    "region": "管辖区域",
    "region_code": "注册地代码",
    "high_tech": "高新技术企业",
    "awards": "国家级科技奖励",
    "industry": "所属行业",
    "synced": "同步内容",
}
# Keys that are bookkeeping, not content.
# sha256 is an integrity value for the snapshot pages, not something a reader of the history needs.
HIDDEN = {"owner", "params", "version", "dataset", "slot_label", "sha256"}
YES_NO = {True: "是", False: "否", "yes": "是", "no": "否"}

_labels: dict[str, dict[str, str]] = {}
_values: dict[str, dict[str, str]] = {}
_resolvers: dict[str, object] = {}


def register_labels(target_type: str, labels: dict[str, str]) -> None:
    _labels.setdefault(target_type, {}).update(labels)


def register_values(key: str, labels: dict[str, str]) -> None:
    _values.setdefault(key, {}).update(labels)


def register_resolver(key: str, resolve) -> None:
    """`resolve(value)` names a coded value of `key` (e.g. a region code), or gives None."""
    _resolvers[key] = resolve


def action_label(action: str) -> str:
    if action in ACTIONS:
        return ACTIONS[action]
    verb, _, kind = action.partition("_")
    if verb in VERBS and kind in CHILDREN:
        return VERBS[verb] + CHILDREN[kind]
    return "其他操作"


def _model(target_type: str):
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


def field_label(target_type: str, key: str) -> str | None:
    if key in _labels.get(target_type, {}):
        return _labels[target_type][key]
    model = _model(target_type)
    if model is not None:
        try:
            return str(getattr(model._meta.get_field(key), "verbose_name", "")) or LABELS.get(key)
        except FieldDoesNotExist:
            return LABELS.get(key)
    return LABELS.get(key)


def value_label(target_type: str, key: str, value) -> str:
    """One value, whole, in Chinese."""
    if value is None or value == "" or value == []:
        return "空"
    if key in _values and str(value) in _values[key]:
        return _values[key][str(value)]
    if key == "qualified":
        return {True: "符合", False: "不符合"}.get(value, "未判定")
    if isinstance(value, bool) or key == "high_tech":
        return YES_NO.get(value, str(value))
    if key in _resolvers:
        return _resolvers[key](value) or str(value)
    if key == "size" and isinstance(value, int):
        return f"{value / 1024:.1f} KB" if value < 1024 * 1024 else f"{value / 1024 / 1024:.1f} MB"
    if key == "awards" and isinstance(value, list):
        return "、".join(str(item.get("name", "")) for item in value if isinstance(item, dict)) or "空"
    model = _model(target_type)
    if model is not None:
        try:
            choices = dict(getattr(model._meta.get_field(key), "flatchoices", ()))
        except FieldDoesNotExist:
            choices = {}
        if value in choices:
            return str(choices[value])
    if isinstance(value, list):
        return "、".join(value_label(target_type, key, item) for item in value)
    return str(value)


def slot_label(log, key) -> str:
    """An attachment's slot in words: recorded at upload (files engine), else the upload row of the
    same attachment, else a label an app registered; never the slot's key."""
    recorded = (log.changes or {}).get("slot_label")
    if not recorded and log.target_type == "files.attachment":
        from keqi.core.models import AuditLog

        upload = (
            AuditLog.objects.filter(target_type=log.target_type, target_id=log.target_id, action="upload_attachment")
            .values_list("changes", flat=True)
            .first()
        )
        recorded = (upload or {}).get("slot_label")
    if recorded:
        return recorded
    known = _values.get("slot", {}).get(str(key))
    return known or "附件"


def details(log) -> list[str]:
    """The changes of one audit row as sentences: "住所：旧地址 → 新地址", "审核意见：同意"."""
    lines = []
    target_type = log.target_type
    for key, value in (log.changes or {}).items():
        if key in HIDDEN:
            continue
        if key == "fields" and isinstance(value, list):
            labels = [field_label(target_type, item) for item in value]
            labels = [label for label in labels if label]
            if labels:
                lines.append("修改内容：" + "、".join(labels))
            continue
        label = field_label(target_type, key)
        if label is None:
            continue
        if key == "slot":
            lines.append(f"{label}：{slot_label(log, value)}")
            continue
        if isinstance(value, list) and len(value) == 2:
            old, new = value
            lines.append(f"{label}：{value_label(target_type, key, old)} → {value_label(target_type, key, new)}")
        elif key == "opinion" and not value:
            continue
        else:
            lines.append(f"{label}：{value_label(target_type, key, value)}")
    return lines
