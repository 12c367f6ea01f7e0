"""A caching proxy before a Voilà app: the same files for everyone, served from memory.

A first-time visitor's browser asks Voilà for its page and then for some ninety scripts,
style sheets and fonts (5 MB) before it can draw anything. Voilà serves each of them through
the Jupyter server's request handling, in its single Python thread, one after the other:
when a workshop's 60 people arrive together, that is most of Voilà's work and every visitor
waits for all of it. The proxy stands before Voilà on the address visitors open:

- Voilà's own files (`/voila/static/`, `/voila/labextensions/`, `/voila/templates/*/static/`)
  are fetched from Voilà once, kept in memory, and then served by the proxy itself, in its own
  process (the machine's other core); a returning browser gets "304 Not Modified";
- everything else (the page, the kernel's websocket, the API) is passed through to Voilà
  unchanged, streamed as Voilà sends it.

Run it as `python -m digiculture.voila_proxy --port PORT --upstream http://127.0.0.1:VOILA_PORT`;
`digiculture.server.voila_app(..., tuned=True)` starts it with Voilà.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import logging
import re
import sys
from dataclasses import dataclass

import aiohttp
from aiohttp import WSMsgType, web

from assessment.wording import accepted_language, language_of

# The languages of the kit's apps (the course languages); a page asked without ?lang= gets
# the browser's.
from digiculture.course.codes import COURSE_LANGUAGES as KIT_LANGUAGES
from digiculture.server import HOST

log = logging.getLogger("digiculture.voila_proxy")

#: The paths of files that do not change while a Voilà server runs.
SHARED_FILES = re.compile(r"^/voila/(static|labextensions)/|^/voila/templates/[^/]+/static/")

#: At most this many files are kept (Voilà's apps need about a hundred): addresses made up to
#: fill the memory (`?v=1`, `?v=2` ...) are passed through once it is full.
MAX_FILES = 2000

#: Response headers that describe the body, kept with it (the others are the connection's).
KEPT_HEADERS = (
    "Content-Type",
    "Content-Encoding",
    "Etag",
    "Last-Modified",
    "Cache-Control",
    "Expires",
)

#: Request headers not passed on to Voilà (the connection's own). The Host header is passed:
#: Voilà accepts a websocket only from a page of the address it was opened at.
DROPPED_REQUEST_HEADERS = {"connection", "upgrade", "keep-alive", "transfer-encoding"}
#: Websocket handshake headers: the proxy makes its own handshake with Voilà.
WEBSOCKET_HEADERS = {
    "sec-websocket-key",
    "sec-websocket-version",
    "sec-websocket-extensions",
    "sec-websocket-protocol",
}

UNAVAILABLE = (
    "<!doctype html><html lang='en'><meta charset='utf-8'><title>Starting</title>"
    "<body><h1>The page is not ready yet</h1><p>The self-assessment is starting or has "
    "stopped. Please wait a minute and reload this page. If it stays like this, tell the "
    "person who runs the course.</p></body></html>"
)


@dataclass(frozen=True)
class SharedFile:
    """One of Voilà's files as Voilà sent it: status, body and the headers that describe it."""

    status: int
    body: bytes
    headers: tuple[tuple[str, str], ...]

    @property
    def etag(self) -> str | None:
        return dict(self.headers).get("Etag")


