"""What the plans app tells the apps built on it.

`plan_indicator_switched` is sent inside the transaction of a switch from a retired indicator
to its successor (theory_of_change/wizard/indicator_switch.py), with `plan`, `old` and `new`
(Indicator rows), so that what those apps hold of the old indicator follows it (the evaluation
app: evaluation/receivers.py). Anything a receiver raises undoes the whole switch.
"""

from django.dispatch import Signal

plan_indicator_switched = Signal()
