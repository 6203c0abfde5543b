"""Reference pages inside the site's layout: the ontology's pyLODE documentation (its body
and its stylesheet, scoped to the page's main area) and the API described by OpenAPI, shown
with Swagger UI from npm (``/api/docs``)."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from flask import Blueprint, Response
from markupsafe import Markup

from s3kg.web import pages
from s3kg.web.vendor import installed

blueprint = Blueprint("reference", __name__)

_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S | re.I)
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S | re.I)
_RULE = re.compile(r"([^{}@]+)\{([^{}]*)\}")
SCOPE = ".pylode-doc"


def ontology_page(docs: Path) -> Response:
    """The pyLODE page of ``docs`` within the site layout (anchors such as #Cluster kept)."""
    body, style = _parts(str(docs), docs.stat().st_mtime_ns)
    return pages.page("ontology.html", body=body, style=style)


@functools.lru_cache(maxsize=4)
def _parts(path: str, _mtime: int) -> tuple[Markup, Markup]:
    # The HTML is pyLODE's rendering of our own ontology, made on this server: trusted.
    html = Path(path).read_text(encoding="utf-8")
    body = _BODY.search(html)
    css = "\n".join(_STYLE.findall(html))
    return Markup(body.group(1) if body else html), Markup(scope_css(css))


def scope_css(css: str) -> str:
    """Each rule's selectors limited to the documentation's element (``body`` becomes it),
    so pyLODE's styles cannot restyle the site's header and footer."""
    def scoped(match: re.Match[str]) -> str:
        selectors = [s.strip() for s in match.group(1).split(",") if s.strip()]
        inside = [SCOPE if s == "body" else f"{SCOPE} {s}" for s in selectors]
        return f"{', '.join(inside)} {{{match.group(2)}}}"

    without_comments = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return _RULE.sub(scoped, without_comments)


@blueprint.route("/api/docs")
def api_docs() -> Response:
    return pages.page("api_docs.html", installed=installed("swagger-ui"))
