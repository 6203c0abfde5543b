"""The label index of a release: every entity's labels and aliases in SQLite FTS5.

Written by the build next to the store (``var/releases/<id>/search.sqlite``) and read by the
pages' search box, the search page and ``/api/search``.  It sits below ``build`` so that the
build can write it, and needs nothing of the store but its quads.
"""
