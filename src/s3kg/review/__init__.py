"""Reviewing candidate facts: list what the extractors proposed, accept or reject it.

Shared by ``s3kg review`` and the review page; reads the candidates graph through the one
query path and writes decisions and curated records with :mod:`s3kg.curation.review`.
"""
