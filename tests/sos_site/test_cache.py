import os

import pytest
import redis

from sos_site.cache import RedisCache

# Nothing here connects unless a test says so: redis-py connects on the first command.
LOCATION = "redis://127.0.0.1:6379/15"


def test_the_redis_client_is_made_once_and_kept():
    cache = RedisCache(LOCATION, {})
    client = cache._cache.get_client("a key")
    assert isinstance(client, redis.Redis)
    # Django's own RedisCacheClient makes a new client for every call.
    assert cache._cache.get_client("another key") is client
    assert cache._cache.get_client("a key", write=True) is client  # one server: one pool
    assert client.connection_pool is cache._cache._get_connection_pool(write=False)


def test_reads_go_to_the_replicas_and_writes_to_the_first_server_each_with_its_own_client():
    cache = RedisCache("redis://primary:6379/0,redis://replica:6379/0", {})
    writer = cache._cache.get_client(write=True)
    reader = cache._cache.get_client()
    assert writer.connection_pool.connection_kwargs["host"] == "primary"
    assert reader.connection_pool.connection_kwargs["host"] == "replica"
    assert cache._cache.get_client(write=True) is writer
    assert cache._cache.get_client() is reader


def test_values_go_in_and_come_out():
    cache = RedisCache(LOCATION, {"KEY_PREFIX": "sos-test-cache"})
    try:
        cache.set("greeting", {"words": "hello"}, 30)
    except redis.ConnectionError:
        # Redis is optional on a laptop (each process then caches in its own memory); CI has it.
        if os.environ.get("CI"):
            raise
        pytest.skip("Redis is optional on a laptop, and none answers on 127.0.0.1:6379.")
    assert cache.get("greeting") == {"words": "hello"}
    cache.delete("greeting")
    assert cache.get("greeting") is None


def test_with_several_replicas_each_gets_its_own_client_and_all_are_read_from():
    cache = RedisCache("redis://primary:6379/0,redis://one:6379/0,redis://two:6379/0", {})
    read_from = set()
    for _ in range(50):
        client = cache._cache.get_client()
        assert cache._cache._clients[client.connection_pool] is client
        read_from.add(client.connection_pool.connection_kwargs["host"])
    assert read_from == {"one", "two"}
    assert cache._cache.get_client(write=True).connection_pool.connection_kwargs["host"] == (
        "primary"
    )
