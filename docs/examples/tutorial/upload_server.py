"""The file-upload server: receive in 1024-byte chunks and write the text, each chunk decoded on
its own with errors='replace' (argv[2] is the file to write)."""

import sys

from _serve import serve


def handle(conn):
    with conn, open(sys.argv[2], "w", encoding="utf-8") as out:
        while True:
            data = conn.recv(1024)
            if not data:
                break
            out.write(data.decode("utf-8", "replace"))


if __name__ == "__main__":
    serve(handle)
