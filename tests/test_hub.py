"""``retention serve --hub``: the options the hub's spawner environment gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.errors import ToolkitError
from toolkit.hub import hub_options
from toolkit.serve import ServeOptions, app_urls, voila_config, write_config

HUB_ENV = {
    "JUPYTERHUB_SERVICE_URL": "http://127.0.0.1:41234/user/coach-a/",
    "JUPYTERHUB_SERVICE_PREFIX": "/user/coach-a/",
    "JUPYTERHUB_USER": "coach-a",
    "JUPYTERHUB_API_TOKEN": "secret-token",
}


def test_the_hub_sets_address_prefix_and_identity(tmp_path: Path) -> None:
    options = hub_options(ServeOptions(workspace=tmp_path, memory_mb=4000), HUB_ENV)
    assert (options.host, options.port, options.base_path, options.hub) == (
        "127.0.0.1",
        41234,
        "/user/coach-a/",
        True,
    )
    config = voila_config(options, options.plan())
    assert config["Voila"]["base_url"] == "/user/coach-a/"
    assert config["Voila"]["tornado_settings"]["static_immutable_cache"] == [
        "/user/coach-a/voila/labextensions/"
    ]
    assert app_urls(options)["participant"] == (
        "http://127.0.0.1:41234/user/coach-a/voila/render/participant.ipynb"
    )
    written = write_config(options).read_text()
    assert "from toolkit.hub_access import HubIdentityProvider" in written
    assert "identity_provider_class = HubIdentityProvider" in written


def test_the_hubs_public_address_is_one_the_server_answers_to(tmp_path: Path) -> None:
    env = {**HUB_ENV, "JUPYTERHUB_PUBLIC_URL": "https://hub.example.com/user/coach-a/"}
    options = hub_options(
        ServeOptions(workspace=tmp_path, public_urls=("https://other.example.com",)), env
    )
    assert options.public_names == ["127.0.0.1", "hub.example.com", "other.example.com"]
    assert options.base_url == "https://hub.example.com/user/coach-a"


def test_outside_a_hub_serve_hub_says_what_is_missing(tmp_path: Path) -> None:
    env = {k: v for k, v in HUB_ENV.items() if k != "JUPYTERHUB_API_TOKEN"}
    with pytest.raises(ToolkitError, match="JUPYTERHUB_API_TOKEN not set"):
        hub_options(ServeOptions(workspace=tmp_path), env)


def test_without_the_hub_the_login_and_keys_decide(tmp_path: Path) -> None:
    options = ServeOptions(workspace=tmp_path, memory_mb=4000)
    assert voila_config(options, options.plan())["Voila"]["base_url"] == "/"
    written = write_config(options).read_text()
    assert "identity_provider_class = AppIdentityProvider" in written
