"""Demo data: Beijing 昌平 and Chongqing regions, agencies, officers per level, a dozen enterprises."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from keqi.accounts.models import Agency, Role, User
from keqi.core.discovery import app_modules
from keqi.core.identifiers import make_uscc
from keqi.enterprises.models import Contact, Enterprise, IntellectualProperty, Qualification, Shareholder
from keqi.reference.models import Industry, IPType, Region

DEMO_PASSWORD = "Keqi@2026"

OFFICERS = [
    # username, name, role, region code, agency name
    ("admin", "系统管理员", Role.ADMIN, None, None),
    ("bj_city", "北京市科委审核员", Role.CITY, "110000", None),
    ("cp_district", "昌平区科委审核员", Role.DISTRICT, "110114", None),
    ("cq_city", "重庆市科技局审核员", Role.CITY, "500000", None),
    ("lj_district", "两江新区审核员", Role.DISTRICT, "500157", None),
    ("sz_district", "石柱县科技局审核员", Role.DISTRICT, "500240", None),
    ("cq_agency", "重庆评价机构审核员", Role.AGENCY, "500000", "重庆市科技型企业评价服务中心"),
    ("bj_agency", "北京评价机构审核员", Role.AGENCY, "110000", "北京市科技型中小企业评价服务中心"),
]

ENTERPRISES = [
    # name, region, zone, industry, employees, tech staff
    ("北京昌科智能装备有限公司", "110114", None, "3499", 86, 31),
    ("北京沙河生物医药科技有限公司", "110114", "Z11011401", "2720", 142, 48),
    ("北京回龙观软件技术有限公司", "110114", None, "6513", 58, 40),
    ("北京中关村数联信息技术有限公司", "110108", None, "6531", 120, 66),
    ("重庆两江新能源汽车科技有限公司", "500157", None, "3612", 310, 72),
    ("重庆悦来智能传感器有限公司", "500157", None, "3983", 95, 28),
    ("重庆礼嘉数据服务有限公司", "500157", None, "6450", 40, 18),
    ("石柱土家族自治县黄连生物科技有限公司", "500240", None, "2740", 65, 9),
    ("重庆石柱康养食品科技有限公司", "500240", None, "1495", 120, 12),
    ("重庆西永微电子有限公司", "500106", "Z50010001", "3973", 260, 90),
    ("重庆渝中检验检测技术有限公司", "500103", None, "7452", 45, 20),
    ("重庆万州新材料科技有限公司", "500101", None, "2651", 180, 25),
]


@transaction.atomic
def load_demo() -> list[tuple[str, str, str]]:
    """Create the demo records (idempotent). Returns (role label, login, description) rows."""
    logins = []
    for number, (username, name, role, region_code, agency_name) in enumerate(OFFICERS, start=1):
        region = Region.objects.get(code=region_code) if region_code else None
        agency = None
        if agency_name:
            agency, _ = Agency.objects.get_or_create(name=agency_name, defaults={"region": region})
        user, created = User.objects.get_or_create(
            username=username,
            # officers log in with an SMS code (the console gateway prints it under `make run`)
            defaults={
                "display_name": name,
                "role": role,
                "region": region,
                "agency": agency,
                "mobile": f"1350000{number:04d}",
            },
        )
        if created:
            user.is_staff = user.is_superuser = role == Role.ADMIN
            user.can_view_personal_data = role in {Role.ADMIN, Role.CITY}
            user.set_password(DEMO_PASSWORD)
            user.save()
        logins.append((Role(role).label, username, f"{name}{'（' + region.full_name + '）' if region else ''}"))
    for index, (name, region_code, zone_code, industry_code, employees, tech_staff) in enumerate(ENTERPRISES, start=1):
        region = Region.objects.get(code=region_code)
        uscc = make_uscc(region_code, 60_000_000 + index * 7919)
        enterprise, created = Enterprise.objects.get_or_create(
            uscc=uscc,
            defaults={
                "name": name,
                "region": region,
                "zone": Region.objects.get(code=zone_code) if zone_code else None,
                "industry": Industry.objects.filter(code=industry_code).first(),
                "registration_type": "173",
                "legal_representative": ["张伟", "王芳", "李强", "刘洋", "陈静", "杨磊"][index % 6],
                "established_date": date(2012 + index % 10, 1 + index % 12, 1 + index % 27),
                "tax_collection_method": "audit",
                "address": f"{region.full_name}科技路{index * 11}号",
                "registered_capital": Decimal("1000.0000") + index * 250,
                "high_tech_field": "electronic_information",
                "employees": employees,
                "tech_staff": tech_staff,
                "rd_staff": tech_staff - tech_staff // 4,
                "graduates": employees * 3 // 5,
            },
        )
        if created:
            Contact.objects.create(
                enterprise=enterprise, name="赵敏", position="科技专员", mobile=f"1390000{index:04d}", is_primary=True
            )
            Shareholder.objects.create(
                enterprise=enterprise,
                name="创始人",
                shareholder_type="natural_person",
                contribution=Decimal("600"),
                share_ratio=Decimal("60"),
            )
            kinds = ["invention_patent", "utility_model", "software_copyright", "design_patent"]
            for ip_index in range(3 + index % 4):
                kind = kinds[(index + ip_index) % len(kinds)]
                IntellectualProperty.objects.create(
                    enterprise=enterprise,
                    name=f"{name[2:6]}相关技术{ip_index + 1}",
                    ip_type=IPType.objects.get(code=kind),
                    number=f"ZL20{18 + ip_index}{index:04d}{ip_index:04d}",
                    granted_on=date(2019 + ip_index % 5, 3 + ip_index, 10),
                    acquisition="self",
                )
            if index % 3 == 0:
                Qualification.objects.create(
                    enterprise=enterprise,
                    kind="high_tech",
                    number=f"GR2024{index:08d}",
                    issued_on=date(2024, 12, 1),
                    valid_until=date(2027, 11, 30),
                )
        mobile = f"1380000{index:04d}"
        user, created = User.objects.get_or_create(
            username=mobile,
            defaults={"mobile": mobile, "role": Role.ENTERPRISE, "enterprise": enterprise, "display_name": name},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        if index in (1, 5, 8):
            logins.append((Role.ENTERPRISE.label, mobile, f"{name}（{region.full_name}）"))
    load_app_demos(logins)
    return logins


def load_app_demos(logins: list) -> None:
    """Apps add their own demo data in `<app>/demo.py` (`load(logins)`), like navigation; this
    module is enterprises' own and loads first (it lives here, not in core, since it creates
    accounts and enterprises: ADR 0024)."""
    for module in app_modules("demo", skip=("keqi.enterprises",)):
        module.load(logins)
