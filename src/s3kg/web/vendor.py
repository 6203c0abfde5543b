"""Browser libraries from npm, served from ``node_modules`` under ``/static/vendor/<name>/``.

Only the built folders of the packages named here are reachable (no other file of
``node_modules``); the pages load nothing from a CDN or a tile server.  ``npm ci`` installs
them at the versions pinned in ``package-lock.json``.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, send_from_directory
from werkzeug.exceptions import NotFound

from s3kg.web.resources import node_modules

blueprint = Blueprint("vendor", __name__)

PACKAGES: dict[str, Path] = {
    "leaflet": Path("leaflet") / "dist",
    "topojson-client": Path("topojson-client") / "dist",
    "world-atlas": Path("world-atlas"),
    "vega": Path("vega") / "build",
    "vega-lite": Path("vega-lite") / "build",
    "vega-embed": Path("vega-embed") / "build",
    "vega-interpreter": Path("vega-interpreter") / "build",
    "swagger-ui": Path("swagger-ui-dist"),
}


def installed(*names: str) -> bool:
    """Whether every package of ``names`` is installed (pages say how to install them if not)."""
    return all((node_modules() / PACKAGES[name]).is_dir() for name in names)


@blueprint.route("/static/vendor/<package>/<path:filename>")
def vendor_file(package: str, filename: str) -> Response:
    folder = PACKAGES.get(package)
    if folder is None:
        raise NotFound(f"{package!r} is not a browser library of this server.")
    root = node_modules() / folder
    if not root.is_dir():
        raise NotFound(f"{package} is not installed on this server: run 'npm ci' in the checkout.")
    return send_from_directory(root, filename, max_age=86_400)
