"""Write Ofsted's Annex A lists 3 to 7 to an Excel workbook, for the first day of an inspection."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from codesets import annex_a
from returns.annex_a import write_annex_a


def inspection_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"'{value}' is not a date. Enter it as YYYY-MM-DD, for example 2026-12-03."
        ) from None


class Command(BaseCommand):
    help = (
        "Write Ofsted's Annex A lists 3 to 7 (referrals, assessments, section 47 enquiries, "
        "children in need, child protection) to an Excel workbook."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", required=True, help="Where to write the workbook, such as annex-a.xlsx."
        )
        parser.add_argument(
            "--date",
            help="The day the inspection starts, as YYYY-MM-DD. The lists look back from it. "
            "Today if left out.",
        )

    def handle(self, *args, output, date, **options):
        today = inspection_date(date) if date else None
        if not output.lower().endswith(".xlsx"):
            raise CommandError(f"'{output}' must end in .xlsx: Ofsted's template is a workbook.")
        try:
            workbook = write_annex_a(output, today=today)
        except OSError as error:
            raise CommandError(f"Could not write '{output}': {error.strerror}.") from None
        self.stdout.write(f"Wrote {output}:")
        for name, _headings, months in annex_a.LISTS:
            rows = workbook[name].max_row - 1
            self.stdout.write(
                f"  {name}: {rows} row{'s' if rows != 1 else ''} (the last {months} months)"
            )
