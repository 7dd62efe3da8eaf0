"""Querysets compiled to SQL once per process, then run again with other primary keys.

Every request loads the signed-in user, and most load a case with what the access rules need to
know about the user. Django builds and compiles each of those querysets afresh, and under load
that Python work cost more than the queries took to run: about 4,000 function calls for the
case and 2,000 for the user, against some 700 to run the SQL and make the objects.

`Prepared` compiles its queryset once for each database, with stand-in values, and each later
call runs that SQL with the caller's values in their place. The rows become model instances as
Django's own ModelIterable makes them: the model's fields, the `select_related` objects and the
annotations; then what the queryset prefetches is fetched for them, as QuerySet does. Only
integers (primary keys) are stood in for: they reach the database unchanged, so nothing a field
would do to a value is skipped. Anything else the queryset holds is fixed at the first compile,
so it must not depend on the request, the time or settings (the database's clock, `Now()`, is
fine: it is read when the query runs).
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import prefetch_related_objects
from django.db.models.query import get_related_populators
from django.db.transaction import TransactionManagementError

# A query compiled for each number of values (a search's results, say) keeps at most this many
# compilations; beyond them it is compiled on each call, as the ORM would.
MOST_KEPT = 64


def _stand_ins(count):
    """Values that are never a primary key (auto fields start at 1), one for each value."""
    return tuple(-7_340_001 - position for position in range(count))


class Prepared:
    """`build(*values)` returns a queryset of one model; `prepared(*values)` returns its rows as
    a list of instances. `build` is called once per database, with stand-ins for the values."""

    def __init__(self, build):
        self.build = build
        self._compiled = {}

    def clear(self):
        """Compile afresh on the next call: what `build` reads has changed. Meant for start-up
        (an AppConfig.ready()), before requests are served: a compile already under way in
        another thread would be kept."""
        self._compiled.clear()

    def __call__(self, *values, using=DEFAULT_DB_ALIAS):
        for value in values:
            if type(value) is not int:
                raise TypeError(f"A prepared query takes integer keys, not {value!r}.")
        connection = connections[using]
        # Django finds nothing for a key too large for the database's integers, without asking.
        smallest, largest = connection.ops.integer_field_range("BigIntegerField")
        if any(not smallest <= value <= largest for value in values):
            return []
        key = (using, connection.vendor, len(values))
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = _Compiled(self.build, len(values), using)
            if len(self._compiled) < MOST_KEPT:
                self._compiled[key] = compiled
        return compiled.run(connection, values)


class _Compiled:
    def __init__(self, build, count, using):
        stand_ins = _stand_ins(count)
        queryset = build(*stand_ins)
        self.compiler = queryset.query.get_compiler(using=using)
        # as_sql() also works out what ModelIterable reads: select, klass_info, the annotations.
        self.sql, params = self.compiler.as_sql()
        self.params = list(params)
        # For each parameter, which value goes there: an index into the caller's values, or None.
        self.slots = [stand_ins.index(p) if p in stand_ins else None for p in self.params]
        for position, stand_in in enumerate(stand_ins):
            if position not in self.slots or str(stand_in) in self.sql:
                raise ImproperlyConfigured(
                    f"{build.__qualname__}: value {position + 1} is not a parameter of its SQL."
                )
        select, klass_info = self.compiler.select, self.compiler.klass_info
        fields = klass_info["select_fields"]
        self.model = klass_info["model"]
        self.model_columns = slice(fields[0], fields[-1] + 1)
        self.init_list = [column[0].target.attname for column in select[self.model_columns]]
        self.related_populators = get_related_populators(klass_info, select, using)
        self.annotations = list(self.compiler.annotation_col_map.items())
        # The database's converters for each column (dates and booleans on SQLite).
        self.converters = self.compiler.get_converters([column[0] for column in select])
        self.using = using
        # What the queryset prefetches, fetched for the instances as QuerySet does.
        self.prefetch = queryset._prefetch_related_lookups
        # Django refuses a row lock outside a transaction when it compiles; so does run().
        features = connections[using].features
        self.for_update = queryset.query.select_for_update and features.has_select_for_update

    def run(self, connection, values):
        if self.for_update and connection.get_autocommit():
            raise TransactionManagementError(
                "select_for_update cannot be used outside of a transaction."
            )
        params = [
            param if slot is None else values[slot]
            for param, slot in zip(self.params, self.slots, strict=True)
        ]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = self._converted(rows, connection)
        instances = []
        for row in rows:
            instance = self.model.from_db(self.using, self.init_list, row[self.model_columns])
            for populator in self.related_populators:
                populator.populate(row, instance)
            for name, column in self.annotations:
                setattr(instance, name, row[column])
            instances.append(instance)
        if self.prefetch and instances:
            prefetch_related_objects(instances, *self.prefetch)
        return instances

    def _converted(self, rows, connection):
        """The rows with the database's converters applied, as the compiler applies them, but
        given this thread's connection rather than the one the query was compiled on."""
        for row in rows:
            row = list(row)
            for position, (converters, expression) in self.converters.items():
                value = row[position]
                for converter in converters:
                    value = converter(value, expression, connection)
                row[position] = value
            yield row
