"""Errors raised by newsweave, each with a stable code (see README, "Errors")."""

from __future__ import annotations


class NewsweaveError(Exception):
    """Base class. ``code`` is stable across releases and documented."""

    code = "E000"

    def __str__(self) -> str:
        return f"[{self.code}] {super().__str__()}"


class ConfigError(NewsweaveError):
    code = "E001"


class PackError(NewsweaveError):
    """A language pack is missing or does not match the pack schema."""

    code = "E002"


class PipelineError(NewsweaveError):
    """Stages were composed so that one needs a layer no earlier stage provides."""

    code = "E003"


class IngestError(NewsweaveError):
    """An input could not be read or holds no article; the batch goes on."""

    code = "E004"


class StoreError(NewsweaveError):
    code = "E005"


class GoldFormatError(NewsweaveError):
    code = "E006"
