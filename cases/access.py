"""Who may see and change a case. Every view asks here; nothing else decides.

| who                                   | level  |
|---------------------------------------|--------|
| manager of the case's team            | MANAGE (read, write, sign off, manager actions) |
| service manager overseeing the team   | MANAGE |
| allocated worker                      | WRITE  |
| social worker in the case's team      | READ   |
| anyone with current break-glass access| READ   |
| partner with an active grant          | PLAN (the current approved plan, on screen and as PDF) |
| administrator, anyone else            | none: 404, never a hint that the case exists |

A restricted case drops everyone not named on it to none. Someone named on it keeps their
level, and has at least READ. Case.objects.visible_to() is the same rule as a query.

A partner also reads the minutes of a finalised meeting on the case that they attended
(meetings.access).
"""

from functools import lru_cache, wraps

from axes.helpers import get_client_ip_address
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.http import Http404

from cases.models import (
    STAFF_ROLES,
    AccessLogEntry,
    BreakGlassAccess,
    Case,
    CaseNamedUser,
    Person,
    Referral,
    User,
    visible_case_ids,
)
from sos_site.prepared import Prepared

NONE, PLAN, READ, WRITE, MANAGE = 0, 1, 2, 3, 4


def access_level(user, case):
    if not (user.is_authenticated and user.is_active):
        return NONE
    if user.is_partner:
        invited = _fact(case, "user_invited", lambda: _invited(user).filter(pk=case.pk))
        return PLAN if invited else NONE
    if user.role not in STAFF_ROLES:
        return NONE
    named = case.restricted and _fact(case, "user_named", lambda: _named(user).filter(case=case))
    if case.restricted and not named:
        return READ if has_break_glass(user, case) else NONE
    if user.manages(case.team_id):
        return MANAGE
    if case.allocated_worker_id == user.pk:
        return WRITE
    if (user.is_social_worker and case.team_id == user.team_id) or named:
        return READ
    return READ if has_break_glass(user, case) else NONE


def cases_writable_by(user):
    """The cases this user may change: access_level(user, case) >= WRITE, as a query.

    Emergency access only ever lets someone read, so it plays no part here."""
    if not (user.is_authenticated and user.is_active) or user.role not in STAFF_ROLES:
        return Case.objects.none()
    named = CaseNamedUser.objects.filter(case=OuterRef("pk"), user=user)
    return Case.objects.filter(
        Q(team__in=user.managed_team_ids) | Q(allocated_worker=user),
        Q(restricted=False) | Exists(named),
    )


def people_visible_to(user):
    """Everyone on a case this user may read: the only people a page may name to them, such as
    the likely duplicates of someone being added."""
    visible = visible_case_ids(user)
    first, *rest = [
        model.objects.filter(case__in=visible).order_by().values(f"{field}_id")
        for model, field in Case.person_tables()
    ]
    return Person.objects.filter(pk__in=first.union(*rest))


def has_break_glass(user, case):
    return _fact(case, "user_break_glass", lambda: _break_glass(user).filter(case=case))


def _named(user):
    return CaseNamedUser.objects.filter(user=user)


def _break_glass(user):
    return BreakGlassAccess.objects.current().filter(user=user)


def _invited(user):
    return Case.objects.invited(user)


def _fact(case, name, query):
    """What access_level asks about the user and the case: read from the case where
    with_access_facts() fetched it with the case, else asked now."""
    known = getattr(case, name, None)
    return query().exists() if known is None else known


def with_access_facts(records, user, case="pk"):
    """Fetch, in the same query as the case (or as a record on it, through `case`), everything
    access_level needs to know about this user. Every decision then costs one query, whatever
    the case: a restricted case is refused no slower than a case that does not exist, so the
    time a refusal takes says nothing about what is behind it."""
    if not user.is_authenticated:
        return records
    if user.is_partner:
        return records.annotate(user_invited=Exists(_invited(user).filter(pk=OuterRef(case))))
    return _staff_facts(records, user.pk, case)


