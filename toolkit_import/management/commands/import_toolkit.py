from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from toolkit_import.reader import WorkbookError
from toolkit_import.services import ImportRefused, retirements_for, toolkit_file_import


class Command(BaseCommand):
    help = (
        "Import the Home Office toolkit workbook (.xlsx): columns are found by their headers. "
        "With --dry-run, show what would change and change nothing. An import that would "
        "retire more than a quarter of the active indicators stops and says how many: apply it "
        "with --confirm-retire and that number, or use --partial for a file that updates only "
        "part of the toolkit (it retires nothing)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="the toolkit workbook (.xlsx)")
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would change; change nothing"
        )
        parser.add_argument(
            "--partial",
            action="store_true",
            help="the file updates part of the toolkit: retire nothing, remove no question",
        )
        parser.add_argument(
            "--confirm-retire",
            type=int,
            metavar="N",
            help="apply an import that retires many indicators: N is the number it retires",
        )

    def handle(
        self,
        *args,
        path: str,
        dry_run: bool,
        partial: bool,
        confirm_retire: int | None,
        **options,
    ) -> None:
        file = Path(path)
        try:
            if file.stat().st_size > settings.TOOLKIT_IMPORT_MAX_FILE_BYTES:
                raise CommandError(
                    f"The file is larger than the limit of "
                    f"{settings.TOOLKIT_IMPORT_MAX_FILE_BYTES:,} bytes (TOOLKIT_IMPORT_MAX_FILE_BYTES)."
                )
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"The file cannot be read: {error.strerror or error}.") from None
        try:
            plan, record = toolkit_file_import(
                data=data,
                file_name=file.name,
                dry_run=dry_run,
                partial=partial,
                guard_retirements=True,
                confirm_retired=confirm_retire,
            )
        except (WorkbookError, ImportRefused) as error:
            raise CommandError(str(error)) from None
        counts = plan.counts
        self.stdout.write(f"Rows read: {counts['rows_read']}")
        self.stdout.write(
            f"Data sources: {counts['sources_added']} added, {counts['sources_changed']} changed, "
            f"{counts['sources_absent']} no longer in the file (kept)"
        )
        self.stdout.write(
            f"Questions: {counts['questions_added']} added, {counts['questions_removed']} removed"
        )
        if partial:
            self.stdout.write("Partial update: no indicator retired, no question removed.")
        for problem in plan.problems[:20]:
            where = (
                f"{problem.sheet}!{problem.column}{problem.row}"
                if problem.column
                else (f"{problem.sheet} row {problem.row}")
            )
            self.stdout.write(f"Rejected {where}: {problem.message}")
        if len(plan.problems) > 20:
            self.stdout.write(f"… and {len(plan.problems) - 20} more rejected rows")
        if dry_run:
            counted = retirements_for(counts["retired"], partial=partial)
            if counted.confirmation_needed:
                self.stdout.write(
                    f"Applying it retires {counted.retired} of the {counted.active} active "
                    f"indicators: it needs --confirm-retire {counted.retired}."
                )
            self.stdout.write("Dry run: nothing was changed.")
        else:
            self.stdout.write(f"Import record {record.pk} applied.")
        self.stdout.write(plan.summary_line())
