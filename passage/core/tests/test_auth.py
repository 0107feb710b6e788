"""Signing in: argon2 hashes, lockout after repeated failures, the second factor for privileged
roles (with enrolment), session expiry, CSRF and security headers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from passage.core.models import AuditEvent

ROOT = Path(__file__).resolve().parents[3]


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2_in_the_real_settings():
    from django.conf import settings as live

    assert live.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]  # the test override
    with override_settings(PASSWORD_HASHERS=_production_hashers()):
        assert make_password("correct horse battery").startswith("argon2$")


def _production_hashers() -> list[str]:
    import passage.settings as module  # the module as written, not the test override

    return module.PASSWORD_HASHERS


@pytest.mark.django_db
def test_sign_in_and_out(world, client):
    response = client.post("/login/", {"username": "cw_a", "password": "correct horse battery"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "Kenya" in client.get("/").content.decode()
    client.post("/logout/")
    assert client.get("/")["Location"].startswith("/login/")


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_even_for_the_right_password(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/login/", {"username": "cw_a", "password": "wrong"})
    assert response.status_code == 429 or "locked" in response.content.decode().lower()
    response = client.post("/login/", {"username": "cw_a", "password": "correct horse battery"})
    assert "_auth_user_id" not in client.session
    assert "locked" in response.content.decode().lower()


@pytest.mark.django_db
def test_lockout_of_one_user_does_not_lock_another(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "cw_a", "password": "wrong"})
    response = client.post("/login/", {"username": "cw_b", "password": "correct horse battery"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_system_administrator_must_enrol_a_second_factor_before_anything_else(world, client):
    client.post("/login/", {"username": "sysadmin", "password": "correct horse battery"})
    response = client.get("/audit/")
    assert response.status_code == 302 and response["Location"].startswith("/account/2fa/")
    page = client.get(response["Location"]).content.decode()
    assert "<svg" in page  # the enrolment QR code
    device = TOTPDevice.objects.get(user=world.sysadmin, confirmed=False)

    wrong = client.post("/account/2fa/?next=/audit/", {"code": "000000" if _code(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and "not the one" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # a failure throttles the device for a second; the test does not wait

    done = client.post("/account/2fa/", {"code": _code(device), "next": "/audit/"})
    assert done.status_code == 302 and done["Location"] == "/audit/"
    assert client.get("/audit/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action="totp.enrolled", actor=world.sysadmin).exists()


@pytest.mark.django_db
def test_enrolled_user_verifies_at_each_sign_in(world):
    device = TOTPDevice.objects.create(user=world.sysadmin, name="app", confirmed=True)
    client = Client()
    client.post("/login/", {"username": "sysadmin", "password": "correct horse battery"})
    assert client.get("/")["Location"].startswith("/account/2fa/")
    assert "Enter your code" in client.get("/account/2fa/").content.decode()
    client.post("/account/2fa/", {"code": _code(device)})
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_api_session_of_an_unverified_privileged_user_is_refused(world, client):
    client.post("/login/", {"username": "sysadmin", "password": "correct horse battery"})
    response = client.get("/api/v1/me")
    assert response.status_code == 401 and response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_next_parameter_cannot_send_the_user_to_another_site(world):
    device = TOTPDevice.objects.create(user=world.sysadmin, name="app", confirmed=True)
    client = Client()
    client.post("/login/", {"username": "sysadmin", "password": "correct horse battery"})
    response = client.post("/account/2fa/", {"code": _code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_sign_in_form_needs_its_csrf_token(world):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/login/", {"username": "cw_a", "password": "correct horse battery"})
    assert response.status_code == 403 and "_auth_user_id" not in browser.session


def test_sessions_expire():
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY


@pytest.mark.django_db
def test_pages_carry_csp_and_security_headers(world, client):
    client.force_login(world.caseworker_a)
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def _production(extra: dict[str, str], code: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PASSAGE_", "DJANGO_"))}
    env.update({"DJANGO_SETTINGS_MODULE": "passage.settings", "PASSAGE_ENV": "production", **extra})
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60, check=False)


def test_production_settings_are_secure_and_pass_the_deploy_check():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "from django.core.management import call_command; "
        "assert s.SESSION_COOKIE_SECURE and s.CSRF_COOKIE_SECURE and s.SECURE_HSTS_SECONDS >= 31536000; "
        "assert not s.DEBUG and s.SECURE_SSL_REDIRECT; "
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    from cryptography.fernet import Fernet

    result = _production({"PASSAGE_SECRET_KEY": "x" * 60 + "Yz9-", "PASSAGE_ALLOWED_HOSTS": "passage.example.org",
                          "PASSAGE_FIELD_KEYS": Fernet.generate_key().decode()}, code)
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _production({"PASSAGE_ALLOWED_HOSTS": "passage.example.org"}, "import django; django.setup()")
    assert result.returncode != 0 and "PASSAGE_SECRET_KEY is required" in result.stderr


def test_production_refuses_to_start_without_field_encryption_keys():
    result = _production({"PASSAGE_SECRET_KEY": "x" * 64, "PASSAGE_ALLOWED_HOSTS": "passage.example.org"},
                         "import django; django.setup()")
    assert result.returncode != 0 and "PASSAGE_FIELD_KEYS is required" in result.stderr
