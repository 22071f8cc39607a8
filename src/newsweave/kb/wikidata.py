"""Stream a Wikidata JSON dump into the knowledge base.

The dump format is Wikidata's: a JSON array with one entity per line
(``[``, ``{…},``, …, ``]``), optionally gzip- or bzip2-compressed. For every item
whose ``P31`` (instance of) is a person, a place or an organisation, the
labels and aliases in the chosen languages become aliases, ``P27``/``P17``
gives the country (as an ISO code when the dump holds the country's ``P297``),
and ``P39`` (position held) with its ``P580``/``P582`` qualifiers gives the
positions. Lines that are not entities are counted and skipped.
"""

from __future__ import annotations

import bz2
import gzip
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

log = logging.getLogger(__name__)

PERSON = {"Q5"}
PLACE = {
    "Q6256",
    "Q3624078",
    "Q515",
    "Q1549591",
    "Q5119",
    "Q486972",
    "Q3957",
    "Q532",
    "Q35657",
    "Q10864048",
    "Q1221156",
    "Q82794",
    "Q23442",
    "Q4022",
    "Q8502",
}
ORGANISATION = {
    "Q43229",
    "Q4830453",
    "Q7210356",
    "Q327333",
    "Q484652",
    "Q7278",
    "Q2659904",
    "Q176799",
    "Q1752346",
    "Q6881511",
    "Q783794",
    "Q11032",
    "Q1320047",
    "Q15911314",
}


@dataclass
class ImportReport:
    read: int = 0
    imported: int = 0
    skipped: int = 0


def _open(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    if path.suffix == ".bz2":
        return bz2.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def _ids(claims: dict[str, Any], prop: str) -> list[str]:
    out = []
    for claim in claims.get(prop, []):
        value = (claim.get("mainsnak") or {}).get("datavalue", {}).get("value")
        if isinstance(value, dict) and "id" in value:
            out.append(value["id"])
        elif isinstance(value, str):
            out.append(value)
    return out


def _time(claim: dict[str, Any], prop: str) -> str | None:
    for q in (claim.get("qualifiers") or {}).get(prop, []):
        value = (q.get("datavalue") or {}).get("value") or {}
        t = value.get("time")
        if isinstance(t, str):
            return t.lstrip("+").split("T")[0].replace("-00", "")
    return None


def entities(path: Path, report: ImportReport) -> Iterator[dict[str, Any]]:
    with _open(path) as fh:
        for line in fh:
            line = line.strip().rstrip(",")
            if line in {"", "[", "]"}:
                continue
            report.read += 1
            try:
                item = json.loads(line)
            except json.JSONDecodeError:
                report.skipped += 1
                log.warning("%s: line %d is not JSON; skipped", path, report.read)
                continue
            if not isinstance(item, dict) or "id" not in item:
                report.skipped += 1
                continue
            yield item


def to_entries(
    items: Iterable[dict[str, Any]], langs: list[str], report: ImportReport, iso: dict[str, str]
) -> Iterator[dict[str, Any]]:
    """KB entries (the ``people.yaml`` format) for the persons, places and organisations.

    Streams: ``iso`` collects the country items' ISO codes as they pass; an entry
    whose country comes later in the dump keeps its ``country_qid`` for
    :func:`resolve_countries`.
    """
    for item in items:
        claims = item.get("claims") or {}
        codes = _ids(claims, "P297")
        if codes:
            iso[item["id"]] = codes[0].lower()
        kinds = set(_ids(claims, "P31"))
        etype = (
            "PER"
            if kinds & PERSON
            else "LOC"
            if kinds & PLACE
            else "ORG"
            if kinds & ORGANISATION
            else None
        )
        if etype is None:
            report.skipped += 1
            continue
        names: dict[str, list[str]] = {}
        for lang in langs:
            label = (item.get("labels") or {}).get(lang, {}).get("value")
            aliases = [a.get("value") for a in (item.get("aliases") or {}).get(lang, [])]
            values = [v for v in [label, *aliases] if isinstance(v, str) and v.strip()]
            if values:
                names[lang] = values
        if not names:
            report.skipped += 1
            continue
        entry: dict[str, Any] = {
            "key": f"wd:{item['id']}",
            "type": etype,
            "names": names,
            "wikidata": item["id"],
        }
        if codes:
            entry["country"] = codes[0].lower()
        else:
            qids = _ids(claims, "P27") + _ids(claims, "P17")
            known = next((iso[q] for q in qids if q in iso), None)
            if known:
                entry["country"] = known
            elif qids:
                entry["country_qid"] = qids[0]
        positions = []
        for claim in claims.get("P39", []):
            value = (claim.get("mainsnak") or {}).get("datavalue", {}).get("value") or {}
            if isinstance(value, dict) and value.get("id"):
                positions.append(
                    {
                        "position": value["id"],
                        "start": _time(claim, "P580"),
                        "end": _time(claim, "P582"),
                    }
                )
        if positions:
            entry["positions"] = positions
        report.imported += 1
        yield entry


def resolve_countries(conn: Any, iso: dict[str, str]) -> None:
    """Fill the country of imported entities whose country item came later in the dump."""
    rows = conn.execute(
        "SELECT id, data FROM entities WHERE source = 'wikidata' AND country IS NULL"
    ).fetchall()
    for ident, data in rows:
        qid = json.loads(data or "{}").get("country_qid")
        if qid in iso:
            conn.execute("UPDATE entities SET country = ? WHERE id = ?", (iso[qid], ident))
