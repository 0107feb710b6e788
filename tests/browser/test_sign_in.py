"""Signing in and out, the language switch, and the lockout after repeated failures."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from tests.browser.helpers import choose_language, sign_in

pytestmark = [pytest.mark.browser]


def test_caseworker_signs_in_sees_their_office_and_reads_the_site_in_arabic(page: Page, world):
    sign_in(page, "cw_a")

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    expect(page.get_by_role("heading", level=2, name=str(world.office_a))).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")

    choose_language(page, "ar")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=2, name=str(world.office_a))).to_be_visible()
    expect(page.locator("#language-select")).to_have_value("ar")

    choose_language(page, "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def test_repeated_wrong_passwords_lock_the_account_even_against_the_right_one(page: Page, world):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        sign_in(page, "cw_a", password="not the password")
        expect(page).to_have_url(re.compile(r"/login/"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
        expect(page.get_by_role("alert")).to_be_visible()

    sign_in(page, "cw_a", password="not the password")  # the failure that reaches the limit
    expect(page.get_by_role("heading", level=1)).to_have_text("Account locked")

    sign_in(page, "cw_a")  # the right password no longer helps
    expect(page.get_by_role("heading", level=1)).to_have_text("Account locked")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))


def test_signing_out_with_the_header_button_returns_to_sign_in(page: Page, world):
    sign_in(page, "cw_a")
    expect(page.locator(".user-name")).to_have_text("cw_a")

    page.locator("header").get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.locator("header").get_by_role("button", name="Sign out")).to_have_count(0)

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
