"""SPARQL Update: off unless a token is configured, and then only for that bearer token."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask

from security.conftest import TOKEN

INSERT = "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _count(app: Flask) -> int:
    answer = app.test_client().get("/sparql", query_string={"query": COUNT})
    return int(answer.get_json(force=True)["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("authorization", [None, f"Bearer {TOKEN}", "Bearer", ""])
def test_without_a_configured_token_every_update_is_403(
    read_only_app: Flask, authorization: str | None
) -> None:
    client = read_only_app.test_client()
    headers = {"Authorization": authorization} if authorization is not None else {}
    before = _count(read_only_app)
    for update in ("DROP ALL", INSERT, "CLEAR DEFAULT"):
        form = client.post("/sparql", data={"update": update}, headers=headers)
        direct = client.post(
            "/sparql", data=update, headers=headers, content_type="application/sparql-update"
        )
        assert form.status_code == direct.status_code == 403
        assert "read-only" in form.get_data(as_text=True)
    assert _count(read_only_app) == before


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Bearer",
        f"Bearer {TOKEN}x",
        f"Bearer {TOKEN[:-1]}",
        f"bearer {TOKEN}",
        f"Basic {TOKEN}",
        f"Bearer  {TOKEN}",
        TOKEN,
        f"Bearer {TOKEN}\u00e9",
    ],
)
def test_a_wrong_or_missing_token_is_401_and_writes_nothing(
    fresh_app: Callable[..., Flask], authorization: str | None
) -> None:
    app = fresh_app(update_token=TOKEN)
    before = _count(app)
    headers = {"Authorization": authorization} if authorization is not None else {}
    response = app.test_client().post("/sparql", data={"update": INSERT}, headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert _count(app) == before


def test_the_right_token_updates_and_updates_never_go_through_get_or_query(
    fresh_app: Callable[..., Flask],
) -> None:
    app = fresh_app(update_token=TOKEN)
    client = app.test_client()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    before = _count(app)
    assert client.get("/sparql", query_string={"update": INSERT}, headers=auth).status_code == 400
    as_query = client.post(
        "/sparql", data=INSERT, headers=auth, content_type="application/sparql-query"
    )
    assert as_query.status_code == 400
    assert client.post("/sparql", data={"query": INSERT}, headers=auth).status_code == 400
    assert _count(app) == before
    assert client.post("/sparql", data={"update": INSERT}, headers=auth).status_code == 204
    assert _count(app) == before + 1
