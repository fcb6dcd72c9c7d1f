"""The scaffolding every tutorial server shares: a threaded TCP server on loopback.

``serve(handle)`` binds 127.0.0.1 (the port from argv[1], default 0 = any free port), prints
``listening on HOST:PORT`` and runs ``handle(conn)`` in a thread per client, as the tutorials do.
"""

import socket
import sys
import threading


def serve(handle):
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen(128)
    print("listening on %s:%d" % server.getsockname(), flush=True)
    while True:
        conn, addr = server.accept()
        threading.Thread(target=handle, args=(conn,), daemon=True).start()
