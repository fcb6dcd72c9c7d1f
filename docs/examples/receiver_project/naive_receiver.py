"""The receive loop from countless tutorials: decode every recv() on its own.

It works in every demo, because short messages arrive in one piece, and breaks in production
the first time a multibyte character straddles two recv() calls.
"""

MAX_MESSAGE = 1 << 20


def read_message(sock, encoding="utf-8", bufsize=1024):
    text, total = "", 0
    while total < MAX_MESSAGE:
        chunk = sock.recv(bufsize)
        if not chunk:
            break
        total += len(chunk)
        text += chunk.decode(encoding)  # the bug: a chunk may end inside a character
    return text
