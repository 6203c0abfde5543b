"""/api/provenance over the real build: every source of a fact is listed once (issue 13)."""

from __future__ import annotations

from collections import Counter

import pytest
from flask.testing import FlaskClient

from web.conftest import ID

pytestmark = pytest.mark.slow

KAMA = ID + "cluster/kama"


def test_provenance_of_kama_lists_each_source_once(real_client: FlaskClient) -> None:
    response = real_client.get("/api/provenance", query_string={"subject": KAMA})
    assert response.status_code == 200, response.get_data(as_text=True)
    bindings = response.get_json(force=True)["results"]["bindings"]
    rows = [tuple(sorted((k, v["value"]) for k, v in b.items())) for b in bindings]
    assert Counter(rows).most_common(1)[0][1] == 1, "an answer is repeated"
    # one row per fact and span: a span answers with one locator, not one per graph
    sources = Counter(
        tuple(b[k]["value"] for k in ("predicate", "object", "document", "start", "end"))
        for b in bindings
    )
    assert sources.most_common(1)[0][1] == 1
    assert {b["subject"]["value"] for b in bindings} == {KAMA}
    located = {
        b["object"]["value"] for b in bindings if b["predicate"]["value"].endswith("#locatedIn")
    }
    assert located == {ID + "region/ru-ta", ID + "country/ru"}
