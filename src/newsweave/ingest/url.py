"""Fetch a URL (httpx): http/https only, timeouts, a size cap and a redirect limit."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx

from ..errors import IngestError
from ..settings import IngestSettings


def is_url(value: str) -> bool:
    return "://" in value and urlsplit(value).scheme != "file"


def fetch(url: str, settings: IngestSettings) -> tuple[bytes, str, str]:
    """(body, content type, final URL) or IngestError with the reason."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in {"http", "https"}:
        raise IngestError(f"unsupported URL scheme {scheme!r} (only http and https)")
    try:
        with (
            httpx.Client(
                timeout=settings.url_timeout,
                follow_redirects=True,
                max_redirects=settings.url_max_redirects,
                headers={"User-Agent": settings.user_agent},
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise IngestError(f"HTTP {response.status_code}")
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > settings.max_bytes:
                raise IngestError(f"response is larger than the {settings.max_bytes}-byte limit")
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) > settings.max_bytes:
                    raise IngestError(
                        f"response is larger than the {settings.max_bytes}-byte limit"
                    )
            return bytes(body), response.headers.get("Content-Type", ""), str(response.url)
    except httpx.TimeoutException as exc:
        raise IngestError(f"timed out after {settings.url_timeout:g}s") from exc
    except httpx.TooManyRedirects as exc:
        raise IngestError(f"more than {settings.url_max_redirects} redirects") from exc
    except httpx.HTTPError as exc:
        raise IngestError(f"cannot fetch: {exc}") from exc
