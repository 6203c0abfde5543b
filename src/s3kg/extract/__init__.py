"""Candidate facts proposed by code from any document, for a curator to accept or reject.

Extractors read a :class:`~s3kg.corpus.reader.Document` and propose
:class:`~s3kg.extract.candidate.Candidate` objects, each with the method that proposed it,
a confidence and its exact text span. The build writes them to their own named graph
(``Graphs.CANDIDATES``), never mixed with the curated facts.
"""
