"""List closed cases past their retention date, and purge them once confirmed."""

from django.core.management.base import BaseCommand, CommandError

from history.retention import cases_past_retention, purge_case, retention_ends


class Command(BaseCommand):
    help = (
        "List closed cases past their retention date (SOS_RETENTION_YEARS). With --purge, and "
        "after confirmation, remove them and their history, leaving a record of the purge."
    )

    def add_arguments(self, parser):
        parser.add_argument("--purge", action="store_true", help="Remove the cases listed.")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask for confirmation (for scheduled runs)."
        )

    def handle(self, *args, purge, yes, **options):
        due = cases_past_retention()
        if not due:
            self.stdout.write("No cases are past their retention date.")
            return
        self.stdout.write(f"{len(due)} case{'s' if len(due) != 1 else ''} past retention:")
        for case in due:
            self.stdout.write(
                f"  {case.reference}  {case.get_practice_context_display():<18} closed "
                f"{case.closed_on:%-d %b %Y}, kept until {retention_ends(case):%-d %b %Y}"
            )
        if not purge:
            self.stdout.write("Nothing was removed. Run again with --purge to remove them.")
            return
        if not yes:
            answer = input(f"Type PURGE to remove these {len(due)} cases for ever: ")
            if answer.strip() != "PURGE":
                raise CommandError("Not confirmed: nothing was removed.")
        for case in due:
            record = purge_case(case)
            self.stdout.write(f"Purged {record.case_reference}: {record.rows_removed} rows.")
