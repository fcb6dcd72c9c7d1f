"""A chat client's receive loop, written the right way: an incremental decoder.

TCP delivers a byte stream; a recv() can end in the middle of a character.  The incremental
decoder keeps the unfinished bytes until the next recv completes them.
"""

import codecs

MAX_MESSAGE = 1 << 20  # never read more than this from one peer


def read_message(sock, encoding="utf-8", bufsize=1024):
    """Read until the peer closes the connection and return the text it sent."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    parts, total = [], 0
    while total < MAX_MESSAGE:
        chunk = sock.recv(bufsize)
        if not chunk:
            break
        total += len(chunk)
        parts.append(decoder.decode(chunk))
    parts.append(decoder.decode(b"", final=True))
    return "".join(parts)
