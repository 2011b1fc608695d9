"""
The rate limits: anonymous requests, and failed token authentications
(accounts.authentication), each counted with one atomic counter per client address
and window in the shared cache.

DRF's own throttle keeps a list of the timestamps of a client's requests in the last
window, and on every request reads it, trims it and writes it back, pickled: its cost
grows with the rate, and two workers that read the list at once both write back their
own count, so requests go uncounted. Here a request costs one increment, whatever
the rate, and the cache makes it atomic (Redis INCR; the file cache takes a lock,
healthapi.cache).

The window is fixed: at most `rate` requests per client from the start of each
window (a minute for `n/minute`), and a refused request learns in Retry-After when
the next window starts. A client can thus make up to twice the rate across the edge
of two windows; the documented rate is per window.
"""

from typing import Any, cast

from django.http import HttpRequest
from rest_framework import throttling
from rest_framework.request import Request
from rest_framework.settings import api_settings


def client_address(request: HttpRequest) -> str:
    """
    The client's address as DRF's throttles see it: NUM_PROXIES entries from the right
    of X-Forwarded-For, or the connection's own address.
    """
    # get_ident() reads only the request's headers and META, which a Django request has too.
    return throttling.BaseThrottle().get_ident(cast(Request, request))


class FixedWindow:
    """A counter per client and window of `duration` seconds, in the shared cache."""

    cache: Any
    duration: int
    num_requests: int
    timer: Any

    def window_key(self, ident: str) -> str:
        """The key of the current window's counter; sets how long until the next one."""
        now = self.timer()
        window = int(now // self.duration)
        self.seconds_left = (window + 1) * self.duration - now
        return f"{ident}:{window}"

    def count(self, key: str) -> int:
        """This request counted in the window's counter: the count, this one included."""
        try:
            return self.cache.incr(key)
        except ValueError:  # the window's first request
            # The counter outlives its window by a second, so it never ends between these.
            if self.cache.add(key, 1, timeout=self.duration + 1):
                return 1
            return self.cache.incr(key)

    def wait(self) -> float:
        return self.seconds_left


class AnonRateThrottle(FixedWindow, throttling.AnonRateThrottle):
    cache_format = "throttle-window:%(scope)s:%(ident)s"

    def allow_request(self, request: Request, view: Any) -> bool:
        if self.rate is None:
            return True
        ident = self.get_cache_key(request, view)
        if ident is None:  # an editor: not limited
            return True
        return self.count(self.window_key(ident)) <= self.num_requests


class FailedAuthenticationThrottle(FixedWindow, throttling.SimpleRateThrottle):
    """
    Failed token authentications per client address (accounts.authentication): past the
    rate, the address may not try a token until the window ends, so that tokens cannot
    be guessed through the API. Only failures count.
    """

    scope = "failed_authentication"

    def get_rate(self) -> str | None:
        # Read now rather than when DRF was imported, as settings may change (in tests).
        # Rates such as "10/minute": the stubs type them as numbers.
        rates = cast(dict[str, str | None], api_settings.DEFAULT_THROTTLE_RATES)
        return rates.get(self.scope)

    def get_cache_key(self, request: Request, view: Any = None) -> str:
        return f"failed-authentication:{self.get_ident(request)}"

    def exhausted(self, request: Request) -> bool:
        if self.rate is None:  # no limit
            return False
        count = self.cache.get(self.window_key(self.get_cache_key(request))) or 0
        return count >= self.num_requests

    def record_failure(self, request: Request) -> None:
        if self.rate is not None:
            self.count(self.window_key(self.get_cache_key(request)))
