"""Pipeline stages, one module per job. Importing this package registers them."""

from . import clean, dedup, language, sentences

__all__ = ["clean", "dedup", "language", "sentences"]
