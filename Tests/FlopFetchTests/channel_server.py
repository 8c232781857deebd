#!/usr/bin/env python3
"""A loopback HTTP server the fetcher tests control.

Serves files from a directory with ETags (and 304 on If-None-Match), counts requests per path,
and misbehaves on purpose under path prefixes:
  /stall/<path>     sends headers, then nothing (a stalled transfer)
  /endless/<path>   sends a body that never ends
  /away/<path>      redirects to http://example.com/<path> (leaves loopback)
  /hop/<path>       redirects to /<path> on this server
  /flaky/<path>     answers 503 the first time, then serves <path>
  /lastmod/<path>   serves <path> with no ETag, only a Last-Modified of 1-second resolution
                    (304 on an If-Modified-Since not older than the file's mtime second)
  /_counts          JSON of request counts per path
Prints the port on the first line of stdout.
"""
import email.utils, hashlib, http.server, json, os, sys, threading, time

root = sys.argv[1]
counts = {}
lock = threading.Lock()

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.path.split("?")[0]
        with lock:
            counts[path] = counts.get(path, 0) + 1
        if path == "/_counts":
            return self.send_body(200, json.dumps(counts).encode())
        if path.startswith("/stall/"):
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"x")
            self.wfile.flush()
            time.sleep(60)
            return
        if path.startswith("/endless/"):
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.end_headers()
            try:
                while True:
                    self.wfile.write(b"x" * 65536)
            except (BrokenPipeError, ConnectionResetError):
                return
        if path.startswith("/away/"):
            return self.redirect("http://example.com/" + path[len("/away/"):])
        if path.startswith("/hop/"):
            return self.redirect("/" + path[len("/hop/"):])
        if path.startswith("/flaky/"):
            if counts[path] == 1:
                return self.send_body(503, b"try again")
            path = "/" + path[len("/flaky/"):]
        lastmod = path.startswith("/lastmod/")
        if lastmod:
            path = "/" + path[len("/lastmod/"):]
        file = os.path.join(root, path.lstrip("/"))
        if not os.path.isfile(file):
            return self.send_body(404, b"not found")
        data = open(file, "rb").read()
        if lastmod:
            stamp = email.utils.formatdate(int(os.path.getmtime(file)), usegmt=True)
            since = self.headers.get("If-Modified-Since")
            if since and email.utils.parsedate_to_datetime(since).timestamp() >= int(os.path.getmtime(file)):
                self.send_response(304)
                self.send_header("Last-Modified", stamp)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Last-Modified", stamp)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_body(200, data, etag)

    def redirect(self, location):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def send_body(self, code, data, etag=None):
        self.send_response(code)
        if etag:
            self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

def exit_when_stdin_closes():
    # The test closes our stdin when it is done; exit even if a handler is still stalling.
    sys.stdin.read()
    os._exit(0)

threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
