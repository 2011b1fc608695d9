"""
gunicorn settings for production (`make serve`), read from the environment.

Each instance is stateless: content is in the database, and the cache (content
version, cached responses, rate-limit counters) in Redis, so instances can be
added behind a load balancer without any of them knowing of the others.
"""

import multiprocessing
import os

wsgi_app = "healthapi.wsgi"
bind = os.environ.get("BIND", "127.0.0.1:8000")
# Sync workers: the work is short database reads, cached for anonymous clients.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request that takes longer is a fault: its worker is killed and replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Workers are replaced now and then, so that a slow leak cannot grow for ever.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 10
# The app is imported once, in the master, and each worker is forked from it: a worker
# that replaces another starts in milliseconds instead of importing Django and the app
# again (at a few thousand cached reads a second, a worker is replaced every few
# seconds, and each import stalled its requests for half a second). Django opens no
# database or cache connection on import, so none is shared between workers. New code
# then needs a restart of the master, not a reload of the workers.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() == "true"
# "-" is standard output; an empty value turns the access log off.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
# The control socket lives in the home folder, one per user: two servers on one
# machine would share and break it. Nothing here uses it.
control_socket_disable = True
# The proxies whose X-Forwarded-* headers are trusted (comma-separated addresses).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
