"""gunicorn's settings for IOI Planner, read from the working directory (docs/operations.md).

Long work runs in background jobs, never in a request: the slowest request left is uploading
the largest toolkit file (about 7 s); a request that queued a job waits at most
JOB_WAIT_SECONDS (2). A 30-second timeout is four times that, and recycles a stuck worker well
before a proxy's usual 60 s.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = 30
graceful_timeout = 30
# The proxy in front logs requests; gunicorn logs errors to stderr (the journal).
accesslog = None
errorlog = "-"
