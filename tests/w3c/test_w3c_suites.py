"""W3C SPARQL 1.1 Protocol, Graph Store Protocol and Service Description suites.

The manifests (Turtle describing HTTP requests and the responses a conforming service gives)
are read from ``Settings().w3c_dir``; each entry becomes one test, id = its name in the
manifest.  Request paths ``/sparql/...`` and ``/gsp...`` are mapped onto ``/sparql`` and
``/rdf-graph-store``.  The server under test is read-only, as deployed: a request that writes
(SPARQL Update, or a Graph Store PUT/POST/DELETE) must be refused with the status the protocol
prescribes for a read-only service (403 for an update, 405 for a graph store write, or any 4xx
where the manifest expects one), and the requests after it, which depend on the write, are not
sent.  The Service Description manifest has no machine-readable checks; the three checks named
in it are written out below.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from urllib.parse import unquote, urlparse
from xml.etree import ElementTree

import pytest
import rdflib
from flask.testing import FlaskClient
from rdflib.compare import isomorphic
from rdflib.namespace import Namespace

from s3kg.config import ServerConfig, Settings
from s3kg.store.jobs import create_store
from s3kg.web import create_app

SUITE = Settings().w3c_dir / "sparql11"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
AUTHORITY = "http://www.example"

# Known failures: test IRI -> reason.  Empty: every entry passes on the read-only server.
EXPECTED_FAILURES: dict[str, str] = {}

RDF_PARSERS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
               "application/ld+json": "json-ld", "application/trig": "trig",
               "application/n-quads": "nquads", "text/n3": "n3"}
TABULAR = {"application/sparql-results+json", "application/sparql-results+xml", "text/csv",
           "text/tab-separated-values"}

# rdflib 7.x parsers warn about their own internal use of deprecated classes.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib.*")



@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: list[str]
    expected_format: str | None = None
    expected_boolean: bool | None = None
    response_type: str | None = None
    response_body: str | None = None


@dataclass
class Case:
    iri: str
    name: str
    requests: list[Request]
    graphs: list[tuple[Path, str]] = field(default_factory=list)


def _manifest_graph(path: Path) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(path, format="turtle", publicID=path.as_uri())
    for include in graph.objects(None, MF.include):
        for item in rdflib.collection.Collection(graph, include):  # type: ignore[arg-type]
            graph.parse(Path(unquote(urlparse(str(item)).path)), format="turtle",
                        publicID=str(item))
    return graph


def _list(graph: rdflib.Graph, head: rdflib.term.Node | None) -> list[rdflib.term.Node]:
    return list(rdflib.collection.Collection(graph, head)) if head is not None else []  # type: ignore[arg-type]


def _request(graph: rdflib.Graph, node: rdflib.term.Node) -> Request:
    headers = {str(graph.value(h, HT.fieldName)).lower(): str(graph.value(h, HT.fieldValue))
               for h in _list(graph, graph.value(node, HT.headers))}
    body_node = graph.value(node, HT.body)
    body = None
    if body_node is not None:
        encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(body_node, CNT.chars)).encode(encoding.lower())
    resp = graph.value(node, HT.resp)
    resp_headers = {str(graph.value(h, HT.fieldName)).lower(): str(graph.value(h, HT.fieldValue))
                    for h in _list(graph, graph.value(resp, HT.headers))}
    resp_body = graph.value(graph.value(resp, HT.body), CNT.chars)
    boolean = graph.value(resp, MF.expectedBoolean)
    fmt = graph.value(resp, MF.expectedFormat)
    return Request(
        method=str(graph.value(node, HT.methodName)),
        path=_map_path(str(graph.value(node, HT.absolutePath))),
        headers=headers, body=body,
        statuses=[str(s).rsplit("#", 1)[-1] for s in graph.objects(resp, MF.expectedStatus)],
        expected_format=None if fmt is None else str(fmt),
        expected_boolean=None if boolean is None else bool(boolean.toPython()),
        response_type=resp_headers.get("content-type"),
        response_body=None if resp_body is None else str(resp_body),
    )


def _map_path(path: str) -> str:
    if path.startswith("/sparql"):
        return "/sparql" + path[len("/sparql/"):] if path.startswith("/sparql/") else path
    return "/rdf-graph-store" + path[len("/gsp"):]


def _cases(manifest: Path) -> Iterator[Case]:
    graph = _manifest_graph(manifest)
    for entries in graph.objects(None, MF.entries):
        for test in _list(graph, entries):
            action = graph.value(test, MF.action)
            requests = [_request(graph, r) for r in _list(graph, graph.value(action, HT.requests))]
            graphs = [(Path(unquote(urlparse(str(graph.value(d, UT.graph))).path)),
                       str(graph.value(d, rdflib.RDFS.label)))
                      for d in graph.objects(test, UT.graphData)]
            yield Case(str(test), str(test).rsplit("#", 1)[-1], requests, graphs)


def _params(manifests: list[Path]) -> list[object]:
    if not all(m.is_file() for m in manifests):
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"no W3C suite in {SUITE}"))]
    params = []
    for manifest in manifests:
        for case in _cases(manifest):
            marks = []
            if case.iri in EXPECTED_FAILURES:
                marks.append(pytest.mark.xfail(reason=EXPECTED_FAILURES[case.iri], strict=True))
            params.append(pytest.param(case, id=case.name, marks=marks))
    return params


@pytest.fixture(scope="module")
def suite_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    """A read-only server over the suite's data: each data file in the graph it is labelled."""
    store = tmp_path_factory.mktemp("w3c") / "store"
    data = SUITE / "protocol"
    label = "http://kasei.us/2009/09/sparql/data/{}.rdf"
    create_store(store, [(data / f"data{i}.nt", label.format(f"data{i}")) for i in (1, 2, 3)])
    app = create_app(ServerConfig(store_path=store, query_timeout=10.0))
    yield app.test_client()
    app.extensions["s3kg"].close()


