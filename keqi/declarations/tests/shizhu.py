"""Helpers for the 石柱县 2024 科技创新奖补 tests: the bundle loaded with its window open now."""

import json
from datetime import timedelta

from django.utils import timezone

from keqi.declarations import program_services

BUNDLE = program_services.PROGRAM_DIR / "shizhu-kjcx-2024.json"

APPLICANT = {
    "legal_name": "谭石柱",
    "legal_id": "500240198001011234",
    "account_name": "重庆石柱黄连科技有限公司",
    "bank": "重庆农村商业银行石柱支行",
    "account_no": "6228480000000001",
    "filler": "冉小林",
    "filler_phone": "13800000001",
}
HIGH_TECH = {
    **APPLICANT,
    "high_tech_kind": "first",
    "high_tech_date": "2023-12-15",
    "certificate_no": "GR202350000123",
    "perf_department": "县经信委",
    "fund_total": "20",
    "fund_city": "0",
    "fund_county": "20",
    "perf_goals": "目标1：新申报专利5项\n目标2：开展研发项目3个",
}


def load_open(now=None) -> dict:
    """Every 石柱 program, keyed by category, with its window open around ``now``."""
    now = now or timezone.now()
    data = json.loads(BUNDLE.read_text(encoding="utf-8"))
    data["defaults"]["windows"] = [
        {"opens": (now - timedelta(days=3)).isoformat(), "closes": (now + timedelta(days=30)).isoformat()}
    ]
    programs = [program_services.load(item) for item in program_services.expand(data)]
    return {program.amount["inputs"]["category"]: program for program in programs}
