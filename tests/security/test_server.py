"""Attacks on a real ``retention serve``, each as a test: what an outsider, a member and a
web page in the coach's browser can reach, and what the server gives away."""

from __future__ import annotations

import asyncio
import gzip
import http.client
import json

import pytest
from tornado.httpclient import HTTPRequest
from tornado.websocket import WebSocketClosedError, websocket_connect

from tests.security.conftest import coached_demo, run_async, running
from tests.serving import PREHEAT
from toolkit.progress import MONTHLY_TARGETS
from toolkit.served import PLOTLY_JS
from toolkit.store import Workspace

pytestmark = pytest.mark.slow

NOT_APPS = [
    "/",
    "/tree",
    "/lab",
    "/voila/tree",
    "/voila/tree/",
    "/voila/render/00_start_here.ipynb",
    "/voila/render/02_excuses_and_price_hunters.ipynb",
    "/voila/render/report.ipynb",
    "/voila/render/../workspace.db",
    "/voila/api/contents/",
    "/voila/api/contents/participant.ipynb",
    "/api/contents",
    "/api/kernels",
    "/api/sessions",
    "/voila/files/participant.ipynb",
    "/voila/files/.serve/voila.py",
    "/voila/render/participant.ipynb?key=x&template=../../etc",
]
COACH_APPS = ["coach_session", "facilitator"]
SAVE = "/voila/month/save"


def app(name: str, query: str = "") -> str:
    return f"/voila/render/{name}.ipynb" + (f"?{query}" if query else "")


def no_member_data(server, body: str) -> None:
    for name in server.demo.names.values():
        assert name not in body
    for leak in ("Traceback", "site-packages", str(server.demo.directory)):
        assert leak not in body


@pytest.mark.parametrize("path", NOT_APPS)
def test_nothing_but_the_apps_is_served(server, path):
    reply = server.request(path)

    assert reply.status in (403, 404), (path, reply.status)
    no_member_data(server, reply.body)


@pytest.mark.parametrize("name", COACH_APPS)
@pytest.mark.parametrize("query", ["", "member-key"])
def test_a_coach_app_without_a_login_sends_to_the_login_page(server, name, query):
    if query:
        query = f"key={next(iter(server.demo.keys.values()))}"

    reply = server.request(app(name, query))

    assert reply.status == 302
    assert reply.headers["Location"].startswith("/login?next=")
    no_member_data(server, reply.body)


def test_the_coach_logs_in_opens_the_coach_app_and_logs_out(server):
    reply, cookies = server.login()
    assert reply.status == 302 and "toolkit_coach" in cookies

    page = server.request(app("coach_session"), cookies=cookies)
    assert page.status == 200 and '"kernelId"' in page.body
    cookie = next(v for v in reply.headers.get_all("Set-Cookie") if v.startswith("toolkit_coach"))
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie

    server.request("/logout", cookies=cookies)
    again = server.request(app("coach_session"))  # a browser drops the cleared cookie
    assert again.status == 302


@pytest.mark.parametrize(
    "host", ["evil.example.com", "evil.example.com:8866", "rebind.attacker.test"]
)
def test_a_foreign_host_name_finds_nothing(server, host):
    key = next(iter(server.demo.keys.values()))

    assert server.request(app("participant", f"key={key}"), host=host).status == 404
    assert server.request("/login", host=host).status == 404


def test_a_foreign_host_name_cannot_open_a_kernel_websocket(server):
    key = next(iter(server.demo.keys.values()))
    kernel = server.kernel_of(server.request(app("participant", f"key={key}&tab=this-month")))

    assert server.websocket(kernel, host="evil.example.com") == 404
    assert server.websocket(kernel) == 101  # the page itself may


def test_a_coach_kernel_answers_only_the_coach(server):
    _, cookies = server.login()
    kernel = server.kernel_of(server.request(app("coach_session"), cookies=cookies))

    assert server.websocket(kernel) == 403
    member_cookie = {"_xsrf": "x"}
    assert server.websocket(kernel, cookies=member_cookie) == 403
    assert server.websocket(kernel, cookies=cookies) == 101


