"""Generate the English training samples and check every bundled sample file.

    python tasks/samples/make_samples.py            # (re)write the generated files
    python tasks/samples/make_samples.py --check    # validate every sample file, change nothing
    python tasks/samples/make_samples.py --out DIR  # write the generated files under DIR instead

Generated (deterministic, pure stdlib; the same bytes on every run and platform):

    xnli/train-en.tsv           600 premise/hypothesis pairs, 200 per label
    pawsx/train-en.tsv          600 sentence pairs, 300 paraphrases (1) and 300 non-paraphrases (0)
    xcopa/train-en.jsonl        400 premise/choice items, 200 with label 0 and 200 with label 1
    intermediate/train-en.tsv   600 sentence pairs, 300 related and 300 unrelated

They are built from templates so that a tiny model trained from scratch can learn each label
from surface cues:

    xnli    entailment: the hypothesis restates part of the premise, often with a more general
            subject or object (A woman, Someone, something); contradiction: it negates the
            premise (did not, never, Nobody, nothing, refused to); neutral: it adds a new,
            unverifiable detail (with two friends, because ..., for the first time). Every label
            has short and long hypotheses, so length is no cue.
    pawsx   the first sentence is always in a plain form. 1: the same people, places or things
            in the same roles, reworded (moved adverbial, passive voice, synonym, converse
            comparative or direction); 0: the same words with two roles swapped, mostly in the
            same plain form (10% reworded as well, as hard cases).
    xcopa   the right choice is the cause or effect of the premise's own situation and shares its
            key words; the wrong choice is the cause or effect of a situation from a separate
            pool (OTHER_SITUATIONS) whose words never occur in the premises.
    intermediate  related: two sentences about the same situation, the second often opened by a
            causal connective (As a result, / This was because); unrelated: the second sentence
            comes from OTHER_SITUATIONS, sometimes opened by Meanwhile, / Elsewhere,.

The test, dev and val files are hand-written, parallel across languages, and not generated: this
script only checks them.

File conventions (those of the official XTREME `download/` folder): TSV rows are written by
csv.writer(delimiter='\\t') with its defaults (minimal quoting, CRLF line ends), UTF-8, no header;
JSONL lines are json.dumps(obj, ensure_ascii=False) with the keys premise, choice1, choice2,
question, label, idx, changed, in that order, each line ended by CRLF as in the official XCOPA
files.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20240517

NLI_LABELS = ("entailment", "neutral", "contradiction")
PAWS_LABELS = ("0", "1")
INTER_LABELS = ("related", "unrelated")
COPA_KEYS = ("premise", "choice1", "choice2", "question", "label", "idx", "changed")

# Sizes of the generated files.
N_XNLI_PER_LABEL = 200
N_PAWS_PER_LABEL = 300
N_COPA = 400
N_INTER_PER_LABEL = 300


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def tsv_bytes(rows: list[list[str]]) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter="\t")
    for row in rows:
        writer.writerow(row)
    return buf.getvalue().encode("utf-8")


def jsonl_bytes(objs: list[dict]) -> bytes:
    return "".join(json.dumps(o, ensure_ascii=False) + "\r\n" for o in objs).encode("utf-8")


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def take_unique(rng: random.Random, make, n: int, limit: int = 200_000) -> list:
    """Call make(rng) until n distinct results are collected, in first-seen order."""
    seen: dict = {}
    tries = 0
    while len(seen) < n:
        tries += 1
        if tries > limit:
            raise RuntimeError(f"could only make {len(seen)} distinct items of {n}")
        item = make(rng)
        if item is not None and item not in seen:
            seen[item] = None
    return list(seen)


# --------------------------------------------------------------------------------------------
# XNLI-style training pairs
# --------------------------------------------------------------------------------------------

NLI_SUBJECTS = [  # (definite subject, more general subject)
    ("The young woman", "A woman"),
    ("The old man", "A man"),
    ("The tall boy", "A boy"),
    ("The little girl", "A girl"),
    ("The new teacher", "A teacher"),
    ("The hotel cook", "A cook"),
    ("My neighbour", "A neighbour"),
    ("The taxi driver", "A driver"),
    ("The farmer", "A farmer"),
    ("The nurse", "A nurse"),
    ("Our tour guide", "A guide"),
    ("The student", "A student"),
    ("My cousin", "A relative"),
    ("The retired pilot", "A pilot"),
]

NLI_ACTIONS = [  # (past tense, base form, object, place)
    ("cooked", "cook", "a pot of soup", "in the kitchen"),
    ("painted", "paint", "the garden fence", "behind the house"),
    ("washed", "wash", "the old car", "in front of the garage"),
    ("read", "read", "a long novel", "in the library"),
    ("bought", "buy", "fresh bread", "at the market"),
    ("planted", "plant", "three apple trees", "in the garden"),
    ("repaired", "repair", "a broken chair", "in the workshop"),
    ("sang", "sing", "a folk song", "at the concert"),
    ("cleaned", "clean", "the windows", "in the classroom"),
    ("carried", "carry", "heavy boxes", "up the stairs"),
    ("fed", "feed", "the hungry ducks", "by the lake"),
    ("wrote", "write", "a long letter", "at the desk"),
    ("packed", "pack", "a small suitcase", "in the bedroom"),
    ("collected", "collect", "shiny shells", "on the beach"),
    ("drew", "draw", "a colourful map", "on the blackboard"),
    ("caught", "catch", "a large fish", "in the river"),
    ("baked", "bake", "a chocolate cake", "in the oven"),
    ("sold", "sell", "fresh vegetables", "at the market"),
    ("played", "play", "the piano", "in the hall"),
    ("watched", "watch", "a football match", "at the stadium"),
    ("climbed", "climb", "a steep hill", "near the village"),
    ("ordered", "order", "a cup of coffee", "at the cafe"),
    ("visited", "visit", "an old friend", "at the hospital"),
    ("opened", "open", "a small shop", "in the town centre"),
    ("photographed", "photograph", "the old castle", "on the hill"),
    ("borrowed", "borrow", "a heavy ladder", "from the neighbours"),
]

NLI_TIMES = [
    "this morning",
    "yesterday",
    "on Sunday",
    "after lunch",
    "last night",
    "early today",
    "on Friday evening",
    "last week",
    "before dinner",
    "during the holidays",
]

# Places where "{S} was {place}" follows from the premise.
NLI_BE_PLACES = {
    "in the kitchen",
    "in the library",
    "at the market",
    "in the garden",
    "in the workshop",
    "at the concert",
    "in the classroom",
    "by the lake",
    "at the desk",
    "on the beach",
    "in the hall",
    "at the stadium",
    "near the village",
    "at the cafe",
    "at the hospital",
    "in the town centre",
    "on the hill",
    "in the bedroom",
}

NLI_HYPOTHESES = {  # each label has short and long hypotheses, so length is no cue
    "entailment": [
        "{G} {past} {obj}.",
        "{S} {past} {obj} {place}.",
        "Someone {past} {obj} {time}.",
        "{S} {past} something {place} {time}.",
        "{G} {past} {obj} {time}.",
        "{G} was {place} {time}.",
        "Someone was {place}.",
    ],
    "contradiction": [
        "{S} did not {base} {obj} {time}.",
        "{S} never {past} {obj}.",
        "Nobody {past} {obj} {place} {time}.",
        "{S} refused to {base} {obj}.",
        "{S} did not {base} anything {place}.",
        "{S} did nothing at all {time}.",
        "{S} was not {place} {time}.",
    ],
    "neutral": [
        "{S} {past} {obj} {place} with two friends.",
        "{S} {past} {obj} because it was a special day.",
        "{S} {past} {obj} for the first time.",
        "{S} {past} {obj} to help a sick neighbour.",
        "{S} {past} {obj} and then went for a long walk.",
        "{S} was very proud of it afterwards.",
        "{S} lives in a small village.",
        "{S} was waiting for a friend {time}.",
        "{G} {past} {obj} for a family member.",
    ],
}


def make_xnli(rng: random.Random) -> list[list[str]]:
    rows: list[list[str]] = []
    for label in NLI_LABELS:
        templates = NLI_HYPOTHESES[label]

        def one(r: random.Random, templates=templates, label=label):
            subj, general = r.choice(NLI_SUBJECTS)
            past, base, obj, place = r.choice(NLI_ACTIONS)
            time = r.choice(NLI_TIMES)
            slots = dict(S=subj, G=general, past=past, base=base, obj=obj, place=place, time=time)
            premise = f"{subj} {past} {obj} {place} {time}."
            template = r.choice(templates)
            if "was {place}" in template and place not in NLI_BE_PLACES:
                return None
            hypothesis = template.format(**slots)
            return (premise, hypothesis, label)

        rows.extend(list(r) for r in take_unique(rng, one, N_XNLI_PER_LABEL))
    rng.shuffle(rows)
    return rows


# --------------------------------------------------------------------------------------------
# PAWS-style training pairs
# --------------------------------------------------------------------------------------------

PAWS_PEOPLE = [
    "Anna",
    "Tom",
    "Maria",
    "David",
    "Lucy",
    "Peter",
    "Sara",
    "James",
    "the doctor",
    "the teacher",
    "the manager",
    "the old farmer",
    "the captain",
    "the young nurse",
    "the coach",
    "the mayor",
    "the pilot",
    "the baker",
    "the journalist",
    "the lawyer",
]

PAWS_VERBS = [  # (past, past participle, synonym in the past tense or None)
    ("called", "called", "phoned"),
    ("helped", "helped", "assisted"),
    ("visited", "visited", "went to see"),
    ("thanked", "thanked", None),
    ("invited", "invited", None),
    ("warned", "warned", None),
    ("hired", "hired", "employed"),
    ("interviewed", "interviewed", None),
    ("praised", "praised", "complimented"),
    ("followed", "followed", None),
    ("paid", "paid", None),
    ("taught", "taught", None),
    ("recognised", "recognised", None),
    ("criticised", "criticised", None),
    ("photographed", "photographed", None),
    ("chose", "chosen", "picked"),
    ("interrupted", "interrupted", None),
    ("replaced", "replaced", None),
    ("trusted", "trusted", None),
    ("ignored", "ignored", None),
]

PAWS_WHEN = [
    "in 2004",
    "in 1987",
    "after the meeting",
    "last summer",
    "during the festival",
    "in the evening",
    "before the election",
    "at the station",
    "in Paris",
    "on Monday",
    "after the concert",
    "at the airport",
    "during the match",
    "in the spring of 2011",
]


def _clause(form: str, agent: str, patient: str, verb: tuple, when: str) -> str | None:
    past, pp, syn = verb
    if form == "active":
        return f"{cap(agent)} {past} {patient} {when}."
    if form == "fronted":
        return f"{cap(when)}, {agent} {past} {patient}."
    if form == "passive":
        return f"{cap(patient)} was {pp} by {agent} {when}."
    if form == "passive_fronted":
        return f"{cap(when)}, {patient} was {pp} by {agent}."
    if form == "synonym":
        return f"{cap(agent)} {syn} {patient} {when}." if syn else None
    raise ValueError(form)


PAWS_REWORDED = ("fronted", "passive", "passive_fronted", "synonym")
HARD_NEGATIVES = 0.1  # share of non-paraphrases whose second sentence is also reworded


def _paws_roles(r: random.Random, label: str):
    a, b = r.sample(PAWS_PEOPLE, 2)
    verb = r.choice(PAWS_VERBS)
    when = r.choice(PAWS_WHEN)
    s1 = _clause("active", a, b, verb, when)
    if label == "1":  # the same roles, reworded
        s2 = _clause(r.choice(PAWS_REWORDED), a, b, verb, when)
    elif r.random() < HARD_NEGATIVES:  # swapped roles, reworded
        s2 = _clause(r.choice(PAWS_REWORDED), b, a, verb, when)
    else:  # swapped roles, same wording
        s2 = _clause("active", b, a, verb, when)
    return None if s2 is None else (s1, s2)


PAWS_PLACES = [
    "the airport",
    "the harbour",
    "the university",
    "the old town",
    "the hospital",
    "the main square",
    "the stadium",
    "the zoo",
    "the museum",
    "the beach",
]
PAWS_VEHICLES = ["bus", "train", "ferry", "tram", "shuttle"]
PAWS_FREQ = ["every hour", "twice a day", "every morning", "every twenty minutes", "on weekdays"]


def _paws_route(r: random.Random, label: str):
    x, y = r.sample(PAWS_PLACES, 2)
    veh = r.choice(PAWS_VEHICLES)
    freq = r.choice(PAWS_FREQ)

    def say(start: str, end: str, style: int) -> str:
        return [
            f"The {veh} goes from {start} to {end} {freq}.",
            f"{cap(freq)}, the {veh} goes from {start} to {end}.",
            f"The {veh} runs from {start} to {end} {freq}.",
            f"The {veh} to {end} leaves from {start} {freq}.",
        ][style]

    if label == "1":
        s2 = say(x, y, r.randrange(1, 4))
    elif r.random() < HARD_NEGATIVES:
        s2 = say(y, x, r.randrange(1, 4))
    else:
        s2 = say(y, x, 0)
    return (say(x, y, 0), s2)


PAWS_COMPARE = [  # (adjective, converse, things it is said of)
    ("older", "younger", PAWS_PEOPLE[:8]),
    ("taller", "shorter", PAWS_PEOPLE[:8]),
    ("faster", "slower", PAWS_PEOPLE[:8]),
    ("stronger", "weaker", PAWS_PEOPLE[:8]),
    (
        "heavier",
        "lighter",
        [
            "the red suitcase",
            "the green box",
            "the wooden table",
            "the metal chair",
            "the old piano",
            "the new fridge",
        ],
    ),
    (
        "longer",
        "shorter",
        [
            "the north bridge",
            "the main street",
            "the river path",
            "the old tunnel",
            "the new road",
            "the coastal railway",
        ],
    ),
]


def _paws_compare(r: random.Random, label: str):
    adj, conv, things = r.choice(PAWS_COMPARE)
    a, b = r.sample(things, 2)
    s1 = f"{cap(a)} is {adj} than {b}."
    if label == "1":
        s2 = f"{cap(b)} is {conv} than {a}."
    elif r.random() < HARD_NEGATIVES:
        s2 = f"{cap(a)} is {conv} than {b}."
    else:
        s2 = f"{cap(b)} is {adj} than {a}."
    return (s1, s2)


PAWS_LANDMARKS = [
    "the castle",
    "the lake",
    "the old church",
    "the forest",
    "the farm",
    "the bridge",
    "the mill",
    "the harbour",
    "the village",
    "the stadium",
]
OPPOSITE = {"north": "south", "south": "north", "east": "west", "west": "east"}


def _paws_location(r: random.Random, label: str):
    x, y = r.sample(PAWS_LANDMARKS, 2)
    d = r.choice(sorted(OPPOSITE))
    s1 = f"{cap(x)} lies {d} of {y}."
    if label == "1":
        s2 = r.choice([f"{cap(y)} lies {OPPOSITE[d]} of {x}.", f"{cap(d)} of {y} lies {x}."])
    elif r.random() < HARD_NEGATIVES:
        s2 = r.choice([f"{cap(x)} lies {OPPOSITE[d]} of {y}.", f"{cap(d)} of {x} lies {y}."])
    else:
        s2 = f"{cap(y)} lies {d} of {x}."
    return (s1, s2)


PAWS_PATTERNS = [(_paws_roles, 55), (_paws_route, 15), (_paws_compare, 15), (_paws_location, 15)]


def make_pawsx(rng: random.Random) -> list[list[str]]:
    funcs = [f for f, _ in PAWS_PATTERNS]
    weights = [w for _, w in PAWS_PATTERNS]
    rows: list[list[str]] = []
    for label in PAWS_LABELS:

        def one(r: random.Random, label=label):
            pair = r.choices(funcs, weights)[0](r, label)
            return None if pair is None or pair[0] == pair[1] else (*pair, label)

        rows.extend(list(r) for r in take_unique(rng, one, N_PAWS_PER_LABEL))
    rng.shuffle(rows)
    return rows


# --------------------------------------------------------------------------------------------
# Situations shared by the XCOPA-style and intermediate training data
# --------------------------------------------------------------------------------------------

PEOPLE = [  # (subject, pronoun, possessive)
    ("The man", "he", "his"),
    ("The woman", "she", "her"),
    ("The boy", "he", "his"),
    ("The girl", "she", "her"),
    ("My brother", "he", "his"),
    ("My sister", "she", "her"),
    ("The old teacher", "she", "her"),
    ("The young driver", "he", "his"),
    ("Our neighbour", "she", "her"),
    ("The student", "he", "his"),
    ("My grandfather", "he", "his"),
    ("The nurse", "she", "her"),
]

# (premise, cause, effect): the cause led to the premise and the premise led to the effect.
# {S} subject, {P}/{p} pronoun capitalised/lower case, {o} possessive.
SITUATIONS = [
    (
        "{S} got wet in the rain.",
        "{P} went out in the rain without an umbrella.",
        "{P} changed into dry clothes after the rain.",
    ),
    (
        "{S} was very hungry at noon.",
        "{P} skipped breakfast and was hungry all morning.",
        "{P} ate a large lunch because {p} was hungry.",
    ),
    (
        "{S} felt tired all day.",
        "{P} slept badly and woke up tired.",
        "{P} went to bed early because {p} was tired.",
    ),
    (
        "{S} was nervous about the exam.",
        "The exam was very important for {o} future.",
        "{P} studied late into the night for the exam.",
    ),
    (
        "{S} could not call {o} mother on the phone.",
        "The battery of {o} phone was dead.",
        "{P} charged the phone and called again later.",
    ),
    (
        "{S} had trouble starting the old car.",
        "The old car had almost no fuel left.",
        "{P} took the old car to a mechanic.",
    ),
    (
        "{S} shivered in the cold room.",
        "The heater in the cold room was broken.",
        "{P} put on a thick sweater in the cold room.",
    ),
    (
        "{S} heard the dog barking at night.",
        "A stranger walked past the house and the dog noticed.",
        "{P} got up to check on the barking dog.",
    ),
    (
        "{S} found the garden plants dry and brown.",
        "Nobody had watered the garden plants for weeks.",
        "{P} watered the garden plants right away.",
    ),
    (
        "{S} missed the bus this morning.",
        "{P} woke up late and ran to the bus stop too slowly.",
        "{P} waited twenty minutes for the next bus.",
    ),
    (
        "{S} baked a cake for the birthday party.",
        "{P} wanted to surprise a friend on {o} birthday.",
        "Everyone at the birthday party ate the cake.",
    ),
    (
        "{S} broke a glass while washing up.",
        "The glass slipped from {o} wet soapy hands.",
        "{P} swept the broken glass off the floor.",
    ),
    (
        "{S} had a terrible headache.",
        "{P} stared at a bright screen for hours before the headache.",
        "{P} took a pill for the headache.",
    ),
    (
        "{S} lost {o} wallet at the market.",
        "The wallet fell out of {o} pocket at the market.",
        "{P} searched the whole market for the wallet.",
    ),
    (
        "{S} could not sleep because of loud music.",
        "The neighbours played loud music all night.",
        "{P} asked the neighbours to turn down the music.",
    ),
    (
        "{S} stayed inside during the snowstorm.",
        "Heavy snow from the snowstorm blocked the roads.",
        "{P} watched the snowstorm from the window.",
    ),
    (
        "{S} got a sunburn at the beach.",
        "{P} lay in the sun at the beach for hours.",
        "{P} stayed out of the sun the next day.",
    ),
    (
        "{S} received a letter from an old friend.",
        "The old friend wanted to share some news in a letter.",
        "{P} wrote a long letter back to the old friend.",
    ),
    (
        "{S} could not read in the dark room.",
        "The lamp in the dark room was broken.",
        "{P} lit a candle to read in the dark room.",
    ),
    (
        "{S} spilled coffee on the table.",
        "The coffee cup was filled to the brim.",
        "{P} wiped the coffee off the table.",
    ),
    (
        "{S} got the new job.",
        "{P} did very well at the job interview.",
        "{P} celebrated the new job with friends.",
    ),
    (
        "{S} waited at the station for the delayed train.",
        "The train was delayed by a broken signal.",
        "{P} read a book while waiting for the train.",
    ),
    (
        "{S} hurt {o} knee playing football.",
        "{P} fell hard on the football field.",
        "{P} stopped playing football for a month.",
    ),
    (
        "{S} bought ice cream on a hot afternoon.",
        "The afternoon was hot and sunny.",
        "The ice cream melted quickly in the heat.",
    ),
    (
        "{S} caught a big fish in the river.",
        "{P} spent all morning fishing by the river.",
        "{P} cooked the fish for dinner.",
    ),
    (
        "{S} came home with muddy shoes.",
        "{P} walked across a muddy field.",
        "{P} cleaned the muddy shoes at the door.",
    ),
    (
        "{S} could not open the front door.",
        "{P} had left the key to the front door at work.",
        "{P} called a locksmith to open the front door.",
    ),
    (
        "{S} laughed all through the movie.",
        "The movie was full of funny scenes.",
        "{P} told {o} friends to watch the funny movie.",
    ),
    (
        "{S} heard the baby crying.",
        "The baby was hungry and wanted milk.",
        "{P} picked up the baby to calm it.",
    ),
    (
        "{S} brought flowers to the hospital.",
        "A friend of {o} was ill in the hospital.",
        "The friend in the hospital smiled at the flowers.",
    ),
    (
        "{S} lost a day of work on the computer.",
        "The computer suddenly crashed.",
        "{P} bought a new computer that week.",
    ),
    (
        "{S} heard the wind banging the window.",
        "A strong wind blew all night.",
        "{P} shut the window tightly against the wind.",
    ),
    (
        "{S} borrowed a book from the library.",
        "{P} needed the book for a school project.",
        "{P} returned the book to the library a week later.",
    ),
    (
        "{S} painted the kitchen wall.",
        "The kitchen wall was old and dirty.",
        "The kitchen smelled of fresh paint for days.",
    ),
    (
        "{S} had a toothache.",
        "{P} ate too many sweets and got a toothache.",
        "{P} went to the dentist about the toothache.",
    ),
    (
        "{S} finished the marathon.",
        "{P} trained for the marathon for months.",
        "{P} was exhausted after the marathon.",
    ),
    (
        "{S} found that the milk was sour.",
        "The milk had been left outside the fridge for days.",
        "{P} poured the sour milk down the sink.",
    ),
    (
        "{S} arrived late for the meeting.",
        "The traffic before the meeting was terrible.",
        "{P} apologised to everyone at the meeting.",
    ),
    (
        "{S} pushed the bike all the way home.",
        "The bike had a flat tyre.",
        "{P} fixed the bike in the garage.",
    ),
    (
        "{S} smelled smoke in the kitchen.",
        "The toast in the toaster was burning.",
        "{P} opened a window to let the smoke out.",
    ),
]

# Situations that only ever supply the wrong choices (xcopa) and the second sentence of unrelated
# pairs (intermediate). They share no content word with SITUATIONS, so the right choice, or a
# related pair, is the one whose words overlap.
OTHER_SITUATIONS = [
    (
        "{S} observed the stars with a telescope.",
        "The sky above the hills was perfectly clear.",
        "{P} drew a chart of the brightest planets.",
    ),
    (
        "{S} knitted a woollen scarf.",
        "{P} had ordered soft yarn in three colours.",
        "{P} gave the scarf to {o} aunt.",
    ),
    (
        "{S} sailed around the bay.",
        "A steady breeze swelled the white sails.",
        "{P} anchored the yacht near a lighthouse.",
    ),
    (
        "{S} won the chess tournament.",
        "{P} practised chess openings every evening.",
        "{P} lifted a silver trophy.",
    ),
    (
        "{S} tuned the violin.",
        "The violin strings had gone out of tune.",
        "The violin sounded sweet at the recital.",
    ),
    (
        "{S} shaped a clay vase on the wheel.",
        "{P} joined a pottery class in spring.",
        "{P} fired the clay vase in a kiln.",
    ),
    (
        "{S} photographed an elephant at the safari park.",
        "The elephant wandered close to the jeep.",
        "{P} framed the elephant photo.",
    ),
    (
        "{S} climbed the rocky mountain.",
        "{P} hoped to see the glacier near the summit.",
        "{P} planted a small flag on the summit.",
    ),
    (
        "{S} fed the goats at the petting zoo.",
        "The goats looked thin and eager.",
        "The goats nibbled hay from a bucket.",
    ),
    (
        "{S} assembled a wardrobe.",
        "{P} had ordered a wardrobe kit online.",
        "{P} hung {o} jackets in the wardrobe.",
    ),
    (
        "{S} grew tomatoes on the balcony.",
        "{P} sowed tomato seeds in April.",
        "{P} made tomato sauce in August.",
    ),
    (
        "{S} sewed a button onto the shirt.",
        "The button had fallen off the shirt sleeve.",
        "The shirt looked neat again.",
    ),
    (
        "{S} translated a poem from Spanish.",
        "{P} had loved Spanish poetry as a teenager.",
        "{P} published the poem in a magazine.",
    ),
    (
        "{S} rented a grand piano.",
        "{P} longed to play piano pieces by Chopin.",
        "{P} practised scales on the piano each evening.",
    ),
    (
        "{S} visited a volcano in Iceland.",
        "{P} was curious about volcanic craters.",
        "{P} collected pieces of black lava.",
    ),
    (
        "{S} decorated the hallway with lanterns.",
        "A lantern festival was coming to the village.",
        "The lanterns glowed orange in the hallway.",
    ),
    (
        "{S} adopted a parrot.",
        "The parrot's owner had moved abroad.",
        "The parrot learned to whistle a tune.",
    ),
    (
        "{S} planted a hedge of roses.",
        "{P} admired the roses along the canal.",
        "Bees buzzed around the roses all summer.",
    ),
    (
        "{S} built a sandcastle.",
        "{P} was on holiday by the seaside.",
        "The tide washed the sandcastle away.",
    ),
    (
        "{S} learned to juggle.",
        "A circus performer offered free juggling lessons.",
        "{P} juggled three oranges for {o} nephews.",
    ),
]

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "from",
        "with",
        "by",
        "into",
        "out",
        "off",
        "up",
        "down",
        "over",
        "about",
        "after",
        "before",
        "during",
        "while",
        "than",
        "then",
        "that",
        "this",
        "these",
        "those",
        "there",
        "here",
        "it",
        "its",
        "is",
        "was",
        "were",
        "be",
        "been",
        "had",
        "has",
        "have",
        "did",
        "does",
        "do",
        "not",
        "no",
        "he",
        "she",
        "his",
        "her",
        "him",
        "they",
        "their",
        "them",
        "my",
        "our",
        "your",
        "i",
        "we",
        "you",
        "all",
        "some",
        "any",
        "very",
        "too",
        "so",
        "just",
        "back",
        "again",
        "away",
        "much",
        "many",
        "more",
        "most",
        "one",
        "two",
        "three",
        "next",
        "same",
        "other",
        "every",
        "each",
    ]
)

# Intermediate task: connectives that open the second sentence of many pairs.
LATER = ["As a result, ", "So ", "Because of that, ", "Afterwards, "]  # b follows from a
EARLIER = ["This was because ", "It happened because "]  # b led to a
ELSEWHERE = ["Meanwhile, ", "On another day, ", "Elsewhere, "]  # unrelated
CONNECTIVE_SHARE = {"related": 0.6, "unrelated": 0.4}


def _fill(template: str, person: tuple[str, str, str]) -> str:
    subj, pron, poss = person
    return template.format(S=subj, P=cap(pron), p=pron, o=poss)


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if w not in STOPWORDS and len(w) > 2}


def _vocabulary(situations: list[tuple[str, str, str]]) -> set[str]:
    return set().union(*(_content_words(t) for sit in situations for t in sit))


def _join(prefix: str, sentence: str) -> str:
    """Prefix a connective; the sentence's first word is never a name, so lower-case it."""
    return prefix + sentence[:1].lower() + sentence[1:]


