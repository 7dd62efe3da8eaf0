"""SQL text built from the models' own table and column names, quoted by the database backend.

The timeline and the registry's links write a little SQL by hand (see history/timeline.py for
why). Only names quoted here and constants go into that text; every value stays a parameter.
"""

import functools

from django.db import connection


@functools.cache
def quoted(model, field_name=None):
    """A model's table, or the column behind one of its fields, quoted for the database."""
    name = model._meta.db_table if field_name is None else model._meta.get_field(field_name).column
    return connection.ops.quote_name(name)


def select(model, columns, where):
    """SELECT from a model's table. Only names quoted by quoted() and constants go into the
    text; every value stays a %s parameter."""
    return f"SELECT {columns} FROM {quoted(model)} WHERE {where}"  # noqa: S608  # nosec B608


def distinct(column, subquery):
    """The distinct values of one column of a query built as above."""
    return f"SELECT DISTINCT {column} FROM ({subquery}) AS rows"  # noqa: S608  # nosec B608
