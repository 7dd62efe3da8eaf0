"""Records retention: which closed cases are past their retention date, and purging them.

A purge removes the case, everything recorded on it, every history row about it, and the people
who appear on no other case. It leaves a PurgeRecord saying that it happened, and the access log
(which holds no case content, and which the database will not let anyone delete).
"""

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cases.models import Case, Person, PurgeRecord, Referral
from history.registry import related_ids, sources, stored_files


def retention_ends(case):
    return case.closed_on + relativedelta(years=settings.RETENTION_YEARS[case.practice_context])


def cases_past_retention(today=None):
    """Closed cases whose retention period ended before today. Never an open one."""
    today = today or timezone.localdate()
    closed = Case.objects.filter(status=Case.Status.CLOSED, closed_on__isnull=False)
    return [case for case in closed.order_by("closed_on") if retention_ends(case) < today]


@transaction.atomic
def purge_case(case):
    """Remove a case past retention, all its records and their history. Returns a PurgeRecord."""
    if case not in cases_past_retention():
        raise ValueError(f"{case.reference} is not past its retention date; nothing was purged.")
    # Work out everything that belongs to the case before any of it goes.
    related = related_ids(case)
    related["person"] = [pk for pk in related["person"] if not _on_another_case(pk, case)]
    history_filters = [(source, source.case_filter(case, related)) for source in sources()]
    referral_ids = [pk for pk in [case.referral_id] if pk] + list(
        case.linked_referrals.values_list("pk", flat=True)
    )
    record = PurgeRecord(
        case_reference=case.reference,
        practice_context=case.practice_context,
        opened_on=case.opened_on,
        closed_on=case.closed_on,
        rows_removed=0,
    )

    removed = 0
    # Files live outside the database: they go while the rows still say where they are.
    for stored in stored_files():
        for row in stored.model.objects.filter(stored.link.q(case, related)):
            getattr(row, stored.field).delete(save=False)
    for source in sources():
        if source.purge_first:
            removed += source.model.objects.filter(source.case_filter(case, related)).delete()[0]
    removed += case.linked_referrals.all().delete()[0]
    removed += case.delete()[0]
    removed += Referral.objects.filter(pk__in=referral_ids).delete()[0]
    removed += Person.objects.filter(pk__in=related["person"]).delete()[0]
    # Last, the history, including the rows the deletions above have just written.
    for source, rows_about_case in history_filters:
        removed += source.history.objects.filter(rows_about_case).delete()[0]
    removed += Referral.history.filter(id__in=referral_ids).delete()[0]
    record.rows_removed = removed
    record.save()
    return record


def _on_another_case(person_pk, case):
    others = Case.objects.exclude(pk=case.pk)
    return others.filter(
        Q(subject_children__child_id=person_pk)
        | Q(family_members__person_id=person_pk)
        | Q(safety_network__person_id=person_pk)
    ).exists()
