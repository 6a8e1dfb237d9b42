from unittest import mock

from django.test import RequestFactory

from accounts.ratelimits import Rate, minutes, rate_hit, rate_limited, rate_wait, rates_parse


def test_rates_parse_reads_allauth_style_limits():
    assert rates_parse("5/15m/ip, 100/h/key,3/s") == [
        Rate(5, 900, "ip"),
        Rate(100, 3600, "key"),
        Rate(3, 1, "ip"),
    ]
    assert minutes(61) == 2 and minutes(0) == 1


def test_hits_are_counted_per_address_until_the_window_ends():
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.1")
    other = RequestFactory().post("/", REMOTE_ADDR="203.0.113.2")
    with mock.patch("accounts.ratelimits.time.time", return_value=1_000_040):
        assert rate_hit(request, action="t", limits="2/m/ip")
        assert rate_hit(request, action="t", limits="2/m/ip")
        assert rate_limited(request, action="t", limits="2/m/ip")
        assert rate_wait(request, action="t", limits="2/m/ip,9/h/ip") == 40
        assert not rate_hit(request, action="t", limits="2/m/ip")
        assert not rate_limited(other, action="t", limits="2/m/ip")
        assert not rate_limited(request, action="other", limits="2/m/ip")
    with mock.patch("accounts.ratelimits.time.time", return_value=1_000_040 + 60):
        assert not rate_limited(request, action="t", limits="2/m/ip")
