"""The Content-Security-Policy lets the pages (and htmx) work without a single violation.

This test does not bypass the CSP, unlike the axe tests.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import sign_in

pytestmark = [pytest.mark.browser]

# Init scripts run through the DevTools protocol, outside the page's CSP; this one turns every
# violation the page reports into a console error we can collect.
REPORT_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
});
"""
CSP_MESSAGE = re.compile(r"Content Security Policy|CSP violation", re.IGNORECASE)


def test_pages_load_htmx_without_csp_violations(page: Page, world):
    console: list[str] = []
    errors: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(REPORT_VIOLATIONS)

    response = page.goto("/login/")
    assert "script-src" in response.headers["content-security-policy"]
    sign_in(page, "compliance_hq")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")

    page.goto("/audit/")
    page.wait_for_function("() => window.htmx !== undefined && typeof window.htmx.version === 'string'")
    # The filter form is driven by htmx: submitting it swaps the rows in place and pushes the URL.
    page.get_by_label("User name").fill("nobody-here")
    with page.expect_response(lambda r: "/audit/" in r.url and r.request.headers.get("hx-request") == "true") as swap:
        page.locator("main form").get_by_role("button", name="Filter").click()
    assert swap.value.ok
    expect(page.locator("#audit-rows")).to_contain_text("No events match these filters.")
    expect(page).to_have_url(re.compile(r"/audit/\?.*actor=nobody-here"))

    violations = [line for line in console if CSP_MESSAGE.search(line)]
    assert not violations, "The CSP refused something the page needs:\n" + "\n".join(violations)
    assert not errors, "Script errors on the page:\n" + "\n".join(errors)

    # The detector works: an inline script without the nonce is refused, and reported.
    with page.expect_console_message(lambda m: bool(CSP_MESSAGE.search(m.text))):
        page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.inlineRan = true'; "
                      "document.head.appendChild(s); }")
    assert page.evaluate("() => window.inlineRan") is None