def make_xcopa(rng: random.Random) -> list[dict]:
    combos = [
        (s, p, q)
        for s in range(len(SITUATIONS))
        for p in range(len(PEOPLE))
        for q in ("cause", "effect")
    ]
    by_question = {q: [c for c in combos if c[2] == q] for q in ("cause", "effect")}
    chosen = rng.sample(by_question["cause"], N_COPA // 2) + rng.sample(
        by_question["effect"], N_COPA // 2
    )
    rng.shuffle(chosen)
    labels = [0] * (N_COPA // 2) + [1] * (N_COPA // 2)
    rng.shuffle(labels)
    objs = []
    for idx, ((s, p, q), label) in enumerate(zip(chosen, labels, strict=True)):
        person = PEOPLE[p]
        role = 1 if q == "cause" else 2
        right = _fill(SITUATIONS[s][role], person)
        wrong = _fill(rng.choice(OTHER_SITUATIONS)[role], person)
        c1, c2 = (right, wrong) if label == 0 else (wrong, right)
        objs.append(
            {
                "premise": _fill(SITUATIONS[s][0], person),
                "choice1": c1,
                "choice2": c2,
                "question": q,
                "label": label,
                "idx": idx,
                "changed": False,
            }
        )
    return objs


CHAIN = (1, 0, 2)  # positions of cause, premise, effect in time order


def make_intermediate(rng: random.Random) -> list[list[str]]:
    def related(r: random.Random):
        sit = r.choice(SITUATIONS)
        person = r.choice(PEOPLE)
        a, b = r.sample(range(3), 2)
        first, second = _fill(sit[a], person), _fill(sit[b], person)
        if r.random() < CONNECTIVE_SHARE["related"]:
            later = CHAIN.index(b) > CHAIN.index(a)
            second = _join(r.choice(LATER if later else EARLIER), second)
        return (first, second, "related")

    def unrelated(r: random.Random):  # the same person in both, so pronouns give nothing away
        person = r.choice(PEOPLE)
        first = _fill(r.choice(SITUATIONS)[r.randrange(3)], person)
        second = _fill(r.choice(OTHER_SITUATIONS)[r.randrange(3)], person)
        if r.random() < CONNECTIVE_SHARE["unrelated"]:
            second = _join(r.choice(ELSEWHERE), second)
        return (first, second, "unrelated")

    rows = [list(x) for x in take_unique(rng, related, N_INTER_PER_LABEL)]
    rows += [list(x) for x in take_unique(rng, unrelated, N_INTER_PER_LABEL)]
    rng.shuffle(rows)
    return rows


def generate() -> dict[str, bytes]:
    """Return relative path -> file bytes for every generated file."""
    shared = _vocabulary(SITUATIONS) & _vocabulary(OTHER_SITUATIONS)
    if shared:
        raise AssertionError(f"OTHER_SITUATIONS must not share words with SITUATIONS: {shared}")
    return {
        "xnli/train-en.tsv": tsv_bytes(make_xnli(random.Random(SEED + 1))),
        "pawsx/train-en.tsv": tsv_bytes(make_pawsx(random.Random(SEED + 2))),
        "xcopa/train-en.jsonl": jsonl_bytes(make_xcopa(random.Random(SEED + 3))),
        "intermediate/train-en.tsv": tsv_bytes(make_intermediate(random.Random(SEED + 4))),
    }


# --------------------------------------------------------------------------------------------
# Checking
# --------------------------------------------------------------------------------------------

TSV_TASKS = {"xnli": NLI_LABELS, "pawsx": PAWS_LABELS, "intermediate": INTER_LABELS}


def _read_text(path: Path, problems: list[str]) -> str | None:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(f"{path}: not UTF-8 ({exc})")
        return None
    if not text.endswith("\r\n"):
        problems.append(f"{path}: does not end with CRLF")
    if text.replace("\r\n", "").count("\n") or text.replace("\r\n", "").count("\r"):
        problems.append(f"{path}: a line end other than CRLF")
    return text


def check_tsv(path: Path, allowed: tuple[str, ...], problems: list[str]) -> list[list[str]]:
    text = _read_text(path, problems)
    if text is None:
        return []
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter="\t"))
    for n, row in enumerate(rows, start=1):
        if len(row) != 3:
            problems.append(f"{path}:{n}: {len(row)} columns, expected 3")
            continue
        if any(not f.strip() or f != f.strip() for f in row):
            problems.append(f"{path}:{n}: an empty field or stray whitespace")
        if any(c in f for f in row for c in "\t\r\n"):
            problems.append(f"{path}:{n}: a tab or line break inside a field")
        if row[2] not in allowed:
            problems.append(f"{path}:{n}: label {row[2]!r} not in {allowed}")
    if tsv_bytes(rows) != path.read_bytes():
        problems.append(f"{path}: not byte-identical to csv.writer(delimiter='\\t') output")
    return rows


