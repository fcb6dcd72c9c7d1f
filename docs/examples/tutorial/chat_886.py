"""The long-connection chat server: echo every message until the client says "886" (bye-bye).
Bug: it compares what ONE recv() returned with "886"; TCP has no message boundaries."""

from _serve import serve


def handle(conn):
    while True:
        data = conn.recv(1024).decode("utf-8")
        if data == "886":
            break
        conn.send(data.encode("utf-8"))
    conn.close()


if __name__ == "__main__":
    serve(handle)
