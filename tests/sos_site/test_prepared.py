import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.db.transaction import TransactionManagementError

from cases.models import Case, Team
from sos_site import prepared as prepared_module
from sos_site.prepared import Prepared
from tests.factories import CaseFactory, TeamFactory


def cases_with_team_and_children(pk):
    cases = Case.objects.select_related("team", "allocated_worker").filter(pk=pk)
    in_north = ExpressionWrapper(Q(team__name="North"), output_field=BooleanField())
    return cases.annotate(children_count=Count("children"), in_north=in_north)


@pytest.mark.django_db
def test_rows_become_the_same_instances_the_orm_makes(reid_case, django_assert_num_queries):
    prepared = Prepared(cases_with_team_and_children)
    with django_assert_num_queries(1):
        (case,) = prepared(reid_case.pk)
        # The select_related objects came with the row: reading them costs no query.
        assert case.team.name == "North"
        assert case.allocated_worker.username == "sam"
    expected = cases_with_team_and_children(reid_case.pk).get()
    assert case == expected
    assert case.reference == expected.reference
    assert case.children_count == expected.children_count == 1
    assert case.opened_on == expected.opened_on
    # The database's converters ran: a boolean, where SQLite answers 1.
    assert case.in_north is True


@pytest.mark.django_db
def test_each_call_runs_the_sql_with_its_own_values_and_sees_changes(reid_case, alex):
    prepared = Prepared(cases_with_team_and_children)
    other = CaseFactory(team=alex.team, allocated_worker=alex)
    assert [case.pk for case in prepared(reid_case.pk)] == [reid_case.pk]
    assert [case.pk for case in prepared(other.pk)] == [other.pk]
    assert prepared(0) == []
    Team.objects.filter(pk=reid_case.team_id).update(name="North East")
    assert prepared(reid_case.pk)[0].team.name == "North East"


def counting_builds():
    """A Prepared whose build notes each value it is built with, and that list."""
    built = []

    def build(pk):
        built.append(pk)
        return Case.objects.filter(pk=pk)

    return Prepared(build), built


@pytest.mark.django_db
def test_the_queryset_is_built_once(reid_case):
    prepared, built = counting_builds()
    for _ in range(3):
        assert prepared(reid_case.pk)[0].pk == reid_case.pk
    assert len(built) == 1
    assert built[0] < 0  # a stand-in, never a real key


@pytest.mark.django_db
def test_a_value_that_is_not_an_integer_is_refused(reid_case):
    prepared = Prepared(cases_with_team_and_children)
    with pytest.raises(TypeError, match="integer keys"):
        prepared(str(reid_case.pk))


@pytest.mark.django_db
def test_a_value_the_sql_does_not_take_as_a_parameter_is_refused():
    # The value is ignored, so every call would have run the first call's query.
    prepared = Prepared(lambda pk: Case.objects.filter(pk=1))
    with pytest.raises(ImproperlyConfigured, match="value 1 is not a parameter"):
        prepared(5)


@pytest.mark.django_db
def test_what_the_queryset_prefetches_comes_with_the_rows(reid_case, django_assert_num_queries):
    prepared = Prepared(lambda pk: Case.objects.filter(pk=pk).prefetch_related("children"))
    with django_assert_num_queries(2):
        (case,) = prepared(reid_case.pk)
        assert [child.first_name for child in case.children.all()] == ["Leo"]
    with django_assert_num_queries(1):
        assert prepared(0) == []  # nothing to prefetch for


@pytest.mark.django_db
def test_cleared_it_builds_and_compiles_again(reid_case):
    prepared, built = counting_builds()
    prepared(reid_case.pk)
    prepared.clear()
    prepared(reid_case.pk)
    assert len(built) == 2


@pytest.mark.django_db(transaction=True)
def test_a_row_lock_outside_a_transaction_is_refused_on_every_call_as_django_refuses_it(
    reid_case,
):
    prepared = Prepared(lambda pk: Case.objects.select_for_update().filter(pk=pk))
    with transaction.atomic():
        assert prepared(reid_case.pk)[0].pk == reid_case.pk  # compiled inside one
    if connection.features.has_select_for_update:
        with pytest.raises(TransactionManagementError, match="outside of a transaction"):
            Case.objects.select_for_update().get(pk=reid_case.pk)
        with pytest.raises(TransactionManagementError, match="outside of a transaction"):
            prepared(reid_case.pk)
    else:
        # SQLite takes no row locks, and Django refuses nothing: nor does a prepared query.
        assert Case.objects.select_for_update().get(pk=reid_case.pk) == reid_case
        assert prepared(reid_case.pk) == [reid_case]


@pytest.mark.django_db
def test_any_number_of_values_each_reaches_the_sql():
    cases = [CaseFactory(team=TeamFactory(name=f"Team {number}")) for number in range(6)]
    prepared = Prepared(lambda *teams: Case.objects.filter(team__in=teams).order_by("pk"))

    found = prepared(*(case.team_id for case in cases))

    assert found == cases
    assert prepared(cases[5].team_id) == [cases[5]]


@pytest.mark.django_db
def test_beyond_the_compilations_it_keeps_each_call_compiles_and_still_finds(
    reid_case, monkeypatch
):
    monkeypatch.setattr(prepared_module, "MOST_KEPT", 2)
    built = []

    def build(*pks):
        built.append(len(pks))
        return Case.objects.filter(pk__in=pks)

    prepared = Prepared(build)
    for count in (1, 2, 3, 3, 1):
        assert prepared(reid_case.pk, *[0] * (count - 1)) == [reid_case]
    # One and two values were kept; three values were compiled on both calls.
    assert built == [1, 2, 3, 3]


@pytest.mark.django_db
def test_a_key_too_large_for_the_database_finds_nothing_as_django_does(reid_case):
    prepared = Prepared(lambda pk: Case.objects.filter(pk=pk))
    too_large = 2**63

    assert list(Case.objects.filter(pk=too_large)) == []
    assert prepared(too_large) == []
    assert prepared(-too_large - 1) == []
    assert prepared(reid_case.pk) == [reid_case]
