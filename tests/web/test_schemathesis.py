"""Schemathesis against the live OpenAPI schema of ``chancery serve``'s app, served by a
real uvicorn on 127.0.0.1 (with the Host allow-list that ``serve`` sets): every operation
gets cases drawn from its schema (positive) and from outside it (negative), and no answer
may be a 5xx, undocumented, or unlike its documented schema.

The run is bounded (:data:`CASES` cases per operation and mode: a few hundred in all, well
under a minute); the figures are printed for the record (``pytest -s``).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from hypothesis import HealthCheck, given, settings

import chancery
from chancery.store import ExternalClaim
from chancery.web import create_app
from chancery.web.commands import allowed_hosts, server_options

pytestmark = pytest.mark.sqlite_only("copies the seeded SQLite file for a live server")

schemathesis = pytest.importorskip("schemathesis")

CASES = 20  # per operation and generation mode


@pytest.fixture(scope="module")
def live_url(seeded_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seeded knowledge base plus GDELT claims (one dated 9999-12-31), served by
    uvicorn on a free port of 127.0.0.1 in a thread."""
    db = tmp_path_factory.mktemp("live") / "kb.db"
    shutil.copy(seeded_db, db)
    with chancery.open(db) as kb:
        kb.store.add_external_claims([
            ExternalClaim("gdelt", str(n), "MEET", "RUS", "UKR", "asserted", day, "day", "042")
            for n, day in enumerate(["2025-07-03", "2025-07-04", "9999-12-31"])
        ])
    app = create_app(db, allowed_hosts=allowed_hosts("127.0.0.1", []))
    options = {**server_options(), "log_level": "error"}
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, **options))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def test_schemathesis_finds_no_server_error_and_no_undocumented_answer(live_url: str) -> None:
    schema = schemathesis.openapi.from_url(f"{live_url}/openapi.json")
    raw = httpx.get(f"{live_url}/openapi.json").json()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    statuses: Counter[int] = Counter()
    server_errors: list[str] = []
    for operation in operations:
        modes = [schemathesis.GenerationMode.POSITIVE]
        if raw["paths"][operation.path]["get"].get("parameters"):
            modes.append(schemathesis.GenerationMode.NEGATIVE)  # nothing to break otherwise
        for mode in modes:

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=CASES, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))
            def run(case: schemathesis.Case) -> None:
                response = case.call(base_url=live_url, timeout=30)
                statuses[response.status_code] += 1
                if response.status_code >= 500:
                    server_errors.append(f"{case.method} {response.request.url}: "
                                         f"{response.status_code} {response.text[:200]}")
                    return
                # a URL over the server's limit is refused with 414 before its parameters
                # are read: a rejection, which schemathesis's negative-data check does not
                # list among them (the other checks still apply)
                checks = CHECKS if response.status_code != 414 else CHECKS_WITHOUT_NEGATIVE
                case.validate_response(response, checks=checks)

            run()
    cases = sum(statuses.values())
    print(f"\nschemathesis: {cases} cases over {len(operations)} operations, "
          f"statuses {dict(sorted(statuses.items()))}, {len(server_errors)} 5xx")
    assert not server_errors, server_errors[:5]
    assert cases >= 200 and statuses[200] and statuses[422]


def _checks() -> tuple[list[object], list[object]]:
    """Every check, and every check but negative_data_rejection (for a 414)."""
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        negative_data_rejection,
        response_schema_conformance,
        status_code_conformance,
    )

    conformance = [not_a_server_error, status_code_conformance, content_type_conformance,
                   response_schema_conformance]
    return [*conformance, negative_data_rejection], conformance


CHECKS, CHECKS_WITHOUT_NEGATIVE = _checks()


def test_the_live_server_answers_the_edge_cases_itself(live_url: str) -> None:
    """Through uvicorn, not the test client: a 1M-character URL is a 414 with the
    security headers (it was a connection reset), HEAD / a 200 without a body, and a
    request for another host name (DNS rebinding) a 400."""
    host, port = live_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as raw:
        raw.sendall(f"GET /search?q={'x' * 1_000_000} HTTP/1.1\r\nHost: {host}\r\n"
                    "Connection: close\r\n\r\n".encode())
        answer = b""
        while chunk := raw.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 414"), head[:200]
    assert b"x-content-type-options: nosniff" in head.lower() and b"over the limit" in body
    with httpx.Client(base_url=live_url, timeout=30) as http:
        head_answer = http.head("/")
        assert head_answer.status_code == 200 and head_answer.content == b""
        assert http.get("/", headers={"host": "rebind.example:8000"}).status_code == 400
        assert http.get("/", headers={"host": "localhost:8000"}).status_code == 200
