"""The language a plan is written in (issue 21): asked in step 1, kept in its versions, and its
text marked with it (`lang`) on a page in the other language, so that a screen reader reads
an English plan on a Welsh page with English pronunciation."""

import pytest
from django.urls import reverse

from theory_of_change.history.compare import compare
from theory_of_change.models import Outcome, Plan, PlanLanguage
from theory_of_change.snapshots import plan_snapshot

pytestmark = pytest.mark.django_db

WELSH = {"accept-language": "cy"}


def test_a_new_plan_is_first_said_to_be_in_the_language_its_author_uses(client, alice, team):
    client.force_login(alice)
    english = client.get(reverse("theory_of_change:plan_create"))
    assert english.context["form"].initial["language"] == "en-gb"
    welsh = client.get(reverse("theory_of_change:plan_create"), headers=WELSH)
    assert welsh.context["form"].initial["language"] == "cy"
    assert "Ym mha iaith y mae’r cynllun wedi’i ysgrifennu?" in welsh.content.decode()

    client.post(
        reverse("theory_of_change:plan_create"),
        {
            "title": "Clwb cyfeillgarwch",
            "place": "Aberaeron",
            "intervention_kind": "new",
            "audience": "Teuluoedd sy’n ffoaduriaid a thrigolion hirsefydlog",
            "language": "cy",
        },
    )
    assert Plan.objects.get().language == PlanLanguage.WELSH


def test_a_form_sent_without_the_language_keeps_the_plans(client, alice, plan):
    Plan.objects.filter(pk=plan.pk).update(language=PlanLanguage.WELSH)
    client.force_login(alice)
    client.post(
        reverse("theory_of_change:plan_step", kwargs={"plan_id": plan.pk, "slug": "plan"}),
        {
            "title": "Friendship club",
            "place": "Eastfield",
            "intervention_kind": "new",
            "audience": "Everyone",
            "version": plan.version,
        },
    )
    plan.refresh_from_db()
    assert plan.place == "Eastfield"
    assert plan.language == PlanLanguage.WELSH


def test_an_english_plan_on_a_welsh_page_is_marked_english_and_nothing_on_an_english_one(
    client, alice, plan
):
    Plan.objects.filter(pk=plan.pk).update(impact="People get on well", place="Eastfield")
    Outcome.objects.create(plan=plan, text="Neighbours meet every week")
    client.force_login(alice)
    welsh = client.get(plan.get_absolute_url(), headers=WELSH).content.decode()
    assert '<h1 class="govuk-heading-xl"><span lang="en-gb">Friendship club</span></h1>' in welsh
    assert '<dd class="govuk-summary-list__value" lang="en-gb">Eastfield</dd>' in welsh
    assert '<span lang="en-gb">People get on well</span>' in welsh  # the chain as text
    assert '<span lang="en-gb">Neighbours meet every week</span>' in welsh
    assert 'lang="en-gb">Neighbours meet every week</tspan>' in welsh  # the diagram
    # The labels around it are the page's: "Canlyniad 1" is not marked.
    assert ">Canlyniad 1</tspan>" in welsh
    assert 'lang="en-gb">Canlyniad' not in welsh
    english = client.get(plan.get_absolute_url()).content.decode()
    assert 'lang="en-gb"' not in english.split("<main", 1)[1]


def test_a_welsh_plan_is_marked_welsh_on_an_english_page_and_a_bilingual_one_not_at_all(
    client, alice, plan
):
    Plan.objects.filter(pk=plan.pk).update(title="Clwb cyfeillgarwch", language="cy")
    client.force_login(alice)
    english = client.get(plan.get_absolute_url()).content.decode()
    assert '<h1 class="govuk-heading-xl"><span lang="cy">Clwb cyfeillgarwch</span></h1>' in english
    Plan.objects.filter(pk=plan.pk).update(language=PlanLanguage.BOTH)
    both = client.get(plan.get_absolute_url(), headers=WELSH).content.decode()
    assert '<h1 class="govuk-heading-xl">Clwb cyfeillgarwch</h1>' in both


def test_the_language_is_kept_in_versions_and_an_older_version_without_it_shows_no_change(
    plan,
):
    before = plan_snapshot(plan)
    assert before["answers"]["language"] == "en-gb"
    Plan.objects.filter(pk=plan.pk).update(language="cy")
    after = plan_snapshot(Plan.objects.get(pk=plan.pk))
    [difference] = compare(before, after)
    assert [(c.old, c.new) for c in difference.answers] == [("English", "Welsh (Cymraeg)")]
    # A version kept before plans had a language: nothing to compare, so no change shown.
    del before["answers"]["language"]
    assert compare(before, after) == []


def test_the_worked_examples_are_marked_english_on_welsh_pages(client, alice):
    client.force_login(alice)
    page = client.get(reverse("theory_of_change:example_list"), headers=WELSH).content.decode()
    assert '<span lang="en-gb">Friendship club open to all residents</span>' in page
    example = client.get(
        reverse("theory_of_change:example_detail", kwargs={"slug": "friendship-club"}),
        headers=WELSH,
    ).content.decode()
    assert 'lang="en-gb">activities.</tspan>' in example


def test_the_review_page_marks_an_english_plan_s_text_for_a_welsh_reading_lead(client, lena, plan):
    Plan.objects.filter(pk=plan.pk).update(
        place="Eastfield", shared_with_team=True, status="submitted"
    )
    Outcome.objects.create(plan=plan, text="Neighbours meet every week")
    client.force_login(lena)
    url = reverse("theory_of_change:plan_review", kwargs={"plan_id": plan.pk})
    welsh = client.get(url, headers=WELSH).content.decode()
    assert '<dd class="govuk-summary-list__value"><span lang="en-gb">Eastfield</span></dd>' in (
        welsh
    )
    # The outcome's own text is marked; the lines the page adds after it are the page's.
    assert '<span lang="en-gb">Neighbours meet every week</span><br>' in welsh
    english = client.get(url).content.decode()
    assert 'lang="en-gb"' not in english.split("<main", 1)[1]
