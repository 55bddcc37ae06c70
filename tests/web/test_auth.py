"""Login, logout, lockout, CSRF, session cookies and security headers."""

from __future__ import annotations

from sqlalchemy import select

from casestore.models import AuditLog, StaffSession, StaffUser
from tests.web.conftest import PASSWORD, client_for, csrf_of, logged_in, login


async def test_login_sets_a_hardened_session_cookie_and_lands_on_the_caseload(web) -> None:
    _app, web_app, _people = web
    async with client_for(web_app) as client:
        response = await login(client, "reg")
        assert response.status_code == 303
        assert response.headers["location"] == "/caseload"
        cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith("ib_session="))
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
        assert "Secure" not in cookie  # plain http in the test; see the https test below
        page = await client.get("/caseload")
        assert page.status_code == 200
        assert "Test Amal" in page.text


async def test_cookie_is_secure_over_https(sqlite_web) -> None:
    _app, web_app, _people = sqlite_web
    import httpx

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=web_app), base_url="https://testserver"
    ) as client:
        form = await client.get("/login")
        response = await client.post(
            "/login", data={"username": "reg", "password": PASSWORD, "csrf_token": csrf_of(form.text)}
        )
        cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith("ib_session="))
        assert "Secure" in cookie
        assert response.headers["strict-transport-security"].startswith("max-age=")


async def test_wrong_password_is_refused_without_saying_why(sqlite_web) -> None:
    _app, web_app, _people = sqlite_web
    async with client_for(web_app) as client:
        wrong = await login(client, "reg", "not the password")
        unknown = await login(client, "nobody", "not the password")
    assert wrong.status_code == unknown.status_code == 401
    assert "ib_session=" not in wrong.headers.get("set-cookie", "")
    # The same words for an unknown name and a wrong password.
    assert wrong.text.count("Inloggen is niet gelukt") == unknown.text.count("Inloggen is niet gelukt") == 1


async def test_five_failures_lock_the_account_even_for_the_right_password(sqlite_web) -> None:
    app, web_app, _people = sqlite_web
    async with client_for(web_app) as client:
        for _ in range(5):
            assert (await login(client, "reg", "wrong password!")).status_code == 401
        locked = await login(client, "reg", PASSWORD)
        assert locked.status_code == 401
    async with app.store.uow() as uow:
        user = await uow.session.scalar(select(StaffUser).where(StaffUser.username == "reg"))
        assert user is not None and user.locked_until is not None
        failures = list(await uow.session.scalars(select(AuditLog).where(AuditLog.action == "login_failed")))
        assert len(failures) == 6
        # Ids only in the audit log: the typed username or password is never stored.
        assert all("reg" not in str(f.detail) for f in failures)


async def test_login_form_needs_its_csrf_token(sqlite_web) -> None:
    _app, web_app, _people = sqlite_web
    async with client_for(web_app) as client:
        await client.get("/login")
        response = await client.post(
            "/login", data={"username": "reg", "password": PASSWORD, "csrf_token": "x"}
        )
    assert response.status_code == 403
    assert "ib_session=" not in response.headers.get("set-cookie", "")


async def test_logout_ends_the_session_on_the_server(sqlite_web) -> None:
    app, web_app, _people = sqlite_web
    async with logged_in(web_app, "reg") as (client, csrf):
        stolen = client.cookies.get("ib_session")
        assert (await client.post("/logout", data={"csrf_token": csrf})).status_code == 303
        client.cookies.set("ib_session", stolen)  # a copied cookie must be useless after logout
        again = await client.get("/caseload")
    assert again.status_code == 303 and again.headers["location"].startswith("/login")
    async with app.store.uow() as uow:
        assert list(await uow.session.scalars(select(StaffSession))) == []


async def test_post_without_csrf_token_is_refused(sqlite_web) -> None:
    _app, web_app, people = sqlite_web
    async with logged_in(web_app, "reg") as (client, _csrf):
        response = await client.post(
            f"/appointments/{people.appointment}/cancel", data={"csrf_token": "wrong"}
        )
        assert response.status_code == 403
        missing = await client.post("/logout")
        assert missing.status_code == 403


async def test_open_redirect_after_login_is_not_possible(sqlite_web) -> None:
    _app, web_app, _people = sqlite_web
    async with client_for(web_app) as client:
        form = await client.get("/login")
        response = await client.post(
            "/login",
            data={
                "username": "reg",
                "password": PASSWORD,
                "csrf_token": csrf_of(form.text),
                "next": "//evil.example/",
            },
        )
    assert response.headers["location"] == "/caseload"


async def test_security_headers_on_pages(sqlite_web) -> None:
    _app, web_app, _people = sqlite_web
    async with client_for(web_app) as client:
        response = await client.get("/login")
    headers = response.headers
    assert "default-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"
    assert headers["cache-control"] == "no-store"
