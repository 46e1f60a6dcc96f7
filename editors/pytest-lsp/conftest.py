"""Fixtures: each test gets a fresh workspace folder (the fixture policy and a palisade.toml)
and a `palisade lsp` subprocess initialized with the recorded capabilities of one editor, once
per editor in `support.CLIENTS`. The server's cache (where it writes the standard library) and
home are inside the test's temporary folder. A test marked `needs("text_document.x")` is
skipped for an editor that does not declare that capability, since that editor never sends the
request.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from lsprotocol import types as t
from pygls.capabilities import get_capability
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

import spec_checks  # noqa: F401  (registers the extra checks with pytest-lsp)
from support import CLIENTS, PALISADE_TOML, PATIENCE, POLICY, SERVER, EditorClient, Session


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "needs(capability): the client capability the test's requests need"
    )


def publish_diagnostics(client: EditorClient, params: t.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    client.published.append(params)


def register_capability(client: EditorClient, params: t.RegistrationParams) -> None:
    client.registrations.extend(params.registrations)


def refresh_code_lenses(client: EditorClient, params: None) -> None:
    client.lens_refreshes += 1


def make_client() -> EditorClient:
    """pytest-lsp's test client, keeping versions of diagnostics, accepting registrations and
    counting code lens refreshes, as an editor does."""
    client = EditorClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish_diagnostics
    features[t.CLIENT_REGISTER_CAPABILITY] = register_capability
    features[t.WORKSPACE_CODE_LENS_REFRESH] = refresh_code_lenses
    register_lsp_features(client, features)
    return client


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "workspace"
    root.mkdir()
    (root / "palisade.toml").write_text(PALISADE_TOML, encoding="utf-8")
    (root / "pods.pal").write_text(POLICY, encoding="utf-8")
    return root


@pytest_asyncio.fixture(params=CLIENTS)
async def client(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[EditorClient]:
    """The language client, connected to a fresh server; it is shut down after the test and
    must exit with status 0."""
    needs = request.node.get_closest_marker("needs")
    capabilities = client_capabilities(request.param)
    if needs and get_capability(capabilities, needs.args[0], None) is None:
        pytest.skip(f"{request.param} has no {needs.args[0]}: it never sends this request")
    env = {
        **os.environ,
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "HOME": str(tmp_path / "home"),
    }
    config = ClientServerConfig(
        server_command=[SERVER, "lsp"], server_env=env, client_factory=make_client
    )
    client = await config.start()
    yield client
    # pygls keeps the server process as `_server`; one that does not exit in time is killed.
    server = client._server
    try:
        await asyncio.wait_for(client.shutdown_session(), PATIENCE)
    finally:
        if server is not None and server.returncode is None:
            server.kill()
        await client.stop()
    assert server is not None and server.returncode == 0


@pytest_asyncio.fixture
async def session(
    request: pytest.FixtureRequest, client: EditorClient, workspace: Path, tmp_path: Path
) -> Session:
    """The server initialized on the workspace as the editor `client` was recorded as."""
    editor = request.node.callspec.params["client"]
    name, version = editor.split("@")
    capabilities = client_capabilities(editor)
    result = await client.initialize_session(
        t.InitializeParams(
            capabilities=capabilities,
            client_info=t.ClientInfo(name=name, version=version),
            root_uri=workspace.as_uri(),
            workspace_folders=[t.WorkspaceFolder(uri=workspace.as_uri(), name="workspace")],
        )
    )
    return Session(
        client=client,
        editor=editor,
        capabilities=capabilities,
        result=result,
        root=workspace,
        cache=tmp_path / "cache",
    )
