"""Starts a real MLflow tracking server for the tests: SQLite backend in DIR, a free loopback port.

Prints the port on stdout, then becomes the server in its own process group (so the test can stop
it and its gunicorn worker with one kill of the group). The server's own output goes to DIR/server.log.
Usage: mlflow_server.py MLFLOW_EXECUTABLE DIR
"""
import os
import socket
import sys

mlflow, directory = sys.argv[1], sys.argv[2]
probe = socket.socket()
probe.bind(("127.0.0.1", 0))
port = probe.getsockname()[1]
probe.close()
print(port, flush=True)
os.setpgrp()
log = os.open(os.path.join(directory, "server.log"), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
os.dup2(log, 1)
os.dup2(log, 2)
os.execv(mlflow, [
    mlflow, "server",
    "--backend-store-uri", "sqlite:///" + os.path.join(directory, "mlflow.db"),
    "--default-artifact-root", os.path.join(directory, "artifacts"),
    "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
])