def check_jsonl(path: Path, problems: list[str]) -> list[dict]:
    text = _read_text(path, problems)
    if text is None:
        return []
    objs = []
    for n, line in enumerate(text.split("\r\n")[:-1], start=1):
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{path}:{n}: bad JSON ({exc.msg})")
            continue
        if not isinstance(obj, dict) or tuple(obj) != COPA_KEYS:
            problems.append(f"{path}:{n}: keys must be exactly {', '.join(COPA_KEYS)} in order")
            continue
        if line != json.dumps(obj, ensure_ascii=False):
            problems.append(f"{path}:{n}: not json.dumps(obj, ensure_ascii=False) output")
        for key in ("premise", "choice1", "choice2"):
            value = obj[key]
            if not isinstance(value, str) or not value.strip() or value != value.strip():
                problems.append(f"{path}:{n}: {key} empty, not a string, or padded")
        if obj["question"] not in ("cause", "effect"):
            problems.append(f"{path}:{n}: question {obj['question']!r}")
        if obj["label"] not in (0, 1) or isinstance(obj["label"], bool):
            problems.append(f"{path}:{n}: label {obj['label']!r}")
        if obj["idx"] != n - 1 or isinstance(obj["idx"], bool):
            problems.append(f"{path}:{n}: idx {obj['idx']!r}, expected {n - 1}")
        if obj["changed"] is not False:
            problems.append(f"{path}:{n}: changed must be false")
        if obj["choice1"] == obj["choice2"]:
            problems.append(f"{path}:{n}: identical choices")
        objs.append(obj)
    return objs


