"""P1 least privilege: every URL pattern and API route, with every role, leaks nothing out of scope.

The walker finds routes itself, so a new URL is covered the day it is added; a route with a
parameter it does not know how to fill fails the test until an app teaches it.

Each app may add `tests/scope_world.py` with
    def build(world, make_enterprise, make_user) -> None
which creates that app's out-of-scope records for `world["outside"]` (an enterprise in
石柱县), adds path-parameter values to `world["params"]`, strings that must never be shown to
`world["secrets"]`, and checks to `world["untouched"]` (callables asserting nothing changed).
"""

import json
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from keqi.accounts.models import Role
from keqi.api import api
from keqi.core.discovery import app_modules
from keqi.enterprises.models import Contact, Enterprise

pytestmark = pytest.mark.django_db

SKIPPED_PREFIXES = ("admin/", "api/v1/")  # Django admin is staff-only; the API is walked separately
ROLES = ["ENT", "DIS", "CITY", "AGY", "ZONE", "ANON"]


def walk(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from walk(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def app_world_builders():
    for module in app_modules("tests.scope_world"):
        yield module.build


@pytest.fixture
def world(make_enterprise, make_user):
    inside = make_enterprise("110114", name="昌平范围内企业")
    outside = make_enterprise("500240", name="石柱范围外企业")
    outside_contact = Contact.objects.create(enterprise=outside, name="范围外联系人", mobile="13811112222")
    users = {
        "ENT": make_user(Role.ENTERPRISE, enterprise=inside),
        "DIS": make_user(Role.DISTRICT, region_code="110114"),
        "CITY": make_user(Role.CITY, region_code="110000"),
        "AGY": make_user(Role.AGENCY, region_code="110000", agency_name="北京评价机构"),
        "ZONE": make_user(Role.DISTRICT, region_code="Z11011401"),
        "ANON": None,
    }

    def enterprise_untouched():
        row = Enterprise.objects.get(pk=outside.pk)
        assert row.name == "石柱范围外企业" and row.version == 1
        assert Contact.objects.filter(pk=outside_contact.pk, name="范围外联系人").exists()

    world = {
        "inside": inside,
        "outside": outside,
        "users": users,
        "params": {
            "pk": outside.pk,
            "enterprise_id": outside.pk,
            "kind": "contact",
            "category": "registration_type",
            "scheme": "tech_sme",
        },
        "route_params": {"enterprise/profile/<str:kind>/<int:pk>/edit/": {"pk": outside_contact.pk}},
        "secrets": [outside.name, outside.uscc, outside_contact.name],
        "untouched": [enterprise_untouched],
        "post_data": {"ids": [outside_contact.pk], "q": "范围外"},
    }
    for build in app_world_builders():
        build(world, make_enterprise, make_user)
    return world


def fill(route: str, world, pattern=r"<(?:\w+:)?(\w+)>") -> str:
    values = {**world["params"], **world["route_params"].get(route, {})}
    names = re.findall(pattern, route)
    unknown = [name for name in names if name not in values]
    assert not unknown, f"{route}: add how to fill {unknown} (an app's tests/scope_world.py)"
    return re.sub(pattern, lambda m: str(values[m.group(1)]), route)


def assert_no_leak(response, world, where):
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content).decode("utf-8", "replace")
    else:
        body = response.content.decode("utf-8", "replace")
    for secret in world["secrets"]:
        assert str(secret) not in body, f"{where} shows out-of-scope data: {secret}"


def assert_untouched(world):
    for check in world["untouched"]:
        check()


@pytest.mark.parametrize("role", ROLES)
def test_every_page_with_every_role_hides_out_of_scope_data(client, world, role):
    user = world["users"][role]
    routes = [route for route, _entry in walk() if not route.startswith(SKIPPED_PREFIXES)]
    assert len(routes) >= 10
    for route in routes:
        url = "/" + fill(route, world)
        for method in ("get", "post"):
            if user:
                client.force_login(user)  # a walked logout URL must not turn the rest anonymous
            response = getattr(client, method)(url, world["post_data"])
            assert response.status_code != 500, f"{method} {url}"
            assert_no_leak(response, world, f"{role} {method} {url}")
    assert_untouched(world)


def api_routes():
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    for path, operations in schema["paths"].items():
        for method in operations:
            yield path, method


@pytest.mark.parametrize("role", ROLES)
def test_every_api_route_with_every_role_hides_out_of_scope_data(client, world, role):
    user = world["users"][role]
    routes = list(api_routes())
    assert len(routes) >= 6
    for path, method in routes:
        url = fill(path, world, pattern=r"\{(\w+)\}")
        if user:
            client.force_login(user)
        if method == "get":
            response = client.get(url)
        else:
            body = json.dumps({"version": 1, "name": "篡改"})
            response = getattr(client, method)(url, data=body, content_type="application/json")
        assert response.status_code != 500, f"{method} {url}"
        assert_no_leak(response, world, f"{role} {method.upper()} {url}")
        if role == "ANON":
            assert response.status_code == 401, f"{url} must require authentication"
    assert_untouched(world)


def test_out_of_scope_enterprise_by_url_is_404_and_in_scope_is_200(client, world):
    client.force_login(world["users"]["DIS"])
    assert client.get(f"/enterprise/{world['outside'].pk}/").status_code == 404
    assert client.get(f"/enterprise/{world['inside'].pk}/").status_code == 200
    assert client.get(f"/api/v1/enterprises/{world['outside'].pk}").status_code == 404
    assert client.get(f"/api/v1/enterprises/{world['inside'].pk}").status_code == 200


def test_counts_are_scoped(client, world, make_enterprise):
    make_enterprise("110108", name="海淀企业")  # in Beijing, outside Changping
    client.force_login(world["users"]["DIS"])
    assert client.get("/workbench/").context["enterprise_count"] == 1
    assert client.get("/api/v1/enterprises").json()["count"] == 1
    client.force_login(world["users"]["CITY"])
    assert client.get("/workbench/").context["enterprise_count"] == 2
    assert client.get("/enterprise/list/").context["total"] == 2


def test_zone_officer_sees_only_zone_enterprises(client, world, make_enterprise):
    in_zone = make_enterprise("110114", name="昌平园区企业", zone_code="Z11011401")
    client.force_login(world["users"]["ZONE"])
    items = client.get("/api/v1/enterprises").json()["items"]
    assert [item["id"] for item in items] == [in_zone.pk]


def test_enterprise_cannot_read_another_enterprise_by_api(client, world):
    client.force_login(world["users"]["ENT"])
    assert client.get(f"/api/v1/enterprises/{world['outside'].pk}").status_code == 404
    assert client.get("/api/v1/enterprises").json()["count"] == 1
