"""Write dauys/data/demo/telegram/result.json and dauys/data/demo/channel_stats.csv (illustrative, synthetic).

Run from the repository root: python tools/make_demo_telegram.py. A fixed seed gives the same files each time.
"""

from __future__ import annotations

import csv
import json
import random
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ALMATY = timezone(timedelta(hours=6))  # Asia/Almaty in 2021–2022
OUT = Path("dauys/data/demo")
rng = random.Random(2022)

CHANNEL = {"name": "Жаңаөзен хабары", "type": "public_channel", "id": 1500000001}
GROUP = {"name": "Ақтөбе тұрғындары | Жители Актобе", "type": "public_supergroup", "id": 1600000002}
CHANNEL_FROM = {"from": CHANNEL["name"], "from_id": f"channel{CHANNEL['id']}"}

# posts of the channel: (kind, text parts); a part "#..." becomes a hashtag entity, "@..." a mention
ROUTINE = [
    ["Маңғыстау облысында ауа райы: ертең жел күшейеді, ", "#Маңғыстау"],
    ["Жаңаөзенде жаңа мектеп ашылды, 600 оқушыға арналған. ", "#Жаңаөзен"],
    ["Ақтауда су құбыры жөнделіп жатыр, кейбір аудандарда су болмайды. ", "#Ақтау"],
    ["В Жанаозене открыли новую поликлинику. ", "#Жанаозен"],
    ["Погода: в Жанаозене и Актау завтра ветрено, до 15 м/с. ", "#Маңғыстау"],
    ["Жаңаөзенде жұмыссыздық мәселесі талқыланды. Тұрғындар әкімдікке жиналды."],
    ["Вакцинация в Мангистауской области: привито более 60% взрослых. ", "#COVID19"],
    ["Алматыда өткен форумға маңғыстаулық жастар қатысты."],
    ["Ақтөбеден келген делегация Жаңаөзенде тәжірибе алмасты."],
    ["Цены на продукты в Актау выросли за месяц на 3%. ", "#цены"],
    ["Шымкентте және Жаңаөзенде жастар орталықтары ашылады."],
]
GAS = [
    ["Жаңаөзенде газ бағасы литріне 120 теңгеге дейін өсті. Тұрғындар наразы. ", "#газ", " ", "#Жаңаөзен"],
    ["В Жанаозене цена на сжиженный газ выросла вдвое: со 60 до 120 тенге за литр. ", "#газ"],
    ["Жаңаөзенде алаңға адамдар жиналды: газ бағасын төмендетуді талап етеді. ", "#Жаңаөзен", " ", "#Қаңтар"],
    ["Митинг в Жанаозене продолжается второй день. Люди требуют снизить цену на газ. ", "#Жанаозен"],
    ["Ақтауда да адамдар алаңға шықты. Ақтөбеден де хабар бар: қала орталығында жиын. ", "#Қаңтар"],
    ["Протесты распространились: сообщают о собраниях в Актобе, Уральске и Алматы. ", "#Қаңтар", " ",
     "#Казахстан"],
    ["Алматыда интернет жұмыс істемей тұр. Байланыс үзіліп жатыр. ", "#Қаңтар"],
    ["Үкімет отставкаға кетті. Газ бағасы 50 теңгеге түсірілді. ", "#газ", " ", "#Қаңтар"],
]
AFTER = [
    ["Байланыс қалпына келді. Жаңаөзенде жағдай тыныш. ", "#Жаңаөзен"],
    ["Связь восстановлена. В Жанаозене спокойно, магазины открыты. ", "#Жанаозен"],
    ["Сегодня в Жанаозене аким встретился с жителями: говорили о ценах на газ и работе. ", "#Жанаозен"],
    ["Алматыда төтенше жағдай режимі жалғасуда. ", "#Қаңтар"],
    ["Жаңаөзенде тұрғындар әкіммен кездесті: жұмыс орындары мен газ бағасы талқыланды."],
    ["В Актобе прошла встреча акима с жителями. ", "#Актобе"],
    ["Қаңтар оқиғалары бойынша комиссия құрылды. ", "#Қаңтар"],
    ["Маңғыстау облысында газ бағасы 50 теңгеде сақталады. ", "#газ"],
]


def entities(parts: list[str]) -> tuple[list, list]:
    text, ents = [], []
    for part in parts:
        if part.startswith("#"):
            item = {"type": "hashtag", "text": part}
        elif part.startswith("@"):
            item = {"type": "mention", "text": part}
        elif part.startswith("http"):
            item = {"type": "link", "text": part}
        else:
            text.append(part)
            ents.append({"type": "plain", "text": part})
            continue
        text.append(item)
        ents.append(item)
    if len(text) == 1 and isinstance(text[0], str):
        return text[0], ents
    return text, ents