def _staff_facts(records, user_pk, case):
    named, break_glass = _facts_sql(user_pk, connection.vendor)
    return records.annotate(
        user_named=_among(case, named), user_break_glass=_among(case, break_glass)
    )


def _among(case, ids):
    """Whether the record's case is one of `ids`, an SQL query and its parameters."""
    # The SQL is the ORM's own, from _facts_sql(), its parameters apart: nothing is pasted in.
    within = Q(**{f"{case}__in": RawSQL(*ids)})  # noqa: S611  # nosec B611
    return ExpressionWrapper(within, output_field=BooleanField())


@lru_cache(maxsize=4096)
def _facts_sql(user_pk, vendor):
    """The cases this user is named on, and those they have emergency access to now, as SQL:
    built once per process for each user (and database), as visible_case_ids() is. Nothing but
    the user goes into either query; the time is the database's own."""
    return (
        _named(user_pk).order_by().values("case_id").query.sql_with_params(),
        _break_glass(user_pk).order_by().values("case_id").query.sql_with_params(),
    )


def log_break_glass_refused(request, *, case, reference):
    """A refused request for emergency access, with the reference as it was typed: the case's id
    only when the user could already read it, so the log says nothing more than they saw."""
    log_entry(
        request,
        case_id=case.pk if case else None,
        case_reference=reference[:20],
        action="use emergency access",
        allowed=False,
    ).save()


class CaseAccessDenied(Exception):
    """Raised by get_case_for_user. The log entry is written by CaseAccessLogMiddleware once the
    request's transaction has rolled back, so the refusal is kept even though the request failed."""

    def __init__(self, request, *, case_id, case_reference, action):
        super().__init__(action)
        self.log_entry = log_entry(
            request, case_id=case_id, case_reference=case_reference, action=action, allowed=False
        )


class CaseNotFound(CaseAccessDenied, Http404):
    pass


class CaseReadOnly(CaseAccessDenied, PermissionDenied):
    pass


def get_case_for_user(request, pk, *, need=READ, action="view the case"):
    """The case, if the user may do what the view does; otherwise 404 (cannot see it) or 403
    (can see but not change it). Either way the access log records the attempt.

    A partner's PLAN level is below READ, so to them anything but the plan is a 404."""
    user = request.user
    if user.is_authenticated and not user.is_partner:
        # A record that does not exist has no case (pk None): the query still runs, for no
        # case (0), so that a refusal costs the same whatever the reason.
        case = next(iter(_staff_case(pk or 0, user.pk)), None)
    else:
        cases = Case.objects.select_related("team", "allocated_worker")
        case = with_access_facts(cases, user).filter(pk=pk).first()
    return check_access(request, case, need=need, action=action, partner_may_see=need <= PLAN)


@Prepared
def _staff_case(pk, user_pk):
    """The case with its team, allocated worker and this staff member's access facts, compiled
    once per process (sos_site.prepared): every page about a case starts here. A partner's
    facts read today's date in Python, so their case is built afresh each time.

    It also counts the partner grants recorded on the case, which a manager's case page gives
    beside its link to them: read with the case, a manager's page costs no more queries than a
    worker's."""
    cases = (
        Case.objects.select_related("team", "allocated_worker")
        .filter(pk=pk)
        .with_partner_grants_recorded()
    )
    return _staff_facts(cases, user_pk, "pk")


def get_on_case_for_user(request, records, pk, *, need, action, partner_may_see, log_allowed=True):
    """A record on a case (a plan, a meeting), if the user may do this to its case, decided and
    logged by check_access. `partner_may_see` is a function of the record."""
    record = with_access_facts(records.select_related("case"), request.user, case="case")
    record = record.filter(pk=pk).first()
    for fact in ["user_invited", "user_named", "user_break_glass"]:
        if record is not None and hasattr(record, fact):
            setattr(record.case, fact, getattr(record, fact))
    check_access(
        request,
        record.case if record else None,
        need=need,
        action=action,
        partner_may_see=lambda: partner_may_see(record),
        log_allowed=log_allowed,
    )
    return record


