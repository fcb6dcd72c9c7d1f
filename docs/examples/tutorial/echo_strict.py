"""The tutorial's echo server: every recv(1024) decoded on its own, strictly (bug: a read that
ends inside a character raises UnicodeDecodeError and the thread dies with the connection)."""

from _serve import serve


def handle(conn):
    while True:
        data = conn.recv(1024)
        if not data:
            break
        msg = data.decode("utf-8")          # 每次 recv 单独解码
        conn.send(msg.encode("utf-8"))
    conn.close()


if __name__ == "__main__":
    serve(handle)
