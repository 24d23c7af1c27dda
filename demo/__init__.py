"""Demo data for local use: `python manage.py seed_demo` (run by bin/run) creates two demo
councils with their teams and people, a plan waiting for review and its partly filled
evaluation. Each step is idempotent: a second run changes nothing."""
