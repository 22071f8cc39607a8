"""Pipeline stages, one module per job. Importing this package registers them."""

from . import clean, dates, dedup, language, quantities, sentences

__all__ = ["clean", "dates", "dedup", "language", "quantities", "sentences"]
