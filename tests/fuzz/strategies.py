"""Hypothesis strategies shared by the fuzz tests: JSON-like values, values that look like what a
field holds (dates at and beyond the bounds, ids and paths, NaN, huge numbers), and records of
every model with the right keys."""

from __future__ import annotations

import datetime as dt
import os
import typing
from typing import Any, Literal

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from pydantic import BaseModel

# Fast enough for CI (the whole fuzz folder runs in well under a minute), varied enough to find a
# class of input: no deadline (a slow CI machine is not a failure), no example database in the
# checkout. SMTTE_FUZZ_EXAMPLES=5000 runs a deep search by hand. The autouse fixture that isolates
# the user's folders is function-scoped on purpose: its folders and environment serve every
# example of a test alike.
EXAMPLES = int(os.environ.get("SMTTE_FUZZ_EXAMPLES", "50"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

json_scalars = st.none() | st.booleans() | st.integers() | st.integers(min_value=10**300, max_value=10**400) | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=20)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)

EDGE_VALUES = [
    "",
    " ",
    "2026-11-25",
    "25.11.2026",
    "9999-12-31",
    "0001-01-01",
    "1900-01-01",
    "2199-12-31",
    "2200-01-01",
    "2026-11-25T10:00:00+01:00",
    "9999-12-31T23:59:59+00:00",
    "0001-01-01T00:00:00",
    "2026-11-25T10:00:00",
    "../../x",
    "/etc/passwd",
    "C:\\Windows",
    "..",
    "a" * 64,
    "a" * 65,
    "t0123456789ab",
    "[/link]",
    "NaN",
    "inf",
    "ja_nej",
    "antal",
    "skala_1_5",
    "minutter",
    "dag",
    "aften",
    "nat",
    "op",
    "ned",
    "sum",
    "gennemsnit",
    "kladde",
    "aktiv",
    "afsluttet",
    "planlagt",
    "adopt",
    "adapt",
    "abandon",
    "fortsaet",
    "juster",
    "afslut",
    "opfoelgning",
    "status",
    "evaluering",
    "medarbejder",
    "tovholder",
    "leder",
    "MA",
    "Anna",
    "-2",
    "2",
    True,
    False,
    0,
    1,
    5,
    -1,
    1440,
    1441,
    10**6,
    10**6 + 1,
    10**400,
    0.5,
    -0.0,
    1e308,
    float("nan"),
    float("inf"),
]
plausible = (
    st.sampled_from(EDGE_VALUES)
    | st.dates().map(dt.date.isoformat)
    | st.datetimes(timezones=st.none() | st.just(dt.UTC)).map(dt.datetime.isoformat)
    | st.uuids().map(lambda u: u.hex)
    | st.integers(min_value=-3, max_value=2000)
    | st.floats(min_value=-2, max_value=2000)
)


def _parts(annotation: Any) -> tuple[list[type[BaseModel]], list[Any]]:
    """The models and the literal values an annotation names, anywhere inside it."""
    models: list[type[BaseModel]] = []
    literals: list[Any] = []
    stack = [annotation]
    while stack:
        item = stack.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            models.append(item)
        elif typing.get_origin(item) is Literal:
            literals.extend(typing.get_args(item))
        else:
            stack.extend(typing.get_args(item))  # unions, lists, dicts, Annotated
    return models, literals


def field_values(annotation: Any, depth: int) -> st.SearchStrategy[Any]:
    """Values for one field: random JSON, edge values, its literals, or records of its models."""
    models, literals = _parts(annotation)
    options = [json_values, plausible]
    if literals:
        options.append(st.sampled_from(literals))
    if models and depth < 2:
        records = st.one_of([model_records(model, depth + 1) for model in models])
        options += [records, st.lists(records, max_size=3)]
    if "dict[" in str(annotation):
        options.append(st.dictionaries(st.sampled_from(["-2", "-1", "0", "1", "2", "3"]), st.text(max_size=10), max_size=3))
    return st.one_of(options)


def model_records(model: type[BaseModel], depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    """Dicts with ``model``'s keys (any of them missing), each value from :func:`field_values`."""
    return st.fixed_dictionaries({}, optional={name: st.deferred(lambda f=field: field_values(f.annotation, depth)) for name, field in model.model_fields.items()})
