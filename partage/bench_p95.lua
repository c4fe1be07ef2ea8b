-- wrk script of partage/bench_http.py: print the 95th percentile latency in milliseconds.
done = function(summary, latency, requests)
  io.write(string.format("p95 %.1f\n", latency:percentile(95) / 1000))
end
