"""Write the small project the examples of docs/scan.md run in.

    python docs/examples/scan_project.py DIR     # then: cd DIR && codecscope scan

A GBK file, a cp1251 file, a GBK file with a stray lead byte, a CSV with 古文码 in one cell
(UTF-8 read as GB18030, then saved as UTF-8), a log that a GBK program wrote into the middle of,
an ignored build/ folder and a PNG.
"""

import os
import sys

CSV_ROWS = ["id,name,company", "1,何桂荣,{}", "2,吕楠,凌颖信息科技有限公司"]
COMPANY = "数字100科技有限公司 瑞县"


def files() -> dict[str, bytes]:
    garbled = COMPANY.encode("utf-8").decode("gb18030", "replace")
    cut = "第一行\n第二行\n第三行\n第四行的内容在这里".encode("gbk")
    cut = cut[:-2] + b"\x81\n" + "结束\n".encode("gbk")   # a lead byte whose trail byte was lost
    log = [("utf-8", "2024-03-01 10:00 用户登录"), ("utf-8", "2024-03-01 10:01 查询订单"),
           ("utf-8", "2024-03-01 10:02 更新地址"), ("gbk", "2024-03-01 10:03 旧程序写入日志"),
           ("gbk", "2024-03-01 10:04 旧程序处理付款"), ("gbk", "2024-03-01 10:05 旧程序发送邮件"),
           ("utf-8", "2024-03-01 10:06 用户退出"), ("utf-8", "2024-03-01 10:07 会话结束")]
    return {
        ".gitignore": b"build/\n",
        "build/out.txt": "生成的文件\n".encode("gbk"),
        "data/cut.txt": cut,
        "data/users.csv": ("\n".join(CSV_ROWS).format(garbled) + "\n").encode("utf-8"),
        "docs/notes-ru.txt": "Заметки о проекте: кодировки и перекодирование.\n".encode("cp1251"),
        "docs/readme.md": "# Project\n\nCafé naïve — déjà vu.\n".encode("utf-8"),
        "docs/说明.txt": "这是项目的说明文件，用中文写成。\n".encode("gbk"),
        "logs/app.log": b"".join((text + "\n").encode(enc) for enc, text in log),
        "logo.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
    }


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    for rel, data in files().items():
        path = os.path.join(sys.argv[1], rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
