"""The upload client: send a file in 1024-byte pieces, then shut down the sending side."""

import socket
import sys

host, port = sys.argv[1].rsplit(":", 1)
with socket.create_connection((host, int(port)), timeout=10) as sock, open(sys.argv[2], "rb") as f:
    while chunk := f.read(1024):
        sock.sendall(chunk)
    sock.shutdown(socket.SHUT_WR)
    sock.recv(1)   # wait until the server has written the file and closed
