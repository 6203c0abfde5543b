"""Turning curated records (entities, statements, figures, memberships) into located triples."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, OWL, PROV, QB, RDF, RDFS, SKOS, XSD

from s3kg.build.emitter import Emitter, literal_en
from s3kg.curation.records import CuratedData, Entity, Fact, FigureRecord, MembershipRecord
from s3kg.curation.terms import Vocabulary, entity_iri, is_entity_id
from s3kg.errors import BuildError, InputError
from s3kg.vocab.datatypes import year_literal
from s3kg.vocab.namespaces import ID, S3KG, SDMXA
from s3kg.vocab.prefixes import PREFIXES

FIGURES_DATASET = ID["dataset/figures"]


class FactBuilder:
    """Writes curated knowledge into the facts graph, remembering every entity it refers to."""

    def __init__(self, vocab: Vocabulary, emitter: Emitter, graph: Graph):
        self.vocab = vocab
        self.emitter = emitter
        self.graph = graph
        self.defined: set[str] = set()
        self.referenced: dict[str, str] = {}  # id -> origin of the first reference
        self._concept_classes = _concept_classes(vocab.ontology)

    def add_all(self, data: CuratedData) -> None:
        for entity in data.all_entities():
            self.add_entity(entity)
        for statement in data.statements:
            self._ref(statement.subject, statement.origin)
            self.add_fact(entity_iri(statement.subject), statement.fact, statement.origin)
        for figure in data.figures:
            self.add_figure(figure)
        for membership in data.memberships:
            self.add_membership(membership)

    def add_entity(self, entity: Entity) -> None:
        iri = entity_iri(entity.id)
        self.defined.add(entity.id)
        emit = self._emitter_for(entity.origin)
        is_concept = False
        for name in entity.types:
            cls = self._term(name, entity.origin, OWL.Class)
            is_concept |= cls in self._concept_classes
            emit((iri, RDF.type, cls), entity.at)
        label_at = entity.label_at or entity.at
        label = literal_en(entity.label or self.emitter.text(label_at))
        emit((iri, RDFS.label, label), label_at)
        if is_concept:
            emit((iri, SKOS.prefLabel, label), label_at)
        for alias in entity.aliases:
            emit((iri, SKOS.altLabel, literal_en(alias)), entity.at)
        if entity.note:
            emit((iri, RDFS.comment, literal_en(entity.note)), entity.at)
        for fact in entity.facts:
            self.add_fact(iri, fact, entity.origin)

    def add_fact(self, subject: URIRef, fact: Fact, origin: str) -> None:
        predicate = self._term(fact.predicate, origin)
        said_by = self._entity(fact.said_by, origin) if fact.said_by else None
        for obj in self._objects(predicate, fact, origin):
            self._emit(origin, (subject, predicate, obj), fact.at, fact.since, said_by)

    def add_figure(self, fig: FigureRecord) -> None:
        iri = entity_iri(fig.id)
        self.defined.add(fig.id)
        triples: list[tuple[URIRef, Any]] = [
            (RDF.type, S3KG.Figure),
            (RDF.type, QB.Observation),
            (QB.dataSet, FIGURES_DATASET),
            (S3KG.refEntity, self._entity(fig.about, fig.origin)),
            (S3KG.indicator, self._entity(fig.indicator, fig.origin)),
            (S3KG.value, Literal(str(fig.value), datatype=XSD.decimal)),
            (SDMXA.unitMeasure, self._entity(fig.unit, fig.origin)),
        ]
        optional = {
            S3KG.refYear: fig.year and year_literal(fig.year),
            S3KG.periodStartYear: fig.start_year and year_literal(fig.start_year),
            S3KG.valueQualifier: fig.qualifier and self._entity(fig.qualifier, fig.origin),
            S3KG.aboutProduct: fig.product and self._entity(fig.product, fig.origin),
            PROV.wasAttributedTo: fig.said_by and self._entity(fig.said_by, fig.origin),
            RDFS.comment: fig.note and literal_en(fig.note),
        }
        triples += [(p, o) for p, o in optional.items() if o]
        for predicate, obj in triples:
            self._emit(fig.origin, (iri, predicate, obj), fig.at)

    def add_membership(self, m: MembershipRecord) -> None:
        org, member, role = (self._entity(x, m.origin) for x in (m.organization, m.member, m.role))
        digest = hashlib.sha256(f"{org} {member} {role}".encode()).hexdigest()[:16]
        node = ID[f"membership/{digest}"]
        for triple in (
            (node, RDF.type, ORG.Membership),
            (node, ORG.organization, org),
            (node, ORG.member, member),
            (node, ORG.role, role),
            (org, ORG.hasMember, member),
            (member, ORG.memberOf, org),
        ):
            self._emit(m.origin, triple, m.at)

    def check_references(self, extra_defined: Iterable[str] = ()) -> None:
        """Fail the build on references to ids nothing defines."""
        defined = self.defined | set(extra_defined)
        dangling = sorted((i, o) for i, o in self.referenced.items() if i not in defined)
        if dangling:
            lines = "\n".join(f"  {i}  (first used in {o})" for i, o in dangling[:30])
            raise BuildError(f"{len(dangling)} referenced id(s) are defined nowhere:\n{lines}")

    # -- helpers ---------------------------------------------------------------------------
    def _objects(self, predicate: URIRef, fact: Fact, origin: str) -> list[Any]:
        if fact.text:
            return [literal_en(self.emitter.text(fact.at))]
        values = fact.value if isinstance(fact.value, list) else [fact.value]
        if self.vocab.takes_entity(predicate):
            return [self._entity(v, origin) for v in values]
        return [self._literal_or_term(predicate, v, origin) for v in values]

    def _literal_or_term(self, predicate: URIRef, value: Any, origin: str) -> Any:
        if isinstance(value, str) and ":" in value and value.split(":", 1)[0] in PREFIXES:
            return self._term(value, origin)  # e.g. s3kg:typeClass s3kg:WorkingCluster
        if isinstance(value, str) and is_entity_id(value):
            return self._entity(value, origin)  # annotation properties such as rdfs:seeAlso
        return self.vocab.literal(predicate, value)

    def _entity(self, entity_id: Any, origin: str) -> URIRef:
        if not is_entity_id(entity_id):
            raise InputError(f"{origin}: {entity_id!r} is not an entity id (type/slug)")
        self._ref(str(entity_id), origin)
        return entity_iri(str(entity_id))

    def _ref(self, entity_id: str, origin: str) -> None:
        self.referenced.setdefault(entity_id, origin)

    def _term(self, name: str, origin: str, expected: URIRef | None = None) -> URIRef:
        try:
            return self.vocab.term(name, expected)
        except InputError as err:
            raise InputError(f"{origin}: {err}") from err

    def _emit(
        self, origin: str, triple: Any, at: str, since: Any = None, said_by: Any = None
    ) -> None:
        try:
            self.emitter.emit(self.graph, triple, at, since=since, said_by=said_by)
        except InputError as err:
            raise InputError(f"{origin}: {err}") from err

    def _emitter_for(self, origin: str) -> Any:
        return lambda triple, at: self._emit(origin, triple, at)


def _concept_classes(ontology: Graph) -> set[URIRef]:
    """Classes whose instances are SKOS concepts (they also get skos:prefLabel)."""
    found = {SKOS.Concept}
    changed = True
    while changed:
        before = len(found)
        for sub, sup in ontology.subject_objects(RDFS.subClassOf):
            if sup in found and isinstance(sub, URIRef):
                found.add(sub)
        changed = len(found) != before
    return found
