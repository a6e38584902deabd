"""A Flask-SocketIO server for Tidings' tests, as in the Flask-SocketIO chat tutorials.

Debian's python3-flask-socketio runs here in `threading` mode on Werkzeug. That mode serves the
WebSocket transport only with the `simple-websocket` package, which Debian does not ship, so this
peer speaks Socket.IO v5 over HTTP long-polling (the client's first transport).

Runs on 127.0.0.1 (port from argv[1], 0 = a free port), obeys JSON commands on stdin (each acked
with {"ack": n} once done) and reports on stdout: {"ready": port}, {"connected": sid, "headers":
{...}, "auth": ...}, {"disconnected": sid}.

Commands: {"op": "emit", "event": "name", "args": [...]}  emit to every client (0, 1 or more args)
          {"op": "refuse", "status": n}   answer every /socket.io/ request with HTTP n (0: stop)
          {"op": "reject", "on": bool}    the connect handler refuses (a CONNECT_ERROR packet)
          {"op": "disconnect"}            the server disconnects every client
Ends when stdin closes.
"""
import json
import os
import sys
import threading

from flask import Flask, request
from flask_socketio import SocketIO
from socketio.exceptions import ConnectionRefusedError
from werkzeug.serving import make_server
from werkzeug.wrappers import Response

app = Flask(__name__)
socketio = SocketIO(app, async_mode="threading", cors_allowed_origins="*", logger=False, engineio_logger=False)
state = {"refuse": 0, "reject": False, "sids": set()}
out = threading.Lock()


def say(obj):
    with out:
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()


# Outside Flask-SocketIO's own middleware, which answers /socket.io/ before Flask's hooks run.
socketio_app = app.wsgi_app


def refusing_app(environ, start_response):
    if state["refuse"] and environ.get("PATH_INFO", "").startswith("/socket.io"):
        return Response('{"error": "refused"}', status=state["refuse"], content_type="application/json")(environ, start_response)
    return socketio_app(environ, start_response)


app.wsgi_app = refusing_app


@socketio.on("connect")
def on_connect(auth=None):
    if state["reject"]:
        raise ConnectionRefusedError("not allowed")
    state["sids"].add(request.sid)
    say({"connected": request.sid, "headers": dict(request.headers), "auth": auth})


@socketio.on("disconnect")
def on_disconnect():
    state["sids"].discard(request.sid)
    say({"disconnected": request.sid})


def run_command(command):
    op = command["op"]
    if op == "emit":
        args = command.get("args", [])
        # python-socketio: several arguments are passed as a tuple, one as itself, none as None.
        data = None if len(args) == 0 else args[0] if len(args) == 1 else tuple(args)
        socketio.emit(command["event"], data)
    elif op == "refuse":
        state["refuse"] = command["status"]
    elif op == "reject":
        state["reject"] = command["on"]
    elif op == "disconnect":
        for sid in list(state["sids"]):
            socketio.server.disconnect(sid)


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    server = make_server("127.0.0.1", port, app, threaded=True)

    def commands():
        count = 0
        for line in sys.stdin:
            if not line.strip():
                continue
            run_command(json.loads(line))
            count += 1
            say({"ack": count})
        server.shutdown()

    say({"ready": server.server_port})
    threading.Thread(target=commands, daemon=True).start()
    server.serve_forever()
    os._exit(0)


main()
