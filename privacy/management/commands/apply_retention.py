from django.core.management.base import BaseCommand

from privacy.retention import retention_apply


class Command(BaseCommand):
    help = (
        "Delete or empty the records about people whose retention period has passed "
        "(privacy/retention.py). Run it daily."
    )

    def handle(self, *args, **options):
        for what, count in retention_apply().items():
            self.stdout.write(f"{what}: {count}")
