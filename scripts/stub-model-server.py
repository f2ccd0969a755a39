#!/usr/bin/env python3
"""A scripted OpenAI-compatible model server on loopback, for the batch benchmark and the batch resume test.

    stub-model-server.py [--delay SECONDS] [--log FILE]

Prints its port on the first line of standard output, then answers POST /v1/chat/completions after DELAY
seconds with JSON that fits the schema the request names (hashtags, captions or ranking), and GET /v1/models.
Each request's last user message is appended to FILE as one JSON line, so a test can tell which posts were
sent. Threaded: concurrent requests wait in parallel, as a real server's would.
"""
import argparse, json, socket, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

parser = argparse.ArgumentParser()
parser.add_argument("--delay", type=float, default=0.2)
parser.add_argument("--log")
args = parser.parse_args()
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # Headers and body go out in two writes: without this, Nagle's algorithm holds the body until the
        # client's delayed ACK (40 ms) on a kept-alive connection.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, *_):
        pass

    def reply(self, body):
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.reply({"data": [{"id": "stub"}]})

    def do_POST(self):
        request = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        def text(message):
            content = message["content"]
            return content if isinstance(content, str) else " ".join(p.get("text", "") for p in content)
        prompt = text(request["messages"][-1])
        everything = " ".join(text(message) for message in request["messages"])
        if args.log:
            with lock, open(args.log, "a") as log:
                log.write(json.dumps({"time": time.time(), "prompt": prompt}) + "\n")
        time.sleep(args.delay)
        name = ((request.get("response_format") or {}).get("json_schema") or {}).get("name", "")
        if name == "hashtags" or "named 'hashtags'" in everything:
            answer = {"tags": [{"tag": "sourdough", "why": "your best tag"}, {"tag": "breadlove", "why": "fits"}]}
        elif name == "ranking" or "named 'ranking'" in everything:
            answer = {"ranking": [{"draft": 1, "reason": "closest to your top posts"}]}
        else:
            answer = {"captions": [{"text": "Fresh from the stub oven. #sourdough"}]}
        self.reply({
            "id": "stub", "object": "chat.completion", "model": request.get("model", "stub"),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": json.dumps(answer)},
                         "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 50, "completion_tokens": 12},
        })


class Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's listen backlog is 5: a client opening 16 connections at once (a batch at concurrency
    # 16) had the rest of its SYNs dropped and retried a second later, which measured the stub, not the client.
    request_queue_size = 128

    def handle_error(self, request, client_address):
        pass  # a client killed mid-request (the resume benchmark does that) is not news


server = Server(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
