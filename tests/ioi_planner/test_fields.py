"""LimitedTextField: a text's limit is a model rule, not only a form's."""

import pytest
from django.core.exceptions import ValidationError

from theory_of_change.models import TEXT_MAX_LENGTH, Barrier, Plan

pytestmark = pytest.mark.django_db


def test_a_text_over_its_limit_is_refused_by_model_validation(team, alice):
    plan = Plan.objects.create(team=team, owner=alice, title="Café")
    Barrier(plan=plan, text="x" * TEXT_MAX_LENGTH).full_clean()
    with pytest.raises(ValidationError) as error:
        Barrier(plan=plan, text="x" * (TEXT_MAX_LENGTH + 1)).full_clean()
    assert error.value.message_dict["text"] == ["Must be 1000 characters or fewer"]