def test_closing_a_tab_shuts_its_kernel_down(server):
    """Voila's page asks for this as its tab closes, with no usable XSRF token
    (voila-dashboards/voila#1458); the kernel id is what proves the right to."""
    key = next(iter(server.demo.keys.values()))
    kernel = server.kernel_of(server.request(app("participant", f"key={key}&tab=this-month")))

    assert server.request(f"/voila/api/shutdown/{kernel}", method="POST").status == 204
    assert server.request(f"/voila/api/shutdown/{kernel}", method="POST").status == 404  # gone
    assert server.websocket(kernel) == 403  # an unknown kernel is nobody's


def test_only_the_coach_can_close_a_coach_kernel(server):
    _, cookies = server.login()
    kernel = server.kernel_of(server.request(app("coach_session"), cookies=cookies))

    assert server.request(f"/voila/api/shutdown/{kernel}", method="POST").status == 404
    assert server.websocket(kernel, cookies=cookies) == 101  # still running
    closed = server.request(f"/voila/api/shutdown/{kernel}", method="POST", cookies=cookies)
    assert closed.status == 204


@pytest.mark.parametrize("query", ["key=wrong", "", "key=" + "A" * 4000])
def test_wrong_keys_show_the_friendly_page_and_start_no_kernel(server, query):
    before = server.output.count("Kernel started")
    replies = [server.request(app("participant", query)) for _ in range(10)]

    assert {reply.status for reply in replies} == {404}
    assert all("ask your coach to send you a new personal link" in r.body for r in replies)
    assert '"kernelId"' not in replies[0].body
    assert server.output.count("Kernel started") == before


def test_the_rotated_key_no_longer_opens_the_page(server):
    reply = server.request(app("participant", f"key={server.demo.old_key}"))

    assert reply.status == 404
    no_member_data(server, reply.body)


def test_pages_carry_a_content_security_policy_and_no_referrer(server):
    key = next(iter(server.demo.keys.values()))

    for reply in (server.request("/login"), server.request(app("participant", f"key={key}"))):
        assert reply.headers["Referrer-Policy"] == "no-referrer"
        policy = reply.headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "object-src 'none'" in policy


def test_the_logs_never_hold_a_personal_key(server):
    for key in server.demo.keys.values():
        server.request(app("participant", f"key={key}&x=1"))
    server.request(app("participant", f"key={server.demo.old_key}"))

    for key in [*server.demo.keys.values(), server.demo.old_key]:
        assert key not in server.output


