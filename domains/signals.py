"""What the framework app tells the apps built on it.

`indicators_revised` is sent once a change to the bank's indicators made for everyone (a
toolkit import) is committed, so that the plans that use them can say so. The app that changed
the bank sends it; the plans app listens (theory_of_change/review/indicator_notices.py), since
the bank's apps do not know about plans.

Arguments:
- `changed`: {indicator id: [names of the fields that changed, of "wording" and "domain"]};
- `retired`: [ids of indicators retired];
- `source`: what made the change, as people should read it (e.g. "the toolkit update
  “toolkit.xlsx” of 3 December 2026").
"""

from django.dispatch import Signal

indicators_revised = Signal()