def _is_write(request: Request) -> bool:
    if request.path.startswith("/rdf-graph-store"):
        return request.method not in ("GET", "HEAD", "OPTIONS")
    content_type = request.headers.get("content-type", "")
    body = (request.body or b"").decode("utf-8", "replace")
    return ("sparql-update" in content_type or "update=" in request.path
            or ("form-urlencoded" in content_type and re.search(r"(^|&)update=", body) is not None))


def _status_ok(status: int, expected: list[str]) -> bool:
    for name in expected:
        match = re.fullmatch(r"StatusCode(\d)xx", name)
        if match and status // 100 == int(match.group(1)):
            return True
        if not match and status == HTTPStatus[re.sub(r"(?<=[a-z])(?=[A-Z])", "_", name).upper()]:
            return True
    return False


def _send(client: FlaskClient, request: Request) -> tuple[int, str, bytes]:
    headers = {k: v for k, v in request.headers.items() if k != "content-type"}
    response = client.open(request.path, method=request.method, headers=headers,
                           data=request.body, content_type=request.headers.get("content-type"),
                           base_url=AUTHORITY)
    return response.status_code, response.mimetype, response.get_data()


def _check_body(request: Request, media: str, body: bytes) -> None:
    if request.expected_format == "boolean":
        assert media in ("application/sparql-results+json", "application/sparql-results+xml")
        value = (json.loads(body)["boolean"] if media.endswith("json") else
                 ElementTree.fromstring(body).findtext(
                     "{http://www.w3.org/2005/sparql-results#}boolean") == "true")
        if request.expected_boolean is not None:
            assert value is request.expected_boolean
    elif request.expected_format == "tabular":
        assert media in TABULAR
        if media.endswith("json"):
            assert "vars" in json.loads(body)["head"]
    elif request.expected_format == "RDF":
        assert media in RDF_PARSERS
        assert len(rdflib.Graph().parse(data=body, format=RDF_PARSERS[media])) >= 0
    if request.response_type is not None:
        assert media == request.response_type.split(";")[0].strip()
    if request.response_body is not None:
        got = rdflib.Graph().parse(data=body, format=RDF_PARSERS[media])
        want = rdflib.Graph().parse(data=request.response_body, format="turtle")
        assert isomorphic(got, want)