def stamp(moment: datetime) -> dict:
    return {"date": moment.strftime("%Y-%m-%dT%H:%M:%S"), "date_unixtime": str(int(moment.timestamp()))}


def reactions(views: int, moment: datetime, angry: bool) -> list | None:
    if moment < datetime(2021, 12, 30, tzinfo=ALMATY):  # Telegram introduced reactions at the end of 2021
        return None
    total = max(1, int(views * rng.uniform(0.01, 0.04)))
    first = ("😡", "😢") if angry else ("👍", "❤")
    split = int(total * rng.uniform(0.5, 0.8))
    out = [{"type": "emoji", "count": split, "emoji": first[0], "recent": []}]
    if total - split > 0:
        out.append({"type": "emoji", "count": total - split, "emoji": first[1]})
    return out


def channel_messages() -> list[dict]:
    messages: list[dict] = []
    next_id = 1
    created = datetime(2021, 3, 1, 9, 0, tzinfo=ALMATY)
    messages.append({"id": next_id, "type": "service", **stamp(created), "actor": CHANNEL["name"],
                     "actor_id": CHANNEL_FROM["from_id"], "action": "create_channel", "title": CHANNEL["name"],
                     "text": "", "text_entities": []})
    next_id += 1
    moments: list[tuple[datetime, list[str], str]] = []
    day = date(2021, 3, 2)
    while day <= date(2022, 12, 20):
        in_january = date(2022, 1, 1) <= day <= date(2022, 1, 31)
        blackout = date(2022, 1, 5) <= day <= date(2022, 1, 10)
        if blackout:
            day += timedelta(days=1)
            continue
        chance = 0.9 if in_january else (0.5 if date(2021, 12, 15) <= day <= date(2022, 2, 15) else 0.2)
        if rng.random() < chance:
            hour = rng.choice([8, 9, 10, 12, 13, 15, 17, 18, 19, 20, 21])
            moment = datetime(day.year, day.month, day.day, hour, rng.randrange(60), tzinfo=ALMATY)
            if date(2022, 1, 1) <= day <= date(2022, 1, 4):
                kind, parts = "gas", rng.choice(GAS)
            elif date(2021, 12, 20) <= day < date(2022, 1, 1):
                kind, parts = "gas", rng.choice(GAS[:2])
            elif date(2022, 1, 11) <= day <= date(2022, 2, 28):
                kind, parts = "after", rng.choice(AFTER)
            else:
                kind, parts = "routine", rng.choice(ROUTINE)
            moments.append((moment, parts, kind))
        day += timedelta(days=1)
    for moment, parts, kind in moments:
        base = {"routine": 3500, "gas": 14000, "after": 9000}[kind]
        if moment.date() == date(2022, 1, 4):
            base = 26000
        views = int(base * rng.uniform(0.6, 1.5))
        text, ents = entities(parts)
        message = {"id": next_id, "type": "message", **stamp(moment), **CHANNEL_FROM, "views": views,
                   "forwards": int(views * rng.uniform(0.005, 0.04)) if kind != "routine" else int(views * 0.004)}
        if rng.random() < 0.12:
            edited = moment + timedelta(minutes=rng.randrange(3, 90))
            message["edited"] = edited.strftime("%Y-%m-%dT%H:%M:%S")
            message["edited_unixtime"] = str(int(edited.timestamp()))
        if rng.random() < 0.25:
            message["photo"] = f"photos/photo_{next_id}@{moment.strftime('%d-%m-%Y_%H-%M-%S')}.jpg"
            message["width"], message["height"] = 1280, 960
        elif kind == "gas" and rng.random() < 0.3:
            message["file"] = f"video_files/video_{next_id}.mp4"
            message["media_type"] = "video_file"
            message["mime_type"] = "video/mp4"
            message["duration_seconds"] = rng.randrange(10, 120)
        if kind == "gas" and rng.random() < 0.15:
            message["forwarded_from"] = "Маңғыстау жаңалықтары"
        if rng.random() < 0.2:
            message["author"] = rng.choice(["Редактор", "Айгүл Т.", "Нұрлан Б."])
        message["text"], message["text_entities"] = text, ents
        found = reactions(views, moment, kind == "gas")
        if found:
            message["reactions"] = found
        messages.append(message)
        next_id += 1
    # the channel's own follow-ups: replies to its earlier posts, and two service messages
    posts = [m for m in messages if m["type"] == "message"]
    for target in rng.sample([m for m in posts if m["date"] >= "2022-01-01"], 6):
        moment = datetime.fromisoformat(target["date"]).replace(tzinfo=ALMATY) + timedelta(hours=3)
        text, ents = entities(["Жаңарту / обновление: ақпарат расталды, подробности уточняются."])
        messages.append({"id": next_id, "type": "message", **stamp(moment), **CHANNEL_FROM,
                         "views": int(target["views"] * 0.6), "forwards": 3, "reply_to_message_id": target["id"],
                         "text": text, "text_entities": ents})
        next_id += 1
    pinned = next(m for m in posts if m["date"].startswith("2022-01-04"))
    moment = datetime.fromisoformat(pinned["date"]).replace(tzinfo=ALMATY) + timedelta(minutes=5)
    messages.append({"id": next_id, "type": "service", **stamp(moment), "actor": CHANNEL["name"],
                     "actor_id": CHANNEL_FROM["from_id"], "action": "pin_message", "message_id": pinned["id"],
                     "text": "", "text_entities": []})
    next_id += 1
    moment = datetime(2022, 6, 1, 10, 0, tzinfo=ALMATY)
    messages.append({"id": next_id, "type": "service", **stamp(moment), "actor": CHANNEL["name"],
                     "actor_id": CHANNEL_FROM["from_id"], "action": "edit_group_photo",
                     "photo": "photos/photo_profile.jpg", "text": "", "text_entities": []})
    messages.sort(key=lambda m: (m["date_unixtime"], m["id"]))
    return messages


