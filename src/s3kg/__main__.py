"""``python -m s3kg``: the same as the ``s3kg`` command."""

from s3kg.cli import run

if __name__ == "__main__":
    run()
