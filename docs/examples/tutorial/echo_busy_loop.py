"""An echo loop that never checks for b'': after the client half-closes, recv() returns b''
at once, forever, so the thread spins at 100% CPU and the connection is never closed."""

from _serve import serve


def handle(conn):
    while True:
        data = conn.recv(1024)
        conn.send(data)


if __name__ == "__main__":
    serve(handle)
