"""CJK chain families on the tuning source: the held-out corpus's CJK families (bench/repair_corpus.py)
built from Faker's zh_CN / zh_TW / ja_JP / ko_KR data instead, short texts (names, cities, words,
countries, jobs) as well as Faker's sentences and addresses, so the families can be studied where
tuning is allowed.  Per family: lossless cases exact, lossy cases exact and mean similarity, and
repairs at confidence >= 0.9 that are wrong.

    PYTHONHASHSEED=0 python bench/repair_cjk_dev.py [--per-family N] [--show FAMILY] [--short]
"""

from __future__ import annotations

import argparse
import difflib
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import codecscope  # noqa: E402
from bench import repair_corpus as rc  # noqa: E402

# the held-out corpus's language labels -> Faker locales
LOCALES = {"zh_Hans": "zh_CN", "zh_Hant": "zh_TW", "ja": "ja_JP", "ko": "ko_KR"}


def faker_texts(locale: str, n: int = 1500, seed: int = 3) -> list[str]:
    from faker import Faker

    fake = Faker(locale)
    fake.seed_instance(seed)
    makers = [fake.name, fake.last_name, fake.first_name, fake.city, fake.country, fake.job, fake.company,
              fake.street_name, lambda: fake.address().replace("\n", " "), fake.word,
              lambda: " ".join(fake.words(3)), fake.sentence]
    out: dict[str, None] = {}
    k = 0
    while len(out) < n and k < n * 20:
        t = makers[k % len(makers)]().strip()
        k += 1
        if t:
            out.setdefault(t)
    texts = list(out)
    # symbol-rich variants, through the held-out corpus's own templates, and short formatted
    # texts (dates, amounts, units) written from general knowledge of each language's conventions
    lang = next(k for k, v in LOCALES.items() if v == locale)
    rng = random.Random(f"{locale}-symbols")
    texts += [rc._templates(lang, t, rng) for t in texts[::4]]
    texts += [_formatted(lang, rng) for _ in range(n // 4)]
    return list(dict.fromkeys(texts))


_UNITS = {
    "zh_Hans": ("千克", "公里", "摄氏度", "毫升", "平方米", "微克", "小时", "元", "个", "分钟"),
    "zh_Hant": ("公斤", "公里", "攝氏度", "毫升", "平方公尺", "微克", "小時", "元", "個", "分鐘"),
    "ja": ("キログラム", "キロメートル", "度", "ミリリットル", "平方メートル", "時間", "円", "個", "分", "秒"),
    "ko": ("킬로그램", "킬로미터", "도", "밀리리터", "제곱미터", "시간", "원", "개", "분", "초"),
}
_DAYS = {
    "zh_Hans": "一二三四五六日", "zh_Hant": "一二三四五六日", "ja": "月火水木金土日", "ko": "월화수목금토일",
}


def _formatted(lang: str, rng: random.Random) -> str:
    y, m, d = rng.randint(1990, 2030), rng.randint(1, 12), rng.randint(1, 28)
    h, mi = rng.randint(0, 23), rng.randint(0, 59)
    day = rng.choice(_DAYS[lang])
    unit = rng.choice(_UNITS[lang])
    amount = f"{rng.randint(1, 99999):,}.{rng.randint(0, 99):02d}"
    if lang == "ko":
        forms = (f"{y}년 {m}월 {d}일 {day}요일", f"{y}. {m}. {d}. 오후 {h % 12}:{mi:02d}", f"{m}월",
                 f"{rng.randint(1, 999)}{unit}", f"{rng.randint(1, 999)} {unit}", f"₩{amount}", f"{day}요일")
    elif lang == "ja":
        forms = (f"{y}年{m}月{d}日{day}曜日", f"{y}/{m:02d}/{d:02d} {h}:{mi:02d}", f"{m}月", f"{d}日",
                 f"{rng.randint(1, 999)}{unit}", f"{rng.randint(1, 999)} {unit}", f"￥{amount}", f"{day}曜日")
    else:
        week = "星期" if lang == "zh_Hans" else rng.choice(("星期", "週"))
        forms = (f"{y}年{m}月{d}日{week}{day}", f"{y}年{m}月{d}日 {h}:{mi:02d}", f"{m}月", f"{d}日",
                 f"{rng.randint(1, 999)}{unit}", f"{rng.randint(1, 999)} {unit}", f"¥{amount}", f"{week}{day}",
                 f"上午{h % 12}:{mi:02d}", f"{rng.randint(1, 99)}%")
    return rng.choice(forms)


# Short texts written for this bench from general knowledge of each language (months, weekdays,
# units, currency, country and language names, surnames, interface words; for the languages the
# held-out corpus also sends through GBK, a few words and abbreviations), and short formatted texts
# built from them: what locale data looks like, without reading any.  ``--short`` reports them.
SHORT_WORDS = {
"zh_Hans": """一月 二月 三月 十二月 1月 12月 星期一 星期日 周一 周日 上午 下午 今天 昨天 明天 年 月 日 小时 分钟 秒 周 季度 时区
千克 公斤 克 米 厘米 毫米 公里 升 毫升 平方米 立方米 摄氏度 华氏度 千瓦 伏特 瓦特 字节 千字节 兆字节
人民币 美元 欧元 日元 英镑 港元 卢布 韩元 澳元 加元 瑞士法郎 新台币 印度卢比
中国 日本 韩国 美国 英国 法国 德国 俄罗斯 意大利 西班牙 加拿大 澳大利亚 巴西 印度 北京 上海 广州 深圳 香港 台湾
中文 英语 日语 韩语 法语 德语 俄语 西班牙语 阿拉伯语 葡萄牙语 简体中文 繁体中文
张伟 王芳 李娜 刘洋 陈静 杨勇 赵敏 黄磊 周杰 吴刚 张 王 李 刘 陈 杨
是 否 确定 取消 保存 删除 搜索 设置 帮助 首页 登录 注册 退出 下一页 上一页 公元 公元前 时代 纪元 东部时间 标准时间 夏令时间""",
"zh_Hant": """一月 十二月 1月 星期一 星期日 週一 週日 上午 下午 今天 昨天 明天 小時 分鐘 秒 季 時區
公斤 公克 公尺 公分 公釐 公里 公升 毫升 平方公尺 攝氏 華氏 千瓦 位元組
新台幣 人民幣 美元 歐元 日圓 英鎊 港幣 盧布 韓元 澳幣 加幣 瑞士法郎
中華民國 台灣 臺灣 日本 韓國 美國 英國 法國 德國 俄羅斯 義大利 西班牙 加拿大 澳洲 巴西 印度 臺北 香港 澳門
中文 英文 日文 韓文 法文 德文 俄文 繁體中文 簡體中文
陳 林 黃 張 李 王 吳 劉 蔡 楊 陳大文 林志明 黃淑芬 張家豪
是 否 確定 取消 儲存 刪除 搜尋 設定 說明 首頁 登入 註冊 登出 西元 民國 時間 標準時間 夏令時間""",
"ja": """一月 1月 12月 月曜日 日曜日 月曜 日曜 午前 午後 今日 昨日 明日 時間 分 秒 週 年 日 時
キログラム グラム メートル センチ ミリ キロ リットル 度 時 円 ドル ユーロ ポンド 元 ウォン ルーブル
日本 中国 韓国 アメリカ イギリス フランス ドイツ ロシア イタリア スペイン カナダ 東京 大阪 京都 北海道 沖縄
日本語 英語 中国語 韓国語 フランス語 ドイツ語 スペイン語
佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 後藤 斉藤 斎藤 山田 佐々木 太郎 花子
はい いいえ 保存 削除 検索 設定 ヘルプ ホーム 戻る 次へ キャンセル 西暦 紀元前 和暦 標準時 夏時間""",
"ko": """1월 12월 일월 월요일 일요일 월 화 수 목 금 토 일 오전 오후 오늘 어제 내일 시간 분 초 주 년 시
킬로그램 그램 미터 센티미터 밀리미터 킬로미터 리터 도 원 달러 유로 엔 위안 파운드 루블
대한민국 한국 북한 일본 중국 미국 영국 프랑스 독일 러시아 이탈리아 스페인 캐나다 서울 부산 인천 대구 제주
한국어 영어 일본어 중국어 프랑스어 독일어 스페인어
김 이 박 최 정 강 조 윤 장 임 김민준 이서연 박지훈 최수빈
예 아니요 확인 취소 저장 삭제 검색 설정 도움말 홈 로그인 로그아웃 다음 이전 서기 기원전 표준시 하계 표준시""",
"ru": """январь янв. февраль март апр. май июнь июль авг. сентябрь октябрь нояб. декабрь понедельник пн вторник вт среда ср суббота сб воскресенье вс
рубль доллар евро юань иена фунт год месяц неделя день час минута секунда сегодня вчера завтра
Россия Германия Франция Китай Япония Москва килограмм метр литр грамм""",
"el": """Ιανουάριος Ιαν Φεβ Μαρ Απρ Μάιος Ιούνιος Δευτέρα Τρίτη Τετάρτη Κυριακή Δευ Τρι
ευρώ δολάριο λίρα γιεν έτος μήνας εβδομάδα ημέρα ώρα λεπτό σήμερα χθες αύριο Ελλάδα Αθήνα Κύπρος""",
"fr": """févr. août déc. été février décembre année mois à côté général réglé Zürich Genève Québec São Tomé""",
"de": """März Mär. Fräulein Größe Grüße Straße Österreich Übersicht für über Mädchen Köln München Zürich Düsseldorf""",
}

_SHORT_FORMATS = {
    "zh_Hans": ["{n}千克", "{n} 公斤", "¥{a}", "{y}年{m}月{d}日", "{m}月{d}日", "{m}月", "下午{h}:{mi}", "{n}%",
                "{n}°C", "{n}℃", "第{n}季度", "{n}个", "{n}元", "{y}年"],
    "zh_Hant": ["{n}公斤", "NT${a}", "{y}年{m}月{d}日", "{m}月{d}日", "下午{h}:{mi}", "{n}°C", "第{n}季", "{n}個",
                "{n}元", "民國{n}年"],
    "ja": ["{n}キロ", "￥{a}", "¥{a}", "{y}年{m}月{d}日", "{m}月{d}日", "{m}/{d}(月)", "午後{h}:{mi}", "{n}°C", "{n}個",
           "{n}円", "{y}年"],
    "ko": ["{n}킬로그램", "₩{a}", "{y}년 {m}월 {d}일", "{m}월 {d}일", "오후 {h}:{mi}", "{n}°C", "{n}개", "{n}원", "{y}년",
           "{m}월", "{d}일"],
    "ru": ["{n} руб.", "{d} янв.", "{a} ₽", "{n}°C", "{n} кг"],
    "el": ["{n} €", "{d} Ιαν", "{n}°C", "{n} χλμ"],
    "fr": ["{a} €", "{d} févr.", "{n} °C", "{n} µg", "{n}×"],
    "de": ["{a} €", "{d}. März", "{n} °C", "{n} µg", "{n}×", "© {y}"],
}


def short_texts() -> dict[str, list[str]]:
    rng = random.Random(5)
    out = {}
    for lang, words in SHORT_WORDS.items():
        texts = words.split()
        for f in _SHORT_FORMATS[lang]:
            for _ in range(3):
                texts.append(f.format(n=rng.randint(1, 999), a=f"{rng.randint(1, 99999):,}.{rng.randint(0, 99):02d}",
                                      y=rng.randint(1990, 2030), m=rng.randint(1, 12), d=rng.randint(1, 28),
                                      h=rng.randint(1, 11), mi=f"{rng.randint(0, 59):02d}"))
        out[lang] = list(dict.fromkeys(texts))
    return out


def short_cases() -> tuple[list[rc.Case], list[str]]:
    """Every lossless garbling of the short texts by each CJK family, and the texts themselves
    (clean: repair must leave them as they are)."""
    pool = short_texts()
    out = []
    for family, chain, langs in rc.FAMILIES:
        if family not in rc.CJK_FAMILIES:
            continue
        for lang in langs:
            for t in pool.get(lang, []):
                got = rc._garble_case(t, chain)
                if got is not None and not got[1]:
                    out.append(rc.Case("short", lang, family, t, got[0], False))
    return out, [t for ts in pool.values() for t in ts]


def cases(per_family: int) -> list[rc.Case]:
    pool = {lang: faker_texts(loc) for lang, loc in LOCALES.items()}
    out = []
    for family, chain, langs in rc.FAMILIES:
        if family not in rc.CJK_FAMILIES:
            continue
        langs = [lang for lang in langs if lang in pool]
        rng = random.Random(f"dev-{family}")
        queues = {lang: rng.sample(pool[lang], len(pool[lang])) for lang in langs}
        out += rc.draw("faker", family, chain, langs, queues, per_family)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-family", type=int, default=300)
    ap.add_argument("--show", default="")
    ap.add_argument("--lossy", action="store_true", help="show lossy misses too")
    ap.add_argument("--short", action="store_true", help="the short texts written for this bench instead")
    args = ap.parse_args()
    rows = {}
    shown = []
    if args.short:
        todo, clean = short_cases()
        changed = [t for t in clean if codecscope.repair(t).text != t]
        print(f"short clean texts changed: {len(changed)} of {len(clean)}")
        for t in changed:
            print("  ", repr(t))
    else:
        todo = cases(args.per_family)
    for c in todo:
        r = codecscope.repair(c.garbled)
        row = rows.setdefault(c.family, [0, 0, 0, 0, 0.0, 0])
        if c.lossy:
            row[2] += 1
            row[3] += r.text == c.original
            row[4] += difflib.SequenceMatcher(None, r.text, c.original, autojunk=False).ratio()
        else:
            row[0] += 1
            row[1] += r.text == c.original
        row[5] += not c.lossy and r.confidence >= 0.9 and r.text != c.original
        if args.show and args.show in c.family and r.text != c.original and (args.lossy or not c.lossy):
            shown.append((c.family, c.lang, c.original, c.garbled, r.text, r.confidence))
    print(f"{'family':30} {'exact':>13} {'lossy exact':>12} {'lossy sim':>9} {'sure wrong':>10}")
    for fam, (n, ok, nl, okl, s, sw) in rows.items():
        print(f"{fam:30} {ok:4}/{n:<4} {100 * ok / max(n, 1):5.1f}% {okl:5}/{nl:<5} {s / max(nl, 1):9.3f} {sw:10}")
    for s in shown:
        print(repr(s))
    return 0


if __name__ == "__main__":
    sys.exit(main())
