"""Searching the keyword index on the domains step keeps the boxes ticked but not saved."""

import re

import pytest
from django.urls import reverse

from domains.models import Domain
from theory_of_change.steps import STEPS_BY_SLUG
from theory_of_change.wizard import services as wizard_services

pytestmark = pytest.mark.django_db


def domains_url(plan):
    return STEPS_BY_SLUG["domains"].url(plan)


def ticked(page: str) -> set[str]:
    return {
        re.search(r'value="(\d+)"', tag).group(1)
        for tag in re.findall(r"<input[^>]*>", page, flags=re.S)
        if 'type="checkbox"' in tag and "checked" in tag
    }


def version_on(page: str) -> str:
    return re.search(r'name="version" value="(\d+)"', page).group(1)


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def test_the_search_is_a_button_of_the_domains_form(signed_in, plan):
    page = signed_in.get(domains_url(plan)).content.decode()
    form = re.search(r'<main.*?<form method="post" novalidate>(.*?)</form>', page, re.S).group(1)
    assert 'name="q"' in form
    assert re.search(r'<button[^>]*name="search"', form)
    assert 'name="markers_and_means"' in form
    assert "csrfmiddlewaretoken" in form


def test_searching_keeps_the_unsaved_ticks_and_saves_nothing(signed_in, plan):
    work = Domain.objects.get(slug="work")
    bridges = Domain.objects.get(number=7)
    response = signed_in.post(
        domains_url(plan),
        {
            "q": "ESOL",
            "search": "",
            "markers_and_means": [work.pk],
            "social_connections": [bridges.pk],
            "version": 1,
        },
    )
    assert response.status_code == 302
    assert "q=ESOL" in response.headers["Location"]
    page = signed_in.get(response.headers["Location"]).content.decode()
    assert "Domains that ‘ESOL’ points to" in page
    assert ticked(page) == {str(work.pk), str(bridges.pk)}
    # Searching is not saving: no error for the types not ticked yet, nothing written.
    assert "govuk-error-summary" not in page
    assert "<title>Domains – IOI Planner</title>" in page
    plan.refresh_from_db()
    assert (plan.version, list(plan.domains.all())) == (1, [])


def test_a_box_unticked_before_searching_stays_unticked(signed_in, plan, one_domain_of_each_type):
    wizard_services.plan_set_domains(
        plan=plan, version=1, domains=one_domain_of_each_type, user=None
    )
    kept = one_domain_of_each_type[1:]
    response = signed_in.post(
        domains_url(plan),
        {
            "q": "hate crime",
            "search": "",
            "social_connections": [kept[0].pk],
            "facilitators": [kept[1].pk],
            "foundation": [kept[2].pk],
            "version": 2,
        },
    )
    page = signed_in.get(response.headers["Location"]).content.decode()
    assert ticked(page) == {str(domain.pk) for domain in kept}
    assert set(plan.domains.all()) == set(one_domain_of_each_type)


def test_the_search_keeps_the_version_the_form_was_made_from(
    signed_in, plan, carol, one_domain_of_each_type
):
    """A change saved by someone else meanwhile is not overwritten by saving after a search."""
    response = signed_in.post(
        domains_url(plan), {"q": "ESOL", "search": "", "foundation": [], "version": 1}
    )
    wizard_services.plan_set_domains(
        plan=plan, version=1, domains=one_domain_of_each_type, user=carol
    )
    page = signed_in.get(response.headers["Location"]).content.decode()
    assert version_on(page) == "1"
    mine = {
        "markers_and_means": [one_domain_of_each_type[0].pk],
        "social_connections": [one_domain_of_each_type[1].pk],
        "facilitators": [one_domain_of_each_type[2].pk],
        "foundation": [Domain.objects.get(slug="rights-and-responsibilities").pk],
        "version": 1,
    }
    refused = signed_in.post(response.headers["Location"], mine).content.decode()
    assert "This plan was changed" in refused
    assert set(plan.domains.all()) == set(one_domain_of_each_type)


def test_a_search_address_without_ticks_shows_the_saved_domains(
    signed_in, plan, one_domain_of_each_type
):
    wizard_services.plan_set_domains(
        plan=plan, version=1, domains=one_domain_of_each_type, user=None
    )
    page = signed_in.get(domains_url(plan), {"q": "ESOL"}).content.decode()
    assert ticked(page) == {str(domain.pk) for domain in one_domain_of_each_type}
    assert version_on(page) == "2"


def test_saving_still_saves_and_moves_on(signed_in, plan, one_domain_of_each_type):
    response = signed_in.post(
        domains_url(plan) + "?q=ESOL&version=1",
        {
            "markers_and_means": [one_domain_of_each_type[0].pk],
            "social_connections": [one_domain_of_each_type[1].pk],
            "facilitators": [one_domain_of_each_type[2].pk],
            "foundation": [one_domain_of_each_type[3].pk],
            "version": 1,
        },
    )
    assert response.headers["Location"] == reverse(
        "theory_of_change:plan_step", kwargs={"plan_id": plan.pk, "slug": "outcomes"}
    )
    assert set(plan.domains.all()) == set(one_domain_of_each_type)