MEMBERS = [("Дәурен", 7001), ("Марина", 7002), ("Асхат", 7003), ("Гүлнар", 7004), ("Сергей К.", 7005),
           ("Aidana", 7006), ("Ержан", 7007), ("Оксана", 7008)]
GROUP_OPENERS = [
    "Ақтөбеден жазамын: орталық алаңда адамдар жиналып жатыр.",
    "В Актобе на площади уже несколько сотен человек. Кто-нибудь знает, что происходит?",
    "Жаңаөзенде басталды, енді бізде де. Газ бағасы бәрін ашуландырды.",
    "Интернет плохо работает, пишите здесь, кто что видит.",
    "Магазиндер жабық па? Азық-түлік қайдан алуға болады?",
    "Алматыда не болып жатыр, біреу біле ме?",
    "В Жанаозене люди стоят уже третий день, а у нас только начинается.",
]
GROUP_REPLIES = [
    "Иә, рас. Мен де көрдім.", "Правда, сам там был час назад.", "Мынау фейк болуы мүмкін, тексеріңіздер.",
    "Нам сказали расходиться, полиция просит.", "Дүкен ашық, бірақ нан жоқ.", "Ақтөбеде тыныш па қазір?",
    "Спасибо за информацию!", "Абай болыңыздар, достар.", "Связи нет почти весь день.",
    "Бала-шағаны сыртқа шығармаңыздар.",
]
GROUP_LATER = [
    "Байланыс қалпына келді ме? Бізде мобильді интернет әлі жоқ.",
    "Банкоматы снова работают в центре Актобе.",
    "Ақтөбеде комендант сағаты алынды ма?",
    "Кто знает, школы когда откроются?",
    "Ертең әкімдікте тұрғындармен кездесу болады.",
    "Волонтёры собирают продукты для пожилых, пишите на +7 700 000 00 00 или volunteer@example.kz",
]


