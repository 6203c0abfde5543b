"""s3kg: the Smart-Specialisation Knowledge Graph."""

__version__ = "0.1.0"
