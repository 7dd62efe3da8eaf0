"""Django's Redis cache, keeping its redis-py client rather than making one for each call.

Django's RedisCacheClient builds a new `redis.Redis` for every get and set. That is cheap in
sockets (the connection pool is kept) but not in Python: each new client fills in its table of
reply handlers, about a thousand function calls, and every signed-in request reads its session
and often a cached page through the cache. A `redis.Redis` is safe to share between threads:
each command takes a connection from the pool.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        # The pool for the primary, or a replica chosen at random, as Django chooses it.
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
