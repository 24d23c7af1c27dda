"""Writes for toolkit imports: upload, confirm the columns (which makes the preview), apply."""

import hashlib
import io
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

import openpyxl
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks import task
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill

from domains.models import (
    DataAvailability,
    DataSource,
    Domain,
    Indicator,
    IndicatorQuestion,
    IndicatorStatus,
    Provenance,
)
from domains.services import indicators_from_sources_refresh
from domains.signals import indicators_revised
from ioi_planner.jobs import JobFailed, job_create, job_current, job_progress, job_running
from ioi_planner.models import Job, User

from . import selectors
from .models import ImportRecord, ImportStatus
from .planning import (
    SOURCE_ATTRIBUTES,
    SOURCE_WELSH,
    WELSH_FIELDS,
    ImportPlan,
    plan_import,
    preview_of,
)
from .reader import (
    COLUMNS_BY_NAME,
    REQUIRED_COLUMNS,
    Layout,
    WorkbookError,
    column_letter,
    find_layout,
    normalise,
    open_workbook,
    read_rows,
    real_extent,
)

BATCH_SIZE = 500
AVAILABILITY_FIELDS = tuple(DataAvailability.values)


class ImportRefused(Exception):
    """An apply that must not go ahead; the message says why."""


class PreviewOutOfDate(ImportRefused):
    """The bank changed after the preview was made; a fresh preview has been stored."""


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read(
    data: bytes,
    mapping: dict[str, int | None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
):
    workbook = open_workbook(data)
    try:
        layout = find_layout(workbook)
        if mapping is not None:
            layout.mapping = {name: mapping.get(name) for name in COLUMNS_BY_NAME}
            layout.ambiguous = {}
        result = read_rows(workbook, layout, selectors.domain_lookup(), on_progress)
    finally:
        workbook.close()
    return result


def _plan(data: bytes, mapping: dict[str, int | None] | None = None) -> ImportPlan:
    return plan_import(_read(data, mapping))


def import_upload(*, user: User, file_name: str, data: bytes) -> ImportRecord:
    """Keep an uploaded workbook with the sheet, header row and columns found in it.

    Raises WorkbookError (nothing is kept) when the file cannot be imported at all.
    """
    workbook = open_workbook(data)
    try:
        layout = find_layout(workbook)
    finally:
        workbook.close()
    return ImportRecord.objects.create(
        uploaded_by=user,
        file_name=file_name[:255],
        file_size=len(data),
        sha256=sha256_of(data),
        content=data,
        sheet_name=layout.sheet_name[:100],
        header_row=layout.header_row,
        headers=layout.headers,
        column_mapping=layout.mapping,
    )


def layout_of(record: ImportRecord) -> Layout:
    return Layout(
        sheet_name=record.sheet_name,
        header_row=record.header_row,
        headers=record.headers,
        mapping=record.column_mapping,
    )


def import_preview(
    *,
    record: ImportRecord,
    mapping: dict[str, int | None],
    on_progress: Callable[[int, int], None] | None = None,
) -> ImportRecord:
    """Confirm the column mapping and store what applying the file would change."""
    _preview_check(record, mapping)
    record.column_mapping = mapping
    data = _stored_file(record)
    try:
        plan = plan_import(_read(data, mapping, on_progress), partial=record.partial)
    except WorkbookError as error:
        record.status = ImportStatus.FAILED
        record.error = str(error)
        record.save(update_fields=["status", "error", "column_mapping"])
        raise
    _store_preview(record, plan)
    record.status = ImportStatus.PREVIEWED
    record.save()
    return record


def _preview_check(record: ImportRecord, mapping: dict[str, int | None]) -> None:
    if record.status not in (ImportStatus.DRAFT, ImportStatus.PREVIEWED):
        raise ImportRefused(_("This import has already been applied or has failed."))
    missing = [name for name in REQUIRED_COLUMNS if mapping.get(name) is None]
    if missing:
        raise ImportRefused(_("Select a column for the domain and for the indicator."))


def import_preview_queue(
    *,
    record: ImportRecord,
    mapping: dict[str, int | None],
    user: User,
    partial: bool | None = None,
) -> Job:
    """Keep the confirmed columns (and whether the file is a partial update) and queue the job
    that reads the file and makes the preview (or the one already doing it)."""
    _preview_check(record, mapping)
    _refuse_while_busy(record, "toolkit-preview")
    record.column_mapping = mapping
    if partial is not None:
        record.partial = partial
    record.save(update_fields=["column_mapping", "partial"])
    return _queue(record, "toolkit-preview", user, toolkit_preview_run)


# An import that would retire more than this share of the bank's active indicators must be
# confirmed by typing how many it retires.
RETIRE_CONFIRM_SHARE = 0.25


class ConfirmationNeeded(ImportRefused):
    """An apply that retires much of the bank, without the typed confirmation."""


@dataclass(frozen=True)
class Retirements:
    """How many indicators a previewed import retires, how many are active now (those of the
    framework and the starter bank: councils' own are never retired), and whether applying it
    needs the typed confirmation."""

    retired: int
    active: int
    partial: bool

    @property
    def confirmation_needed(self) -> bool:
        return not self.partial and self.retired > RETIRE_CONFIRM_SHARE * self.active


def retirements_for(retired: int, *, partial: bool) -> Retirements:
    """The retirements of an import that would retire `retired` indicators."""
    active = (
        Indicator.objects.exclude(provenance=Provenance.COUNCIL)
        .filter(status=IndicatorStatus.ACTIVE)
        .count()
    )
    return Retirements(retired=retired, active=active, partial=partial)


def retirements(record: ImportRecord) -> Retirements:
    return retirements_for(int((record.counts or {}).get("retired", 0)), partial=record.partial)


def import_apply_queue(*, record: ImportRecord, user: User, confirmation: str = "") -> Job:
    """Queue the job that applies a previewed import (or the one already doing it). One that
    retires more than a quarter of the active indicators needs `confirmation`: the number it
    retires, typed by the admin."""
    _apply_check(record)
    counted = retirements(record)
    if counted.confirmation_needed and confirmation.strip() != str(counted.retired):
        raise ConfirmationNeeded(
            _("Type %(count)s, the number of indicators this import retires, to apply it")
            % {"count": counted.retired}
        )
    return _queue(record, "toolkit-apply", user, toolkit_apply_run)


def _refuse_while_busy(record: ImportRecord, kind: str) -> None:
    """One piece of work on an import at a time: a preview must not rewrite the import while it
    is being applied, nor an apply start on a preview still being made."""
    if record.job is not None:
        current = job_current(record.job)
        if not current.finished and current.kind != kind:
            raise ImportRefused(
                _("Wait until the work in progress on this import has finished, then try again.")
            )


def _queue(record: ImportRecord, kind: str, user: User, task) -> Job:
    _refuse_while_busy(record, kind)
    job, created = job_create(kind=kind, subject=str(record.pk), key=str(record.pk), user=user)
    ImportRecord.objects.filter(pk=record.pk).update(job=job)
    record.job = job
    if created:
        task.enqueue(str(job.pk))
    return job


def _reading_progress(job, rows: int = 0) -> Callable[[int, int], None]:
    """Report rows read as progress: of `rows` when the number is known (an apply: its preview
    counted them), else of what the file declares (an estimate), else of an unknown total."""

    def report(done: int, declared: int) -> None:
        total = max(rows or declared, done)
        if rows:
            stage = _("Read %(done)s of %(total)s rows")
        elif declared:
            stage = _("Read %(done)s of about %(total)s rows")
        else:
            stage, total = _("Read %(done)s rows"), 0
        job_progress(
            job,
            done=done,
            total=total,
            stage=stage % {"done": f"{done:,}", "total": f"{total:,}"},
        )

    return report


@task()
def toolkit_preview_run(job_id: str) -> None:
    """The job that reads an uploaded workbook with its confirmed columns and stores the
    preview; a file that cannot be read fails the import, with the reason."""
    with job_running(job_id) as job:
        if job is None:
            return
        job_progress(job, done=0, total=1, stage=_("Opening the workbook"))
        record = ImportRecord.objects.get(pk=job.subject)
        try:
            import_preview(
                record=record, mapping=record.column_mapping, on_progress=_reading_progress(job)
            )
        except (WorkbookError, ImportRefused) as error:
            raise JobFailed(str(error)) from error


@task()
def toolkit_apply_run(job_id: str) -> None:
    """The job that applies a previewed import (import_apply: one transaction)."""
    with job_running(job_id) as job:
        if job is None:
            return
        job_progress(job, done=0, total=1, stage=_("Opening the workbook"))
        try:
            import_apply(
                import_id=job.subject,
                user=job.requested_by,
                on_progress=_reading_progress(
                    job,
                    rows=int(
                        (ImportRecord.objects.get(pk=job.subject).counts or {}).get("rows_read", 0)
                    ),
                ),
                on_writing=lambda: job_progress(
                    job, done=job.total, total=job.total, stage=_("Applying the changes")
                ),
            )
        except (WorkbookError, ImportRefused) as error:
            raise JobFailed(str(error)) from error


def _store_preview(record: ImportRecord, plan: ImportPlan) -> None:
    record.counts = plan.counts
    record.preview = preview_of(plan, selectors.domain_names())
    record.preview_digest = plan.digest()
    record.rejected_rows = [problem.as_dict() for problem in plan.problems]


def _stored_file(record: ImportRecord) -> bytes:
    data = bytes(ImportRecord.objects.values_list("content", flat=True).get(pk=record.pk))
    if sha256_of(data) != record.sha256:
        raise ImportRefused(
            _("The stored file no longer matches the one uploaded. Upload the workbook again.")
        )
    return data


def _apply_check(record: ImportRecord) -> None:
    if record.status == ImportStatus.APPLIED:
        raise ImportRefused(
            _("This import was applied already. Nothing was changed a second time.")
        )
    if record.status != ImportStatus.PREVIEWED:
        raise ImportRefused(_("Confirm the columns and check the preview before applying."))


def import_apply(
    *,
    import_id: UUID | str,
    user: User | None,
    on_progress: Callable[[int, int], None] | None = None,
    on_writing: Callable[[], None] | None = None,
) -> ImportRecord:
    """Apply a previewed import in one transaction: all of it, or nothing.

    The file is read first, outside the transaction (reading is most of the time, and its
    progress is reported as it goes); what it changes is then worked out against the bank and
    written inside one transaction, with the import's row locked.

    Refused when it was already applied (a replayed POST), when it was not previewed, when the
    stored file's checksum no longer matches, or when the bank changed since the preview (then
    a fresh preview is stored for the admin to check).
    """
    record = ImportRecord.objects.get(pk=import_id)
    _apply_check(record)
    result = _read(_stored_file(record), record.column_mapping, on_progress)
    if on_writing is not None:
        on_writing()
    try:
        with transaction.atomic():
            record = ImportRecord.objects.select_for_update().get(pk=import_id)
            _apply_check(record)
            plan = plan_import(result, partial=record.partial)
            if plan.digest() != record.preview_digest:
                raise PreviewOutOfDate(
                    _(
                        "The indicator bank changed after this preview was made. "
                        "Check the updated preview, then apply it."
                    )
                )
            plan_apply(plan=plan, version=record.toolkit_version, file_name=record.file_name)
            record.status = ImportStatus.APPLIED
            record.applied_by = user
            record.applied_at = timezone.now()
            record.counts = plan.counts
            record.save(update_fields=["status", "applied_by", "applied_at", "counts"])
            _announce(record, plan)
            return record
    except PreviewOutOfDate:
        record = ImportRecord.objects.get(pk=import_id)
        _store_preview(record, plan_import(result, partial=record.partial))
        record.save()
        raise


def toolkit_file_import(
    *,
    data: bytes,
    file_name: str,
    dry_run: bool = False,
    user: User | None = None,
    partial: bool = False,
    guard_retirements: bool = False,
    confirm_retired: int | None = None,
) -> tuple[ImportPlan, ImportRecord | None]:
    """Import a workbook in one step (the command): columns are mapped by header.

    A `partial` update retires nothing. With `guard_retirements` (the command always asks for
    it), as on the pages, an import that retires more than a quarter of the active indicators
    is applied only when `confirm_retired` is the number it retires; otherwise
    ConfirmationNeeded says the number, and nothing changes.

    Raises WorkbookError when the file cannot be imported or a required column is not found.
    """
    workbook = open_workbook(data)
    try:
        layout = find_layout(workbook)
        unresolved = [name for name in REQUIRED_COLUMNS if layout.mapping.get(name) is None]
        if unresolved:
            ambiguous = [name for name in unresolved if name in layout.ambiguous]
            if ambiguous:
                raise WorkbookError(
                    _("More than one column could be the %(field)s column: %(columns)s.")
                    % {
                        "field": str(COLUMNS_BY_NAME[ambiguous[0]].label).lower(),
                        "columns": ", ".join(
                            column_letter(i) for i in layout.ambiguous[ambiguous[0]]
                        ),
                    }
                )
        result = read_rows(workbook, layout, selectors.domain_lookup())
    finally:
        workbook.close()
    plan = plan_import(result, partial=partial)
    if dry_run:
        return plan, None
    counted = retirements_for(plan.counts["retired"], partial=partial)
    if guard_retirements and counted.confirmation_needed and confirm_retired != counted.retired:
        raise ConfirmationNeeded(
            _(
                "This import would retire %(retired)s of the %(active)s active indicators. "
                "Nothing was changed. If that is right, run it again with --confirm-retire "
                "%(retired)s; if the file updates only part of the toolkit, use --partial."
            )
            % {"retired": counted.retired, "active": counted.active}
        )
    digest = sha256_of(data)
    with transaction.atomic():
        record = ImportRecord(
            uploaded_by=user,
            applied_by=user,
            via_command=True,
            file_name=file_name[:255],
            file_size=len(data),
            sha256=digest,
            content=data,
            sheet_name=layout.sheet_name[:100],
            header_row=layout.header_row,
            headers=layout.headers,
            column_mapping=layout.mapping,
            status=ImportStatus.APPLIED,
            applied_at=timezone.now(),
            partial=partial,
        )
        plan_apply(plan=plan, version=record.toolkit_version, file_name=record.file_name)
        _store_preview(record, plan)
        record.save()
        _announce(record, plan)
    return plan, record


REVISIONS_TOLD = ("wording", "domain")  # the changes a plan's people are told of


def _announce(record: ImportRecord, plan: ImportPlan) -> None:
    """Once the import is committed, tell the apps built on the bank which indicators it changed
    (in wording or domain) or retired (domains.signals.indicators_revised)."""
    changed = {
        change.existing["id"]: [name for name in REVISIONS_TOLD if name in change.fields]
        for change in plan.changed
        if any(name in change.fields for name in REVISIONS_TOLD)
    }
    retired = [row["id"] for row in plan.retired]
    if not changed and not retired:
        return
    applied = timezone.localtime(record.applied_at or timezone.now())
    source = _("the toolkit update “%(file)s” of %(date)s") % {
        "file": record.file_name,
        "date": date_format(applied, "j F Y"),
    }
    # Robust: the import is committed by then, so a failure to tell is logged, never reported
    # as a failure of the import.
    transaction.on_commit(
        lambda: indicators_revised.send(
            sender=ImportRecord, changed=changed, retired=retired, source=source
        ),
        robust=True,
    )


def _apply_welsh(plan: ImportPlan) -> None:
    """A Welsh toolkit's plan: the Welsh wording and group of the indicators it matched, and
    their search text (the Welsh wording is searched)."""
    Indicator.objects.bulk_update(
        [
            Indicator(
                id=change.existing["id"],
                **{
                    target: change.fields[target][1]
                    if target in change.fields
                    else change.existing[target]
                    for target in WELSH_FIELDS.values()
                },
            )
            for change in plan.changed
        ],
        list(WELSH_FIELDS.values()),
        batch_size=BATCH_SIZE,
    )
    indicators_from_sources_refresh([change.existing["id"] for change in plan.changed])


def plan_apply(*, plan: ImportPlan, version: str, file_name: str) -> None:
    """Write a plan with bulk queries. Call inside a transaction."""
    if plan.language == "cy":
        _apply_welsh(plan)
        return
    now = timezone.now()
    note = (_("Imported from the Home Office toolkit (%(file)s).") % {"file": file_name})[:300]
    domain_ids = dict(Domain.objects.values_list("number", "id"))

    DataSource.objects.bulk_create(
        [
            DataSource(
                name=source.name,
                **{field: getattr(source, attr) for attr, field in SOURCE_ATTRIBUTES.items()},
            )
            for source in plan.sources_added
        ],
        batch_size=BATCH_SIZE,
    )
    # The file's attributes replace the source's; its Welsh, which translated the old ones,
    # is dropped (the English is shown, marked as English, until there is Welsh again).
    DataSource.objects.bulk_update(
        [
            DataSource(
                id=existing["id"],
                name=existing["name"],
                **{field: getattr(values, attr) for attr, field in SOURCE_ATTRIBUTES.items()},
                **dict.fromkeys(SOURCE_WELSH, ""),
            )
            for existing, values, _differences in plan.sources_changed
        ],
        [*SOURCE_ATTRIBUTES.values(), *SOURCE_WELSH],
        batch_size=BATCH_SIZE,
    )
    # A starter source the toolkit names is the toolkit's now (its attributes as the file says).
    named = {source.name for source in plan.sources_added}
    # (A starter source the file names but does not change keeps its Welsh.)
    named |= {existing["name"] for existing, _values, _differences in plan.sources_changed}
    named |= {source for _target, _text, source in plan.questions_added if source}
    for start in range(0, len(named), BATCH_SIZE):
        DataSource.objects.filter(
            name__in=sorted(named)[start : start + BATCH_SIZE], is_starter=True
        ).update(is_starter=False)

    new_indicators = [
        Indicator(
            domain_id=domain_ids[item.domain],
            code=plan.new_codes[id(item)],
            wording=item.wording,
            group=item.group or "",
            provenance=Provenance.FRAMEWORK,
            provenance_note=note,
            status=IndicatorStatus.ACTIVE,
            toolkit_version=version,
            **{name: name in (item.availability or ()) for name in AVAILABILITY_FIELDS},
        )
        for item in plan.added
    ]
    Indicator.objects.bulk_create(new_indicators, batch_size=BATCH_SIZE)
    if any(indicator.pk is None for indicator in new_indicators):
        # Databases that cannot return ids from a bulk insert: look them up by their codes.
        ids = dict(
            Indicator.objects.filter(code__in=[i.code for i in new_indicators]).values_list(
                "code", "id"
            )
        )
        for indicator in new_indicators:
            indicator.pk = ids[indicator.code]
    new_by_ref = {id(item): ind for item, ind in zip(plan.added, new_indicators, strict=True)}
    for retired_id, item in plan.successors.items():
        Indicator.objects.filter(pk=retired_id).update(successor_id=new_by_ref[id(item)].pk)

    updated = []
    for change in plan.changed:
        existing, item = change.existing, change.incoming
        availability = (
            item.availability
            if item.availability is not None
            else {name for name in AVAILABILITY_FIELDS if existing[name]}
        )
        updated.append(
            Indicator(
                id=existing["id"],
                domain_id=domain_ids[item.domain],
                code=change.fields["code"][1] if "code" in change.fields else existing["code"],
                wording=item.wording,
                group=existing["group"] if item.group is None else item.group,
                provenance=Provenance.FRAMEWORK,
                provenance_note=note,
                status=IndicatorStatus.ACTIVE,
                successor=None,  # in the toolkit again: nothing replaces it
                toolkit_version=version,
                updated_at=now,
                **{name: name in availability for name in AVAILABILITY_FIELDS},
            )
        )
    Indicator.objects.bulk_update(
        updated,
        [
            "domain",
            "code",
            "wording",
            "group",
            "provenance",
            "provenance_note",
            "status",
            "successor",
            "toolkit_version",
            "updated_at",
            *AVAILABILITY_FIELDS,
        ],
        batch_size=BATCH_SIZE,
    )

    # A reworded indicator keeps what it said before, and when, for plans to mark it; its
    # Welsh, a translation of the wording that no longer stands, is dropped (the English is
    # shown, marked as English, until a Welsh one is given).
    Indicator.objects.bulk_update(
        [
            Indicator(
                id=change.existing["id"],
                previous_wording=change.fields["wording"][0],
                reworded_at=now,
                wording_cy="",
            )
            for change in plan.changed
            if "wording" in change.fields
        ],
        ["previous_wording", "reworded_at", "wording_cy"],
        batch_size=BATCH_SIZE,
    )
    regrouped = [change.existing["id"] for change in plan.changed if "group" in change.fields]
    for start in range(0, len(regrouped), BATCH_SIZE):
        Indicator.objects.filter(pk__in=regrouped[start : start + BATCH_SIZE]).update(group_cy="")

    retired_ids = [row["id"] for row in plan.retired]
    for start in range(0, len(retired_ids), BATCH_SIZE):
        Indicator.objects.filter(pk__in=retired_ids[start : start + BATCH_SIZE]).update(
            status=IndicatorStatus.RETIRED, toolkit_version=version, updated_at=now
        )

    removed_ids = [question["id"] for question in plan.questions_removed]
    for start in range(0, len(removed_ids), BATCH_SIZE):
        IndicatorQuestion.objects.filter(pk__in=removed_ids[start : start + BATCH_SIZE]).delete()
    source_ids = {normalise(name): pk for pk, name in DataSource.objects.values_list("id", "name")}
    IndicatorQuestion.objects.bulk_create(
        [
            IndicatorQuestion(
                indicator_id=target if isinstance(target, int) else new_by_ref[id(target)].pk,
                data_source_id=source_ids.get(normalise(source)) if source else None,
                text=text,
            )
            for target, text, source in plan.questions_added
        ],
        batch_size=BATCH_SIZE,
    )
    # What indicators take from their sources and questions: search text, local figures.
    indicators_from_sources_refresh()


# -- The rejected-rows report -------------------------------------------------------------------

PROBLEM_FILL = PatternFill(fill_type="solid", start_color="FFF4C7C3", end_color="FFF4C7C3")
CELL_PREVIEW_LENGTH = 1000


def _cell_text(value) -> str:
    if value is None:
        return ""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if len(text) > CELL_PREVIEW_LENGTH:
        text = text[:CELL_PREVIEW_LENGTH] + "…"
    return text


def rejected_rows_workbook(*, record: ImportRecord) -> bytes:
    """The rejected rows as they were in the file, each problem cell filled in red, with a
    column saying what is wrong; and a second sheet listing every problem."""
    problems_by_row: dict[int, list[dict]] = defaultdict(list)
    for problem in record.rejected_rows:
        problems_by_row[problem["row"]].append(problem)
    headers = list(record.headers)
    output = openpyxl.Workbook(write_only=True)
    rows_sheet = output.create_sheet(_("Rejected rows"))
    bold = Font(bold=True)

    def text_cell(sheet, value, *, fill=None, font=None):
        cell = WriteOnlyCell(sheet, value=_cell_text(value))
        cell.data_type = "s"  # never a formula, whatever the text starts with
        if fill:
            cell.fill = fill
        if font:
            cell.font = font
        return cell

    rows_sheet.append(
        [text_cell(rows_sheet, h, font=bold) for h in [_("Row"), *headers, _("What is wrong")]]
    )
    if problems_by_row:
        data = _stored_file(record)
        workbook = open_workbook(data)
        try:
            sheet = real_extent(workbook[record.sheet_name])
            width = max(len(headers), 1)
            last = max(problems_by_row)
            for number, values in enumerate(
                sheet.iter_rows(
                    min_row=record.header_row + 1, max_row=last, max_col=width, values_only=True
                ),
                start=record.header_row + 1,
            ):
                if number not in problems_by_row:
                    continue
                problems = problems_by_row[number]
                marked = {p["column"] for p in problems if p["column"]}
                cells = [text_cell(rows_sheet, number)]
                for index in range(width):
                    value = values[index] if index < len(values) else None
                    fill = PROBLEM_FILL if column_letter(index) in marked else None
                    cells.append(text_cell(rows_sheet, value, fill=fill))
                cells.append(text_cell(rows_sheet, "; ".join(p["message"] for p in problems)))
                rows_sheet.append(cells)
        finally:
            workbook.close()

    list_sheet = output.create_sheet(_("Problems"))
    list_sheet.append(
        [
            text_cell(list_sheet, h, font=bold)
            for h in [
                _("Sheet"),
                _("Row"),
                _("Column"),
                _("Header"),
                _("What is wrong"),
                _("Value"),
            ]
        ]
    )
    for problem in record.rejected_rows:
        list_sheet.append(
            [
                text_cell(list_sheet, problem[key])
                for key in ("sheet", "row", "column", "header", "message", "value")
            ]
        )
    stream = io.BytesIO()
    output.save(stream)
    return stream.getvalue()
