"""What the web app sends with every answer and refuses before any route runs, in one place.

- ``Headers``: no sniffing, no referrer, same-origin framing and a Content Security Policy
  (``csp``) that allows only the app's own scripts on every answer; ``secure`` puts the same
  headers on the error answers made outside the middleware. The network page alone also allows
  its template's inline script, by hash (``network_template``).
- ``Guard``: a request another site's page makes is refused (403, Fetch Metadata and ``Origin``),
  and HEAD is answered as GET without a body.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import MutableMapping
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from fastapi.responses import JSONResponse, PlainTextResponse, Response

__all__ = ["Guard", "Headers", "csp", "network_template", "secure", "security_headers"]

_TEMPLATE_SCRIPT = re.compile(r"<script>(?!@@)(.*?)</script>", re.S)


@lru_cache(maxsize=1)
def network_template() -> tuple[str, str]:
    """The HTML export's template with vis-network loaded from /static, and the CSP hash of its script."""
    text = (resources.files("partnership_graph.exporters") / "templates" / "network.html").read_text(encoding="utf-8")
    text = text.replace("<script>@@VIS_NETWORK@@</script>",
                        '<script src="/static/vis-network.min.js"></script>')
    scripts = _TEMPLATE_SCRIPT.findall(text)
    hashes = " ".join("'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
                      for s in scripts)
    return text, hashes


def csp(script_extra: str = "") -> str:
    return ("default-src 'none'; script-src 'self'" + (" " + script_extra if script_extra else "")
            + "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
            + "frame-src 'self'; form-action 'self'; base-uri 'none'; "
            + "frame-ancestors 'self'")


class _HttpMiddleware:
    """Pure ASGI middleware that handles HTTP requests (``http``) and passes anything else on."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.http(scope, receive, send)

    async def http(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        raise NotImplementedError


class Headers(_HttpMiddleware):
    """No sniffing, no referrer, a CSP on every HTML answer."""

    async def http(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        async def wrapped(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                headers.extend((k, v) for k, v in security_headers() if k not in names)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, wrapped)


def security_headers() -> list[tuple[bytes, bytes]]:
    """Every answer's headers; error answers made outside the middleware set them too."""
    return [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"SAMEORIGIN"), (b"content-security-policy", csp().encode())]


def secure(response: Response) -> Response:
    for k, v in security_headers():
        if k.decode() not in response.headers:
            response.headers[k.decode()] = v.decode()
    return response


def foreign(scope: MutableMapping[str, Any]) -> str | None:
    """Why a request comes from another site, or None when it is the app's own (or a person's).

    Browsers say where a request comes from (Fetch Metadata, ``Sec-Fetch-Site``; ``Origin`` on
    scripted requests). A page of another site may not make the app work for it (each distinct
    date costs memory and time), so only a top-level navigation the user made (a link followed,
    ``Sec-Fetch-User: ?1``) is answered from another site. Clients that send neither header
    (curl, scripts, bookmarks, typed addresses) are answered.
    """
    headers: dict[bytes, bytes] = {}
    for k, v in scope.get("headers", []):
        headers.setdefault(k.lower(), v)
    site = headers.get(b"sec-fetch-site", b"").lower()
    if site in (b"cross-site", b"same-site"):
        followed = (headers.get(b"sec-fetch-mode") == b"navigate" and headers.get(b"sec-fetch-dest") == b"document"
                    and headers.get(b"sec-fetch-user") == b"?1" and scope.get("method") in ("GET", "HEAD"))
        if not followed:
            return f"Sec-Fetch-Site: {site.decode('latin-1')}"
    origin = headers.get(b"origin")
    if origin is not None:
        text = origin.decode("latin-1").strip()
        host = headers.get(b"host", b"").decode("latin-1").strip().lower()
        try:
            netloc = urlsplit(text).netloc.lower() if text != "null" else None
        except ValueError:
            netloc = None
        if not netloc or netloc != host:
            return f"Origin: {text[:100]}"
    return None


class Guard(_HttpMiddleware):
    """Refuse other sites' requests (403) and answer HEAD as GET without a body."""

    async def http(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        why = foreign(scope)
        if why is not None:
            message = f"refused: a request from another site ({why}); open the app's own pages instead"
            response: Response
            if scope.get("path", "").startswith("/api"):
                response = JSONResponse({"error": message, "status": 403, "parameter": None, "suggestions": [],
                                         "problems": []}, status_code=403)   # an ErrorBody
            else:
                response = PlainTextResponse(f"403 Forbidden: {message}\n", status_code=403)
            if scope.get("method") == "HEAD":
                response.body = b""
            await response(scope, receive, send)
            return
        if scope.get("method") != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)
