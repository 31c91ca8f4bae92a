"""Property-based test of the API against its own OpenAPI document (schemathesis over hypothesis).

Every operation in ``/api/openapi.json`` is called with generated parameters, valid and invalid;
each answer must not be a server error, must use a status code and content type the document
declares for it, and a JSON body must match the declared schema (the library's result models, or
``ErrorBody``). Examples are bounded and derandomised so the run is repeatable and takes about a
minute on the example store.
"""

from __future__ import annotations

from typing import Any

import schemathesis  # a test dependency: missing, the run fails rather than skips
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, response_schema_conformance, status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 8    # per operation; ~20 operations
SLOW = {"GET /api/changes": 3,   # a diff between two dates computes the graph twice over
        "GET /api/plan": 3}      # a planning pack: a diff, the questions on both dates, protocol drafts
TIMEOUT = 300   # seconds per request: a national network or diff on a loaded machine is slow, not wrong


def test_every_operation_answers_within_its_schema(example_app: FastAPI) -> None:
    # Driven through hypothesis directly rather than schemathesis's pytest plugin, which does not
    # run under the pytest this project pins (it reads a private attribute pytest 9 removed).
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", example_app)
    failures: dict[str, str] = {}
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=SLOW.get(operation.label, EXAMPLES), deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
        def run(case: Any) -> None:
            case.call_and_validate(checks=CHECKS, timeout=TIMEOUT)

        try:
            run()
        except Exception as e:  # noqa: BLE001 - gathered and reported per operation below
            inner = getattr(e, "exceptions", None) or [e.__cause__ or e]
            failures[operation.label] = (str(e) + "\n" + "\n".join(f"{type(x).__name__}: {x}" for x in inner))[:3000]
    assert operations >= 18
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
