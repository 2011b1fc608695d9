"""
The benchmark's baseline: a bare Django app, served by gunicorn with the project's
settings for it, that answers precomputed bytes with no middleware, no database and
no cache. What the API costs beyond it is the API's own.
"""
