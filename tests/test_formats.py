"""Ingest from every source type, with real files, a real HTTP server and stdin."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conftest import EXAMPLES, export_records
from test_bad_input import GOOD_EN, GOOD_UK, HTML_PAGE, server  # noqa: F401 - fixture

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbour Gazette</title><link>https://example.org/</link>
<description>Local news</description>
<item><title>Ferry timetable changes</title><link>https://example.org/ferry</link>
<pubDate>Tue, 12 Mar 2024 08:30:00 +0000</pubDate>
<description>&lt;p&gt;The ferry company will run two extra crossings on weekdays from April,
its director told reporters on the pier.&lt;/p&gt;
&lt;p&gt;Tickets stay at the same price.&lt;/p&gt;</description></item>
<item><title>Library reopens</title><link>https://example.org/library</link>
<pubDate>Wed, 13 Mar 2024 10:00:00 +0000</pubDate>
<description>The central library reopened on Wednesday after eight months of repairs to its roof
and reading rooms, the council said.</description></item>
</channel></rss>"""

META_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Storm closes port | Coast Times</title>
<meta property="og:title" content="Storm closes port">
<meta property="og:site_name" content="Coast Times">
<meta property="article:published_time" content="2024-02-03T06:15:00+00:00"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Storm closes port</h1>
<p>A winter storm closed the main port on Saturday morning as waves of six metres hit the
breakwater, harbour officials said.</p>
<p>Ferries to the islands were cancelled and fishing boats stayed in the inner basin until
the wind dropped in the afternoon.</p>
<p>"We have not seen a storm like this for ten years," the harbour master said.</p>
</article><aside><a href="/x">Other story one</a></aside><footer>© 2024 Coast Times</footer>
</body></html>"""


def test_text_folder_recursive_and_glob(cli, db, tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text(GOOD_EN, "utf-8")
    (tmp_path / "a" / "b" / "two.txt").write_text(GOOD_UK, "utf-8")
    (tmp_path / "a" / ".hidden.txt").write_text(GOOD_EN + "x", "utf-8")
    assert cli("ingest", tmp_path / "a", "--db", db).exit_code == 0
    assert sorted(r["lang"] for r in export_records(cli, db)) == ["en", "uk"]
    db2 = tmp_path / "g.db"
    assert cli("ingest", f"{tmp_path}/a/**/*.txt", "--db", db2).exit_code == 0
    assert len(export_records(cli, db2)) == 2


def test_html_file_metadata(cli, db, tmp_path):
    page = tmp_path / "storm.html"
    page.write_text(META_PAGE, "utf-8")
    assert cli("ingest", page, "--db", db).exit_code == 0
    (record,) = export_records(cli, db)
    assert record["title"] == "Storm closes port"
    assert record["outlet"] == "Coast Times"
    assert record["published"].startswith("2024-02-03")
    assert "harbour master" in record["text"]
    assert "Other story one" not in record["text"]
    assert "Storm closes port" not in record["text"]


def test_rss_feed(cli, db, tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(FEED, "utf-8")
    assert cli("ingest", feed, "--db", db).exit_code == 0
    records = {r["title"]: r for r in export_records(cli, db)}
    assert set(records) == {"Ferry timetable changes", "Library reopens"}
    ferry = records["Ferry timetable changes"]
    assert ferry["published"] == "2024-03-12T08:30"
    assert ferry["outlet"] == "Harbour Gazette"
    assert "Tickets stay at the same price." in ferry["text"]
    assert "<p>" not in ferry["text"]


def test_warc_gz_archive(cli, db, tmp_path):
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for url, html in [
        ("https://example.org/port", META_PAGE),
        ("https://example.org/bus", HTML_PAGE),
    ]:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                url, "response", payload=io.BytesIO(html.encode()), http_headers=headers
            )
        )
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(buf.getvalue())
    assert cli("ingest", path, "--db", db).exit_code == 0
    assert {r["title"] for r in export_records(cli, db)} == {"Storm closes port", "Bus plan"}


def test_jsonl_fields_and_gzip(cli, db, tmp_path):
    path = tmp_path / "wire.jsonl.gz"
    rows = [
        {
            "text": GOOD_EN,
            "url": "https://example.org/en",
            "title": "Budget",
            "published": "2024-01-05",
        },
        {"html": META_PAGE, "url": "https://example.org/storm"},
    ]
    path.write_bytes(gzip.compress("\n".join(json.dumps(r) for r in rows).encode()))
    assert cli("ingest", path, "--db", db).exit_code == 0
    records = {r["title"]: r for r in export_records(cli, db)}
    assert records["Budget"]["published"] == "2024-01-05"
    assert records["Storm closes port"]["outlet"] == "Coast Times"


def test_url_fetch(cli, db, server):  # noqa: F811 - pytest fixture
    assert cli("ingest", f"{server}/page", "--db", db).exit_code == 0
    (record,) = export_records(cli, db)
    assert record["title"] == "Bus plan" and "forty buses" in record["text"]
    # same URL again: stored once
    result = cli("ingest", f"{server}/page", "--db", db)
    assert "duplicates 1" in result.stderr
    assert len(export_records(cli, db)) == 1


def test_stdin_with_real_process(tmp_path):
    db = tmp_path / "stdin.db"
    cmd = [
        sys.executable,
        "-m",
        "newsweave.cli",
        "ingest",
        "-",
        "--db",
        str(db),
        "--published",
        "2024-04-01",
    ]
    proc = subprocess.run(cmd, input=GOOD_UK.encode(), capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    out = subprocess.run(
        [sys.executable, "-m", "newsweave.cli", "export", "--db", str(db)],
        capture_output=True,
        timeout=120,
    )
    (record,) = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert record["lang"] == "uk" and record["published"] == "2024-04-01"
    assert record["source"] == "<stdin>"


def test_bundled_examples_ingest(cli, db):
    files = sorted(p for p in EXAMPLES.iterdir() if p.is_file())
    assert len(files) >= 6
    result = cli("ingest", EXAMPLES, "--db", db)
    assert result.exit_code == 0, result.stderr
    records = export_records(cli, db)
    assert {r["lang"] for r in records} >= {"vi", "uk", "ru", "en"}
    stats = json.loads(cli("stats", "--db", db, "--json").stdout)
    assert stats["near_duplicates"] >= 1, "wire.jsonl carries a near-copy of an article"
