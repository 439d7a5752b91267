"""Opening an enterprise's first account also opens the enterprise (registration, 统一身份认证).

accounts sits below enterprises (ADR 0024) and does not import the Enterprise model: the
enterprises app registers its directory here in AppConfig.ready(), and accounts asks it.
A directory has three functions:
    registered(uscc) -> bool                        is an enterprise with this code on the platform
    locked(uscc) -> enterprise | None               that enterprise, its row locked for this transaction
    open_enterprise(*, name, uscc, region) -> enterprise   create it
"""

from django.core.exceptions import ImproperlyConfigured

_registered: dict[str, object] = {}


def register_directory(directory) -> None:
    _registered["directory"] = directory


def enterprises():
    if "directory" not in _registered:
        raise ImproperlyConfigured("keqi.enterprises 未安装：无法开通企业账号")
    return _registered["directory"]
