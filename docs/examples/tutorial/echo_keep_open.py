"""A multi-client server that keeps every connection in a list (to broadcast later) and forgets
to close the ones whose client has finished."""

from _serve import serve

clients = []


def handle(conn):
    clients.append(conn)
    while True:
        data = conn.recv(1024)
        if not data:
            break                            # the client is done ... but conn stays open
        conn.sendall(data)


if __name__ == "__main__":
    serve(handle)
