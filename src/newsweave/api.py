"""The Python API: build the pipeline and run it on text."""

from __future__ import annotations

from functools import lru_cache

from . import lang
from .kb import KnowledgeBase
from .model import Document, Hints
from .pipeline import Pipeline
from .settings import Settings, load_settings
from .stages.clean import Clean
from .stages.dates import Dates
from .stages.dedup import Fingerprint
from .stages.entities import Entities, EntityPack
from .stages.language import DetectLanguage
from .stages.quantities import Quantities
from .stages.sentences import Sentences


def build_pipeline(settings: Settings | None = None) -> Pipeline:
    """The default pipeline: clean → sentences → language → fingerprint → entities → dates
    → quantities."""
    settings = settings or load_settings()
    packs = lang.enabled_packs(settings.languages.enabled, settings.languages.pack_dirs)
    return Pipeline(
        [
            Clean(packs, settings.clean),
            Sentences(packs),
            DetectLanguage(packs),
            Fingerprint(settings.dedup),
            Entities(packs, open_kb(packs)),
            Dates(packs),
            Quantities(packs),
        ]
    )


def open_kb(packs: list[lang.LanguagePack] | None = None) -> KnowledgeBase:
    """The knowledge base, built on first use.

    It does not depend on which packs a run enables: it is built with the names of
    every installed pack's language and the lemma keys of every pack that has
    morphology, so that runs with different settings share one file.
    """
    installed = {p.code: p for p in lang.enabled_packs()}
    installed.update({p.code: p for p in packs or []})
    morphologies = {c: EntityPack.from_pack(p).morphology for c, p in installed.items()}
    return KnowledgeBase.open(morphologies=morphologies, langs=sorted(installed))


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    return build_pipeline()


def process(
    text: str,
    lang: str | None = None,
    published: str | None = None,
    *,
    title: str | None = None,
    source: str = "",
    pipeline: Pipeline | None = None,
) -> Document:
    """Run the pipeline on one article's text and return the document.

    ``lang`` and ``published`` override what the pipeline would infer;
    ``doc.to_dict()`` is one export record (schema v1).
    """
    doc = Document(
        raw=text, source=source, hints=Hints(title=title, published=published, lang=lang)
    )
    return (pipeline or default_pipeline())(doc)
