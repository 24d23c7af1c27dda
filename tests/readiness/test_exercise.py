"""Exercise 1 through the test client: the problem, a domain of each type found with the
keyword index, why each matters, then a plan started with the problem and domains; bad input
refused with a GOV.UK error and what was typed kept; a stale form changes nothing; worksheets
are their owner's alone."""

import re

import pytest
from django.urls import reverse

from domains.models import Domain
from ioi_planner.models import Membership
from readiness.models import Exercise, ExerciseDomain
from theory_of_change.models import Plan

pytestmark = pytest.mark.django_db


def url(name, exercise=None):
    if exercise is None:
        return reverse(f"readiness:{name}")
    return reverse(f"readiness:{name}", kwargs={"exercise_id": exercise.pk})


def domain(number: int) -> Domain:
    return Domain.objects.get(number=number)


CHOICES = {"markers_and_means": 5, "social_connections": 7, "facilitators": 9}  # Leisure, Bridges


@pytest.fixture
def exercise(alice, team):
    return Exercise.objects.create(
        owner=alice, team=team, title="Friendship club", problem="Newcomers rarely meet neighbours."
    )


def chosen(exercise) -> set[int]:
    return set(exercise.choices.values_list("domain__number", flat=True))


def test_the_whole_exercise_starts_a_plan_with_its_problem_and_domains(client, alice):
    client.force_login(alice)
    assert client.get(url("exercise_list")).status_code == 200
    response = client.post(
        url("exercise_create"),
        {"title": "Friendship club", "problem": "Newcomers rarely meet their neighbours."},
    )
    exercise = Exercise.objects.get()
    assert response.url == url("exercise_domains", exercise)
    page = client.get(response.url).content.decode()
    assert "Rights and Responsibilities" in page  # the Foundation is always in
    response = client.post(
        url("exercise_domains", exercise),
        {"version": 1, **{k: domain(n).pk for k, n in CHOICES.items()}},
    )
    assert response.url == url("exercise_reasons", exercise)
    assert chosen(exercise) == {5, 7, 9, 14}
    page = client.get(response.url).content.decode()
    assert "indicators of Leisure" in page  # each domain's indicators are listed
    reasons = {f"why_{domain(n).pk}": f"Domain {n} matters" for n in (5, 7, 9, 14)}
    response = client.post(url("exercise_reasons", exercise), {"version": 2, **reasons})
    assert response.url == exercise.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "Start a plan from this" in page
    response = client.post(url("exercise_start", exercise))
    plan = Plan.objects.get()
    assert response.url == reverse("theory_of_change:plan_tasks", kwargs={"plan_id": plan.pk})
    assert plan.title == "Friendship club"
    assert plan.problem == "Newcomers rarely meet their neighbours."
    assert {d.number for d in plan.domains.all()} == {5, 7, 9, 14}
    assert plan.owner == alice
    exercise.refresh_from_db()
    assert exercise.plan == plan


def test_empty_answers_are_refused_with_errors_and_what_was_typed_kept(client, alice, exercise):
    client.force_login(alice)
    response = client.post(url("exercise_create"), {"title": "", "problem": "Typed problem"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a working title" in page
    assert "Typed problem" in page
    assert page.count("govuk-error-summary") >= 1
    response = client.post(
        url("exercise_domains", exercise),
        {"version": 1, "markers_and_means": domain(5).pk},
    )
    page = response.content.decode()
    assert "Select a Social Connections domain" in page
    assert 'href="#id_social_connections' in page  # the error links to its field
    assert re.search(rf'value="{domain(5).pk}"[^>]*checked', page)  # the choice kept
    assert not exercise.choices.exists()


def test_the_search_keeps_the_choices_not_saved_yet(client, alice, exercise):
    client.force_login(alice)
    response = client.post(
        url("exercise_domains", exercise),
        {"version": 1, "markers_and_means": domain(5).pk, "q": "loneliness", "search": ""},
    )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Domains that ‘loneliness’ points to" in page
    assert re.search(rf'value="{domain(5).pk}"[^>]*checked', page)
    assert not exercise.choices.exists()


def test_a_stale_form_changes_nothing_and_keeps_what_was_typed(client, alice, exercise):
    client.force_login(alice)
    Exercise.objects.filter(pk=exercise.pk).update(version=3)  # saved in another tab
    response = client.post(
        url("exercise_details", exercise),
        {"version": 1, "title": "New title", "problem": "A new problem"},
    )
    page = response.content.decode()
    assert "changed in another tab or window" in page
    assert "A new problem" in page
    exercise.refresh_from_db()
    assert exercise.title == "Friendship club"


def test_a_plan_cannot_start_before_every_type_and_reason_is_there(client, alice, exercise):
    client.force_login(alice)
    ExerciseDomain.objects.create(exercise=exercise, domain=domain(5), why="")
    response = client.post(url("exercise_start", exercise))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose a Social Connections domain" in page
    assert "Say why Leisure matters to the problem" in page
    assert not Plan.objects.exists()


def test_someone_who_left_the_team_cannot_start_its_plan(client, alice, team, exercise):
    for number in (5, 7, 9, 14):
        ExerciseDomain.objects.create(exercise=exercise, domain=domain(number), why="Because")
    Membership.objects.filter(user=alice, team=team).delete()
    client.force_login(alice)
    response = client.post(url("exercise_start", exercise))
    assert response.status_code == 400
    assert "You are no longer in Integration" in response.content.decode()
    assert not Plan.objects.exists()


@pytest.mark.parametrize("who", ["carol", "lena", "charlie"])
def test_a_worksheet_is_its_owner_s_alone(client, request, exercise, who):
    client.force_login(request.getfixturevalue(who))
    for name in ("exercise_detail", "exercise_details", "exercise_domains", "exercise_reasons"):
        assert client.get(url(name, exercise)).status_code == 404
    assert client.post(url("exercise_start", exercise)).status_code == 404
    assert client.post(url("exercise_remove", exercise), {"version": 1}).status_code == 404
    assert Exercise.objects.filter(pk=exercise.pk).exists()
    assert "Friendship club" not in client.get(url("exercise_list")).content.decode()


def test_the_owner_can_remove_a_worksheet(client, alice, exercise):
    client.force_login(alice)
    assert client.get(url("exercise_remove", exercise)).status_code == 200
    response = client.post(url("exercise_remove", exercise), {"version": 1})
    assert response.url == url("exercise_list")
    assert not Exercise.objects.exists()


def test_a_leaver_s_worksheets_go_to_their_successor(alice, carol, exercise):
    from ioi_planner.leavers import Handover, person_deactivate

    person_deactivate(person=alice, handover=Handover(successor=carol), request=None)
    exercise.refresh_from_db()
    assert exercise.owner == carol


def test_a_person_s_own_data_download_holds_their_worksheets(alice, exercise):
    from privacy.personal_data import personal_data

    ExerciseDomain.objects.create(exercise=exercise, domain=domain(5), why="Clubs")
    (worksheet,) = personal_data(alice)["exercise_worksheets"]
    assert worksheet["problem"] == "Newcomers rarely meet neighbours."
    assert worksheet["domains"] == [{"domain": "Leisure", "why": "Clubs"}]
