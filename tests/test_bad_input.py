"""Every kind of bad input is skipped with one clear line; the batch goes on; nothing is lost."""

from __future__ import annotations

import contextlib
import gzip
import http.server
import io
import json
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conftest import export_records

GOOD_EN = (
    "The city council approved a new budget for public transport on Monday evening.\n\n"
    "Officials said the plan would add forty buses and extend night services across the river.\n\n"
    "Residents welcomed the decision but asked for more frequent trams in the northern districts.\n"
)
GOOD_UK = (
    "Міська рада у понеділок ухвалила новий бюджет для громадського транспорту.\n\n"
    "Посадовці заявили, що план передбачає сорок нових автобусів і нічні маршрути.\n\n"
    "Мешканці привітали рішення, але попросили частіше пускати трамваї на півночі міста.\n"
)
HTML_PAGE = (
    "<html><head><title>Bus plan</title></head><body><article><h1>Bus plan</h1>"
    "<p>The city council approved a new budget for public transport on Monday evening, "
    "officials said in a statement published after the vote.</p>"
    "<p>The plan adds forty buses and extends night services across the river, according "
    "to the transport department.</p></article></body></html>"
)


def _ingest(cli, db, *sources):
    return cli("ingest", *sources, "--db", db)


def _stored(cli, db) -> int:
    return len(export_records(cli, db)) if Path(db).exists() else 0


def test_binary_file_skipped(cli, db, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD_EN, "utf-8")
    binary = tmp_path / "image.bin"
    binary.write_bytes(bytes(range(256)) * 64)
    result = _ingest(cli, db, binary, good)
    assert result.exit_code == 3
    assert "image.bin" in result.stderr and "binary" in result.stderr
    assert _stored(cli, db) == 1


