from partage.live.ratelimit import TokenBucket


def test_bucket_allows_a_burst_then_refuses_then_refills():
    now = [100.0]
    bucket = TokenBucket(rate=2, burst=3, clock=lambda: now[0])
    assert [bucket.take() for _ in range(3)] == [0, 0, 0]
    assert bucket.take() == 500
    now[0] += 0.5
    assert bucket.take() == 0
    assert bucket.take() > 0
