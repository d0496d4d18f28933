"""The toolkit inside a real JupyterHub, driven through the hub's own login page.

A local hub runs docs/deploy/jupyterhub_config.py as shipped (two coaches, ``coach-a``
with members ``northfield`` and ``brightwater``, ``coach-b`` with ``kestrel``), plus only
what a local test needs: the dummy authenticator (one password for all), JupyterHub's
local-process spawner with a home folder per user, free ports, and an API token for
starting the coaches' servers. Each coach's home holds a demo workspace of their own, and
their server is ``retention serve --hub`` as the sample configuration says.

configurable-http-proxy comes from npm (``npm install -g configurable-http-proxy``, done by
.ci/run); without it, or without Chromium, the test is skipped here and fails in CI.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.serving import PREHEAT
from toolkit.demo import create_demo
from toolkit.month_page import SAVE_PATH
from toolkit.progress import MONTHLY_TARGETS
from toolkit.serve import free_port
from toolkit.store import Workspace, coaching

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_CONFIG = ROOT / "docs" / "deploy" / "jupyterhub_config.py"
PASSWORD = "hub password for the tests"
#: Demo firms in each coach's workspace: coach-a's two members are the first two firms;
#: coach-b's workspace has three, and only its third (kestrel) is a member of coach-b.
DEMO_FIRMS = {"coach-a": 2, "coach-b": 3}
MEMBERS = {
    "northfield": ("coach-a", "Northfield Engineering"),
    "brightwater": ("coach-a", "Brightwater Facility Services"),
    "kestrel": ("coach-b", "Kestrel Automation"),
}
START_TIMEOUT_S = 180
PAGE_TIMEOUT_MS = 150_000


def required_program(name: str) -> str:
    """The path of ``name``: missing, the test is skipped here and fails in CI."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (npm install -g configurable-http-proxy)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@dataclass