def _balanced(path: Path, labels: list, problems: list[str]) -> None:
    counts = Counter(labels)
    if len(set(counts.values())) > 1:
        problems.append(f"{path}: labels not balanced {dict(sorted(counts.items()))}")


def check(root: Path) -> tuple[list[str], list[str]]:
    """Validate every sample file under root; return (problems, one summary line per file)."""
    problems: list[str] = []
    summary: list[str] = []
    for task, allowed in TSV_TASKS.items():
        groups: dict[str, dict[str, list[str]]] = {}
        for path in sorted((root / task).glob("*.tsv")):
            rows = check_tsv(path, allowed, problems)
            labels = [r[2] for r in rows if len(r) == 3]
            _balanced(path, labels, problems)
            split, lang = path.stem.split("-", 1)
            groups.setdefault(split, {})[lang] = labels
            if len({tuple(r) for r in rows}) != len(rows):
                problems.append(f"{path}: duplicate rows")
            counts = Counter(labels)
            summary.append(
                f"{path.relative_to(root)}\t{len(rows)}\t"
                + " ".join(f"{k}={counts[k]}" for k in allowed)
            )
        _parallel(task, groups, problems)
    groups = {}
    for path in sorted((root / "xcopa").glob("*.jsonl")):
        objs = check_jsonl(path, problems)
        labels = [o["label"] for o in objs]
        _balanced(path, labels, problems)
        split, lang = path.stem.split("-", 1)
        groups.setdefault(split, {})[lang] = [(o["question"], o["label"]) for o in objs]
        counts = Counter(labels)
        questions = Counter(o["question"] for o in objs)
        summary.append(
            f"{path.relative_to(root)}\t{len(objs)}\tlabel0={counts[0]} "
            f"label1={counts[1]} cause={questions['cause']} effect={questions['effect']}"
        )
    _parallel("xcopa", groups, problems)
    return problems, summary


