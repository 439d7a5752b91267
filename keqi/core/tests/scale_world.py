"""Seed the scale-out test's database (run in its own process against DATABASE_URL):
`python -m keqi.core.tests.scale_world` prints nothing; the officer's password is PASSWORD."""

PASSWORD = "Scale@12345"
OFFICER = "scale_officer"
OFFICER_MOBILE = "13900001111"  # officers get an SMS code after the password
ENTERPRISES = ["扩展测试企业甲", "扩展测试企业乙", "扩展测试企业丙"]


def main() -> None:
    import django

    django.setup()
    from keqi.accounts.models import Role, User
    from keqi.core.identifiers import make_uscc
    from keqi.enterprises.models import Enterprise
    from keqi.reference.models import Region

    changping = Region.objects.get(code="110114")
    for serial, name in enumerate(ENTERPRISES, start=1):
        Enterprise.objects.create(name=name, uscc=make_uscc("110114", 50_000_000 + serial), region=changping)
    officer = User(
        username=OFFICER, role=Role.DISTRICT, region=changping, display_name="扩展测试科员", mobile=OFFICER_MOBILE
    )
    officer.set_password(PASSWORD)
    officer.save()


if __name__ == "__main__":
    main()
