"""Email is sent by a background job, never inside the request that asked for it.

`mail_enqueue` queues one message once the current transaction commits (a change that is rolled
back sends nothing). The job (`mail_send`, on the task queue: django-tasks with its database
backend, worked by `manage.py db_worker`) hands it to the mail relay; if the relay fails, the
job is queued again after a growing delay (1, 2, 4, 8 … minutes), EMAIL_ATTEMPTS times in all,
then the failure is logged. A caller that keeps a record of its emails (the notifications) gives
`on_result`: the dotted path of a function called with `record_id` and the error (or None) after
each try.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from .text import for_header

logger = logging.getLogger(__name__)


def retry_delay(attempt: int) -> timedelta:
    """How long to wait before try `attempt + 1`."""
    return timedelta(minutes=2 ** (attempt - 1))


@task()
def mail_send(
    subject: str,
    body: str,
    to: list[str],
    on_result: str = "",
    record_id: int | None = None,
    attempt: int = 1,
) -> bool:
    """Send one message; on failure, queue the next try (or give up after EMAIL_ATTEMPTS)."""
    error = None
    try:
        send_mail(
            subject=for_header(subject),
            message=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=to,
        )
    except Exception as failure:  # any relay or network failure: try again later
        error = f"{type(failure).__name__}: {failure}"
        # A queue that cannot hold a job for later (the tests' immediate one) gets no retry.
        if attempt < settings.EMAIL_ATTEMPTS and mail_send.get_backend().supports_defer:
            logger.warning(
                "Could not send an email (try %s): %s; trying again later", attempt, error
            )
            mail_send.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
                subject, body, to, on_result, record_id, attempt + 1
            )
        else:
            logger.error("Could not send an email (try %s, the last): %s", attempt, error)
    if on_result:
        import_string(on_result)(record_id, error)
    return error is None


def mail_enqueue(
    *,
    subject: str,
    body: str,
    to: list[str],
    on_result: str = "",
    record_id=None,
    after_commit: bool = True,
) -> None:
    """Queue a message, once the current transaction commits (after_commit=False: now, for a
    message that follows no change, such as a password reset link)."""

    def enqueue() -> None:
        mail_send.enqueue(str(subject), body, list(to), on_result, record_id)

    if after_commit:
        transaction.on_commit(enqueue)
    else:
        enqueue()
