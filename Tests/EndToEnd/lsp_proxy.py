"""A transparent stdio proxy between an LSP client and the server that records every message, so the
tests can validate everything the server sent against the LSP 3.17 meta model.

usage: python3 lsp_proxy.py TRACE_DIR -- SERVER_COMMAND...
Writes TRACE_DIR/trace-PID.jsonl; each line is {"dir": "c2s"|"s2c", "msg": <message>} or {"dir": ..., "raw": <text>} for a
frame that is not JSON (only the client side may send those, in the malformed-traffic tests).
"""
import json
import os
import subprocess
import sys
import threading


def content_length(header: bytes):
    """The Content-Length of a header block, or None when missing or malformed."""
    for line in header.decode("latin-1").split("\r\n"):
        if line.lower().startswith("content-length:"):
            try:
                return int(line.split(":", 1)[1].strip())
            except ValueError:
                return None
    return None


def frames(stream):
    """Yields (raw_bytes_of_frame, body_or_None) from a byte stream; body None for unparseable framing."""
    while True:
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            c = stream.read(1)
            if not c:
                if header:
                    yield header, None
                return
            header += c
        length = content_length(header)
        if length is None:
            yield header, None
            continue
        body = stream.read(length)
        yield header + body, body


def main():
    trace_path = os.path.join(sys.argv[1], f"trace-{os.getpid()}.jsonl")
    assert sys.argv[2] == "--"
    server = subprocess.Popen(sys.argv[3:], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    lock = threading.Lock()
    trace = open(trace_path, "a", encoding="utf-8")

    def record(direction, body, raw):
        with lock:
            try:
                entry = {"dir": direction, "msg": json.loads(body)}
            except Exception:
                entry = {"dir": direction, "raw": (raw or b"").decode("utf-8", "replace")}
            trace.write(json.dumps(entry) + "\n")
            trace.flush()

    def client_to_server():
        # Forward raw bytes untouched (malformed traffic must reach the server as sent).
        stdin = sys.stdin.buffer
        buffer = b""
        while True:
            chunk = stdin.read1(65536) if hasattr(stdin, "read1") else stdin.read(1)
            if not chunk:
                break
            buffer += chunk
            while b"\r\n\r\n" in buffer:
                head, rest = buffer.split(b"\r\n\r\n", 1)
                length = content_length(head)
                if length is None:
                    record("c2s", None, head)
                    buffer = rest
                    continue
                if len(rest) < length:
                    break
                record("c2s", rest[:length], rest[:length])
                buffer = rest[length:]
            # Forward only after recording, so a request is always logged before its response.
            try:
                server.stdin.write(chunk)
                server.stdin.flush()
            except BrokenPipeError:
                break
        try:
            server.stdin.close()
        except Exception:
            pass

    def server_to_client():
        out = sys.stdout.buffer
        for raw, body in frames(server.stdout):
            record("s2c", body, raw)
            try:
                out.write(raw)
                out.flush()
            except BrokenPipeError:
                pass

    reader = threading.Thread(target=client_to_server, daemon=True)
    writer = threading.Thread(target=server_to_client)
    reader.start()
    writer.start()
    code = server.wait()
    writer.join()
    with lock:
        trace.write(json.dumps({"dir": "exit", "code": code}) + "\n")
        trace.close()
    sys.stdout.flush()
    # os._exit: the stdin reader thread may be blocked in read(); interpreter shutdown would abort on it.
    os._exit(code if code >= 0 else 128 - code)


if __name__ == "__main__":
    main()
