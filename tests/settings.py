"""Test settings: production settings with only what a test run needs changed."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")

from ioi_planner.settings import *  # noqa: E402, F403
from ioi_planner.settings import STORAGES  # noqa: E402

# The test client and the live server speak plain HTTP.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files from the app folders without collectstatic, as DEBUG does locally.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Files made by jobs go to a folder of this test process's own, removed when it ends.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="ioi-media-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)

# Tests sign in many times; the throttling test switches django-axes back on.
AXES_ENABLED = False

# Jobs run at once, inside the test, where they are queued (after the commit that queues
# them); tests/ioi_planner/test_mail_jobs.py runs a real db_worker process on the queue.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
