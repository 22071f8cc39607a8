"""Evaluation against gold files (``newsweave eval ...``)."""
