"""The client for greeting.py, with codecscope's receive helper: a pause ends the greeting (the
server waits for us before it closes), then the answer ends when the server closes."""

import socket
import sys

from codecscope.stream import recv_text

host, port = sys.argv[1].rsplit(":", 1)
with socket.create_connection((host, int(port)), timeout=10) as sock:
    print("greeting:", recv_text(sock, "utf-8", timeout=1))
    sock.sendall("小明".encode("utf-8"))
    print("answer:", recv_text(sock, "utf-8", timeout=5))
