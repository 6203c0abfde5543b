"""Candidate figures: quantities stated in a document's prose, with what they measure.

Each candidate's span is the quantity as written ("over 130,000 employees", "US$36.10
billion", "41%"). Its ``values`` are the fields of a curated figure (``data/curated/
figures.yaml``, the Data Cube observations of ``s3kg:Figure``):

``value``        the number as a plain decimal (``3500000000``; "two thirds" as ``66.7``
                 percent, the curated convention)
``value_max``    the upper bound of a range ("10–15%", "between 5 and 10")
``unit``         ``USD``/``GBP``/``EUR``/``RUB``…, ``percent``, ``percentage points``,
                 ``persons``, ``companies``, ``count``, ``km2``, ``MW``, ``tonnes``…
``qualifier``    ``about``, ``almost``, ``more than``, ``less than``, ``up to``,
                 ``at least``, ``at most``
``start_year``, ``year``   the reference year, or the period, the sentence gives
``measure``      a short label of what is measured (``employees``, ``unemployment rate``,
                 ``U.S. venture investment share``)
``about``        the nearest capitalised name before the figure, a hint for the curator
``change``       ``increase``, ``decrease`` or ``growth rate`` when a change is stated

The grammar is in :mod:`s3kg.extract.quantities` (what a number is, and what is not) and
:mod:`s3kg.extract.figcontext` (what the sentence says around it). quantulum3 was tried
and not used: it took ~5 s on a 5,000-word document, read "3.5bn" as barn-newtons and
"£1.2m" as pound-metres, and keeps years, note markers and section numbers as quantities.
"""

from __future__ import annotations

from s3kg.corpus.reader import Document
from s3kg.extract.candidate import Candidate
from s3kg.extract.figcontext import about_of, change_of, measure_of, period_of
from s3kg.extract.prose import Sentence, sentences
from s3kg.extract.quantities import Quantity, canonical, find_quantities
from s3kg.extract.units import TIME_NOUNS

METHOD = "figures:grammar"


def find_figures(doc: Document, context: object | None = None) -> list[Candidate]:
    """Every quantity of the document's prose that measures something, as a candidate."""
    found: list[Candidate] = []
    for sentence in sentences(doc):
        quantities = find_quantities(sentence.text)
        for quantity in quantities:
            found.append(_candidate(doc.key, sentence, quantity, quantities))
    return found


def _candidate(key: str, sentence: Sentence, q: Quantity, others: list[Quantity]) -> Candidate:
    text = sentence.text
    measure = measure_of(text, q)
    change = change_of(text, q)
    years = period_of(text, q, others)
    values: list[tuple[str, str]] = [("value", canonical(q.value))]
    if q.value_max is not None:
        values.append(("value_max", canonical(q.value_max)))
    values.append(("unit", q.unit or "count"))
    if q.qualifier:
        values.append(("qualifier", q.qualifier))
    if len(years) == 2:
        values.append(("start_year", years[0]))
    if years:
        values.append(("year", years[-1]))
    if measure:
        values.append(("measure", measure))
    about = about_of(text, q)
    if about:
        values.append(("about", about))
    if change:
        values.append(("change", change))
    return Candidate(
        category="figure",
        doc_key=key,
        start=sentence.start + q.start,
        end=sentence.start + q.end,
        label=_label(q, measure),
        method=METHOD,
        confidence=_confidence(q, measure, years),
        kind="change" if change else "level",
        values=tuple(values),
    )


def _label(q: Quantity, measure: str | None) -> str:
    amount = canonical(q.value)
    if q.value_max is not None:
        amount += f"–{canonical(q.value_max)}"
    qualifier = f"{q.qualifier} " if q.qualifier else ""
    return f"{measure or 'figure'}: {qualifier}{amount} {q.unit}"


def _confidence(q: Quantity, measure: str | None, years: tuple[str, ...]) -> float:
    # A named unit and a named measure are what a curator needs to accept a figure; a
    # "count" of some noun is less sure to be a statistic than money or a percentage.
    score = 0.45
    if q.unit not in (None, "count", *TIME_NOUNS):
        score += 0.2
    if measure:
        score += 0.2
    if years:
        score += 0.05
    return round(min(score, 0.95), 2)
