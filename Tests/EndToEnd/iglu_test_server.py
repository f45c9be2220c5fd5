"""A local HTTP server for `iglu pull` tests (127.0.0.1 only).

/static/schemas/...            a static registry serving the real Iglu Central fixture files
/server/schemas/...            an Iglu Server with synthetic com.acme schemas
/server/api/schemas/V/N/F/M    its list endpoint (Iglu URIs of that model)
/slow/...                      answers only after 5 s (for timeouts)
/stall/schemas/...             sends headers and part of the body, touches MARKER, then stalls
/big/schemas/...               announces a 50 MB body
/huge/schemas/...              streams 1 GB without announcing a length
/redirect/schemas/...          302 to /echo/ on the other host (127.0.0.2); /redirect-same/ to /echo/ on this one
/echo/schemas/...              records the apikey header it got (MARKER.apikey-HOST), then serves like /server/
/many/api/schemas/V/N/F/1      lists 1,000 versions; /many/schemas/... serves any com.acme/many version
/noself/schemas/...            a JSON object without a self block
A second server with the same routes listens on 127.0.0.2 (its port in PORT_FILE.other).
usage: python3 iglu_test_server.py FIXTURE_DIR PORT_FILE MARKER
"""
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FIXTURE, PORT_FILE, MARKER = sys.argv[1], sys.argv[2], sys.argv[3]
META = "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#"
ACME = {f"com.acme/thing/jsonschema/1-0-{a}": {"$schema": META, "self": {"vendor": "com.acme", "name": "thing", "format": "jsonschema", "version": f"1-0-{a}"},
                                               "type": "object", "properties": {"n": {"type": "integer"}}} for a in range(3)}
# A schema whose self block lies about its key: must be rejected, never cached.
ACME["com.acme/liar/jsonschema/1-0-0"] = {"$schema": META, "self": {"vendor": "com.acme", "name": "other", "format": "jsonschema", "version": "1-0-0"}}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_body(self, status, body: bytes, content_type="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = self.path.split("?")[0]
        host = self.server.server_address[0]
        if path.startswith("/redirect/schemas/") or path.startswith("/redirect-same/schemas/"):
            rel = path.split("/schemas/", 1)[1]
            other = OTHER if path.startswith("/redirect/") else f"{host}:{self.server.server_address[1]}"
            self.send_response(302)
            self.send_header("Location", f"http://{other}/echo/schemas/{rel}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path.startswith("/echo/schemas/"):
            with open(f"{MARKER}.apikey-{host}", "a") as f:
                f.write((self.headers.get("apikey") or "none") + "\n")
            rel = path[len("/echo/schemas/"):]
            return self.send_body(200 if rel in ACME else 404, json.dumps(ACME.get(rel, {})).encode())
        if path.startswith("/huge/"):
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                chunk = b" " * (1024 * 1024)
                for _ in range(1024):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
            return
        if path.startswith("/many/api/schemas/com.acme/many/jsonschema/1"):
            return self.send_body(200, json.dumps([f"iglu:com.acme/many/jsonschema/1-0-{a}" for a in range(1000)]).encode())
        if path.startswith("/many/schemas/com.acme/many/jsonschema/"):
            version = path.rsplit("/", 1)[1]
            return self.send_body(200, json.dumps({"$schema": META, "self": {"vendor": "com.acme", "name": "many", "format": "jsonschema", "version": version},
                                                   "type": "object"}).encode())
        if path.startswith("/noself/schemas/"):
            return self.send_body(200, b'{"type": "object"}')
        if path.startswith("/static/schemas/"):
            rel = path[len("/static/schemas/"):]
            full = os.path.realpath(os.path.join(FIXTURE, "schemas", rel))
            if ".." not in rel and full.startswith(os.path.realpath(FIXTURE)) and os.path.isfile(full):
                return self.send_body(200, open(full, "rb").read())
            return self.send_body(404, b"not found", "text/plain")
        if path.startswith("/server/api/schemas/"):
            vendor, name, fmt, model = path[len("/server/api/schemas/"):].split("/")
            keys = [f"iglu:{k}" for k in ACME if k.startswith(f"{vendor}/{name}/{fmt}/{model}-")]
            if not keys:
                return self.send_body(404, b"[]")
            if self.headers.get("apikey") != "secret":
                return self.send_body(401, b'{"message": "apikey"}')
            return self.send_body(200, json.dumps(keys).encode())
        if path.startswith("/server/schemas/"):
            rel = path[len("/server/schemas/"):]
            if rel in ACME:
                return self.send_body(200, json.dumps(ACME[rel]).encode())
            return self.send_body(404, b"{}")
        if path.startswith("/slow/"):
            time.sleep(5)
            return self.send_body(404, b"{}")
        if path.startswith("/stall/"):
            self.send_response(200)
            self.send_header("Content-Length", "5000")
            self.end_headers()
            self.wfile.write(b'{"$schema": "' + META.encode() + b'", "self": {')
            self.wfile.flush()
            open(MARKER, "w").write("stalled")
            time.sleep(60)
            return
        if path.startswith("/big/"):
            self.send_response(200)
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
            try:
                for _ in range(50):
                    self.wfile.write(b" " * (1024 * 1024))
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        self.send_body(404, b"{}")


other_server = ThreadingHTTPServer(("127.0.0.2", 0), Handler)
other_server.daemon_threads = True
OTHER = f"127.0.0.2:{other_server.server_address[1]}"
threading.Thread(target=other_server.serve_forever, daemon=True).start()
with open(PORT_FILE + ".other", "w") as f:
    f.write(str(other_server.server_address[1]))
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
with open(PORT_FILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(PORT_FILE + ".tmp", PORT_FILE)
server.serve_forever()
