"""Login through a municipal identity provider (st.login), against a mock OIDC provider on
127.0.0.1: the role comes from the ID token's claim named in config.toml (mik_role)."""

from __future__ import annotations

import pytest

from mik.ops.server import free_port
from tests.browser.conftest import start_streamlit, wait_for_app

pytestmark = pytest.mark.xdist_group("oidc")  # the identity provider and its app are started once


@pytest.fixture(scope="session")
def provider():
    import oidc_provider_mock as mock

    users = [mock.User(sub="raadslid-1", claims={"email": "raadslid-1@gemeente.test", "mik_role": "raad"})]
    with mock.run_server_in_thread(port=free_port(), user_claims=users) as server:
        yield f"http://127.0.0.1:{server.server_port}"


@pytest.fixture(scope="session")
def oidc_app(demo_db, provider, tmp_path_factory):
    port = free_port()
    secrets = tmp_path_factory.mktemp("oidc") / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "test-cookie-secret-not-for-production"\n'
        'client_id = "mik"\nclient_secret = "mik-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    proc, url = start_streamlit({"MIK_DB": str(demo_db), "MIK_AUTH": "on"}, ["--secrets.files", str(secrets)], port)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def test_login_at_the_identity_provider_gives_the_role_of_the_claim(browser, oidc_app, provider, shots):
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(oidc_app)
    page.get_by_role("button", name="Inloggen met gemeente-account").click()
    page.wait_for_url(f"{provider}/**")
    page.get_by_role("button", name="raadslid-1").click()
    wait_for_app(page, "Stand per")
    assert page.get_by_text("Rol: raad", exact=False).count() >= 1
    assert page.get_by_role("link", name="Kaart").count() >= 1  # raad sees the wijk map
    page.screenshot(path=str(shots / "oidc-logged-in.png"), full_page=True)
    context.close()
