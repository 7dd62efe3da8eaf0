"""The demo's statutory visits (used by seed_demo): the Reid children were seen last week, so
their next visit is due soon; Jordan was last seen six weeks ago, so his visit is overdue on
Alex's and Casey's dashboards."""

import datetime

from django.utils import timezone

from cases.models import Case
from visits.models import Visit

# By child's first name: working days ago (roughly), seen, seen alone, bedroom seen.
VISITS = {
    "Leo": [(25, True, False, True), (6, True, True, True)],
    "Ava": [(25, True, False, True), (6, True, False, True)],
    "Jordan": [(42, True, True, None)],
    "Ella": [(8, True, True, None)],
}


def seed_visits(users):
    today = timezone.localdate()
    for case in Case.objects.prefetch_related("children").select_related("allocated_worker"):
        if case.visits.exists():
            continue
        for child in case.children.all():
            for days_ago, seen, alone, bedroom in VISITS.get(child.first_name, []):
                visit = Visit(
                    case=case,
                    child=child,
                    visited_on=max(case.opened_on, today - datetime.timedelta(days=days_ago)),
                    child_seen=seen,
                    seen_alone=alone,
                    bedroom_seen=bedroom,
                    recorded_by=case.allocated_worker,
                )
                visit._history_user = case.allocated_worker
                visit.save()
