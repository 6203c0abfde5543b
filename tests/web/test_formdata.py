"""Forms and query strings decoded fast, exactly as werkzeug decodes them."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, urlencode

from flask.testing import FlaskClient
from hypothesis import example, given
from hypothesis import strategies as st

from s3kg.web.formdata import parse_urlencoded

PAIRS = st.lists(st.tuples(st.text(), st.text()), max_size=5)
ASCII_FORM = st.text(alphabet=st.sampled_from("ab=&%+\\ 0123456789ACFacf\x00~.é"), max_size=40)


def _werkzeug(data: bytes) -> list[tuple[str, str]]:
    return parse_qsl(data.decode(), keep_blank_values=True, errors="werkzeug.url_quote")


@given(PAIRS)
def test_encoded_forms_decode_as_werkzeug_decodes_them(pairs: list[tuple[str, str]]) -> None:
    for encode in (urlencode, lambda p: urlencode(p, quote_via=quote)):
        data = encode(pairs).encode("ascii")
        assert parse_urlencoded(data) == _werkzeug(data)


@given(ASCII_FORM)
@example("q=%zz&%4")
@example("q=%C3%28")
@example("a\\x41=1")
@example("&&a&=b&c=")
@example("q=%E2%82%AC+%2B")
@example("q=é")
def test_odd_forms_are_left_to_werkzeug_or_decoded_the_same(text: str) -> None:
    data = text.encode("utf-8")
    fast = parse_urlencoded(data)
    assert fast is None or fast == _werkzeug(data)


def test_the_endpoint_reads_odd_forms_as_before(client: FlaskClient) -> None:
    """An escape that is not one stays as sent, through the fast path's fallback."""
    body = "query=SELECT+%3Fx+%7B+BIND(%22a%zz%22+AS+%3Fx)+%7D"
    response = client.post("/sparql", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["results"]["bindings"][0]["x"]["value"] == "a%zz"
    latin = client.post("/sparql", data=b"query=ASK+%7B%7D&x=%E9",
                        content_type="application/x-www-form-urlencoded")
    assert latin.status_code == 200
    assert client.get("/sparql?query=ASK+%7B%7D&format=json").get_json()["boolean"] is True
