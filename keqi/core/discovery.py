"""Apps plug into core and the engines by module name (`<app>/navigation.py`, `portal.py`,
`exports.py`, `demo.py`, `tests/scope_world.py`): found here, so the lower layer never imports
the app (ADR 0024)."""

from importlib import import_module

from django.apps import apps


def app_modules(name: str, *, skip: tuple[str, ...] = ()):
    """Each Keqi app's `<app>.<name>` module, in INSTALLED_APPS order. An app without one is
    passed over; an import error inside an existing module is raised, never hidden."""
    for config in apps.get_app_configs():
        if not config.name.startswith("keqi.") or config.name in skip:
            continue
        try:
            module = import_module(f"{config.name}.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.{name}":
                raise
            continue
        yield module
