"""Every URL, every role, GET and POST: the exact status each one gets.

The roles: the allocated worker (Sam), a worker in the same team (Jo), the team manager
(Morgan), a worker in another team (Alex), a partner with a grant on the case (Pat), a partner
without one (Kim), and someone not signed in.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

ROLES = ["allocated", "same_team", "manager", "other_team", "partner", "partner_no_grant", "anon"]
USERS = {
    "allocated": "sam",
    "same_team": "jo",
    "manager": "morgan",
    "other_team": "alex",
    "partner": "pat",
    "partner_no_grant": "kim",
}

# Expected statuses in ROLES order. 302 is the sign-in redirect; a 200 on POST is the form
# shown again with its errors, because the matrix posts nothing.
READ_CASE = (200, 200, 200, 404, 404, 404, 302)
WRITE_CASE = (200, 403, 200, 404, 404, 404, 302)
MANAGE_CASE = (403, 403, 200, 404, 404, 404, 302)
STAFF_PAGE = (200, 200, 200, 200, 403, 403, 302)
MANAGER_PAGE = (403, 403, 200, 403, 403, 403, 302)
EVERYONE = (200, 200, 200, 200, 200, 200, 302)
GET_ONLY = (405,) * 7

# name: (URL kwargs to build from fixtures, GET statuses, POST statuses)
MATRIX = {
    "home": ({}, EVERYONE, GET_ONLY),
    "search": ({}, STAFF_PAGE, GET_ONLY),
    "break_glass": ({}, STAFF_PAGE, STAFF_PAGE),
    "case_open": ({}, STAFF_PAGE, STAFF_PAGE),
    "referral_new": ({}, STAFF_PAGE, STAFF_PAGE),
    "referral_queue": ({}, MANAGER_PAGE, GET_ONLY),
    "referral_detail": ({"pk": "referral"}, MANAGER_PAGE, MANAGER_PAGE),
    "case_detail": ({"pk": "case"}, READ_CASE, GET_ONLY),
    "child_add": ({"pk": "case"}, WRITE_CASE, WRITE_CASE),
    "family_member_add": ({"pk": "case"}, WRITE_CASE, WRITE_CASE),
    "person_edit": ({"pk": "case", "person_pk": "chloe"}, WRITE_CASE, WRITE_CASE),
    "network_add": ({"pk": "case"}, WRITE_CASE, WRITE_CASE),
    "network_edit": ({"pk": "case", "member_pk": "network_member"}, WRITE_CASE, WRITE_CASE),
    "network_end": ({"pk": "case", "member_pk": "network_member"}, WRITE_CASE, WRITE_CASE),
    "case_allocate": ({"pk": "case"}, MANAGE_CASE, MANAGE_CASE),
    "case_close": ({"pk": "case"}, MANAGE_CASE, MANAGE_CASE),
    "case_reopen": ({"pk": "case"}, MANAGE_CASE, MANAGE_CASE),
    "case_restrict": ({"pk": "case"}, MANAGE_CASE, MANAGE_CASE),
    "partner_access": ({"pk": "case"}, MANAGE_CASE, MANAGE_CASE),
    "partner_revoke": ({"pk": "case", "grant_pk": "pat_grant"}, MANAGE_CASE, MANAGE_CASE),
}


@pytest.fixture
def world(request, sam, jo, morgan, alex, pat, kim, reid_case, chloe, network_member, pat_grant):
    referral = request.getfixturevalue("north_referral")
    objects = {
        "case": reid_case.pk,
        "chloe": chloe.person.pk,
        "network_member": network_member.pk,
        "pat_grant": pat_grant.pk,
        "referral": referral.pk,
    }
    users = {"sam": sam, "jo": jo, "morgan": morgan, "alex": alex, "pat": pat, "kim": kim}
    return objects, users


def url_for(name, world):
    objects, _ = world
    kwargs_spec = MATRIX[name][0]
    return reverse(name, kwargs={key: objects[value] for key, value in kwargs_spec.items()})


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_every_role_gets_the_status_it_deserves(client, world, name, method):
    _, users = world
    url = url_for(name, world)
    expected = MATRIX[name][1 if method == "get" else 2]

    actual = []
    for role in ROLES:
        client.logout()
        if role != "anon":
            client.force_login(users[USERS[role]])
        actual.append(getattr(client, method)(url).status_code)

    assert dict(zip(ROLES, actual, strict=True)) == dict(zip(ROLES, expected, strict=True))


def project_url_names(patterns=None, prefix=""):
    """Every named URL in the project, except the admin site's, with its route."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from project_url_names(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield pattern.name, prefix + str(pattern.pattern)


def test_the_matrix_covers_every_url_that_takes_an_object_id():
    with_ids = {name for name, route in project_url_names() if "<" in route}

    assert with_ids, "the project should have URLs that take an id"
    assert with_ids - set(MATRIX) == set()


def test_every_page_url_is_in_the_matrix_or_deliberately_public():
    public = {"login", "logout", "healthz"}

    assert {name for name, _ in project_url_names()} - set(MATRIX) - public == set()