class Hub:
    url: str
    token: str
    log: Path
    folder: Path

    def home(self, user: str) -> Path:
        """``user``'s home folder (a coach's holds their workspace)."""
        return self.folder / "homes" / user

    def api(self, method: str, path: str) -> dict:
        """Call the hub's REST API with the test's admin token."""
        request = urllib.request.Request(
            f"{self.url}/hub/api/{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            body = response.read()
        return json.loads(body) if body else {}

    def start_server(self, user: str) -> None:
        """Start ``user``'s server and wait until the hub says it is ready."""
        self.api("POST", f"users/{user}/server")
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            server = self.api("GET", f"users/{user}").get("servers", {}).get("", {})
            if server.get("ready"):
                return
            time.sleep(1)
        pytest.fail(f"{user}'s server did not start:\n{self.log.read_text()[-4000:]}")


def local_config(folder: Path, token: str) -> tuple[str, str]:
    """The sample configuration and what running it on this machine adds; and the
    hub's address."""
    ports = {name: free_port() for name in ("proxy", "proxy_api", "hub")}
    return (
        f"""
c = get_config()  # noqa: F821
load_subconfig({str(SAMPLE_CONFIG)!r})  # noqa: F821
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {PASSWORD!r}
c.JupyterHub.spawner_class = "simple"
c.Spawner.cmd = [*c.Spawner.cmd, *{list(PREHEAT)!r}]  # one participant kernel kept warm
c.SimpleLocalProcessSpawner.home_dir_template = {str(folder / "homes" / "{username}")!r}
c.JupyterHub.bind_url = "http://127.0.0.1:{ports["proxy"]}"
c.JupyterHub.public_url = "http://127.0.0.1:{ports["proxy"]}"
c.JupyterHub.hub_port = {ports["hub"]}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{ports["proxy_api"]}"
# stopping: the servers and the idle culler have 2 s to end on SIGINT, then 2 s on SIGTERM
c.LocalProcessSpawner.interrupt_timeout = 2
c.LocalProcessSpawner.term_timeout = 2
c.JupyterHub.services.append({{"name": "test-admin", "api_token": {token!r}}})
c.JupyterHub.load_roles.append(
    {{"name": "test-admin", "scopes": ["servers", "admin:users"], "services": ["test-admin"]}}
)
""",
        f"http://127.0.0.1:{ports['proxy']}",
    )


def wait_for_hub(hub: Hub, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline and process.poll() is None:
        try:
            hub.api("GET", "")
            return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"JupyterHub did not start:\n{hub.log.read_text()[-4000:]}")


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    """A running local hub with both coaches' servers started."""
    proxy = required_program("configurable-http-proxy")
    folder = tmp_path_factory.mktemp("hub")
    for coach, firms in DEMO_FIRMS.items():
        with Workspace.open(folder / "homes" / coach / "workspace") as ws:
            create_demo(ws, participants=firms, clients=30)
    token = os.urandom(16).hex()
    config, url = local_config(folder, token)
    (folder / "jupyterhub_config.py").write_text(config)
    # the spawner runs `retention` and the hub its proxy from PATH
    path = os.pathsep.join([str(Path(sys.executable).parent), str(Path(proxy).parent)])
    env = {**os.environ, "PATH": f"{path}{os.pathsep}{os.environ.get('PATH', '')}"}
    log = folder / "hub.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", "jupyterhub_config.py"],
            cwd=folder,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    running = Hub(url, token, log, folder)
    try:
        wait_for_hub(running, process)
        for coach in DEMO_FIRMS:
            running.start_server(coach)
        yield running
    finally:
        process.terminate()  # the hub stops the servers and the proxy it started
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def log_in(browser, hub: Hub) -> Iterator:
    """``log_in(user)``: a new browser tab logged in to the hub as ``user`` (each in a
    context of its own, so cookies are not shared), on the page the hub then shows."""
    contexts = []

    def log_in_(user: str):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        page.goto(f"{hub.url}/hub/login", timeout=PAGE_TIMEOUT_MS)
        page.fill("#username_input", user)
        page.fill("#password_input", PASSWORD)
        page.click("#login_submit")
        # the hub sends a coach to their server and a member to their coach's, which asks
        # the hub who it is (OAuth) and shows the app
        page.wait_for_url(re.compile(r".*/(oauth2/authorize|voila/render/).*"))
        authorize(page)
        return page

    yield log_in_
    for context in contexts:
        context.close()


def authorize(page) -> None:
    """Confirm the hub's one-time "Authorize access" question, when it asks it (a
    member opening a coach's server for the first time), and wait for the app."""
    if "/oauth2/authorize" in page.url and page.locator("form [type=submit]").count():
        page.click("form [type=submit]")
        page.wait_for_url(re.compile(r".*/voila/render/.*"))


def open_app(page, url: str):
    """Open ``url``; return the response's status once an app's header or a server
    page's heading shows."""
    response = page.goto(url, timeout=PAGE_TIMEOUT_MS)
    authorize(page)
    page.locator(".tk-page .tk-header, main > h1, h1").first.wait_for()
    return response.status


def header(page) -> str:
    """The app's header, once the page has drawn it."""
    return re.sub(r"\s+", " ", page.locator(".tk-page .tk-header").first.inner_text())


def test_each_member_lands_on_their_own_page_on_their_coachs_server(log_in, hub: Hub) -> None:
    for member, (coach, firm) in MEMBERS.items():
        page = log_in(member)
        page.locator("body[data-ready='1']").wait_for()  # the month page, no kernel
        assert page.url.startswith(f"{hub.url}/user/{coach}/voila/render/participant.ipynb")
        assert page.locator("header h1").inner_text() == firm
        others = [name for _, name in MEMBERS.values() if name != firm]
        assert not any(name in page.inner_text("body") for name in others)
        page.get_by_role("link", name="My progress").click()  # the full page, below the path
        page.locator(".tk-page .tk-header").first.wait_for()
        assert page.url.startswith(f"{hub.url}/user/{coach}/voila/render/participant.ipynb")
        assert firm in header(page)


