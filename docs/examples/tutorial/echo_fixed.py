"""The echo server done right: an incremental decoder keeps a cut character until its other
bytes arrive, sendall() sends every byte, an empty read ends the loop and the socket is closed."""

import codecs

from _serve import serve


def handle(conn):
    decoder = codecs.getincrementaldecoder("utf-8")()
    with conn:
        while True:
            data = conn.recv(1024)
            if not data:
                conn.sendall(decoder.decode(b"", final=True).encode("utf-8"))
                break
            conn.sendall(decoder.decode(data).encode("utf-8"))


if __name__ == "__main__":
    serve(handle)
