"""The enterprise directory accounts uses when an enterprise's first account is opened
(accounts.provisioning; registered in EnterprisesConfig.ready, ADR 0024)."""

from keqi.enterprises.models import Enterprise


def registered(uscc: str) -> bool:
    return Enterprise.objects.filter(uscc=uscc).exists()


def locked(uscc: str) -> Enterprise | None:
    """The enterprise with this code, locked until the transaction ends (two first logins race)."""
    return Enterprise.objects.select_for_update().filter(uscc=uscc).first()


def open_enterprise(*, name: str, uscc: str, region) -> Enterprise:
    return Enterprise.objects.create(name=name, uscc=uscc, region=region)
