#!/usr/bin/env python3
"""Slow clients against `vae serve`: a ready client's latency alone, then beside clients that trickle their bodies.

    python3 benchmarks/service/trickle.py MODEL_FOLDER [--seconds 20] [--tricklers 16] [--rate 100] [--vae ./vae]

Starts `vae serve MODEL_FOLDER` on 127.0.0.1, then posts one-image binary float32 bodies (a real Fashion-MNIST test
image) to /v1/encode at --rate requests/s for --seconds, first alone, then while --tricklers connections each declare a
3,000,000-byte body and send it at 400 B/s. Prints each phase's status counts and latency percentiles, and the ratio of
the loaded p99 to the unloaded p99. The standard library only (http.client, socket, threading).
"""
import argparse, gzip, http.client, os, socket, statistics, subprocess, sys, threading, time

def image_body():
    with gzip.open("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz") as f:
        pixels = f.read(16 + 784)[16:]
    import struct
    return struct.pack("<784f", *[p / 255 for p in pixels])

def wait_ready(port, server):
    for _ in range(600):
        if server.poll() is not None:
            sys.exit(f"vae serve exited with {server.returncode}")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            c.request("GET", "/readyz")
            if c.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    sys.exit("vae serve did not become ready")

def ready_client(port, body, seconds, rate):
    latencies, statuses = [], {}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    start = time.perf_counter()
    for i in range(int(seconds * rate)):
        due = start + i / rate
        time.sleep(max(0, due - time.perf_counter()))
        t = time.perf_counter()
        try:
            conn.request("POST", "/v1/encode", body, {"Content-Type": "application/octet-stream"})
            r = conn.getresponse()
            r.read()
            status = r.status
        except TimeoutError:
            status = "no answer in 5 s"
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        latencies.append((time.perf_counter() - t) * 1000)
        statuses[status] = statuses.get(status, 0) + 1
        if time.perf_counter() - start > seconds + 30:
            break  # a server that does not answer: what came is enough
    return latencies, statuses

def trickler(port, stop):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"POST /v1/encode HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
              b"Content-Length: 3000000\r\n\r\n")
    try:
        while not stop.is_set():
            s.sendall(b"\0" * 40)  # 400 B/s
            stop.wait(0.1)
    except OSError:
        pass  # the server gave up on it
    s.close()

def report(name, latencies, statuses):
    q = statistics.quantiles(latencies, n=100)
    print(f"{name}: {len(latencies)} requests, statuses {dict(sorted(statuses.items(), key=str))}, "
          f"p50 {q[49]:.2f} ms, p99 {q[98]:.2f} ms, max {max(latencies):.2f} ms")
    return q[98]

def main():
    a = argparse.ArgumentParser()
    a.add_argument("model")
    a.add_argument("--seconds", type=float, default=20)
    a.add_argument("--tricklers", type=int, default=16)
    a.add_argument("--rate", type=float, default=100)
    a.add_argument("--vae", default=os.path.join(os.path.dirname(__file__), "..", "..", "vae"))
    a.add_argument("--port", type=int, default=5093)
    args = a.parse_args()
    server = subprocess.Popen([args.vae, "serve", args.model, "--urls", f"http://127.0.0.1:{args.port}"],
                              stdout=subprocess.DEVNULL)
    try:
        wait_ready(args.port, server)
        body = image_body()
        ready_client(args.port, body, 2, args.rate)  # warm-up
        alone = report("ready client alone", *ready_client(args.port, body, args.seconds, args.rate))
        stop = threading.Event()
        threads = [threading.Thread(target=trickler, args=(args.port, stop)) for _ in range(args.tricklers)]
        for t in threads:
            t.start()
        time.sleep(1)
        loaded = report(f"beside {args.tricklers} trickling clients", *ready_client(args.port, body, args.seconds, args.rate))
        stop.set()
        for t in threads:
            t.join()
        print(f"p99 beside the trickling clients / p99 alone: {loaded / alone:.2f}")
    finally:
        server.terminate()
        server.wait()

main()
