"""core.network.client_ip: X-Forwarded-For only from the proxies we configured."""

import pytest
from django.test import RequestFactory

from core.network import client_ip


def _ip(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **meta))


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert _ip("10.0.0.9", "1.2.3.4") == "10.0.0.9"


def test_a_request_that_bypasses_the_proxy_cannot_choose_its_address(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert _ip("10.9.9.9", "1.2.3.4") == "10.9.9.9"


@pytest.mark.parametrize(
    "trusted, remote, forwarded, expected",
    [
        (["127.0.0.1"], "127.0.0.1", "1.2.3.4", "1.2.3.4"),
        # The client's own X-Forwarded-For (left) is ignored; nginx appended the real peer.
        (["127.0.0.1"], "127.0.0.1", "6.6.6.6, 1.2.3.4", "1.2.3.4"),
        # Two proxies of ours (load balancer 10.1.1.1, then nginx 10.2.2.2).
        (["10.0.0.0/8"], "10.2.2.2", "6.6.6.6, 1.2.3.4, 10.1.1.1", "1.2.3.4"),
        (["::1"], "::1", "2001:db8::7", "2001:db8::7"),
        # Garbage where a proxy writes an address: keep the last one we can vouch for.
        (["127.0.0.1"], "127.0.0.1", "1.2.3.4, not-an-ip", "127.0.0.1"),
        (["127.0.0.1"], "127.0.0.1", "", "127.0.0.1"),
        (["127.0.0.1"], "127.0.0.1", None, "127.0.0.1"),
    ],
)
def test_behind_trusted_proxies_the_first_untrusted_hop_from_the_right(settings, trusted, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = trusted
    assert _ip(remote, forwarded) == expected


@pytest.mark.django_db
def test_audit_log_and_lockout_use_the_same_address(client, clerk_user, settings):
    from axes.models import AccessAttempt
    from django.urls import reverse

    from core.models import AuditLog

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    client.post(
        reverse("login"),
        {"username": "clerk", "password": "wrong-Password1"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4",
    )
    assert AuditLog.objects.get(action="login_failed").ip_address == "1.2.3.4"
    assert AccessAttempt.objects.get(username="clerk").ip_address == "1.2.3.4"
