"""Demo data for the program platform: the bundled programs, each open now so a newcomer can
declare, and the Changping demo enterprise holding the qualification seed 000 requires."""

from datetime import date, timedelta

from django.utils import timezone

from keqi.declarations import program_services
from keqi.declarations.models import Window
from keqi.enterprises.models import Enterprise, Qualification

DEMO_WINDOW_DAYS = 60


def load(logins: list) -> None:
    now = timezone.now()
    for program in program_services.load_bundled():
        if program.status == program.Status.PUBLISHED and not program.windows.filter(closes_at__gt=now).exists():
            # The shipped edition's own window has passed; the demo opens one from today.
            Window.objects.create(
                program=program, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=DEMO_WINDOW_DAYS)
            )
    changping = Enterprise.objects.filter(region__code="110114").order_by("id").first()
    if changping and not Qualification.objects.filter(enterprise=changping, kind="specialized_sme").exists():
        Qualification.objects.create(
            enterprise=changping,
            kind="specialized_sme",
            number="BJZJTX2023001",
            issued_on=date(2023, 6, 1),
            valid_until=date(2026, 5, 31) + timedelta(days=3 * 365),
        )
