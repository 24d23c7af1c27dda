"""Addresses worked out once for a page that links to many rows of one kind."""

from collections.abc import Callable

from django.urls import reverse

# Stands for the varying id while the pattern is reversed; no real id is this long-lived.
_SLOT = 987654321


def address_for_each(name: str, id_kwarg: str, **kwargs) -> Callable[[int], str]:
    """The address of the URL `name` for any value of its integer `id_kwarg`, the other
    arguments fixed: reversed once, not once per row (a large plan's review page has hundreds
    of threads, its evaluation page an edit link per outcome)."""
    head, tail = reverse(name, kwargs={**kwargs, id_kwarg: _SLOT}).split(str(_SLOT))
    return lambda pk: f"{head}{pk}{tail}"