def _run(client: FlaskClient, case: Case) -> None:
    for number, request in enumerate(case.requests, 1):
        status, media, body = _send(client, request)
        where = f"request {number} ({request.method} {request.path[:60]}): {status} {body[:200]!r}"
        if _is_write(request):
            refusal = 403 if request.path.startswith("/sparql") else 405
            if _status_ok(400, request.statuses):
                assert 400 <= status < 500, where
            else:
                assert status == refusal, where
            return  # later requests depend on the refused write
        assert _status_ok(status, request.statuses), where
        if 200 <= status < 300:
            _check_body(request, media, body)


@pytest.mark.parametrize("case", _params([SUITE / "protocol" / "manifest.ttl"]))
def test_protocol(suite_client: FlaskClient, case: Case | None) -> None:
    assert case is not None
    _run(suite_client, case)


@pytest.mark.parametrize("case", _params([SUITE / "graph-store-protocol" / "manifest.ttl"]))
def test_graph_store_protocol(suite_client: FlaskClient, case: Case) -> None:
    _run(suite_client, case)


def _service_description(client: FlaskClient, accept: str = "text/turtle") -> rdflib.Graph:
    response = client.get("/sparql", headers={"Accept": accept}, base_url=AUTHORITY)
    assert response.status_code == 200
    assert response.mimetype in RDF_PARSERS
    return rdflib.Graph().parse(data=response.get_data(), format=RDF_PARSERS[response.mimetype])


def _returns_rdf(client: FlaskClient) -> None:
    for accept in ("text/turtle", "application/rdf+xml", "application/ld+json", "*/*"):
        assert len(_service_description(client, accept)) > 0


def _has_endpoint_triple(client: FlaskClient) -> None:
    graph = _service_description(client)
    assert (None, SD.endpoint, rdflib.URIRef(AUTHORITY + "/sparql")) in graph


def _conforms_to_schema(client: FlaskClient) -> None:
    graph = _service_description(client)
    services = set(graph.subjects(rdflib.RDF.type, SD.Service))
    assert len(services) == 1
    service = services.pop()
    languages = set(graph.objects(service, SD.supportedLanguage))
    assert languages and languages <= {SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update}
    for prop in (SD.endpoint, SD.resultFormat, SD.feature, SD.defaultEntailmentRegime):
        assert all(isinstance(o, rdflib.URIRef) for o in graph.objects(service, prop))
    for dataset in graph.objects(service, SD.defaultDataset):
        assert (dataset, rdflib.RDF.type, SD.Dataset) in graph
        for named in graph.objects(dataset, SD.namedGraph):
            assert (named, rdflib.RDF.type, SD.NamedGraph) in graph
            names = list(graph.objects(named, SD.name))
            assert len(names) == 1 and isinstance(names[0], rdflib.URIRef)


SD_CHECKS = {"returns-rdf": _returns_rdf, "has-endpoint-triple": _has_endpoint_triple,
             "conforms-to-schema": _conforms_to_schema}


def _sd_params() -> list[object]:
    manifest = SUITE / "service-description" / "manifest.ttl"
    if not manifest.is_file():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"no W3C suite in {SUITE}"))]
    graph = _manifest_graph(manifest)
    tests = [str(t) for e in graph.objects(None, MF.entries) for t in _list(graph, e)]
    return [pytest.param(t, id=t.rsplit("#", 1)[-1]) for t in tests]


@pytest.mark.parametrize("test_iri", _sd_params())
def test_service_description(suite_client: FlaskClient, test_iri: str) -> None:
    check = SD_CHECKS[test_iri.rsplit("#", 1)[-1]]
    check(suite_client)
