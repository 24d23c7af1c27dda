"""Email goes through the task queue: the request that makes a change only queues the message
(after its commit), a worker sends it, and a failed try is queued again later and recorded.

These tests use the real database backend (django-tasks-db) and its worker command,
`db_worker`, run in the test's process over the test database."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from ioi_planner.mail import mail_enqueue, retry_delay
from tests.conftest import free_port
from tests.factories import PlanFactory
from theory_of_change.models import Notification, NotificationKind
from theory_of_change.review.services import notification_emails_send

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def work_the_queue() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")


def test_a_reset_request_queues_its_email_and_the_worker_sends_it(client, alice, settings):
    settings.TASKS = DATABASE_QUEUE
    response = client.post(reverse("password_reset"), {"email": alice.email})
    assert response.status_code == 302
    assert mail.outbox == []  # the page did not wait for the mail relay
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    work_the_queue()
    [message] = mail.outbox
    assert message.to == [alice.email]
    assert "/sign-in/reset/" in message.body
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_failed_try_is_recorded_and_tried_again_later(alice, lena, team, settings):
    plan = PlanFactory(owner=alice, team=team, shared_with_team=True)
    settings.TASKS = DATABASE_QUEUE
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens: the relay is down
    settings.EMAIL_TIMEOUT = 2
    notification = Notification.objects.create(
        user=lena, plan=plan, kind=NotificationKind.SUBMITTED, message="Sent for review"
    )
    notification_emails_send([notification.pk])
    work_the_queue()
    notification.refresh_from_db()
    assert "ConnectionRefusedError" in notification.email_error
    assert notification.emailed_at is None
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after is not None
    assert retry.args_kwargs["args"][-1] == 2  # the second try, queued for later
    assert retry_delay(1).total_seconds() == 60


def test_nothing_is_queued_when_the_change_is_rolled_back(alice, settings):
    from django.db import transaction

    settings.TASKS = DATABASE_QUEUE

    class Undone(Exception):
        pass

    def change_then_fail() -> None:
        with transaction.atomic():
            mail_enqueue(subject="Hello", body="Body", to=[alice.email])
            raise Undone

    with pytest.raises(Undone):
        change_then_fail()
    assert not DBTaskResult.objects.exists()
