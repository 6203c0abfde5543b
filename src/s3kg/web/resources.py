"""Where things are for the web face: the paths that resolve our IRIs, and the front-end
packages npm installs.  Shared by the Linked Data views and the pages."""

from __future__ import annotations

import re
from pathlib import Path

from s3kg.config import PROJECT_ROOT
from s3kg.errors import InputError

BASE = "https://w3id.org/s3kg/"
ID_BASE = BASE + "id/"
ONTOLOGY_NS = BASE + "ontology#"
SEGMENT = re.compile(r"^[A-Za-z0-9_~\-][A-Za-z0-9_.~\-]*$")
YASGUI_DIR = Path("@zazuko") / "yasgui" / "build"


class NotFoundError(InputError):
    http_status = 404


def node_modules() -> Path:
    """Where ``npm ci`` puts the browser dependencies (the checkout's root)."""
    return PROJECT_ROOT / "node_modules"


def entity_iri(path: str) -> str:
    """The IRI for ``/id/{path}``; malformed paths (``..``, odd characters) are a 404."""
    segments = path.split("/")
    if not path or not all(SEGMENT.match(s) for s in segments):
        raise NotFoundError(f"/id/{path} is not an entity path of this graph.")
    return ID_BASE + path


def local_url(iri: str) -> str | None:
    """The path on this server that resolves ``iri``, or None for outside IRIs."""
    if iri.startswith(ID_BASE):
        return "/id/" + iri[len(ID_BASE) :]
    if iri.startswith(ONTOLOGY_NS):
        return "/ontology#" + iri[len(ONTOLOGY_NS) :]
    if iri in (BASE + "ontology", BASE):
        return "/ontology" if iri.endswith("ontology") else "/"
    if iri.startswith(BASE + "graph/"):
        return "/graph/" + iri[len(BASE + "graph/") :]
    return None


def yasgui_installed() -> bool:
    folder = node_modules() / YASGUI_DIR
    return (folder / "yasgui.min.js").is_file() and (folder / "yasgui.min.css").is_file()
