"""Write the Children in Need census return, and optionally check it with the DfE's rules.

python manage.py cin_census --year 2027 --output cin-2027.xml [--check]
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from codesets import cin_census
from returns.checks import ValidatorUnavailable, check_census
from returns.cin_census import build_census


def census_year(value):
    """The year the collection ends. The code lists are the 2026 to 2027 census's only."""
    try:
        year = int(value)
    except ValueError:
        year = None
    if year != cin_census.SPECIFICATION_YEAR:
        first = cin_census.SPECIFICATION_YEAR - 1
        raise CommandError(
            f"--year {value!r} is not a census this service can write. Enter the year the "
            f"collection ends: {cin_census.SPECIFICATION_YEAR} for {first} to "
            f"{cin_census.SPECIFICATION_YEAR}."
        )
    return year


class Command(BaseCommand):
    help = "Write the Children in Need census XML for a collection year."

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", required=True, help="The year the collection ends, such as 2027."
        )
        parser.add_argument("--output", required=True, help="Where to write the XML file.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Run the Department for Education's rules on it; fails if any error is found.",
        )

    def handle(self, *args, year, output, check, **options):
        year = census_year(year)
        export = build_census(year)
        path = Path(output)
        try:
            path.write_bytes(export.xml)
        except OSError as error:
            raise CommandError(f"Could not write {path}: {error.strerror}.") from error
        self.stdout.write(f"Wrote the {year} census for {len(export.links)} children to {path}.")
        if not check:
            return
        try:
            result = check_census(export.xml)
        except ValidatorUnavailable as error:
            raise CommandError(str(error)) from error
        for failure in result.errors + result.queries:
            where = f"child {failure.la_child_id}" if failure.la_child_id else "the return"
            parts = [f"{failure.kind} {failure.rule_code}", where, failure.field]
            link = export.links.get(failure.la_child_id, "")
            self.stdout.write(
                f"{', '.join(p for p in parts if p)}: {failure.message} {link}".rstrip()
            )
        for crash in result.crashed_rules:
            self.stdout.write(f"rule {crash.rule_code} could not run: {crash.error}")
        summary = (
            f"{len(result.errors)} errors, {len(result.queries)} queries, "
            f"{len(result.crashed_rules)} rules that could not run."
        )
        if not result.passed:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
