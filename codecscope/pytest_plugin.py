"""pytest plugin for codecscope's testing kit, loaded through the ``pytest11`` entry point.

It only defines fixtures; nothing runs (and neither hypothesis nor the echo server is imported)
until a test asks for one of them:

* ``echo_server`` – codecscope's echo server on a free loopback port, one per test module and
  mode.  The mode defaults to ``"echo"``; choose others with indirect parametrization::

      @pytest.mark.parametrize("echo_server", ["echo", "naive", {"mode": "transcode", "to": "gbk"}],
                               indirect=True)
      def test_server(echo_server): ...

* ``echo_server_factory`` – ``make(mode="echo", **kwargs)`` starts more servers; all are closed
  when the module's tests are done;
* ``wire`` – the wire-check helpers (:func:`codecscope.testing.exchange`,
  ``assert_same_bytes``, ``assert_same_text``, ``ChunkedSocket``) under one name.

The fixtures are module-scoped, so hypothesis ``@given`` tests may use them freely.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from codecscope.echo import EchoServer


def _server_kwargs(param: object) -> dict[str, Any]:
    if param is None:
        return {"mode": "echo"}
    if isinstance(param, str):
        return {"mode": param}
    if isinstance(param, dict):
        return dict(param)
    raise TypeError(f"echo_server parameters are a mode name or a dict of EchoServer arguments, not {param!r}")


def _start(**kwargs: Any) -> EchoServer:
    from codecscope.echo import EchoServer

    kwargs.setdefault("host", "127.0.0.1")
    kwargs.setdefault("port", 0)
    return EchoServer(**kwargs).start()


@pytest.fixture(scope="module")
def echo_server(request: pytest.FixtureRequest) -> Iterator[EchoServer]:
    """A running :class:`codecscope.echo.EchoServer` on 127.0.0.1 and a free port (``.address``)."""
    server = _start(**_server_kwargs(getattr(request, "param", None)))
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(scope="module")
def echo_server_factory() -> Iterator[Callable[..., EchoServer]]:
    """``make(mode="echo", to="gbk", **kwargs)`` -> a started echo server, closed after the module."""
    servers: list[EchoServer] = []

    def make(mode: str = "echo", **kwargs: Any) -> EchoServer:
        server = _start(mode=mode, **kwargs)
        servers.append(server)
        return server

    try:
        yield make
    finally:
        for server in servers:
            server.close()


@pytest.fixture(scope="session")
def wire() -> types.SimpleNamespace:
    """Wire-check helpers: ``wire.exchange(server, chunks)``, ``wire.assert_same_bytes(...)``, …"""
    from codecscope import testing

    return types.SimpleNamespace(**{name: getattr(testing, name) for name in testing.__all__})
