"""The navigation and the home page offer only pages their user can open: for each role that
partner webhooks concern, every task link answers 200, never 403 or 404."""

from __future__ import annotations

import pytest

WEBHOOKS = "/movements/webhooks/"


@pytest.fixture
def users(world, staff, partner_without_organisation):
    return {
        "partner with an organisation": world.partner_usa,
        "partner without an organisation": partner_without_organisation,
        "movement officer": staff.mo_a,
        "office administrator": staff.admin_a,
        "charter manager at headquarters": staff.charter_hq,
        "system administrator at headquarters": world.sysadmin,
        "caseworker": world.caseworker_a,
    }


def _offered(home) -> set[str]:
    links = {item["url"] for item in home.context["nav_items"]}
    return links | {task.url for section in home.context["sections"] for task in section.tasks}


@pytest.mark.parametrize(("who", "offers_webhooks"), [
    ("partner with an organisation", True),
    ("partner without an organisation", False),
    ("movement officer", False),
    ("office administrator", True),
    ("charter manager at headquarters", False),
    ("system administrator at headquarters", True),
    ("caseworker", False),
])
def test_every_page_offered_opens(users, signed_in, who, offers_webhooks):
    client = signed_in(users[who])
    home = client.get("/")
    assert home.status_code == 200
    offered = _offered(home)
    assert (WEBHOOKS in offered) is offers_webhooks
    assert {url: client.get(url).status_code for url in sorted(offered)} == {url: 200 for url in offered}


def test_the_webhooks_page_refuses_whom_the_navigation_does_not_offer_it(users, signed_in):
    client = signed_in(users["partner without an organisation"])
    assert client.get(WEBHOOKS).status_code == 403
    client = signed_in(users["movement officer"])
    assert client.get(WEBHOOKS).status_code == 403
