"""The worked examples (fixtures/framework/examples.json), read from the file.

Each example is a slug, a summary and a plan's content as a snapshot, in the same JSON format
as a plan's history (snapshots.py): part ids are the example's own, domains are named by number
and indicators by code, since neither has an id outside a database. The examples are reference
content, like the framework data; a plan started from one (services.py) is independent of it
afterwards.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

from domains.selectors import indicators_of_council
from theory_of_change.chain import Chain, chain_of

EXAMPLES_FILE = Path(settings.BASE_DIR) / "fixtures" / "framework" / "examples.json"


class ExampleNotFound(LookupError):
    pass


@dataclass(frozen=True)
class Example:
    slug: str
    summary: str
    snapshot: dict[str, Any]

    @property
    def title(self) -> str:
        return self.snapshot["answers"]["title"]


@cache
def _load(path: Path) -> tuple[Example, ...]:
    with path.open(encoding="utf-8") as file:
        return tuple(Example(**example) for example in json.load(file))


def examples() -> tuple[Example, ...]:
    return _load(EXAMPLES_FILE)


def example_by_slug(slug: str) -> Example:
    for example in examples():
        if example.slug == slug:
            return example
    raise ExampleNotFound(slug)


def example_chain(example: Example) -> Chain:
    """An example's chain, for the same diagram and text version as a saved plan."""
    snapshot = example.snapshot
    codes = {i["code"] for outcome in snapshot["outcomes"] for i in outcome["indicators"]}
    # The shared bank only, never a council's own indicators.
    wording = {i.code: i.wording for i in indicators_of_council(None).filter(code__in=codes)}

    def described(indicators: list[dict]) -> list[str]:
        return [
            f"{i['code']}: {wording[i['code']]}" if i["code"] in wording else i["code"]
            for i in indicators
        ]

    return chain_of(
        impact=snapshot["answers"].get("impact", ""),
        outcomes=snapshot["outcomes"],
        outputs=snapshot["outputs"],
        activities=snapshot["activities"],
        indicators=lambda outcome: described(outcome["indicators"]),
    )