def gzipped(server, path: str) -> tuple[http.client.HTTPMessage, bytes]:
    """GET ``path`` as a browser does, accepting gzip; the headers and the raw body."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    headers = {"Host": f"127.0.0.1:{server.port}", "Accept-Encoding": "gzip"}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.headers, body


def test_only_the_files_every_page_loads_are_compressed(server):
    """Voila's scripts go gzipped; a page, which holds its kernel id beside text a visitor
    may influence, never is (a compressed secret leaks through the length: BREACH)."""
    key = next(iter(server.demo.keys.values()))
    page_headers, page = gzipped(server, app("participant", f"key={key}&tab=this-month"))
    assert page_headers["Content-Encoding"] is None
    assert b'"kernelId"' in page  # readable as sent
    for path in ("/voila/static/voila.js", f"/voila/files/{PLOTLY_JS}"):
        script_headers, script = gzipped(server, path)
        plain = server.request(path).body
        assert script_headers["Content-Encoding"] == "gzip", path
        assert gzip.decompress(script).decode() == plain
        assert len(script) < len(plain) / 2


def test_a_malformed_websocket_message_gives_nothing_away(server):
    key = next(iter(server.demo.keys.values()))
    kernel = server.kernel_of(server.request(app("participant", f"key={key}&tab=this-month")))
    url = f"ws://127.0.0.1:{server.port}/api/kernels/{kernel}/channels"

    async def exchange() -> list[str]:
        connection = await websocket_connect(
            HTTPRequest(url, headers={"Host": f"127.0.0.1:{server.port}"})
        )
        replies = []
        for message in ("not json", json.dumps({"header": {}}), b"\x00\x01garbage"):
            try:
                await connection.write_message(message, binary=isinstance(message, bytes))
            except WebSocketClosedError:
                break  # the server hung up on it: nothing given away
            try:
                reply = await asyncio.wait_for(connection.read_message(), timeout=2)
            except TimeoutError:
                reply = None
            if reply is not None:
                replies.append(reply if isinstance(reply, str) else reply.decode("latin-1"))
        connection.close()
        return replies

    for reply in run_async(exchange()):
        assert "Traceback" not in reply and "site-packages" not in reply
    assert (
        server.request(app("participant", f"key={key}&tab=this-month")).status == 200
    )  # still serving


@pytest.fixture(scope="module")
def throwaway(tmp_path_factory):
    """A second server, for the attacks that leave a server locked or full."""
    directory = tmp_path_factory.mktemp("throwaway-workspace")
    yield from running(directory, coached_demo(directory), *PREHEAT, "--max-kernels", "8")


def test_a_wrong_password_is_refused_and_repeated_failures_lock_the_login(throwaway):
    statuses = [throwaway.login("not the password")[0].status for _ in range(6)]

    assert statuses[:5] == [403] * 5
    assert statuses[5] == 429
    assert throwaway.login()[0].status == 429  # locked even for the right password, for now


def test_a_flood_of_page_loads_is_capped_and_the_server_stays_up(throwaway):
    key = next(iter(throwaway.demo.keys.values()))
    loads = [app("participant", f"key={key}&tab=this-month")] * 12 + [
        app("participant", f"key={key}&tab=this-month&template=x")
    ]

    statuses = [throwaway.request(path).status for path in loads]

    assert statuses.count(200) <= 8 - 2  # two of the eight kernels are the coach apps' pools
    assert statuses[-1] == 503
    full = throwaway.request(app("participant", f"key={key}&tab=this-month"))
    assert full.status == 503 and "try again in a minute" in full.body
    assert throwaway.request("/login").status == 200  # still answering
    assert throwaway.request(app("participant", f"key={key}")).status == 200  # needs no kernel
    assert throwaway.output.count("Kernel started") <= 8


def month_save(key: str, text: str = "Saved by a stranger") -> str:
    targets = [{"text": text, "done": False}] + [{"text": "", "done": False}] * 5
    return json.dumps({"key": key, "version": 0, "keep": [], "targets": targets})


def stored_targets(server) -> list:
    with Workspace.open(server.demo.directory) as ws:
        answers = ws.table("answers")
    return answers[answers["exercise_id"] == MONTHLY_TARGETS]["value"].tolist()


def test_the_month_page_starts_no_kernel_and_answers_only_its_member(server):
    before = server.output.count("Kernel started")
    key = next(iter(server.demo.keys.values()))
    reply = server.request(app("participant", f"key={key}"))

    assert reply.status == 200 and "targets done" in reply.body
    assert reply.headers["Cache-Control"] == "no-store"
    assert '"kernelId"' not in reply.body
    assert server.output.count("Kernel started") == before


@pytest.mark.parametrize("kind", ["wrong", "rotated", "none", "coach-cookie"])
def test_a_month_save_without_a_members_key_is_refused_and_stores_nothing(server, kind):
    before = stored_targets(server)
    key = {"wrong": "x" * 43, "rotated": server.demo.old_key, "none": ""}.get(kind, "")
    cookies = server.login()[1] if kind == "coach-cookie" else None

    reply = server.request(SAVE, method="POST", payload=month_save(key), cookies=cookies)

    assert reply.status == 404 and "ask your coach" in reply.body
    no_member_data(server, reply.body)
    assert stored_targets(server) == before


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ("not json", 400),
        ("[1, 2]", 404),
        (json.dumps({"key": "k" * 100_000}), 413),
    ],
)
def test_a_malformed_month_save_is_refused_without_a_traceback(server, payload, status):
    reply = server.request(SAVE, method="POST", payload=payload)

    assert reply.status == status
    assert "Traceback" not in reply.body and "site-packages" not in reply.body
    assert "error" in json.loads(reply.body)


def test_the_month_save_answers_only_posts_from_the_servers_own_host_names(server):
    key = next(iter(server.demo.keys.values()))
    assert server.request(SAVE).status == 405  # nothing to read there
    reply = server.request(SAVE, method="POST", payload=month_save(key), host="evil.example")
    assert reply.status == 404
