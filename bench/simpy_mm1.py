"""M/M/1 (arrival rate 0.9, service rate 1) in idiomatic SimPy 3, the reference for bench/engine.ts.

A Resource of capacity 1 is the server; a source process starts one generator process per customer,
which requests the server, records its wait in queue and holds the server for an exponential
service time. Prints one JSON line:
{"customers", "wallS", "cpuS", "customersPerS", "meanWait", "simpyVersion"}.

Usage: /usr/bin/python3 bench/simpy_mm1.py CUSTOMERS [SEED]
"""
import json
import random
import sys
import time

import simpy

ARRIVAL_RATE = 0.9
SERVICE_RATE = 1.0


def customer(env, server, rng, waits):
    arrival = env.now
    with server.request() as request:
        yield request
        waits.append(env.now - arrival)
        yield env.timeout(rng.expovariate(SERVICE_RATE))


def source(env, server, customers, rng, waits):
    for _ in range(customers):
        env.process(customer(env, server, rng, waits))
        yield env.timeout(rng.expovariate(ARRIVAL_RATE))


def main():
    customers = int(float(sys.argv[1]))
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    rng = random.Random(seed)
    waits = []
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=1)
    env.process(source(env, server, customers, rng, waits))
    start = time.perf_counter()
    cpu_start = time.process_time()
    env.run()
    cpu_s = time.process_time() - cpu_start
    wall_s = time.perf_counter() - start
    print(json.dumps({
        "customers": customers,
        "wallS": wall_s,
        "cpuS": cpu_s,
        "customersPerS": customers / wall_s,
        "meanWait": sum(waits) / len(waits),
        "simpyVersion": getattr(simpy, "__version__", None),
    }))


if __name__ == "__main__":
    main()
