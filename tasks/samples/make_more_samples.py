"""Render and check the bundled samples of the tagging, QA and retrieval tasks.

    python tasks/samples/make_more_samples.py            # (re)write every file listed below
    python tasks/samples/make_more_samples.py --check    # validate them, change nothing
    python tasks/samples/make_more_samples.py --out DIR  # write under DIR instead

The content is hand-written in more_sample_texts.py (test and dev items) or generated here from
templates (the two English training files). This script turns it into the official XTREME
`download/` formats, computing what is error-prone by hand: SQuAD answer offsets, XQuAD-R
sentence breaks, the sorted English side of Tatoeba and its gold indices, Mewsli-X mention
offsets, BUCC ids and gold pairs. Deterministic and stdlib-only: the same bytes on every run.

Files (the task cards' `sources.official` paths; gold labels are kept, see README.md):

    udpos/test-{en,de,ru,ar,hi,zh}.tsv      word<TAB>UPOS, blank line between sentences
    udpos/train-en.tsv                      generated, 150 sentences
    panx/test-{en,de,ru,ar,hi,zh}.tsv       word<TAB>IOB2 tag, blank line between sentences
    panx/train-en.tsv                       generated, 150 sentences
    xquad/test-L.json                       SQuAD v1.1 JSON, the 11 XQuAD languages (no ro)
    mlqa/MLQA_V1/test/test-context-L-question-L.json          L in en es hi zh
    tydiqa/tydiqa-goldp-v1.1-dev/tydiqa.goldp.L.dev.json      L in en fi ko ru
    tatoeba/L-en.L, tatoeba/L-en.en         L in de fr ru ar zh ja; English side sorted
    tatoeba/test-L.tsv                      gold: per sorted English line, its index in L-en.L
    lareqa/xquad-r/L.json                   the same 11 languages (XQuAD items + sentences)
    mewslix/wikinews_mentions-test.jsonl    en es ar ja articles with their mentions
    mewslix/candidate_set_entities.jsonl    30 entities
    mewslix/test-L.json                     gold: {example_id: [entity_id]}
    bucc2018/L-en.{dev,test}.{L,en}         id<TAB>sentence, L in de ru zh
    bucc2018/L-en.{dev,test}.gold           gold pairs xx_id<TAB>en_id
    bucc2018/test-L.tsv                     the test gold again, in the label-folder layout
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import more_sample_texts as T  # noqa: E402

SEED = 20240611

UPOS = (
    "ADJ",
    "ADP",
    "ADV",
    "AUX",
    "CCONJ",
    "DET",
    "INTJ",
    "NOUN",
    "NUM",
    "PART",
    "PRON",
    "PROPN",
    "PUNCT",
    "SCONJ",
    "SYM",
    "VERB",
    "X",
)
NER = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC")
TYDI_NAMES = {
    "en": "english",
    "ar": "arabic",
    "bn": "bengali",
    "fi": "finnish",
    "id": "indonesian",
    "ko": "korean",
    "ru": "russian",
    "sw": "swahili",
    "te": "telugu",
}
NO_SPACE_LANGS = {"zh", "ja"}  # sentences of a paragraph are joined without a space
N_TRAIN = 150


def digest(*parts: object, n: int = 32, algo: str = "md5") -> str:
    return hashlib.new(algo, "/".join(map(str, parts)).encode("utf-8")).hexdigest()[:n]


def lf_lines(lines: list[str]) -> bytes:
    return "".join(line + "\n" for line in lines).encode("utf-8")


# ----------------------------------------------------------------------------------------------
# Tagging
# ----------------------------------------------------------------------------------------------


def conll_bytes(sentences: list[list[tuple[str, str]]]) -> bytes:
    """As utils_preprocess.py writes them: a blank line between sentences, none at the end."""
    blocks = ["".join(f"{w}\t{t}\n" for w, t in sent) for sent in sentences]
    return "\n".join(blocks).encode("utf-8")


def parse_udpos(line: str) -> list[tuple[str, str]]:
    out = []
    for item in line.split():
        word, _, tag = item.rpartition("/")
        if not word or tag not in UPOS:
            raise ValueError(f"bad UPOS item {item!r} in {line!r}")
        out.append((word, tag))
    return out


ENTITY = re.compile(r"\[(PER|ORG|LOC) ([^\]]+)\]")


def parse_panx(line: str, lang: str) -> list[tuple[str, str]]:
    """[TYPE words] markup -> (token, IOB2 tag); zh is tokenized per character."""
    out: list[tuple[str, str]] = []

    def tokens(text: str) -> list[str]:
        if lang == "zh":
            return [c for c in text if not c.isspace()]
        return text.split()

    pos = 0
    for m in ENTITY.finditer(line):
        out += [(t, "O") for t in tokens(line[pos : m.start()])]
        for i, t in enumerate(tokens(m.group(2))):
            out.append((t, ("B-" if i == 0 else "I-") + m.group(1)))
        pos = m.end()
    out += [(t, "O") for t in tokens(line[pos:])]
    if "[" in "".join(t for t, _ in out) or "]" in "".join(t for t, _ in out):
        raise ValueError(f"unbalanced entity markup in {line!r}")
    return out


# English training sentences for UD-POS: slot fillers carry their tags.
U_SUBJ = [  # (tokens, is_plural); capitalised when they open the sentence
    ("the/DET old/ADJ farmer/NOUN", False),
    ("the/DET young/ADJ doctor/NOUN", False),
    ("a/DET tall/ADJ man/NOUN", False),
    ("the/DET new/ADJ teacher/NOUN", False),
    ("my/PRON brother/NOUN", False),
    ("our/PRON neighbour/NOUN", False),
    ("the/DET children/NOUN", True),
    ("the/DET students/NOUN", True),
    ("two/NUM nurses/NOUN", True),
    ("Peter/PROPN", False),
    ("Maria/PROPN", False),
    ("she/PRON", False),
    ("they/PRON", True),
]
U_VERBS = [  # (past, base, present 3sg, past participle, object)
    ("sold/VERB", "sell/VERB", "sells/VERB", "sold/VERB", "fresh/ADJ bread/NOUN"),
    ("painted/VERB", "paint/VERB", "paints/VERB", "painted/VERB", "the/DET wooden/ADJ fence/NOUN"),
    ("cleaned/VERB", "clean/VERB", "cleans/VERB", "cleaned/VERB", "the/DET small/ADJ kitchen/NOUN"),
    ("read/VERB", "read/VERB", "reads/VERB", "read/VERB", "a/DET long/ADJ letter/NOUN"),
    ("bought/VERB", "buy/VERB", "buys/VERB", "bought/VERB", "three/NUM apples/NOUN"),
    (
        "repaired/VERB",
        "repair/VERB",
        "repairs/VERB",
        "repaired/VERB",
        "an/DET old/ADJ bicycle/NOUN",
    ),
    ("visited/VERB", "visit/VERB", "visits/VERB", "visited/VERB", "the/DET museum/NOUN"),
    ("found/VERB", "find/VERB", "finds/VERB", "found/VERB", "a/DET red/ADJ umbrella/NOUN"),
    ("carried/VERB", "carry/VERB", "carries/VERB", "carried/VERB", "two/NUM heavy/ADJ boxes/NOUN"),
    ("cooked/VERB", "cook/VERB", "cooks/VERB", "cooked/VERB", "a/DET big/ADJ dinner/NOUN"),
    ("wrote/VERB", "write/VERB", "writes/VERB", "written/VERB", "a/DET short/ADJ story/NOUN"),
]
U_PLACES = [
    "in/ADP the/DET garden/NOUN",
    "at/ADP the/DET market/NOUN",
    "near/ADP the/DET river/NOUN",
    "in/ADP the/DET village/NOUN",
    "behind/ADP the/DET school/NOUN",
    "in/ADP Paris/PROPN",
    "in/ADP London/PROPN",
]
U_TIMES = [
    "yesterday/NOUN",
    "today/NOUN",
    "again/ADV",
    "on/ADP Monday/PROPN",
    "last/ADJ week/NOUN",
    "in/ADP the/DET morning/NOUN",
]
U_ADJ = ["tired/ADJ", "happy/ADJ", "busy/ADJ", "hungry/ADJ", "angry/ADJ"]
U_INTJ = ["Oh/INTJ", "Wow/INTJ", "Well/INTJ"]
U_PRICE = ["€/SYM 5/NUM", "$/SYM 12/NUM", "£/SYM 8/NUM", "$/SYM 40/NUM"]


def _udpos_one(r: random.Random) -> str:
    subj, plural = r.choice(U_SUBJ)
    past, base, pres3, pp, obj = r.choice(U_VERBS)
    place, time = r.choice(U_PLACES), r.choice(U_TIMES)
    be_past = "were/AUX" if plural else "was/AUX"
    pronoun = "they/PRON" if plural else r.choice(["she/PRON", "he/PRON"])
    kind = r.randrange(9)
    if kind == 0:
        return f"{subj} {past} {obj} {place} ./PUNCT"
    if kind == 1:
        return f"{subj} {past} {obj} {time} ./PUNCT"
    if kind == 2:
        return f"{subj} will/AUX {base} {obj} {place} ./PUNCT"
    if kind == 3:
        reason = f"because/SCONJ {pronoun} {be_past} {r.choice(U_ADJ)}"
        return f"{subj} did/AUX not/PART {base} {obj} {reason} ./PUNCT"
    if kind == 4:
        has = "have/AUX" if plural else "has/AUX"
        return f"{subj} {has} {pp} {obj} ./PUNCT"
    if kind == 5:
        verb = base if plural else pres3
        return f"If/SCONJ it/PRON rains/VERB ,/PUNCT {subj} {verb} {obj} {place} ./PUNCT"
    if kind == 6:
        other = r.choice(U_VERBS)
        second = f"and/CCONJ {other[0]} {other[4]}"
        return f"{r.choice(U_INTJ)} ,/PUNCT {subj} {past} {obj} {second} !/PUNCT"
    if kind == 7:
        verb = r.choice(["costs/VERB", "cost/VERB"])
        return f"The/DET ticket/NOUN {verb} {r.choice(U_PRICE)} ./PUNCT"
    return f"Where/ADV can/AUX {pronoun} {base} {obj} ?/PUNCT"


def make_udpos_train(rng: random.Random) -> list[list[tuple[str, str]]]:
    seen: dict[str, None] = {}
    while len(seen) < N_TRAIN:
        seen.setdefault(_udpos_one(rng), None)
    out = []
    for line in seen:
        sent = parse_udpos(line)
        sent[0] = (sent[0][0][:1].upper() + sent[0][0][1:], sent[0][1])
        out.append(sent)
    return out


P_PEOPLE = [
    "Daniel Moreau",
    "Hanna Berg",
    "Omar Haddad",
    "Lucia Romano",
    "Kenji Mori",
    "Priya Nair",
    "Tomas Novak",
    "Ingrid Dahl",
    "Samuel Okafor",
    "Elena Petrova",
    "Marco Bianchi",
    "Aisha Bello",
]
P_ORGS = [
    "Northwind Bank",
    "Atlas Motors",
    "Greenfield University",
    "Blue River Foods",
    "Eastern Rail Company",
    "Silver Lake Hospital",
    "Red Pine Studios",
    "Harbor Shipping Group",
    "National Museum of Science",
    "World Health Organization",
    "FC Riverside",
]
P_PLACES = [
    "Lisbon",
    "Vienna",
    "Oslo",
    "Cairo",
    "Lima",
    "Toronto",
    "Nairobi",
    "Seoul",
    "Krakow",
    "South Africa",
    "New Zealand",
    "Buenos Aires",
    "the Alps",
    "Lake Geneva",
]
P_TEMPLATES = [
    "[PER {p}] works for [ORG {o}] in [LOC {l}] .",
    "[PER {p}] was born in [LOC {l}] .",
    "[ORG {o}] opened a new office in [LOC {l}] .",
    "[PER {p}] and [PER {q}] visited [LOC {l}] last year .",
    "[PER {p}] studied medicine at [ORG {o}] .",
    "The meeting between [PER {p}] and [ORG {o}] took place in [LOC {l}] .",
    "[PER {p}] moved from [LOC {l}] to [LOC {m}] in 2019 .",
    "[ORG {o}] was founded in [LOC {l}] .",
    "According to [PER {p}] , the weather in [LOC {l}] was cold .",
    "He later joined [ORG {o}] .",
    "The river flows from [LOC {l}] towards [LOC {m}] .",
    "[PER {p}] is the director of [ORG {o}] .",
]


def make_panx_train(rng: random.Random) -> list[list[tuple[str, str]]]:
    seen: dict[str, None] = {}
    while len(seen) < N_TRAIN:
        p, q = rng.sample(P_PEOPLE, 2)
        place, other = rng.sample(P_PLACES, 2)
        line = rng.choice(P_TEMPLATES).format(p=p, q=q, o=rng.choice(P_ORGS), l=place, m=other)
        if line.startswith("[LOC the "):
            continue
        line = line.replace("[LOC the ", "the [LOC ").replace("[LOC The ", "The [LOC ")
        seen.setdefault(line, None)
    return [parse_panx(line, "en") for line in seen]


# ----------------------------------------------------------------------------------------------
# QA
# ----------------------------------------------------------------------------------------------


def join_sentences(sentences: list[str], lang: str) -> tuple[str, list[list[int]]]:
    sep = "" if lang in NO_SPACE_LANGS else " "
    context, breaks = "", []
    for i, s in enumerate(sentences):
        if i:
            context += sep
        breaks.append([len(context), len(context) + len(s)])
        context += s
    return context, breaks


def locate(context: str, text: str, occurrence: int | None, where: str) -> int:
    starts = [m.start() for m in re.finditer(re.escape(text), context)]
    if not starts:
        raise ValueError(f"{where}: answer {text!r} not in the context")
    if occurrence is None:
        if len(starts) > 1:
            raise ValueError(f"{where}: answer {text!r} occurs {len(starts)} times; give one")
        occurrence = 0
    return starts[occurrence]


def squad_qas(context: str, questions: list[tuple], ids: list[str], where: str) -> list[dict]:
    qas = []
    for (question, answer, *occ), qid in zip(questions, ids, strict=True):
        start = locate(context, answer, occ[0] if occ else None, f"{where} {qid}")
        qas.append(
            {"answers": [{"answer_start": start, "text": answer}], "id": qid, "question": question}
        )
    return qas


def xquad_ids(a: int, n: int) -> list[str]:
    return [digest("xtreme-typo", "xquad", a, q, n=24) for q in range(n)]


def make_xquad(lang: str, with_sentences: bool) -> dict:
    data = []
    for a, (title, by_lang) in enumerate(T.XQUAD_ARTICLES):
        sentences, questions = by_lang[lang]
        context, breaks = join_sentences(sentences, lang)
        para = {
            "context": context,
            "qas": squad_qas(context, questions, xquad_ids(a, len(questions)), f"xquad {lang}"),
        }
        if with_sentences:
            para["sentence_breaks"] = breaks
            para["sentences"] = list(sentences)
        data.append({"paragraphs": [para], "title": title})
    return {"data": data, "version": "1.1"}


def make_mlqa(lang: str) -> dict:
    data = []
    for a, (titles, by_lang) in enumerate(T.MLQA_ARTICLES):
        sentences, questions = by_lang[lang]
        context, _ = join_sentences(sentences, lang)
        ids = [
            digest("xtreme-typo", "mlqa", a, q, n=40, algo="sha1") for q in range(len(questions))
        ]
        qas = [
            {
                "question": qa["question"],
                "answers": [
                    {
                        "text": qa["answers"][0]["text"],
                        "answer_start": qa["answers"][0]["answer_start"],
                    }
                ],
                "id": qa["id"],
            }
            for qa in squad_qas(context, questions, ids, f"mlqa {lang}")
        ]
        data.append({"paragraphs": [{"context": context, "qas": qas}], "title": titles[lang]})
    return {"data": data, "version": 1.0}


def make_tydiqa(lang: str) -> dict:
    data = []
    for p, (title, sentences, questions) in enumerate(T.TYDIQA_PASSAGES[lang]):
        context, _ = join_sentences(sentences, lang)
        number = int.from_bytes(
            bytes.fromhex(digest("xtreme-typo", "tydiqa", lang, p, n=16)), "big", signed=True
        )
        ids = [f"{TYDI_NAMES[lang]}-{number}-{q}" for q in range(len(questions))]
        qas = squad_qas(context, questions, ids, f"tydiqa {lang}")
        data.append({"paragraphs": [{"context": context, "qas": qas}], "title": title})
    return {"data": data, "version": "TyDiQA-GoldP-1.1-for-SQuAD-1.1"}


# ----------------------------------------------------------------------------------------------
# Retrieval
# ----------------------------------------------------------------------------------------------


def tatoeba_files(lang: str) -> tuple[list[str], list[str], list[int]]:
    """(xx lines in original order, English lines sorted as utils_preprocess.py does, gold)."""
    xx = [pair[lang] for pair in T.TATOEBA_PAIRS]
    en = [pair["en"].strip() for pair in T.TATOEBA_PAIRS]
    order = sorted(zip(en, range(len(en)), strict=True), key=lambda x: x[0])
    return xx, [t for t, _ in order], [i for _, i in order]


def make_mewslix() -> tuple[list[dict], dict[str, dict[str, list[str]]]]:
    docs, gold = [], {}
    for lang in T.MEWSLIX_LANGS:
        gold[lang] = {}
        for a, article in enumerate(T.MEWSLIX_ARTICLES):
            title, sentences, mentions = article[lang]
            text, breaks = join_sentences(sentences, lang)
            ms = []
            for k, (surface, qid, *occ) in enumerate(mentions):
                start = locate(text, surface, occ[0] if occ else None, f"mewslix {lang} {a}")
                ex_id = digest("xtreme-typo", "mewslix", lang, a, k)
                ms.append(
                    {
                        "example_id": ex_id,
                        "mention_span": {
                            "start": start,
                            "end": start + len(surface),
                            "text": surface,
                        },
                        "entity_id": qid,
                    }
                )
                gold[lang][ex_id] = [qid]
            docs.append(
                {
                    "context": {
                        "document_title": title,
                        "document_url": f"https://example.org/xtreme-typo/wikinews/{lang}/{a + 1}",
                        "document_id": f"xtreme-typo-{lang}-{a + 1}",
                        "language": lang,
                        "text": text,
                        "sentence_spans": [{"start": s, "end": e} for s, e in breaks],
                    },
                    "mentions": ms,
                }
            )
    return docs, gold


def make_entities() -> list[dict]:
    out = []
    for qid, lang, title, sentences in T.MEWSLIX_ENTITIES:
        description, breaks = join_sentences(sentences, lang)
        out.append(
            {
                "entity_id": qid,
                "title": title,
                "description": description,
                "description_language": lang,
                "description_url": f"https://example.org/xtreme-typo/entities/{qid}",
                "sentence_spans": [{"start": s, "end": e} for s, e in breaks],
            }
        )
    return out


def bucc_split(
    lang: str, split: str
) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, str]]]:
    """(xx rows, en rows, gold pairs) with ids; the sides are shuffled independently."""
    parallel = T.BUCC_PARALLEL[split]
    xx_items = [(p[lang], ("par", i)) for i, p in enumerate(parallel)]
    xx_items += [(p[lang], ("xx", i)) for i, p in enumerate(T.BUCC_XX_ONLY[split])]
    en_items = [(p["en"], ("par", i)) for i, p in enumerate(parallel)]
    en_items += [(s, ("en", i)) for i, s in enumerate(T.BUCC_EN_ONLY[split])]
    rng = random.Random(f"{SEED}/bucc/{lang}/{split}")
    rng.shuffle(xx_items)
    rng.shuffle(en_items)
    xx_rows = [(f"{lang}-{n:09d}", s) for n, (s, _) in enumerate(xx_items, start=1)]
    en_rows = [(f"en-{n:09d}", s) for n, (s, _) in enumerate(en_items, start=1)]
    en_id = {key: en_rows[n][0] for n, (_, key) in enumerate(en_items)}
    gold = [(xx_rows[n][0], en_id[key]) for n, (_, key) in enumerate(xx_items) if key[0] == "par"]
    return xx_rows, en_rows, sorted(gold)


# ----------------------------------------------------------------------------------------------
# All files
# ----------------------------------------------------------------------------------------------


def generate() -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for lang, lines in T.UDPOS_TEST.items():
        files[f"udpos/test-{lang}.tsv"] = conll_bytes([parse_udpos(x) for x in lines])
    files["udpos/train-en.tsv"] = conll_bytes(make_udpos_train(random.Random(SEED + 1)))
    for lang, lines in T.PANX_TEST.items():
        files[f"panx/test-{lang}.tsv"] = conll_bytes([parse_panx(x, lang) for x in lines])
    files["panx/train-en.tsv"] = conll_bytes(make_panx_train(random.Random(SEED + 2)))

    for lang in T.XQUAD_ARTICLES[0][1]:
        obj = make_xquad(lang, with_sentences=False)
        files[f"xquad/test-{lang}.json"] = (
            json.dumps(obj, indent=2, sort_keys=True) + "\n"
        ).encode("utf-8")
        obj = make_xquad(lang, with_sentences=True)
        files[f"lareqa/xquad-r/{lang}.json"] = json.dumps(obj, sort_keys=True).encode("utf-8")
    for lang in T.MLQA_ARTICLES[0][1]:
        path = f"mlqa/MLQA_V1/test/test-context-{lang}-question-{lang}.json"
        files[path] = json.dumps(make_mlqa(lang), ensure_ascii=False).encode("utf-8")
    for lang in T.TYDIQA_PASSAGES:
        path = f"tydiqa/tydiqa-goldp-v1.1-dev/tydiqa.goldp.{lang}.dev.json"
        files[path] = json.dumps(make_tydiqa(lang), sort_keys=True).encode("utf-8")

    for lang in T.TATOEBA_LANGS:
        xx, en, gold = tatoeba_files(lang)
        files[f"tatoeba/{lang}-en.{lang}"] = lf_lines(xx)
        files[f"tatoeba/{lang}-en.en"] = lf_lines(en)
        files[f"tatoeba/test-{lang}.tsv"] = lf_lines([str(i) for i in gold])

    docs, gold = make_mewslix()
    files["mewslix/wikinews_mentions-test.jsonl"] = lf_lines(
        [json.dumps(d, ensure_ascii=False) for d in docs]
    )
    files["mewslix/candidate_set_entities.jsonl"] = lf_lines(
        [json.dumps(e, ensure_ascii=False) for e in make_entities()]
    )
    for lang, by_id in gold.items():
        files[f"mewslix/test-{lang}.json"] = json.dumps(by_id).encode("utf-8")

    for lang in T.BUCC_LANGS:
        for split in ("dev", "test"):
            xx_rows, en_rows, pairs = bucc_split(lang, split)
            stem = f"bucc2018/{lang}-en.{split}"
            files[f"{stem}.{lang}"] = lf_lines([f"{i}\t{s}" for i, s in xx_rows])
            files[f"{stem}.en"] = lf_lines([f"{i}\t{s}" for i, s in en_rows])
            files[f"{stem}.gold"] = lf_lines([f"{x}\t{e}" for x, e in pairs])
            if split == "test":
                files[f"bucc2018/test-{lang}.tsv"] = files[f"{stem}.gold"]
    return files


# ----------------------------------------------------------------------------------------------
# Checking (reads the files back with plain parsers, independently of the rendering code)
# ----------------------------------------------------------------------------------------------


def read_conll(path: Path, labels: tuple[str, ...], problems: list[str]) -> list[list[tuple]]:
    text = path.read_bytes().decode("utf-8")
    if "\r" in text or not text.endswith("\n") or text.endswith("\n\n") or text.startswith("\n"):
        problems.append(f"{path}: line ends must be LF, one final newline, no blank line at an end")
    sentences = []
    for b, block in enumerate(text.rstrip("\n").split("\n\n")):
        sent = []
        for line in block.split("\n"):
            cells = line.split("\t")
            if len(cells) != 2 or not cells[0] or cells[0] != cells[0].strip() or " " in cells[0]:
                problems.append(f"{path}: sentence {b}: bad line {line!r}")
                continue
            if cells[1] not in labels:
                problems.append(f"{path}: sentence {b}: tag {cells[1]!r} not in the label set")
            sent.append(tuple(cells))
        sentences.append(sent)
    return sentences


def check_iob2(path: Path, sentences: list[list[tuple]], problems: list[str]) -> None:
    for b, sent in enumerate(sentences):
        prev = "O"
        for word, tag in sent:
            if tag.startswith("I-") and prev[2:] != tag[2:]:
                problems.append(f"{path}: sentence {b}: {tag} after {prev} at {word!r}")
            prev = tag


def check_squad(path: Path, problems: list[str], sentences: bool = False) -> list[tuple]:
    """Return [(question id, answer text)] after checking every offset."""
    obj = json.loads(path.read_bytes().decode("utf-8"))
    out, seen = [], set()
    for article in obj["data"]:
        if not isinstance(article.get("title"), str):
            problems.append(f"{path}: an article without a title")
        for para in article["paragraphs"]:
            ctx = para["context"]
            if sentences:
                sents, breaks = para["sentences"], para["sentence_breaks"]
                if [ctx[s:e] for s, e in breaks] != sents:
                    problems.append(f"{path}: sentence_breaks do not slice out the sentences")
                gaps = [ctx[breaks[i][1] : breaks[i + 1][0]] for i in range(len(breaks) - 1)]
                if breaks[0][0] != 0 or breaks[-1][1] != len(ctx) or any(g.strip() for g in gaps):
                    problems.append(f"{path}: sentence_breaks do not cover the context")
            for qa in para["qas"]:
                qid = qa["id"]
                if qid in seen:
                    problems.append(f"{path}: duplicate id {qid}")
                seen.add(qid)
                if not qa["question"].strip() or len(qa["answers"]) != 1:
                    problems.append(f"{path}: {qid}: empty question or not one answer")
                for ans in qa["answers"]:
                    s, t = ans["answer_start"], ans["text"]
                    if ctx[s : s + len(t)] != t or not t.strip():
                        problems.append(f"{path}: {qid}: answer offset wrong for {t!r}")
                    if sentences and not any(b <= s and s + len(t) <= e for b, e in breaks):
                        problems.append(f"{path}: {qid}: answer not inside one sentence")
                out.append((qid, qa["answers"][0]["text"]))
    return out


def check(root: Path) -> tuple[list[str], list[str]]:
    problems: list[str] = []
    summary: list[str] = []

    def rel(p: Path) -> str:
        return str(p.relative_to(root))

    # Tagging
    for task, labels in (("udpos", tuple(UPOS)), ("panx", NER)):
        shapes = {}
        for path in sorted((root / task).glob("*.tsv")):
            sents = read_conll(path, labels, problems)
            if task == "panx":
                check_iob2(path, sents, problems)
            tags = Counter(t for s in sents for _, t in s)
            n_tok = sum(len(s) for s in sents)
            summary.append(
                f"{rel(path)}\t{len(sents)} sentences\t{n_tok} tokens\t{len(tags)} distinct tags"
            )
            if path.stem.startswith("test-"):
                shapes[path.stem] = len(sents)
                if task == "panx":
                    ents = [t for s in sents for _, t in s if t.startswith("B-")]
                    if len(ents) < 2 * len(sents):
                        problems.append(f"{path}: fewer than 2 entities per sentence on average")
        if len(set(shapes.values())) > 1:
            problems.append(f"{task}: test files have different sentence counts {shapes}")
    # QA
    ids_by_task: dict[str, dict[str, list]] = {}
    for task, pattern, sents in (
        ("xquad", "xquad/test-*.json", False),
        ("mlqa", "mlqa/MLQA_V1/test/*.json", False),
        ("tydiqa", "tydiqa/tydiqa-goldp-v1.1-dev/*.json", False),
        ("lareqa", "lareqa/xquad-r/*.json", True),
    ):
        for path in sorted(root.glob(pattern)):
            qas = check_squad(path, problems, sentences=sents)
            ids_by_task.setdefault(task, {})[path.name] = [q for q, _ in qas]
            summary.append(f"{rel(path)}\t{len(qas)} questions")
    for task in ("xquad", "mlqa", "lareqa"):
        id_lists = list(ids_by_task.get(task, {}).values())
        if any(ids != id_lists[0] for ids in id_lists):
            problems.append(f"{task}: the languages do not share the same question ids")
    if ids_by_task.get("lareqa") and sorted(map(tuple, ids_by_task["lareqa"].values())) != sorted(
        map(tuple, ids_by_task["xquad"].values())
    ):
        problems.append("lareqa: question ids differ from xquad's")
    tydi = ids_by_task.get("tydiqa", {})
    for name, ids in tydi.items():
        lang = name.split(".")[2]
        if not all(i.startswith(TYDI_NAMES[lang] + "-") for i in ids):
            problems.append(f"tydiqa {name}: ids must start with {TYDI_NAMES[lang]}-")
    # Tatoeba
    for path in sorted((root / "tatoeba").glob("*-en.en")):
        lang = path.name.split("-")[0]
        en = path.read_bytes().decode("utf-8").split("\n")
        xx = (root / "tatoeba" / f"{lang}-en.{lang}").read_bytes().decode("utf-8").split("\n")
        gold_lines = (root / "tatoeba" / f"test-{lang}.tsv").read_bytes().decode().split("\n")
        if en[-1] or xx[-1] or gold_lines[-1]:
            problems.append(f"tatoeba {lang}: a file does not end with a newline")
        en, xx, gold = en[:-1], xx[:-1], [int(g) for g in gold_lines[:-1]]
        if en != sorted(line.strip() for line in en) or len(set(en)) != len(en):
            problems.append(f"tatoeba {lang}: English side not sorted or has duplicates")
        if not (len(en) == len(xx) == len(gold)) or sorted(gold) != list(range(len(xx))):
            problems.append(f"tatoeba {lang}: gold is not a permutation of the {lang} lines")
        source = {p["en"]: p[lang] for p in T.TATOEBA_PAIRS}
        if len(en) == len(gold) and any(
            xx[g] != source.get(e) for e, g in zip(en, gold, strict=True)
        ):
            problems.append(f"tatoeba {lang}: gold does not align English and {lang}")
        summary.append(f"tatoeba/{lang}-en.*\t{len(xx)} pairs")
    # Mewsli-X
    ent_path = root / "mewslix" / "candidate_set_entities.jsonl"
    if ent_path.exists():
        entities = [json.loads(x) for x in ent_path.read_bytes().decode().splitlines()]
        ent_ids = [e["entity_id"] for e in entities]
        if len(set(ent_ids)) != len(ent_ids):
            problems.append("mewslix: duplicate entity ids")
        for e in entities:
            d = e["description"]
            if any(not (0 <= s["start"] < s["end"] <= len(d)) for s in e["sentence_spans"]):
                problems.append(f"mewslix: entity {e['entity_id']}: bad sentence span")
        summary.append(f"{rel(ent_path)}\t{len(entities)} entities")
        docs = [
            json.loads(x)
            for x in (root / "mewslix" / "wikinews_mentions-test.jsonl")
            .read_bytes()
            .decode()
            .splitlines()
        ]
        per_lang: Counter = Counter()
        seen_ex: set[str] = set()
        for d in docs:
            c = d["context"]
            spans = [(s["start"], s["end"]) for s in c["sentence_spans"]]
            for m in d["mentions"]:
                sp = m["mention_span"]
                if c["text"][sp["start"] : sp["end"]] != sp["text"]:
                    problems.append(f"mewslix: {m['example_id']}: span does not match the text")
                if not any(s <= sp["start"] and sp["end"] <= e for s, e in spans):
                    problems.append(f"mewslix: {m['example_id']}: mention crosses sentences")
                if m["entity_id"] not in ent_ids:
                    problems.append(f"mewslix: {m['example_id']}: entity not in the candidates")
                if m["example_id"] in seen_ex:
                    problems.append(f"mewslix: duplicate example id {m['example_id']}")
                seen_ex.add(m["example_id"])
                per_lang[c["language"]] += 1
        for lang, n in sorted(per_lang.items()):
            gold = json.loads((root / "mewslix" / f"test-{lang}.json").read_bytes())
            expected = {
                m["example_id"]: [m["entity_id"]]
                for d in docs
                if d["context"]["language"] == lang
                for m in d["mentions"]
            }
            if gold != expected:
                problems.append(f"mewslix/test-{lang}.json: does not match the mentions")
            summary.append(f"mewslix {lang}\t{n} mentions")
    # BUCC
    for path in sorted((root / "bucc2018").glob("*-en.*.gold")):
        lang, split = path.name.split("-")[0], path.name.split(".")[1]
        sides = {}
        for side in (lang, "en"):
            rows = [
                x.split("\t")
                for x in (root / "bucc2018" / f"{lang}-en.{split}.{side}")
                .read_bytes()
                .decode()
                .splitlines()
            ]
            if any(
                len(r) != 2 or not r[1].strip() or not r[0].startswith(side + "-") for r in rows
            ):
                problems.append(f"bucc2018 {lang} {split} {side}: bad id<TAB>sentence line")
            ids = [r[0] for r in rows]
            if len(set(ids)) != len(ids) or len({r[1] for r in rows}) != len(rows):
                problems.append(f"bucc2018 {lang} {split} {side}: duplicate ids or sentences")
            sides[side] = dict(rows)
        pairs = [x.split("\t") for x in path.read_bytes().decode().splitlines()]
        if any(x not in sides[lang] or e not in sides["en"] for x, e in pairs):
            problems.append(f"{path}: a gold id is not in the corpus")
        if len({x for x, _ in pairs}) != len(pairs) or len({e for _, e in pairs}) != len(pairs):
            problems.append(f"{path}: an id is in two gold pairs")
        by_en = {p["en"]: p[lang] for p in T.BUCC_PARALLEL[split]}
        if any(by_en.get(sides["en"][e]) != sides[lang][x] for x, e in pairs):
            problems.append(f"{path}: a gold pair is not a translation pair")
        summary.append(
            f"bucc2018/{lang}-en.{split}\t{len(sides[lang])} {lang} / "
            f"{len(sides['en'])} en sentences\t{len(pairs)} gold pairs"
        )
        if (
            split == "test"
            and (root / "bucc2018" / f"test-{lang}.tsv").read_bytes() != path.read_bytes()
        ):
            problems.append(f"bucc2018/test-{lang}.tsv: differs from {path.name}")
    return problems, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="validate, change nothing")
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write to")
    args = parser.parse_args(argv)
    files = generate()
    if args.check:
        problems, summary = check(HERE)
        for relpath, data in files.items():
            path = HERE / relpath
            if not path.is_file() or path.read_bytes() != data:
                problems.append(f"{path}: out of date; run tasks/samples/make_more_samples.py")
        print("\n".join(summary))
        if problems:
            print(f"\n{len(problems)} problem(s):", file=sys.stderr)
            print("\n".join(problems), file=sys.stderr)
            return 1
        print(f"\nall {len(files)} files are valid and up to date")
        return 0
    for relpath, data in files.items():
        path = args.out / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    print(f"wrote {len(files)} files under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
