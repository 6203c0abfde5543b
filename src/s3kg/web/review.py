"""The review page: a document's text with each candidate's span highlighted on one side,
the proposals on the other, to accept (perhaps with a corrected name), or reject.

Reading needs nothing; deciding needs the same token as SPARQL Update (a form field or
``Authorization: Bearer``), and without a configured token the page is read-only.
Decisions are written by :mod:`s3kg.review.actions`, as ``s3kg review`` writes them.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, redirect, request
from markupsafe import Markup, escape

from s3kg.curation.review import load_decisions
from s3kg.errors import InputError
from s3kg.review.actions import accept, reject
from s3kg.review.proposals import QUERY, Proposal, parse_results, pending
from s3kg.sparql import results as res
from s3kg.store import jobs as st
from s3kg.store.query import prepare_named, run
from s3kg.web import current_backend
from s3kg.web.pages import page

blueprint = Blueprint("review", __name__)
COUNTS = "candidates/review_counts"


class ReviewForbiddenError(InputError):
    http_status = 403


def _answer(name: str, values: dict[str, str]) -> bytes:
    backend = current_backend()
    query = backend.queries.get(name)
    if query is None:
        raise InputError(f"the named query {name} is missing from the queries folder")
    formats = st.Formats(res.JSON, res.JSON, "text/turtle")
    answer = run(backend.pool, prepare_named(query, values), formats, backend.config)
    return answer.body


def _proposals(document: str) -> list[Proposal]:
    """One document's candidates nobody has decided on (one document: a library's all would
    be far more than a page, or a query's result limit, can hold)."""
    decisions = load_decisions(current_backend().config.settings.review_dir)
    return pending(parse_results(_answer(QUERY, {"document": document})), decisions)


@blueprint.route("/review")
def overview() -> Response:
    rows = json.loads(_answer(COUNTS, {}))["results"]["bindings"]
    documents = [
        {"iri": r["document"]["value"], "count": int(r["candidates"]["value"]),
         "title": r.get("title", r["document"])["value"]}
        for r in rows
    ]  # fmt: skip
    return page("review.html", documents=documents, proposals=None, writable=_writable())


@blueprint.route("/review/document")
def document() -> Response:
    iri = _document_arg(request.args)
    proposals = _proposals(iri)
    return page("review.html", documents=None, iri=iri, proposals=proposals,
                paragraphs=_paragraphs(proposals), writable=_writable(),
                done=request.args.get("done"))  # fmt: skip


@blueprint.route("/review/decide", methods=["POST"])
def decide() -> Response:
    _check_token()
    form = request.form
    iri, wanted = _document_arg(form), form.get("candidate", "")
    proposal = next((p for p in _proposals(iri) if p.annotation == wanted), None)
    if proposal is None:
        raise InputError(f"no pending candidate {wanted!r}: it may have been decided already")
    settings = current_backend().config.settings
    reviewer = form.get("reviewer", "").strip()
    if form.get("action") == "accept":
        accept(proposal, settings.curated_dir, settings.review_dir, reviewer,
               label=form.get("label") or None, about=form.get("about") or None)  # fmt: skip
    elif form.get("action") == "reject":
        reject(proposal, settings.curated_dir, settings.review_dir, reviewer)
    else:
        raise InputError("action must be accept or reject")
    where = urlencode({"iri": iri, "done": f"{form['action']}ed {proposal.label}"})
    return redirect(f"/review/document?{where}", code=303)  # type: ignore[return-value]


def _document_arg(values: Mapping[str, str]) -> str:
    iri = values.get("iri", "")
    if not iri.startswith(("http://", "https://")):
        raise InputError("say which document: ?iri=<the document's IRI> (see /review)")
    return iri


def _writable() -> bool:
    return current_backend().config.update_token is not None


def _check_token() -> None:
    token = current_backend().config.update_token
    if token is None:
        raise ReviewForbiddenError("reviewing is read-only here: start s3kg serve with "
                                   "--update-token to accept or reject candidates")  # fmt: skip
    supplied = request.form.get("token") or request.headers.get("Authorization", "")
    supplied = supplied.removeprefix("Bearer ")
    if not hmac.compare_digest(supplied.encode(), token.encode()):
        raise ReviewForbiddenError("the token is not the server's update token")


def _paragraphs(proposals: list[Proposal]) -> list[dict[str, Any]]:
    """Each paragraph with candidates, its candidate spans marked (longest first wins)."""
    by_paragraph: dict[str, list[Proposal]] = {}
    for p in proposals:
        by_paragraph.setdefault(p.paragraph_locator, []).append(p)
    out = []
    for where, found in sorted(by_paragraph.items(), key=lambda i: i[1][0].paragraph_start):
        out.append({"locator": where, "html": _marked(found)})
    return out


def _marked(found: list[Proposal]) -> Markup:
    text, base = found[0].paragraph_text, found[0].paragraph_start
    pieces, at = [], 0
    for p in sorted(found, key=lambda p: (p.start, -(p.end - p.start))):
        start, end = p.start - base, p.end - base
        if start < at:
            continue
        pieces.append(escape(text[at:start]))
        pieces.append(Markup('<mark id="span-{}" title="{}">{}</mark>').format(
            p.short_id, p.label, text[start:end]))  # fmt: skip
        at = end
    pieces.append(escape(text[at:]))
    return Markup("").join(pieces)
