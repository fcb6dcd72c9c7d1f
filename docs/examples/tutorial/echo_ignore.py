"""The "fix" tutorials suggest for the UnicodeDecodeError: errors='ignore' (or 'replace', from
argv[2]) per read.  The exception is gone; the characters cut between two reads are gone too."""

import sys

from _serve import serve

ERRORS = sys.argv[2] if len(sys.argv) > 2 else "ignore"


def handle(conn):
    while True:
        data = conn.recv(1024)
        if not data:
            break
        conn.send(data.decode("utf-8", ERRORS).encode("utf-8"))
    conn.close()


if __name__ == "__main__":
    serve(handle)