def test_empty_file_skipped(cli, db, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_text("   \n\n  \n", "utf-8")
    result = _ingest(cli, db, empty, blank)
    assert result.exit_code == 3
    assert result.stderr.count("empty input") == 2
    assert _stored(cli, db) == 0


def test_huge_text_file_skipped_without_reading_it(cli, db, tmp_path):
    huge = tmp_path / "huge.txt"
    line = (GOOD_EN.replace("\n", " ") + "\n").encode("utf-8")
    with huge.open("wb") as fh:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    assert huge.stat().st_size >= 50 * 1024 * 1024
    good = tmp_path / "good.txt"
    good.write_text(GOOD_EN, "utf-8")
    result = _ingest(cli, db, huge, good)
    assert result.exit_code == 3
    assert "huge.txt" in result.stderr and "limit" in result.stderr
    assert _stored(cli, db) == 1


def test_truncated_gzip_skipped(cli, db, tmp_path):
    data = gzip.compress((GOOD_EN * 20).encode("utf-8"))
    bad = tmp_path / "cut.txt.gz"
    bad.write_bytes(data[: len(data) // 2])
    ok = tmp_path / "ok.txt.gz"
    ok.write_bytes(gzip.compress(GOOD_UK.encode("utf-8")))
    result = _ingest(cli, db, bad, ok)
    assert result.exit_code == 3
    assert "cut.txt.gz" in result.stderr and "gzip" in result.stderr
    records = export_records(cli, db)
    assert [r["lang"] for r in records] == ["uk"]


def _warc(records: list[tuple[str, str]], gz: bool) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for url, html in records:
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        rec = writer.create_warc_record(
            url, "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=headers
        )
        writer.write_record(rec)
    return buf.getvalue()


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_truncated_warc_keeps_complete_records(cli, db, tmp_path, gz):
    first = HTML_PAGE
    second = HTML_PAGE.replace("forty buses", "sixty trams").replace("Monday", "Friday")
    data = _warc([("https://example.org/a", first), ("https://example.org/b", second)], gz)
    path = tmp_path / ("archive.warc.gz" if gz else "archive.warc")
    path.write_bytes(data[: len(data) - 200])
    result = _ingest(cli, db, path)
    assert result.exit_code == 3
    assert "truncated or corrupt WARC" in result.stderr
    assert _stored(cli, db) == 1


def test_malformed_jsonl_lines_skipped(cli, db, tmp_path):
    path = tmp_path / "wire.jsonl"
    lines = [
        json.dumps({"text": GOOD_EN, "url": "https://example.org/1"}),
        '{"text": "unterminated',
        "[1, 2, 3]",
        json.dumps({"title": "no body"}),
        json.dumps({"text": GOOD_UK, "url": "https://example.org/2", "published": "2024-05-02"}),
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    result = _ingest(cli, db, path)
    assert result.exit_code == 3
    for number in (2, 3, 4):
        assert f"wire.jsonl:{number}" in result.stderr
    records = export_records(cli, db)
    assert len(records) == 2
    assert {r["published"] for r in records} == {None, "2024-05-02"}


def test_html_without_body_skipped(cli, db, tmp_path):
    page = tmp_path / "empty.html"
    page.write_text("<html><head><title>Nothing</title></head><body></body></html>", "utf-8")
    result = _ingest(cli, db, page)
    assert result.exit_code == 3
    assert "empty.html" in result.stderr and "no article body" in result.stderr


class _Slow(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/slow":
            time.sleep(2.0)
        body = HTML_PAGE.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)  # the slow client may have given up, as intended

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.network
def test_url_timeout_skipped_and_batch_goes_on(cli, db, tmp_path, server):
    config = tmp_path / "fast.toml"
    config.write_text("[ingest]\nurl_timeout = 0.5\n", "utf-8")
    result = cli("ingest", f"{server}/slow", f"{server}/page", "--db", db, "--config", config)
    assert result.exit_code == 3
    assert "/slow" in result.stderr and "timed out" in result.stderr
    records = export_records(cli, db)
    assert len(records) == 1 and records[0]["title"] == "Bus plan"


def test_unsupported_scheme_and_missing_file(cli, db, tmp_path):
    result = _ingest(cli, db, "ftp://example.org/a.txt", tmp_path / "nope.txt")
    assert result.exit_code == 3
    assert "unsupported URL scheme" in result.stderr
    assert "no such file" in result.stderr


def test_bad_batch_does_not_touch_stored_articles(cli, db, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD_EN, "utf-8")
    assert _ingest(cli, db, good).exit_code == 0
    before = export_records(cli, db)
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\x01\x02" * 1000)
    dup = tmp_path / "dup.txt"
    dup.write_text(GOOD_EN, "utf-8")
    result = _ingest(cli, db, bad, dup)
    assert result.exit_code == 3
    assert export_records(cli, db) == before


def test_hostile_strings_survive(cli, db, tmp_path):
    nasty = tmp_path / "nasty.txt"
    nasty.write_text(
        "\u202eevil\u200b\ufeff "
        + GOOD_EN
        + "\n\n'; DROP TABLE articles; -- \"\n\n"
        + "a" * 5000
        + "\n\n"
        + "\ud7ff\u0000".replace("\u0000", "")
        + "\n",
        "utf-8",
    )
    result = _ingest(cli, db, nasty)
    assert result.exit_code == 0, result.stderr
    assert _stored(cli, db) == 1
    for query in ['"', "NEAR(", "AND OR NOT", "*", "DROP TABLE"]:
        assert cli("search", query, "--db", db).exit_code == 0


@given(st.binary(max_size=300))
@settings(max_examples=300, deadline=None)
def test_looks_binary_counts_every_control_byte(data):
    # one translate pass counts what one count() per control byte counted
    from newsweave.ingest.decode import _BOMS, _CONTROL, looks_binary

    head = data[:8192]
    controls = sum(head.count(bytes([c])) for c in _CONTROL)
    expected = b"\x00" in head or controls > max(8, len(head) // 100)
    if not any(head.startswith(bom) for bom, _ in _BOMS):
        assert looks_binary(data) == expected


def test_plain_text_with_a_body_tag_far_down_is_html_only_with_a_closing_tag():
    from newsweave.ingest.html import looks_like_html

    assert looks_like_html("<p>intro</p>\n" + "x " * 3000 + "<BODY>")
    assert not looks_like_html("intro\n" + "x " * 3000 + "<body>")


class _Trickle(io.RawIOBase):
    """A stream that returns at most 7 bytes per read, like a slow pipe."""

    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        chunk = self.data[self.pos : self.pos + min(7, len(buffer))]
        buffer[: len(chunk)] = chunk
        self.pos += len(chunk)
        return len(chunk)


@pytest.mark.parametrize("size", [0, 1, 99, 100, 101, 250_000])
@pytest.mark.parametrize("trickle", [False, True])
def test_read_capped_reads_all_up_to_the_limit(monkeypatch, size, trickle):
    from newsweave import ingest as ingest_module
    from newsweave.errors import IngestError

    monkeypatch.setattr(ingest_module, "_FIRST_READ", 16)  # several reads, doubling
    data = bytes(range(256)) * (size // 256) + bytes(size % 256)
    for limit in (100, 300_000):
        stream = _Trickle(data) if trickle else io.BytesIO(data)
        if size > limit:
            with pytest.raises(IngestError, match="limit"):
                ingest_module._read_capped(stream, limit, "x")
        else:
            assert ingest_module._read_capped(stream, limit, "x") == data
