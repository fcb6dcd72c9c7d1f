"""Request/response: the server greets, waits for the client's message, answers and closes."""

from _serve import serve


def handle(conn):
    with conn:
        conn.sendall("欢迎来到黑马聊天室！请输入你的名字：".encode("utf-8"))
        name = conn.recv(1024).decode("utf-8")
        conn.sendall(f"你好，{name}！再见。".encode("utf-8"))


if __name__ == "__main__":
    serve(handle)
