"""Key pages of the framework and the indicator bank, for `manage.py bench`."""

from bench.registry import BenchContext, PageRequest, bench_people, key_page
from domains.models import Domain, Indicator, Provenance

BENCH_DOMAIN = 9  # Language and Communication: a domain with a full bank


def _council_indicators(*, officer, scale: int) -> None:
    """Top the officer's council's own indicators up so the bank holds `scale` times the
    framework's indicators (the council sees its own besides the framework's)."""
    organisation = officer.memberships.first().team.organisation
    framework_count = Indicator.objects.filter(organisation__isnull=True).count()
    wanted = framework_count * (scale - 1)
    have = Indicator.objects.filter(organisation=organisation).count()
    domains = list(Domain.objects.order_by("number"))
    Indicator.objects.bulk_create(
        Indicator(
            domain=domains[number % len(domains)] if number % 3 else domains[BENCH_DOMAIN - 1],
            code=f"BENCH-{organisation.pk}-{number:06d}",
            wording=f"% of residents taking part in bench activity {number}",
            provenance=Provenance.COUNCIL,
            organisation=organisation,
            official_statistics=bool(number % 2),
        )
        for number in range(have, wanted)
    )


@key_page("indicator bank")
def indicator_bank(context: BenchContext, scale: int) -> PageRequest:
    officer = bench_people(scale=scale)
    _council_indicators(officer=officer, scale=scale)
    return PageRequest(path="/indicators/?q=community", user=officer)


@key_page("framework")
def framework(context: BenchContext, scale: int) -> PageRequest:
    officer = bench_people(scale=scale)
    _council_indicators(officer=officer, scale=scale)
    return PageRequest(path="/framework/", user=officer)


@key_page("domain")
def domain(context: BenchContext, scale: int) -> PageRequest:
    officer = bench_people(scale=scale)
    _council_indicators(officer=officer, scale=scale)
    return PageRequest(
        path=Domain.objects.get(number=BENCH_DOMAIN).get_absolute_url(), user=officer
    )
