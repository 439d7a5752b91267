"""Issue 11 item 5 (P11): schemathesis over every operation of the OpenAPI document, against a live
server over real HTTP, with an enterprise token and an officer token. A bounded, deterministic run
(derandomized, few examples per operation, no shrinking) that fails on any 5xx, any status code
the document does not declare, and any response that breaks its declared schema or content type."""

import time

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from keqi.accounts.models import Role
from keqi.accounts.services import issue_api_token
from keqi.api import api

pytestmark = [pytest.mark.django_db(transaction=True)]

EXAMPLES = 4  # per operation and token: about 350 requests in all
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance]


def operations():
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
    for result in schema.get_all_operations():
        yield result.ok()


def fuzz(operation, base_url: str, token: str, session: requests.Session) -> str | None:
    """The first failure of this operation as text, or None."""

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        case.call_and_validate(
            base_url=base_url, session=session, headers={"Authorization": f"Bearer {token}"}, checks=CHECKS
        )

    try:
        run()
    except (Exception, BaseExceptionGroup) as failure:  # schemathesis groups the failing checks
        return f"{operation.method.upper()} {operation.path}: {str(failure)[:300]}"
    return None


def test_every_operation_with_an_enterprise_and_an_officer_token(live_server, make_enterprise, make_user):
    enterprise = make_enterprise("110114", name="北京接口测试科技有限公司")
    tokens = {
        "enterprise": issue_api_token(user=make_user(Role.ENTERPRISE, enterprise=enterprise), name="fuzz"),
        "officer": issue_api_token(user=make_user(Role.DISTRICT, region_code="110114"), name="fuzz"),
    }
    started = time.monotonic()
    failures = []
    walked = set()
    with requests.Session() as session:
        for operation in operations():
            walked.add(operation.path.split("/")[3])
            for who, token in tokens.items():
                problem = fuzz(operation, live_server.url, token, session)
                if problem:
                    failures.append(f"[{who}] {problem}")
    # every router of the document was walked (the evaluation's own router went with its move to the host)
    assert walked >= {
        "accounts", "reference", "enterprises", "declarations", "exports", "files", "policy", "reports",
        "libraries", "matcher",
    }, walked  # fmt: skip
    assert not failures, "\n\n".join(failures)
    assert time.monotonic() - started < 90
