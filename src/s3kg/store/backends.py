"""Store backends: where the jobs of :mod:`s3kg.store.jobs` run.

One small interface, :class:`StoreBackend`, with two implementations:

- the **embedded** Oxigraph store (:class:`s3kg.store.pool.WorkerPool`): a RocksDB folder on
  this machine, queried in killable worker processes; the default;
- a **remote** SPARQL 1.1 server (:class:`s3kg.store.remote.RemoteStore`): any server that
  speaks the SPARQL 1.1 Protocol (query and update), selected by giving a URL instead of a
  folder (``--store http://host:7878/query`` or ``S3KG_STORE=http…``).

Both take the same picklable jobs (``QueryJob``, ``GraphJob``, ``UpdateJob``, ``CatalogJob``)
and give the same answers, so the web application, the named-query API and ``s3kg query``
do not know which one they talk to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from s3kg.store import jobs as st


class StoreBackend(Protocol):
    """What the server needs from a store; every call is bounded by ``timeout`` seconds."""

    def follow(self) -> Path:
        """The local release folder's store path (for build reports), re-resolved."""
        ...

    def run(self, job: st.Job, timeout: float) -> Any:
        """Run a read job: an ``Answer`` for queries and graphs, a ``Catalog`` for catalogs."""
        ...

    def run_exclusive(self, job: st.Job, timeout: float) -> Any:
        """Run a write job (``UpdateJob``)."""
        ...

    def catalog(self, timeout: float) -> st.Catalog:
        """The graph names and the quad count (cached by the backend)."""
        ...

    def close(self) -> None:
        """Release processes and connections."""
        ...


def is_remote(location: str | Path | None) -> bool:
    """True when ``location`` names a remote SPARQL endpoint (an http or https URL)."""
    return isinstance(location, str) and location.lower().startswith(("http://", "https://"))


def open_backend(location: str | Path, *, local: Path, workers: int = 2,
                 warm: bool = True) -> StoreBackend:
    """The backend for ``location``: a remote store for a URL, else the embedded one.

    ``local`` is the store folder of the local release; a remote backend reads only the build
    report beside it (``build.json``) to show which build the pages describe.
    """
    if is_remote(location):
        from s3kg.store.remote import RemoteStore

        return RemoteStore.from_url(str(location), local=local)
    from s3kg.store.pool import WorkerPool

    return WorkerPool(Path(location), workers, warm=warm)
