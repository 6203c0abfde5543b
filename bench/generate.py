"""Synthetic data shaped like ours: ``python bench/generate.py --triples 1e6 --out x.nq``.

A thin wrapper over :mod:`s3kg.store.synthetic` (``python -m s3kg.store.synthetic`` does the same).
"""

from s3kg.store.synthetic import main

if __name__ == "__main__":
    main()