def test_a_members_month_page_saves_with_the_hub_login(log_in, hub: Hub) -> None:
    """Under the hub the login cookie is the credential: the save carries the XSRF token,
    and the same save without it is refused."""
    page = log_in("brightwater")
    page.locator("body[data-ready='1']").wait_for()
    page.get_by_label("Target 1", exact=True).fill("Typed under the hub")
    page.get_by_label("Target 1", exact=True).blur()
    expect(page.locator("#status")).to_have_text(re.compile(r"^Saved "))
    with Workspace.open(hub.home("coach-a") / "workspace") as ws:
        saved = coaching.latest_answers(ws, "brightwater", MONTHLY_TARGETS)["targets"]
    assert saved[0]["text"] == "Typed under the hub"

    forged = page.request.post(
        f"{hub.url}/user/coach-a{SAVE_PATH}",
        data=json.dumps({"key": "", "version": 0, "keep": [], "targets": saved}),
        headers={"Content-Type": "application/json"},
    )
    assert forged.status == 403  # the cookie alone is not enough


def test_a_visitor_cannot_name_another_member(log_in, hub: Hub) -> None:
    """Neither a forged member token nor a made-up key changes whose page it is."""
    page = log_in("northfield")
    forged = "hub_member=brightwater.9999999999.00&key=anything&tab=this-month"
    status = open_app(page, f"{hub.url}/user/coach-a/voila/render/participant.ipynb?{forged}")
    assert status == 200
    assert "Northfield Engineering" in header(page)
    assert "Brightwater" not in page.inner_text("body")


def test_a_member_cannot_open_another_coachs_server_or_the_coach_apps(log_in, hub: Hub) -> None:
    page = log_in("northfield")
    assert open_app(page, f"{hub.url}/user/coach-b/") == 403
    assert "Kestrel" not in page.inner_text("body")
    for app in ("coach_session", "facilitator"):
        url = f"{hub.url}/user/coach-a/voila/render/{app}.ipynb"
        assert open_app(page, url) == 403
        assert "open for the coach only" in page.inner_text("body")


def test_each_coach_sees_the_coach_apps_of_their_own_server_only(log_in, hub: Hub) -> None:
    page = log_in("coach-a")
    page.locator(".tk-page .tk-header").first.wait_for()
    assert page.url == f"{hub.url}/user/coach-a/voila/render/coach_session.ipynb"
    assert "coaching session" in header(page).lower()
    assert open_app(page, f"{hub.url}/user/coach-a/voila/render/facilitator.ipynb") == 200
    assert "mastermind meeting" in header(page).lower()
    # the coach has no personal page, and another coach's server is not theirs
    assert open_app(page, f"{hub.url}/user/coach-a/voila/render/participant.ipynb") == 404
    assert "no personal page for you" in page.inner_text("body")
    assert open_app(page, f"{hub.url}/user/coach-b/") == 403


def test_the_coachs_log_out_link_ends_the_hub_session(log_in, hub: Hub) -> None:
    page = log_in("coach-b")
    page.click("a.tk-logout")
    page.locator("#username_input").wait_for()
    page.goto(f"{hub.url}/user/coach-b/voila/render/coach_session.ipynb")
    page.locator("#username_input").wait_for()
    assert page.url.startswith(f"{hub.url}/hub/login")


def test_without_a_hub_login_the_apps_send_to_the_hubs_login_page(browser, hub: Hub) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{hub.url}/user/coach-a/voila/render/participant.ipynb")
        page.locator("#username_input").wait_for(timeout=PAGE_TIMEOUT_MS)
        assert page.url.startswith(f"{hub.url}/hub/login")
    finally:
        context.close()


def test_the_shared_scripts_go_gzipped_below_the_servers_path(hub: Hub) -> None:
    """The files every page loads are compressed under ``/user/<coach>/`` too."""
    request = urllib.request.Request(
        f"{hub.url}/user/coach-a/voila/static/voila.js", headers={"Accept-Encoding": "gzip"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(response.read())