def _parallel(task: str, groups: dict[str, dict[str, list]], problems: list[str]) -> None:
    """Files of one split are translations of each other: same length, same label sequence."""
    for split, by_lang in groups.items():
        if len(by_lang) < 2:
            continue
        langs = sorted(by_lang)
        ref = by_lang[langs[0]]
        for lang in langs[1:]:
            if by_lang[lang] != ref:
                problems.append(
                    f"{task}/{split}-{lang}: not parallel with {split}-{langs[0]} "
                    f"({len(by_lang[lang])} vs {len(ref)} items or other labels)"
                )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="validate every sample file (and that the generated ones are current)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=HERE,
        help="folder to write the generated files to (default: this folder)",
    )
    args = parser.parse_args(argv)
    files = generate()
    if args.check:
        problems, summary = check(HERE)
        for rel, data in files.items():
            path = HERE / rel
            if not path.is_file() or path.read_bytes() != data:
                problems.append(f"{path}: out of date; run python tasks/samples/make_samples.py")
        print("\n".join(summary))
        if problems:
            print(f"\n{len(problems)} problem(s):", file=sys.stderr)
            print("\n".join(problems), file=sys.stderr)
            return 1
        print(f"\nall {len(summary)} sample files are valid")
        return 0
    for rel, data in files.items():
        path = args.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