class VoilaProxy:
    """The proxy's state: the Voilà it stands before, the HTTP client, the files in memory."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.files: dict[str, asyncio.Future[SharedFile | None]] = {}
        self.session: aiohttp.ClientSession | None = None
        #: {lang: {"app_title": ..., "page_failed": ...}} for the page shown when Voilà does
        #: not answer (assessment/data); English only when the texts cannot be read.
        self.messages: dict[str, dict[str, str]] = {}
        try:
            from digiculture.assessment_setup import load_assessment

            assessment = load_assessment(with_store=False)
            self.messages = {
                lang: {k: assessment.local(lang)[1].ui[k] for k in ("app_title", "page_failed")}
                for lang in assessment.languages
            }
        except Exception:
            log.exception("The texts of the proxy's own page could not be read")

    def unavailable(self, request: web.Request) -> web.Response:
        """The page for a Voilà that does not answer, in the visitor's language."""
        lang = language_of(request.query.get("lang"), list(self.messages)) or accepted_language(
            request.headers.get("Accept-Language"), list(self.messages)
        )
        texts = self.messages.get(lang or "en")
        if not texts:
            return web.Response(status=502, text=UNAVAILABLE, content_type="text/html")
        page = (
            f"<!doctype html><html lang='{lang or 'en'}'><meta charset='utf-8'>"
            f"<title>{html.escape(texts['app_title'])}</title><body>"
            f"<h1>{html.escape(texts['app_title'])}</h1>"
            f"<p>{html.escape(texts['page_failed'])}</p></body></html>"
        )
        return web.Response(status=502, text=page, content_type="text/html")

    async def start(self, app: web.Application) -> None:
        # No total timeout: a page streams for as long as its cells run in the kernel.
        self.session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=None, sock_connect=10),
            connector=aiohttp.TCPConnector(limit=0),
            auto_decompress=False,
            cookie_jar=aiohttp.DummyCookieJar(),
        )

    async def close(self, app: web.Application) -> None:
        if self.session:
            await self.session.close()

    async def shared_file(self, request: web.Request) -> SharedFile | None:
        """The file for this request from memory; fetched from Voilà by its first asker.

        Visitors asking for a file that is being fetched wait for that one fetch (which goes
        on if its first asker leaves). Only a file Voilà sent whole and with 200 is kept: an
        error is passed on and the file asked for again next time; None when Voilà did not
        answer.
        """
        key = request.path_qs
        fetch = self.files.get(key)
        if fetch is None:
            fetch = asyncio.ensure_future(self._fetch(key, request.headers.get("Host")))
            if len(self.files) < MAX_FILES:
                self.files[key] = fetch
        shared = await asyncio.shield(fetch)
        if (shared is None or shared.status != 200) and self.files.get(key) is fetch:
            del self.files[key]
        return shared

    async def _fetch(self, key: str, host: str | None) -> SharedFile | None:
        headers = {"Accept-Encoding": "identity", **({"Host": host} if host else {})}
        try:
            async with self.session.get(self.upstream + key, headers=headers) as response:
                body = await response.read()
                kept = tuple(
                    (name, response.headers[name])
                    for name in KEPT_HEADERS
                    if name in response.headers
                )
                return SharedFile(response.status, body, kept)
        except (aiohttp.ClientError, OSError) as exc:
            log.warning("Voilà did not send %s: %s", key, exc)
            return None

    def _request_headers(self, request: web.Request) -> dict[str, str]:
        return {
            name: value
            for name, value in request.headers.items()
            if name.lower() not in DROPPED_REQUEST_HEADERS | WEBSOCKET_HEADERS
        }

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if request.method in ("GET", "HEAD") and SHARED_FILES.match(request.path):
            shared = await self.shared_file(request)
            if shared is None:
                return self.unavailable(request)
            if shared.etag and request.headers.get("If-None-Match") == shared.etag:
                return web.Response(status=304, headers=dict(shared.headers))
            return web.Response(
                status=shared.status, body=shared.body, headers=dict(shared.headers)
            )
        if request.headers.get("Upgrade", "").lower() == "websocket":
            return await self.websocket(request)
        language = browser_language(request)
        if language:
            # The page in the visitor's language: the app reads ?lang= (Voilà gives a kernel
            # the address, not the request's headers).
            raise web.HTTPFound(
                request.rel_url.update_query({"lang": language}),
                headers={"Vary": "Accept-Language"},
            )
        return await self.pass_through(request)

    async def pass_through(self, request: web.Request) -> web.StreamResponse:
        """Send the request to Voilà and stream its answer back as it comes."""
        response: web.StreamResponse | None = None
        try:
            async with self.session.request(
                request.method,
                self.upstream + request.path_qs,
                headers=self._request_headers(request),
                data=await request.read() if request.can_read_body else None,
                allow_redirects=False,
            ) as upstream:
                response = web.StreamResponse(status=upstream.status, reason=upstream.reason)
                for name, value in upstream.headers.items():
                    if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                        response.headers.add(name, value)
                if upstream.headers.get("Content-Length") is not None:
                    response.content_length = int(upstream.headers["Content-Length"])
                await response.prepare(request)
                async for chunk in upstream.content.iter_any():
                    await response.write(chunk)
                await response.write_eof()
                return response
        except (aiohttp.ClientConnectionError, OSError) as exc:
            if request.transport is None or request.transport.is_closing():
                # The visitor left (a closed tab's last request): nobody to answer.
                log.info("The visitor left before %s was answered", request.path_qs)
                return response or web.Response(status=499)
            log.warning("Voilà did not answer %s: %s", request.path_qs, exc)
            if response is not None and response.prepared:
                return response  # half sent: the browser sees the page break off
            return self.unavailable(request)

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        """Join the visitor's websocket to one with Voilà, message for message."""
        asked = [p.strip() for p in request.headers.get("Sec-WebSocket-Protocol", "").split(",")]
        asked = [p for p in asked if p]
        try:
            upstream = await self.session.ws_connect(
                self.upstream + request.path_qs,
                headers=self._request_headers(request),
                protocols=asked,
                max_msg_size=0,
                autoping=True,
            )
        except (aiohttp.ClientError, OSError) as exc:
            log.warning("Voilà refused the websocket %s: %s", request.path, exc)
            return self.unavailable(request)
        visitor = web.WebSocketResponse(
            protocols=[upstream.protocol] if upstream.protocol else (), max_msg_size=0
        )
        await visitor.prepare(request)

        async def relay(source, target) -> None:
            async for message in source:
                if message.type == WSMsgType.TEXT:
                    await target.send_str(message.data)
                elif message.type == WSMsgType.BINARY:
                    await target.send_bytes(message.data)
                else:  # closing or an error: the other side is closed below
                    break

        tasks = [
            asyncio.create_task(relay(visitor, upstream)),
            asyncio.create_task(relay(upstream, visitor)),
        ]
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in tasks:
                task.cancel()
            await upstream.close()
            await visitor.close()
        return visitor


def browser_language(request: web.Request) -> str | None:
    """For the page itself asked without ?lang=: the kit's language the browser prefers
    (Accept-Language), to add to the address; None when there is nothing to add."""
    if request.method != "GET" or request.path != "/" or "lang" in request.query:
        return None
    return accepted_language(request.headers.get("Accept-Language"), list(KIT_LANGUAGES))


def make_app(upstream: str) -> web.Application:
    proxy = VoilaProxy(upstream)
    app = web.Application(client_max_size=64 * 1024**2)
    app.on_startup.append(proxy.start)
    app.on_cleanup.append(proxy.close)
    app.router.add_route("*", "/{path:.*}", proxy.handle)
    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, required=True, help="the port visitors open")
    parser.add_argument("--upstream", required=True, help="Voilà's address on this machine")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="[voila-proxy] %(levelname)s | %(message)s")
    web.run_app(
        make_app(args.upstream),
        host=HOST,
        port=args.port,
        access_log=None,
        print=lambda *a: None,
        handle_signals=True,
        shutdown_timeout=1,  # on stop, visitors' open connections are not waited for long
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
