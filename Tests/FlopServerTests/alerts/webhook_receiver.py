"""A loopback webhook receiver for the alert tests: prints its port, logs every request
(path, headers, body, the status it answered) as a JSON line, and can fail the first N attempts
of each idempotency key or answer slowly.

usage: webhook_receiver.py LOG [--fail-first N] [--slow SECONDS]
"""
import http.server
import json
import sys
import threading
import time

log_path = sys.argv[1]
fail_first = int(sys.argv[sys.argv.index("--fail-first") + 1]) if "--fail-first" in sys.argv else 0
slow = float(sys.argv[sys.argv.index("--slow") + 1]) if "--slow" in sys.argv else 0
seen = {}
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()
        key = self.headers.get("Idempotency-Key", "")
        with lock:
            seen[(self.path, key)] = seen.get((self.path, key), 0) + 1
            status = 500 if seen[(self.path, key)] <= fail_first else 200
        if slow:
            time.sleep(slow)
        with lock, open(log_path, "a") as log:
            log.write(json.dumps({"path": self.path, "headers": dict(self.headers), "body": body, "status": status}) + "\n")
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
