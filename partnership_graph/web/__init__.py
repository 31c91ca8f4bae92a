"""``partnership-graph serve``: a read-only local web app over the library, as thin as cli.py.

Pages (Jinja2, server-rendered) and a JSON API under ``/api`` (FastAPI) are both built from one
layer, ``service.Service``, which calls the public query functions and returns their own
pydantic result models; the OpenAPI document is generated from those models. Nothing here writes
to a store. Importing this package is cheap: FastAPI, uvicorn and Jinja2 load only when the app is
built (``app.create_app``), so ``partnership-graph --help`` stays fast.
"""

from __future__ import annotations

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "is_loopback"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def is_loopback(host: str) -> bool:
    """True for a host name or address that only this machine can reach."""
    import ipaddress

    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False