def group_messages() -> list[dict]:
    messages: list[dict] = []
    next_id = 1
    moment = datetime(2021, 9, 1, 12, 0, tzinfo=ALMATY)
    messages.append({"id": next_id, "type": "service", **stamp(moment), "actor": "Дәурен", "actor_id": "user7001",
                     "action": "create_group", "title": GROUP["name"], "members": ["Дәурен"], "text": "",
                     "text_entities": []})
    next_id += 1
    for name, uid in MEMBERS[1:]:
        moment += timedelta(days=rng.randrange(1, 20), minutes=rng.randrange(600))
        messages.append({"id": next_id, "type": "service", **stamp(moment), "actor": name, "actor_id": f"user{uid}",
                         "action": "join_group_by_link", "inviter": "Group", "text": "", "text_entities": []})
        next_id += 1

    def say(moment: datetime, text: str, reply_to: int | None = None) -> int:
        nonlocal next_id
        name, uid = rng.choice(MEMBERS)
        body, ents = entities([text])
        message = {"id": next_id, "type": "message", **stamp(moment), "from": name, "from_id": f"user{uid}"}
        if reply_to is not None:
            message["reply_to_message_id"] = reply_to
        message["text"], message["text_entities"] = body, ents
        if rng.random() < 0.2:
            message["reactions"] = [{"type": "emoji", "count": rng.randrange(1, 9), "emoji": "👍", "recent": []}]
        if rng.random() < 0.08:
            edited = moment + timedelta(minutes=2)
            message["edited"] = edited.strftime("%Y-%m-%dT%H:%M:%S")
            message["edited_unixtime"] = str(int(edited.timestamp()))
        messages.append(message)
        next_id += 1
        return message["id"]

    for day in (date(2021, 11, 10), date(2021, 12, 2), date(2021, 12, 28)):
        say(datetime(day.year, day.month, day.day, 19, 5, tzinfo=ALMATY),
            rng.choice(["Газ бағасы туралы естідіңіздер ме?", "Цены на газ опять поднимут с января?",
                        "Ақтөбеде жол жөндеуі қашан бітеді?"]))
    for day in (date(2022, 1, 3), date(2022, 1, 4)):
        clock = datetime(day.year, day.month, day.day, 11, 0, tzinfo=ALMATY)
        for opener in rng.sample(GROUP_OPENERS, 4):
            clock += timedelta(minutes=rng.randrange(20, 90))
            thread = say(clock, opener)
            last = thread
            for _ in range(rng.randrange(1, 4)):
                clock += timedelta(minutes=rng.randrange(1, 12))
                last = say(clock, rng.choice(GROUP_REPLIES), rng.choice([thread, last]))
    for day in (date(2022, 1, 11), date(2022, 1, 12), date(2022, 1, 14), date(2022, 1, 19), date(2022, 2, 3)):
        clock = datetime(day.year, day.month, day.day, 9, 30, tzinfo=ALMATY)
        for text in rng.sample(GROUP_LATER, 2):
            clock += timedelta(minutes=rng.randrange(30, 200))
            thread = say(clock, text)
            clock += timedelta(minutes=rng.randrange(2, 30))
            say(clock, rng.choice(GROUP_REPLIES), thread)
    messages.sort(key=lambda m: (m["date_unixtime"], m["id"]))
    return messages


def write_export() -> dict:
    export = {
        "about": "Here is the data you requested. Remember: Telegram is ad free, it doesn't sell your data. "
                 "(Illustrative sample made for dauys: not a real account.)",
        "chats": {
            "about": "This page lists all chats from this export.",
            "list": [{**CHANNEL, "messages": channel_messages()}, {**GROUP, "messages": group_messages()}],
        },
        "left_chats": {"about": "This page lists all supergroups and channels from this export that you've left.",
                       "list": []},
    }
    folder = OUT / "telegram"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "result.json", "w", encoding="utf-8", newline="\n") as fh:
        json.dump(export, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    return export


def write_stats() -> None:
    """Daily subscribers and views of three channels of posts.csv and of the Telegram channel."""
    channels = {
        "dala_habar": (21000, 30000, 1.0), "stepnoy_vestnik": (28000, 41000, 1.2), "erlan_ashyq": (15000, 52000, 2.5),
        CHANNEL["name"]: (4200, 3800, 1.6),
    }
    rows = []
    for channel, (subscribers, views, jump) in channels.items():
        count = float(subscribers)
        day = date(2021, 7, 1)
        while day <= date(2022, 6, 30):
            blackout = date(2022, 1, 5) <= day <= date(2022, 1, 10)
            surge = date(2022, 1, 2) <= day <= date(2022, 1, 4) or date(2022, 1, 11) <= day <= date(2022, 1, 20)
            growth = rng.gauss(0.0008, 0.0006) + (0.01 * jump if surge else 0.0)
            count *= 1 + growth
            daily = views * rng.uniform(0.8, 1.2) * (3.5 * jump if surge else 1.0) * (0.05 if blackout else 1.0)
            if not (channel == "stepnoy_vestnik" and date(2022, 3, 14) <= day <= date(2022, 3, 16)):  # a gap
                rows.append([day.strftime("%d.%m.%Y"), channel, round(count), round(daily),
                             rng.choice([0, 1, 1, 2, 3]) if blackout is False else 0])
            day += timedelta(days=1)
    with open(OUT / "channel_stats.csv", "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        writer.writerow(["Дата", "Канал", "Подписчики", "Просмотры", "Публикации"])
        writer.writerows(rows)


if __name__ == "__main__":
    export = write_export()
    for chat in export["chats"]["list"]:
        kinds = [m["type"] for m in chat["messages"]]
        print(chat["name"], len(kinds), "messages,", kinds.count("service"), "service")
    write_stats()
