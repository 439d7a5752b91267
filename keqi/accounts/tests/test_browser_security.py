"""issue 11 #7 in a real browser: the Content-Security-Policy blocks nothing the pages need."""

import pytest
from playwright.sync_api import expect

from keqi.accounts.models import Role
from keqi.core.tests.test_browser_foundation import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_run_under_the_policy_without_violations(page, make_user, make_enterprise):
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    page.goto("/accounts/login/")
    image = page.locator("#captcha-image")
    before = image.get_attribute("src")
    image.click()
    expect(image).not_to_have_attribute("src", before)
    user = make_user(Role.ENTERPRISE, enterprise=make_enterprise("110114"))
    log_in(page, user.username)
    for url in (
        "/enterprise/profile/",
        "/declarations/",
        "/accounts/api-tokens/",
        "/accounts/password/",
    ):
        page.goto(url)
    page.goto("/api/v1/docs")  # Swagger UI (its own inline styles are allowed there)
    page.wait_for_selector(".swagger-ui .info")
    assert violations == []


def test_logout_clears_drafts_kept_in_the_browser(page, make_user, make_enterprise):
    user = make_user(Role.ENTERPRISE, enterprise=make_enterprise("110114"))
    log_in(page, user.username)
    page.evaluate("localStorage.setItem('formkit:evaluation-1', '{}'); localStorage.setItem('other', '1')")
    log_out(page)
    assert page.evaluate("localStorage.getItem('formkit:evaluation-1')") is None
    assert page.evaluate("localStorage.getItem('other')") == "1"
