"""What the registries of the core app share: apps register functions from their own modules
(`dashboard`, `header`), so the core app uses the features built on it without
importing them, and the apps keep depending one way."""

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

F = TypeVar("F", bound=Callable)


class Registry(Generic[F]):
    """Functions in the order they were registered (for modules found by autodiscovery, the
    order of INSTALLED_APPS); registering one twice keeps it once."""

    def __init__(self) -> None:
        self._functions: list[F] = []

    def register(self, function: F) -> F:
        if function not in self._functions:
            self._functions.append(function)
        return function

    def __iter__(self) -> Iterator[F]:
        return iter(list(self._functions))
