"""Steps the browser tests share: signing in through the real form, switching language, running axe."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from playwright.sync_api import Page

PASSWORD = "correct horse battery"  # what UserFactory sets (passage/core/tests/factories.py)
AXE = Path(settings.BASE_DIR) / "tools" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Fill in and submit the real sign-in form (located by field, so it works in any language)."""
    page.goto("/login/")
    form = page.locator("main form")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(password)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def choose_language(page: Page, code: str) -> None:
    """Pick a language in the header's language form and submit it; the same page comes back."""
    form = page.locator("form.language-form")
    form.locator("select[name=language]").select_option(code)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def run_axe(page: Page) -> list[dict]:
    """Run axe-core's WCAG 2.1 A/AA rules on the current page; return its violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return result["violations"]


def broken_aria_references(page: Page) -> list[str]:
    """ARIA attributes that name ids missing from the page (axe only lists these as "needs review")."""
    return page.evaluate(
        """() => {
            const broken = [];
            for (const attr of ['aria-describedby', 'aria-labelledby', 'aria-controls', 'aria-errormessage']) {
                for (const el of document.querySelectorAll(`[${attr}]`)) {
                    for (const id of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
                        if (!document.getElementById(id)) broken.push(`${el.tagName.toLowerCase()}#${el.id} ${attr}=${id}`);
                    }
                }
            }
            return broken;
        }"""
    )


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']} <{v.get('helpUrl', '')}>")
        for node in v["nodes"][:10]:
            target = " ".join(str(t) for t in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {target}: {summary}")
    return "\n".join(lines)
