"""A WebSocket server for Tidings' tests (Python `websockets`, as in the SSE-vs-WebSocket tutorials).

Runs on 127.0.0.1 (port from argv[1], 0 = any free port) and obeys JSON commands, one per line on
stdin; every command is acknowledged with {"ack": n} on stdout once done. It reports on stdout:
{"ready": port}, {"connected": path, "headers": {...}} per accepted client, {"ack": n}.

Commands: {"op": "text", "text": "..."}       send a text message to every client
          {"op": "binary", "size": n}          send n bytes as a binary message
          {"op": "close", "code": n, "reason": "..."}  close every client with that code
          {"op": "drop"}                       cut every client's TCP connection (no close frame)
          {"op": "refuse", "status": n}        refuse the next upgrades with HTTP n (0: accept again)
Ends when stdin closes.
"""
import asyncio
import http
import json
import sys
import threading

import websockets

clients = set()
refuse_status = 0


def say(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


async def process_request(path, headers):
    if refuse_status:
        body = json.dumps({"error": http.HTTPStatus(refuse_status).phrase}).encode()
        return http.HTTPStatus(refuse_status), [("Content-Type", "application/json")], body
    return None


async def handler(websocket, path=None):
    clients.add(websocket)
    say({"connected": websocket.path, "headers": dict(websocket.request_headers.raw_items())})
    try:
        async for _ in websocket:
            pass
    except websockets.ConnectionClosed:
        pass
    finally:
        clients.discard(websocket)


async def run_command(command):
    global refuse_status
    op = command["op"]
    targets = list(clients)
    if op == "text":
        await asyncio.gather(*(c.send(command["text"]) for c in targets), return_exceptions=True)
    elif op == "binary":
        await asyncio.gather(*(c.send(b"\x00" * command["size"]) for c in targets), return_exceptions=True)
    elif op == "close":
        await asyncio.gather(*(c.close(command["code"], command.get("reason", "")) for c in targets), return_exceptions=True)
    elif op == "drop":
        for c in targets:
            c.transport.abort()
    elif op == "refuse":
        refuse_status = command["status"]


async def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    loop = asyncio.get_running_loop()
    lines = asyncio.Queue()

    def read_stdin():
        for line in sys.stdin:
            loop.call_soon_threadsafe(lines.put_nowait, line)
        loop.call_soon_threadsafe(lines.put_nowait, None)

    # max_size None: the client under test decides what is too big.
    async with websockets.serve(handler, "127.0.0.1", port, process_request=process_request, max_size=None, ping_interval=None) as server:
        say({"ready": server.sockets[0].getsockname()[1]})
        threading.Thread(target=read_stdin, daemon=True).start()
        count = 0
        while True:
            line = await lines.get()
            if line is None:
                break
            if not line.strip():
                continue
            await run_command(json.loads(line))
            count += 1
            say({"ack": count})


asyncio.run(main())
