"""newsweave: multilingual news into one cross-lingual, queryable record."""

from .api import build_pipeline, process
from .model import Document

__version__ = "0.1.0"
__all__ = ["Document", "__version__", "build_pipeline", "process"]
