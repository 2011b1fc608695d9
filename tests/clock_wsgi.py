"""
The app as deployed, with the rate limits' clock standing still at THROTTLE_CLOCK
(seconds since the epoch): served as
`gunicorn(env, app=tests.deployments.APP_WITH_CLOCK)` with THROTTLE_CLOCK=MID_HOUR
(tests.deployments) in its environment. Never imported by the tests themselves.

The limits count per window of the clock (healthapi.throttling.FixedWindow), and a
window that ended among a test's requests would start the count again; a test that
controls the clock never waits for the top of the hour.
"""

import os

from healthapi.throttling import FixedWindow
from healthapi.wsgi import application

FixedWindow.timer = lambda self: float(os.environ["THROTTLE_CLOCK"])

__all__ = ["application"]
