"""Benchmark: the indicator bank's search with 100,000 council-added indicators, on SQLite and
on PostgreSQL (issue 16).

Each database runs in a child process with production settings: a SQLite file, and a
throwaway PostgreSQL cluster (bench.loadtest.Cluster) when the machine has PostgreSQL. The
child migrates, loads the framework, gives one council COUNCIL_INDICATORS indicators of its
own (wording made from a few hundred everyday phrases, so the full-text index has realistic
word lists: "community" is in about one in four, "interpreter" in one in sixty), then times the
bank's search page for each of QUERIES against the bare-template floor in the same process
(bench.pages), and counts the page's queries. The figures are those ratios, never judged.

Run it on its own with `python -m bench.search` (`--quick` for a smoke run: 500 indicators,
SQLite only); `manage.py bench` runs it with the others.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from bench.registry import BenchContext, benchmark, child_environment, pending

COUNCIL_INDICATORS = 100_000
QUICK_INDICATORS = 500
ROOT = Path(__file__).resolve().parent.parent

# A word form, a synonym, a misspelling, a two-word query and a word in a quarter of the bank.
QUERIES = ("interpreters", "loneliness", "emplyment", "employment support", "community")

SUBJECTS = (
    "newcomers",
    "long-standing residents",
    "young people",
    "refugee families",
    "older residents",
    "women",
    "parents",
    "asylum seekers",
    "volunteers",
    "council staff",
    "local employers",
    "community groups",
)
TOPICS = (
    "in paid work",
    "using a professional interpreter at appointments",
    "attending community events",
    "who say they feel lonely often",
    "registered with a GP",
    "in employment support programmes",
    "taking part in community sport",
    "who feel safe after dark",
    "with friends from a different background",
    "attending English language classes",
    "in secure housing",
    "who report hate incidents",
    "using online public services",
    "who volunteer in their community",
    "with a bank account",
    "who know their rights",
    "with children in early years education",
    "in skilled work matching their qualifications",
    "who trust the local council",
    "meeting neighbours at community centres",
)
PLACES = ("in the ward", "across the borough", "in the town centre", "in rural areas", "")


def wording(number: int) -> str:
    subject = SUBJECTS[number % len(SUBJECTS)]
    topic = TOPICS[(number // len(SUBJECTS)) % len(TOPICS)]
    place = PLACES[(number // 7) % len(PLACES)]
    return f"% of {subject} {topic} {place} (measure {number})".replace("  ", " ")


def _child(env: dict[str, str], count: int, repeats: int) -> dict:
    output = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bench.search", "--run", str(count), str(repeats)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


@benchmark("bank search")
def bank_search(ctx: BenchContext) -> dict:
    count = QUICK_INDICATORS if ctx.quick else COUNCIL_INDICATORS
    repeats = 3 if ctx.quick else 15
    database = ctx.workdir / "search.sqlite3"
    database.unlink(missing_ok=True)
    figures: dict = {"search_council_indicators": count}
    runs = {"sqlite": child_environment(database)}
    cluster = None
    if ctx.quick:
        figures["search_ratio_postgresql"] = pending("not run with --quick")
    else:
        from bench.loadtest import Cluster, postgres_bin

        bin_dir = postgres_bin()
        if bin_dir is None:
            figures["search_ratio_postgresql"] = pending("PostgreSQL is not installed")
        else:
            cluster = Cluster(bin_dir)
            cluster.start()
            runs["postgresql"] = {**child_environment(database), "DATABASE_URL": cluster.url}
    try:
        for vendor, env in runs.items():
            measured = _child(env, count, repeats)
            figures[f"search_ratio_{vendor}"] = measured["ratios"]
            figures[f"search_queries_{vendor}"] = measured["queries"]
            figures[f"search_results_{vendor}"] = measured["results"]
            for query, ratio in measured["ratios"].items():
                print(  # noqa: T201 - a benchmark reports as it goes
                    f"bank search on {vendor}, {count:,} council indicators: {query!r} "
                    f"{ratio}x the floor ({measured['floor_ms']} ms), "
                    f"{measured['results'][query]} results, {measured['queries'][query]} queries"
                )
    finally:
        if cluster is not None:
            cluster.stop()
    return figures


# -- The child process ----------------------------------------------------------------------


def _prepare(count: int):
    from django.core.management import call_command

    from bench.registry import as_after_autovacuum, bench_people
    from domains.models import Domain, Indicator, Provenance
    from domains.services import framework_load

    call_command("migrate", verbosity=0)
    framework_load()
    officer = bench_people(scale=1)
    organisation = officer.memberships.first().team.organisation
    domains = list(Domain.objects.order_by("number"))
    batch = 5_000
    for start in range(0, count, batch):
        Indicator.objects.bulk_create(
            Indicator(
                domain=domains[number % len(domains)],
                code=f"SEARCH-{number:06d}",
                wording=wording(number),
                provenance=Provenance.COUNCIL,
                organisation=organisation,
            )
            for number in range(start, min(start + batch, count))
        )
    as_after_autovacuum()
    return officer


def _run(count: int, repeats: int) -> dict:
    import re
    import warnings

    from django.test import override_settings

    from bench.pages import BARE_PATH, _client_for, _median_seconds, _queries, page_settings

    officer = _prepare(count)
    client = _client_for(officer)
    ratios, queries, results = {}, {}, {}
    floor = 0.0
    with warnings.catch_warnings(), override_settings(**page_settings()):
        warnings.filterwarnings("ignore", message="No directory at")
        for query in QUERIES:
            path = "/indicators/?" + urlencode({"q": query})
            floor = _median_seconds(client, BARE_PATH, repeats)
            page = _median_seconds(client, path, repeats)
            ratios[query] = round(page / floor, 2)
            queries[query] = _queries(client, path)
            text = client.get(path, secure=True).content.decode()
            found = re.search(r"([\d,]+) indicators?, most relevant first", text)
            results[query] = int(found.group(1).replace(",", "")) if found else 0
    return {
        "ratios": ratios,
        "queries": queries,
        "results": results,
        "floor_ms": round(floor * 1000, 1),
    }


def _main(argv: list[str]) -> None:
    if argv[:1] == ["--run"]:
        import django

        django.setup()
        print(json.dumps(_run(int(argv[1]), int(argv[2]))))  # noqa: T201
        return
    quick = "--quick" in argv
    with tempfile.TemporaryDirectory(prefix="search-bench-") as folder:
        figures = bank_search(BenchContext(workdir=Path(folder), quick=quick))
    for name, value in figures.items():
        print(f"{name}: {json.dumps(value)}")  # noqa: T201


if __name__ == "__main__":
    _main(sys.argv[1:])
