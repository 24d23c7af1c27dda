"""The demo data registry: apps add to `seed_demo` from their own `demo` module.

`seed_demo` creates the demo councils, teams and users, then imports each installed app's
`demo` module (the way the admin autodiscovers `admin` modules) and runs the steps they
registered, in the order of INSTALLED_APPS. So the core app seeds the features built on it
without importing them, and the apps keep depending one way.

A step is a function registered with `@demo_step`; it must be idempotent (a second run changes
nothing) and returns a line to print.
"""

from collections.abc import Callable

from .registry import Registry

DemoStep = Callable[[], str]

_steps: Registry[DemoStep] = Registry()
demo_step = _steps.register


def registered_demo_steps() -> list[DemoStep]:
    return list(_steps)