def check_access(request, case, *, need, action, partner_may_see, log_allowed=True):
    """The one decision for a case and for anything on it, logged either way: 404 to whoever
    may not see it, 403 to staff who may see but not do this, else the case `with_access`.
    A view that logs what it allowed once it knows what happened passes log_allowed=False.

    A partner with an active grant sees only what `partner_may_see` allows, a bool or a
    function asked only for partners (it may cost a query); anything else is 404 to them."""
    level = access_level(request.user, case) if case else NONE
    details = {
        "case_id": case.pk if case else None,
        "case_reference": case.reference if case else "",
    }
    if level == PLAN and callable(partner_may_see):
        partner_may_see = partner_may_see()
    # A partner reads at most; whatever a caller allows them, they never change anything.
    if level == NONE or (level == PLAN and (need > READ or not partner_may_see)):
        raise CaseNotFound(request, action=action, **details)
    if PLAN < level < need:
        raise CaseReadOnly(request, action=action, **details)
    if log_allowed:
        # Written by CaseAccessLogMiddleware once the view has answered, so that the row says
        # what came of it: done, only looked at, or refused after all (another case's record).
        request.case_access = log_entry(request, action=action, allowed=True, **details)
    return with_access(case, level)


def with_access(case, level):
    """Note on the case what this user may do with it, worked out once for views and
    templates: `access`, the level, and `can_change`, whether they may change it now (they
    may write to it, and it is open)."""
    case.access = level
    case.can_change = level >= WRITE and not case.is_closed
    return case


def log_entry(request, *, case_id, case_reference, action, allowed):
    return AccessLogEntry(
        user_id=request.user.pk,
        case_id=case_id,
        case_reference=case_reference,
        action=action,
        allowed=allowed,
        ip_address=get_client_ip_address(request),
        path=request.path[:500],
        method=request.method or "",
    )


def log_case_access(request, case, action):
    """For views that reach a case another way (search results, break-glass)."""
    log_entry(
        request, case_id=case.pk, case_reference=case.reference, action=action, allowed=True
    ).save()


def log_search_results(request, cases):
    """A search shows that cases exist and whom they are about: each one shown is logged."""
    # The access log keeps no history of its own: its rows are never changed.
    AccessLogEntry.objects.bulk_create(  # nosemgrep: no-bulk-writes-on-tracked-models
        log_entry(
            request,
            case_id=case.pk,
            case_reference=case.reference,
            action="see the case in search results",
            allowed=True,
        )
        for case in cases
    )


def role_required(*roles):
    """Only these roles may use the page; anyone else signed in gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.user.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


staff_required = role_required(*STAFF_ROLES)
# Opening a case or recording a referral puts it in the person's own team; a service manager
# oversees teams but belongs to none.
team_staff_required = role_required(User.Role.SOCIAL_WORKER, User.Role.MANAGER)
manager_required = role_required(User.Role.MANAGER, User.Role.SERVICE_MANAGER)
# Information governance: reading the access log across teams, and subject access requests.
governance_required = role_required(User.Role.ADMIN, User.Role.AUDITOR)


def referrals_for_manager(user):
    """The referrals sent to the teams this user manages, less any that led to a restricted
    case they are not named on: its reference, and the referral itself, would say what the
    case is about."""
    hidden_cases = Case.objects.filter(restricted=True).exclude(named_users__user=user)
    led_to_hidden = hidden_cases.filter(Q(pk=OuterRef("linked_case")) | Q(referral=OuterRef("pk")))
    return Referral.objects.filter(~Exists(led_to_hidden), team__in=user.managed_team_ids)


def get_referral_for_manager(request, pk):
    """A referral waits for the managers of the team it was sent to, and the team's service
    managers; to anyone else, and to those not named on the restricted case it led to, it is
    404."""
    referrals = referrals_for_manager(request.user).select_related("team", "recorded_by")
    referral = referrals.filter(pk=pk).first()
    if referral is None:
        raise Http404
    return referral
