from django.core.management.base import BaseCommand

from domains.services import framework_load


class Command(BaseCommand):
    help = "Load the framework's types, domains, indicator bank and keyword index from fixtures/."

    def handle(self, *args, **options) -> None:
        report = framework_load()
        for line in report.lines():
            self.stdout.write(line)
        if report.changed:
            self.stdout.write(self.style.SUCCESS("Framework data loaded."))
        else:
            self.stdout.write("Framework data already up to date: nothing changed.")
