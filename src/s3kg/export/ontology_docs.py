"""HTML documentation of the ontology, generated with pyLODE."""

from __future__ import annotations

from pathlib import Path

from s3kg.errors import S3kgError


def write_ontology_docs(out_dir: Path, ontology_file: Path) -> Path:
    """Render ``ontology/s3kg.ttl`` to ``out_dir/index.html`` and return that path."""
    try:
        from pylode import OntPub
    except ImportError as err:
        raise S3kgError("pyLODE is not installed: pip install 's3kg[docs]'") from err
    source = ontology_file
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "index.html"
    html = OntPub(ontology=str(source)).make_html()
    target.write_text(str(html), encoding="utf-8")
    return target
