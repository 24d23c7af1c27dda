import pytest
from django.core.management import call_command

from evaluation.models import Measurement, OutcomeEvaluation, Sample
from evaluation.presenters import evaluation_blocks
from evaluation.selectors import evaluation_for_display
from theory_of_change.models import Plan

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_the_demo_plan_a_partly_filled_evaluation_once(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    plan = Plan.objects.get()
    assert OutcomeEvaluation.objects.filter(outcome__plan=plan).count() == plan.outcomes.count()
    blocks = evaluation_blocks(evaluation_for_display(plan=plan))
    assert blocks[0].filled > 3
    assert not all(block.complete for block in blocks)
    assert Sample.objects.count() == 1
    assert "Demo evaluation started" in capsys.readouterr().out

    version = Plan.objects.get().version
    call_command("seed_demo")
    assert Plan.objects.get().version == version
    assert Sample.objects.count() == 1
    assert Measurement.objects.count() == 2
    assert "Demo evaluation already there" in capsys.readouterr().out
