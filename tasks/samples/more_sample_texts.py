"""Hand-written sample content for the tagging, QA and retrieval tasks.

Every sentence here was written for this project; none is taken from UD, WikiANN, XQuAD, MLQA,
TyDi QA, Tatoeba, LAReQA, Mewsli-X, BUCC or any other data set. `make_more_samples.py` renders
it into the official XTREME `download/` file formats (it computes answer offsets, sentence
breaks, sorted English sides, ids and gold files), so edit the content here and rerun that script.

Notation:
    UDPOS       "word/UPOS word/UPOS ..." (tokens never contain spaces; split on the last '/')
    PANX        "[PER Maria Lopez] joined [ORG Green Bank] ." ; tokens are split on spaces,
                except for zh, where every character (not a space) is one token, as in PAN-X zh
    QA          per language: the paragraph as a list of sentences, and per question
                (question, answer text) or (question, answer text, occurrence) when the answer
                text occurs more than once in the context (0-based occurrence)
"""

# ruff: noqa: RUF001  (multilingual text: Cyrillic, Greek and full-width characters are intended)

from __future__ import annotations

# ----------------------------------------------------------------------------------------------
# UD-POS: 12 parallel sentences per language (17 UPOS tags)
# ----------------------------------------------------------------------------------------------

UDPOS_TEST: dict[str, list[str]] = {
    "en": [
        "The/DET old/ADJ bridge/NOUN was/AUX closed/VERB for/ADP three/NUM days/NOUN ./PUNCT",
        "My/PRON sister/NOUN works/VERB in/ADP a/DET small/ADJ bakery/NOUN near/ADP the/DET "
        "station/NOUN ./PUNCT",
        "We/PRON quickly/ADV ate/VERB the/DET soup/NOUN and/CCONJ left/VERB ./PUNCT",
        "Anna/PROPN did/AUX not/PART answer/VERB the/DET letter/NOUN because/SCONJ she/PRON "
        "was/AUX tired/ADJ ./PUNCT",
        "Oh/INTJ ,/PUNCT this/DET song/NOUN is/AUX really/ADV beautiful/ADJ !/PUNCT",
        "The/DET ticket/NOUN costs/VERB 20/NUM €/SYM ./PUNCT",
        "They/PRON will/AUX visit/VERB Berlin/PROPN in/ADP May/PROPN ./PUNCT",
        "Children/NOUN like/VERB to/PART play/VERB in/ADP the/DET garden/NOUN ./PUNCT",
        "The/DET teacher/NOUN has/AUX written/VERB two/NUM new/ADJ books/NOUN ./PUNCT",
        "If/SCONJ it/PRON rains/VERB ,/PUNCT we/PRON stay/VERB at/ADP home/NOUN ./PUNCT",
        "Where/ADV can/AUX I/PRON buy/VERB bread/NOUN ?/PUNCT",
        "Mira/PROPN wrote/VERB merci/X on/ADP the/DET card/NOUN ./PUNCT",
    ],
    "de": [
        "Die/DET alte/ADJ Brücke/NOUN wurde/AUX für/ADP drei/NUM Tage/NOUN gesperrt/VERB ./PUNCT",
        "Meine/DET Schwester/NOUN arbeitet/VERB in/ADP einer/DET kleinen/ADJ Bäckerei/NOUN "
        "neben/ADP dem/DET Bahnhof/NOUN ./PUNCT",
        "Wir/PRON aßen/VERB die/DET Suppe/NOUN und/CCONJ gingen/VERB sofort/ADV ./PUNCT",
        "Anna/PROPN beantwortete/VERB den/DET Brief/NOUN nicht/PART ,/PUNCT weil/SCONJ sie/PRON "
        "müde/ADJ war/AUX ./PUNCT",
        "Oh/INTJ ,/PUNCT dieses/DET Lied/NOUN ist/AUX wirklich/ADV schön/ADJ !/PUNCT",
        "Das/DET Ticket/NOUN kostet/VERB 20/NUM €/SYM ./PUNCT",
        "Sie/PRON werden/AUX Berlin/PROPN diesen/DET Mai/NOUN besuchen/VERB ./PUNCT",
        "Kinder/NOUN lieben/VERB es/PRON ,/PUNCT draußen/ADV zu/PART spielen/VERB ./PUNCT",
        "Der/DET Lehrer/NOUN hat/AUX zwei/NUM neue/ADJ Bücher/NOUN geschrieben/VERB ./PUNCT",
        "Wenn/SCONJ es/PRON regnet/VERB ,/PUNCT bleiben/VERB wir/PRON zu/ADP Hause/NOUN ./PUNCT",
        "Wo/ADV kann/AUX ich/PRON Brot/NOUN kaufen/VERB ?/PUNCT",
        "Mira/PROPN schrieb/VERB merci/X auf/ADP die/DET Karte/NOUN ./PUNCT",
    ],
    "ru": [
        "Старый/ADJ мост/NOUN был/AUX закрыт/VERB на/ADP три/NUM дня/NOUN ./PUNCT",
        "Моя/DET сестра/NOUN работает/VERB в/ADP маленькой/ADJ пекарне/NOUN рядом/ADV с/ADP "
        "вокзалом/NOUN ./PUNCT",
        "Мы/PRON быстро/ADV съели/VERB суп/NOUN и/CCONJ ушли/VERB ./PUNCT",
        "Анна/PROPN не/PART ответила/VERB на/ADP письмо/NOUN ,/PUNCT потому/ADV что/SCONJ "
        "она/PRON устала/VERB ./PUNCT",
        "Ох/INTJ ,/PUNCT эта/DET песня/NOUN очень/ADV красивая/ADJ !/PUNCT",
        "Билет/NOUN стоит/VERB 20/NUM €/SYM ./PUNCT",
        "Они/PRON посетят/VERB Берлин/PROPN в/ADP мае/NOUN ./PUNCT",
        "Дети/NOUN любят/VERB играть/VERB в/ADP саду/NOUN ./PUNCT",
        "Учитель/NOUN написал/VERB две/NUM новые/ADJ книги/NOUN ./PUNCT",
        "Если/SCONJ идёт/VERB дождь/NOUN ,/PUNCT мы/PRON остаёмся/VERB дома/ADV ./PUNCT",
        "Где/ADV можно/ADV купить/VERB хлеб/NOUN ?/PUNCT",
        "Мира/PROPN написала/VERB merci/X на/ADP открытке/NOUN ./PUNCT",
    ],
    # Written without clitics (no attached و ب ل ك or pronoun suffixes), so that every word is one
    # syntactic word and no UD multiword-token splitting is needed.
    "ar": [
        "أغلق/VERB الجسر/NOUN القديم/ADJ ثلاثة/NUM أيام/NOUN ./PUNCT",
        "تعمل/VERB سارة/PROPN في/ADP مخبز/NOUN صغير/ADJ ./PUNCT",
        "أكلنا/VERB الحساء/NOUN ثم/CCONJ غادرنا/VERB ./PUNCT",
        "لم/PART ترد/VERB آنا/PROPN على/ADP الرسالة/NOUN ./PUNCT",
        "آه/INTJ ،/PUNCT هذه/DET الأغنية/NOUN جميلة/ADJ جدا/ADV !/PUNCT",
        "سعر/NOUN التذكرة/NOUN 20/NUM €/SYM ./PUNCT",
        "زاروا/VERB برلين/PROPN في/ADP مايو/NOUN ./PUNCT",
        "يحب/VERB الأطفال/NOUN اللعب/NOUN في/ADP الحديقة/NOUN ./PUNCT",
        "كتب/VERB المعلم/NOUN كتابين/NOUN جديدين/ADJ ./PUNCT",
        "إذا/SCONJ أمطرت/VERB ،/PUNCT نبقى/VERB في/ADP البيت/NOUN ./PUNCT",
        "أين/ADV يمكن/VERB شراء/NOUN الخبز/NOUN ؟/PUNCT",
        "كتبت/VERB ميرا/PROPN merci/X على/ADP البطاقة/NOUN ./PUNCT",
    ],
    "hi": [
        "पुराना/ADJ पुल/NOUN तीन/NUM दिन/NOUN के/ADP लिए/ADP बंद/ADJ था/AUX ।/PUNCT",
        "मेरी/PRON बहन/NOUN एक/NUM छोटी/ADJ बेकरी/NOUN में/ADP काम/NOUN करती/VERB है/AUX ।/PUNCT",
        "हमने/PRON जल्दी/ADV सूप/NOUN खाया/VERB और/CCONJ चले/VERB गए/AUX ।/PUNCT",
        "अन्ना/PROPN ने/ADP पत्र/NOUN का/ADP जवाब/NOUN नहीं/PART दिया/VERB क्योंकि/SCONJ "
        "वह/PRON थकी/VERB थी/AUX ।/PUNCT",
        "अरे/INTJ ,/PUNCT यह/DET गाना/NOUN सचमुच/ADV सुंदर/ADJ है/AUX !/PUNCT",
        "टिकट/NOUN की/ADP कीमत/NOUN 20/NUM €/SYM है/AUX ।/PUNCT",
        "वे/PRON मई/PROPN में/ADP बर्लिन/PROPN जाएंगे/VERB ।/PUNCT",
        "बच्चों/NOUN को/ADP बगीचे/NOUN में/ADP खेलना/VERB पसंद/NOUN है/AUX ।/PUNCT",
        "अध्यापक/NOUN ने/ADP दो/NUM नई/ADJ किताबें/NOUN लिखी/VERB हैं/AUX ।/PUNCT",
        "अगर/SCONJ बारिश/NOUN होती/VERB है/AUX ,/PUNCT हम/PRON घर/NOUN पर/ADP रहते/VERB "
        "हैं/AUX ।/PUNCT",
        "मैं/PRON रोटी/NOUN कहाँ/ADV खरीद/VERB सकता/AUX हूँ/AUX ?/PUNCT",
        "मीरा/PROPN ने/ADP कार्ड/NOUN पर/ADP merci/X लिखा/VERB ।/PUNCT",
    ],
    # Segmented as in UD Chinese GSD: classifiers are NOUN, localizers (上, 里) ADP, 了 AUX.
    "zh": [
        "老/ADJ 桥/NOUN 关闭/VERB 了/AUX 三/NUM 天/NOUN 。/PUNCT",
        "我/PRON 姐姐/NOUN 在/ADP 车站/NOUN 附近/NOUN 的/PART 一/NUM 家/NOUN 小/ADJ "
        "面包店/NOUN 工作/VERB 。/PUNCT",
        "我们/PRON 喝/VERB 了/AUX 汤/NOUN ，/PUNCT 然后/ADV 离开/VERB 了/AUX 。/PUNCT",
        "安娜/PROPN 没有/ADV 回信/VERB ，/PUNCT 因为/SCONJ 她/PRON 很/ADV 累/ADJ 。/PUNCT",
        "哦/INTJ ，/PUNCT 这/DET 首/NOUN 歌/NOUN 真/ADV 好听/ADJ ！/PUNCT",
        "门票/NOUN 价格/NOUN 是/AUX 20/NUM €/SYM 。/PUNCT",
        "他们/PRON 五月/NOUN 要/AUX 去/VERB 柏林/PROPN 。/PUNCT",
        "孩子们/NOUN 喜欢/VERB 在/ADP 花园/NOUN 里/ADP 玩/VERB 。/PUNCT",
        "老师/NOUN 写/VERB 了/AUX 两/NUM 本/NOUN 新/ADJ 书/NOUN 。/PUNCT",
        "如果/SCONJ 下雨/VERB ，/PUNCT 我们/PRON 就/ADV 待/VERB 在/ADP 家/NOUN 里/ADP 。/PUNCT",
        "我/PRON 在/ADP 哪里/PRON 能/AUX 买/VERB 到/VERB 面包/NOUN ？/PUNCT",
        "米拉/PROPN 在/ADP 卡片/NOUN 上/ADP 写/VERB 了/AUX merci/X 。/PUNCT",
    ],
}

# ----------------------------------------------------------------------------------------------
# PAN-X: 12 parallel sentences per language, entities in [TYPE ...] brackets
# ----------------------------------------------------------------------------------------------

PANX_TEST: dict[str, list[str]] = {
    "en": [
        "[PER Daniel Weber] studied physics at the [ORG University of Vienna] .",
        "The [LOC Danube] flows through [LOC Budapest] and [LOC Belgrade] .",
        "[PER Sofia Marin] works for the [ORG Red Cross] in [LOC Geneva] .",
        "The match between [ORG Real Madrid] and [ORG Ajax] ended in a draw .",
        "[PER Lena Hoffmann] and [PER Tom Becker] opened a small bakery in [LOC Hamburg] .",
        "The [ORG United Nations] opened a new office in [LOC Nairobi] .",
        "[LOC Mount Fuji] is the highest mountain in [LOC Japan] .",
        "[PER Carlos Mendes] played for [ORG FC Porto] before moving to [LOC London] .",
        "The [ORG European Space Agency] launched a satellite from [LOC French Guiana] .",
        "[PER Yuki Tanaka] translated the book into German .",
        "The [LOC Amazon] flows into the [LOC Atlantic Ocean] .",
        "[PER Anna Kowalska] spoke with reporters from the [ORG BBC] in [LOC Warsaw] .",
    ],
    "de": [
        "[PER Daniel Weber] studierte Physik an der [ORG Universität Wien] .",
        "Die [LOC Donau] fließt durch [LOC Budapest] und [LOC Belgrad] .",
        "[PER Sofia Marin] arbeitet für das [ORG Rote Kreuz] in [LOC Genf] .",
        "Das Spiel zwischen [ORG Real Madrid] und [ORG Ajax] endete unentschieden .",
        "[PER Lena Hoffmann] und [PER Tom Becker] eröffneten eine kleine Bäckerei in "
        "[LOC Hamburg] .",
        "Die [ORG Vereinten Nationen] eröffneten ein neues Büro in [LOC Nairobi] .",
        "Der [LOC Fuji] ist der höchste Berg [LOC Japans] .",
        "[PER Carlos Mendes] spielte für den [ORG FC Porto] , bevor er nach [LOC London] "
        "wechselte .",
        "Die [ORG Europäische Weltraumorganisation] startete einen Satelliten in "
        "[LOC Französisch-Guayana] .",
        "[PER Yuki Tanaka] übersetzte das Buch ins Deutsche .",
        "Der [LOC Amazonas] mündet in den [LOC Atlantischen Ozean] .",
        "[PER Anna Kowalska] sprach in [LOC Warschau] mit Reportern der [ORG BBC] .",
    ],
    "ru": [
        "[PER Даниэль Вебер] изучал физику в [ORG Венском университете] .",
        "[LOC Дунай] протекает через [LOC Будапешт] и [LOC Белград] .",
        "[PER София Марин] работает в [ORG Красном Кресте] в [LOC Женеве] .",
        "Матч между « [ORG Реалом Мадрид] » и « [ORG Аяксом] » закончился вничью .",
        "[PER Лена Хоффман] и [PER Том Беккер] открыли небольшую пекарню в [LOC Гамбурге] .",
        "[ORG Организация Объединённых Наций] открыла новый офис в [LOC Найроби] .",
        "[LOC Фудзи] — самая высокая гора [LOC Японии] .",
        "[PER Карлос Мендес] играл за « [ORG Порту] » , а затем переехал в [LOC Лондон] .",
        "[ORG Европейское космическое агентство] запустило спутник из [LOC Французской Гвианы] .",
        "[PER Юки Танака] перевела книгу на немецкий язык .",
        "[LOC Амазонка] впадает в [LOC Атлантический океан] .",
        "[PER Анна Ковальская] поговорила с журналистами [ORG Би-би-си] в [LOC Варшаве] .",
    ],
    # Whitespace tokens as in PAN-X ar: a clitic stays attached to its word (وبلغراد is one token).
    "ar": [
        "درس [PER دانيال فيبر] الفيزياء في [ORG جامعة فيينا] .",
        "يتدفق [LOC نهر الدانوب] عبر [LOC بودابست] [LOC وبلغراد] .",
        "تعمل [PER صوفيا مارين] في [ORG الصليب الأحمر] في [LOC جنيف] .",
        "انتهت المباراة بين [ORG ريال مدريد] [ORG وأياكس] بالتعادل .",
        "افتتحت [PER لينا هوفمان] [PER وتوم بيكر] مخبزا صغيرا في [LOC هامبورغ] .",
        "افتتحت [ORG الأمم المتحدة] مكتبا جديدا في [LOC نيروبي] .",
        "[LOC جبل فوجي] هو أعلى جبل في [LOC اليابان] .",
        "لعب [PER كارلوس منديش] لنادي [ORG بورتو] قبل انتقاله إلى [LOC لندن] .",
        "أطلقت [ORG وكالة الفضاء الأوروبية] قمرا صناعيا من [LOC غويانا الفرنسية] .",
        "ترجمت [PER يوكي تاناكا] الكتاب إلى الألمانية .",
        "يصب [LOC نهر الأمازون] في [LOC المحيط الأطلسي] .",
        "تحدثت [PER آنا كوفالسكا] مع صحفيين من [ORG بي بي سي] في [LOC وارسو] .",
    ],
    "hi": [
        "[PER डैनियल वेबर] ने [ORG वियना विश्वविद्यालय] में भौतिकी पढ़ी ।",
        "[LOC डेन्यूब नदी] [LOC बुडापेस्ट] और [LOC बेलग्रेड] से होकर बहती है ।",
        "[PER सोफिया मारिन] [LOC जिनेवा] में [ORG रेड क्रॉस] के लिए काम करती है ।",
        "[ORG रियल मैड्रिड] और [ORG अयाक्स] के बीच मैच बराबरी पर खत्म हुआ ।",
        "[PER लीना हॉफमैन] और [PER टॉम बेकर] ने [LOC हैम्बर्ग] में एक छोटी बेकरी खोली ।",
        "[ORG संयुक्त राष्ट्र] ने [LOC नैरोबी] में एक नया कार्यालय खोला ।",
        "[LOC फूजी पर्वत] [LOC जापान] का सबसे ऊँचा पर्वत है ।",
        "[PER कार्लोस मेंडेस] [LOC लंदन] जाने से पहले [ORG एफसी पोर्टो] के लिए खेलते थे ।",
        "[ORG यूरोपीय अंतरिक्ष एजेंसी] ने [LOC फ्रेंच गयाना] से एक उपग्रह प्रक्षेपित किया ।",
        "[PER युकी तनाका] ने किताब का जर्मन में अनुवाद किया ।",
        "[LOC अमेज़न नदी] [LOC अटलांटिक महासागर] में गिरती है ।",
        "[PER आन्ना कोवाल्स्का] ने [LOC वारसॉ] में [ORG बीबीसी] के पत्रकारों से बात की ।",
    ],
    # One token per character, as in PAN-X zh.
    "zh": [
        "[PER 丹尼尔·韦伯]在[ORG 维也纳大学]学习物理。",
        "[LOC 多瑙河]流经[LOC 布达佩斯]和[LOC 贝尔格莱德]。",
        "[PER 索菲亚·马林]在[LOC 日内瓦]的[ORG 红十字会]工作。",
        "[ORG 皇家马德里]与[ORG 阿贾克斯]的比赛以平局结束。",
        "[PER 莉娜·霍夫曼]和[PER 汤姆·贝克尔]在[LOC 汉堡]开了一家小面包店。",
        "[ORG 联合国]在[LOC 内罗毕]开设了新办事处。",
        "[LOC 富士山]是[LOC 日本]最高的山。",
        "[PER 卡洛斯·门德斯]在移居[LOC 伦敦]之前效力于[ORG 波尔图足球俱乐部]。",
        "[ORG 欧洲航天局]从[LOC 法属圭亚那]发射了一颗卫星。",
        "[PER 田中由纪]把这本书翻译成了德语。",
        "[LOC 亚马孙河]注入[LOC 大西洋]。",
        "[PER 安娜·科瓦尔斯卡]在[LOC 华沙]与[ORG 英国广播公司]的记者交谈。",
    ],
}

# ----------------------------------------------------------------------------------------------
# XQuAD (and LAReQA / XQuAD-R): 2 parallel articles, one paragraph each, 3 questions each.
# An article: (title, {lang: (sentences, [(question, answer) or (question, answer, occurrence)])})
# The question ids are shared across languages, as in XQuAD.
# ----------------------------------------------------------------------------------------------

XQUAD_ARTICLES: list[tuple[str, dict[str, tuple[list[str], list[tuple]]]]] = [
    (
        "Honey_bee",
        {
            "en": (
                [
                    "Honey bees live in colonies that can contain more than 50,000 insects.",
                    "Each colony has a single queen, whose main task is to lay eggs.",
                    "Worker bees collect nectar from flowers and turn it into honey, which the "
                    "colony eats during the winter.",
                    "A worker that finds a good source of food performs a short dance to show "
                    "the other bees where it is.",
                ],
                [
                    ("How many insects can live in one colony?", "more than 50,000"),
                    ("What is the main task of the queen?", "to lay eggs"),
                    ("When does the colony eat the honey?", "during the winter"),
                ],
            ),
            "de": (
                [
                    "Honigbienen leben in Völkern, die mehr als 50.000 Insekten umfassen können.",
                    "Jedes Volk hat eine einzige Königin, deren Hauptaufgabe es ist, Eier zu "
                    "legen.",
                    "Arbeiterinnen sammeln Nektar aus Blüten und verwandeln ihn in Honig, von "
                    "dem sich das Volk während des Winters ernährt.",
                    "Eine Arbeiterin, die eine gute Futterquelle findet, führt einen kurzen "
                    "Tanz auf, um den anderen Bienen zu zeigen, wo sie liegt.",
                ],
                [
                    ("Wie viele Insekten können in einem Volk leben?", "mehr als 50.000"),
                    ("Was ist die Hauptaufgabe der Königin?", "Eier zu legen"),
                    ("Wann ernährt sich das Volk von dem Honig?", "während des Winters"),
                ],
            ),
            "ru": (
                [
                    "Медоносные пчёлы живут семьями, в которых может быть более 50 000 особей.",
                    "В каждой семье есть только одна матка, главная задача которой — "
                    "откладывать яйца.",
                    "Рабочие пчёлы собирают нектар с цветов и превращают его в мёд, которым "
                    "семья питается зимой.",
                    "Рабочая пчела, нашедшая хороший источник пищи, исполняет короткий танец, "
                    "чтобы показать другим пчёлам, где он находится.",
                ],
                [
                    ("Сколько особей может быть в одной семье?", "более 50 000"),
                    ("Какова главная задача матки?", "откладывать яйца"),
                    ("Когда семья питается мёдом?", "зимой"),
                ],
            ),
            "ar": (
                [
                    "يعيش نحل العسل في مستعمرات يمكن أن تضم أكثر من 50,000 حشرة.",
                    "لكل مستعمرة ملكة واحدة، ومهمتها الرئيسية هي وضع البيض.",
                    "يجمع النحل العامل الرحيق من الأزهار ويحوله إلى عسل تتغذى عليه المستعمرة "
                    "خلال فصل الشتاء.",
                    "عندما تجد النحلة العاملة مصدرا جيدا للغذاء، تؤدي رقصة قصيرة لتُري "
                    "النحلات الأخرى مكانه.",
                ],
                [
                    ("كم عدد الحشرات التي يمكن أن تعيش في مستعمرة واحدة؟", "أكثر من 50,000"),
                    ("ما هي المهمة الرئيسية للملكة؟", "وضع البيض"),
                    ("متى تتغذى المستعمرة على العسل؟", "خلال فصل الشتاء"),
                ],
            ),
            "zh": (
                [
                    "蜜蜂以蜂群为单位生活，一个蜂群的成员可超过50,000只。",
                    "每个蜂群只有一只蜂王，它的主要任务是产卵。",
                    "工蜂从花朵中采集花蜜，并把它酿成蜂蜜，供蜂群在冬季食用。",
                    "找到优质食物来源的工蜂会跳一段短舞，向其他蜜蜂指示食物的位置。",
                ],
                [
                    ("一个蜂群最多可以有多少只蜜蜂？", "超过50,000只"),
                    ("蜂王的主要任务是什么？", "产卵"),
                    ("蜂群什么时候食用蜂蜜？", "在冬季"),
                ],
            ),
        },
    ),
    (
        "Trans-Siberian_Railway",
        {
            "en": (
                [
                    "The Trans-Siberian Railway connects Moscow with Vladivostok on the Pacific "
                    "coast.",
                    "With a length of about 9,289 kilometres, it is the longest railway line in "
                    "the world.",
                    "Construction began in 1891, and the main route was completed in 1916.",
                    "A journey along the whole line takes about seven days.",
                ],
                [
                    ("Which city on the Pacific coast does the railway reach?", "Vladivostok"),
                    ("How long is the Trans-Siberian Railway?", "about 9,289 kilometres"),
                    ("In which year did construction begin?", "1891"),
                ],
            ),
            "de": (
                [
                    "Die Transsibirische Eisenbahn verbindet Moskau mit Wladiwostok an der "
                    "Pazifikküste.",
                    "Mit einer Länge von etwa 9.289 Kilometern ist sie die längste "
                    "Eisenbahnstrecke der Welt.",
                    "Der Bau begann 1891, und die Hauptstrecke wurde 1916 fertiggestellt.",
                    "Eine Fahrt über die gesamte Strecke dauert etwa sieben Tage.",
                ],
                [
                    ("Welche Stadt an der Pazifikküste erreicht die Bahn?", "Wladiwostok"),
                    ("Wie lang ist die Transsibirische Eisenbahn?", "etwa 9.289 Kilometern"),
                    ("In welchem Jahr begann der Bau?", "1891"),
                ],
            ),
            "ru": (
                [
                    "Транссибирская магистраль соединяет Москву с Владивостоком на побережье "
                    "Тихого океана.",
                    "Её длина составляет около 9289 километров, и это самая длинная железная "
                    "дорога в мире.",
                    "Строительство началось в 1891 году, а основной маршрут был завершён в 1916 "
                    "году.",
                    "Поездка по всей линии занимает около семи дней.",
                ],
                [
                    (
                        "До какого города на побережье Тихого океана доходит магистраль?",
                        "Владивостоком",
                    ),
                    ("Какова длина Транссибирской магистрали?", "около 9289 километров"),
                    ("В каком году началось строительство?", "1891"),
                ],
            ),
            "ar": (
                [
                    "يربط خط السكك الحديدية العابر لسيبيريا موسكو بمدينة فلاديفوستوك على ساحل "
                    "المحيط الهادئ.",
                    "يبلغ طوله نحو 9,289 كيلومترا، وهو أطول خط للسكك الحديدية في العالم.",
                    "بدأ البناء في عام 1891، واكتمل الخط الرئيسي في عام 1916.",
                    "تستغرق الرحلة على الخط بأكمله نحو سبعة أيام.",
                ],
                [
                    (
                        "ما المدينة الواقعة على ساحل المحيط الهادئ التي يصل إليها الخط؟",
                        "فلاديفوستوك",
                    ),
                    ("كم يبلغ طول خط السكك الحديدية العابر لسيبيريا؟", "نحو 9,289 كيلومترا"),
                    ("في أي عام بدأ البناء؟", "1891"),
                ],
            ),
            "zh": (
                [
                    "西伯利亚大铁路连接莫斯科和太平洋沿岸的符拉迪沃斯托克。",
                    "它全长约9289公里，是世界上最长的铁路线。",
                    "铁路于1891年开始修建，主线于1916年完工。",
                    "乘火车走完全程大约需要七天。",
                ],
                [
                    ("这条铁路通到太平洋沿岸的哪座城市？", "符拉迪沃斯托克"),
                    ("西伯利亚大铁路有多长？", "约9289公里"),
                    ("铁路在哪一年开始修建？", "1891年"),
                ],
            ),
        },
    ),
]

# ----------------------------------------------------------------------------------------------
# MLQA: 2 parallel articles (context and question in the same language). Titles are in the
# language of the article, as in MLQA; question ids are shared across languages.
# An article: ({lang: title}, {lang: (sentences, questions)})
# ----------------------------------------------------------------------------------------------

MLQA_ARTICLES: list[tuple[dict[str, str], dict[str, tuple[list[str], list[tuple]]]]] = [
    (
        {"en": "Iceland", "es": "Islandia", "hi": "आइसलैंड", "zh": "冰岛"},
        {
            "en": (
                [
                    "Iceland lies on the Mid-Atlantic Ridge, where two tectonic plates slowly "
                    "move apart.",
                    "The island has about 30 active volcanic systems.",
                    "In 2010 an eruption of Eyjafjallajökull sent a large cloud of ash into the "
                    "sky, and air traffic over Europe was stopped for several days.",
                ],
                [
                    ("Where does Iceland lie?", "on the Mid-Atlantic Ridge"),
                    ("How many active volcanic systems does the island have?", "about 30"),
                    ("What was stopped for several days in 2010?", "air traffic over Europe"),
                ],
            ),
            "es": (
                [
                    "Islandia se encuentra sobre la dorsal mesoatlántica, donde dos placas "
                    "tectónicas se separan lentamente.",
                    "La isla tiene unos 30 sistemas volcánicos activos.",
                    "En 2010, una erupción del Eyjafjallajökull lanzó al cielo una gran nube de "
                    "ceniza, y el tráfico aéreo sobre Europa se detuvo durante varios días.",
                ],
                [
                    ("¿Dónde se encuentra Islandia?", "sobre la dorsal mesoatlántica"),
                    ("¿Cuántos sistemas volcánicos activos tiene la isla?", "unos 30"),
                    (
                        "¿Qué se detuvo durante varios días en 2010?",
                        "el tráfico aéreo sobre Europa",
                    ),
                ],
            ),
            "hi": (
                [
                    "आइसलैंड मध्य-अटलांटिक कटक पर स्थित है, जहाँ दो विवर्तनिक प्लेटें धीरे-धीरे "
                    "एक-दूसरे से दूर जाती हैं।",
                    "इस द्वीप पर लगभग 30 सक्रिय ज्वालामुखी प्रणालियाँ हैं।",
                    "2010 में आइयाफ्यात्लायोकुल ज्वालामुखी के विस्फोट से आसमान में राख का एक बड़ा "
                    "बादल फैल गया, और यूरोप के ऊपर हवाई यातायात कई दिनों तक रुका रहा।",
                ],
                [
                    ("आइसलैंड कहाँ स्थित है?", "मध्य-अटलांटिक कटक पर"),
                    ("इस द्वीप पर कितनी सक्रिय ज्वालामुखी प्रणालियाँ हैं?", "लगभग 30"),
                    ("2010 में कई दिनों तक क्या रुका रहा?", "यूरोप के ऊपर हवाई यातायात"),
                ],
            ),
            "zh": (
                [
                    "冰岛位于大西洋中脊之上，两个构造板块在那里缓慢地相互分离。",
                    "岛上有大约30个活火山系统。",
                    "2010年，埃亚菲亚德拉冰盖火山喷发，把大片火山灰送上天空，"
                    "欧洲上空的航空交通因此中断了好几天。",
                ],
                [
                    ("冰岛位于哪里？", "大西洋中脊之上"),
                    ("岛上有多少个活火山系统？", "大约30个"),
                    ("2010年什么中断了好几天？", "欧洲上空的航空交通"),
                ],
            ),
        },
    ),
    (
        {"en": "Coffee", "es": "Café", "hi": "कॉफ़ी", "zh": "咖啡"},
        {
            "en": (
                [
                    "Coffee plants grow best in tropical highlands with regular rain.",
                    "The two most widely grown species are Arabica and Robusta.",
                    "Arabica beans have a milder taste, while Robusta beans contain almost twice "
                    "as much caffeine.",
                    "Brazil has been the largest producer of coffee in the world for more than "
                    "150 years.",
                ],
                [
                    (
                        "What are the two most widely grown species of coffee?",
                        "Arabica and Robusta",
                    ),
                    ("Which beans have a milder taste?", "Arabica", 1),
                    (
                        "Which country has been the largest producer of coffee for more than 150 "
                        "years?",
                        "Brazil",
                    ),
                ],
            ),
            "es": (
                [
                    "Las plantas de café crecen mejor en tierras altas tropicales con lluvias "
                    "regulares.",
                    "Las dos especies más cultivadas son la arábica y la robusta.",
                    "Los granos de arábica tienen un sabor más suave, mientras que los de "
                    "robusta contienen casi el doble de cafeína.",
                    "Brasil es el mayor productor de café del mundo desde hace más de 150 años.",
                ],
                [
                    (
                        "¿Cuáles son las dos especies de café más cultivadas?",
                        "la arábica y la robusta",
                    ),
                    ("¿Qué granos tienen un sabor más suave?", "arábica", 1),
                    (
                        "¿Qué país es el mayor productor de café desde hace más de 150 años?",
                        "Brasil",
                    ),
                ],
            ),
            "hi": (
                [
                    "कॉफ़ी के पौधे नियमित बारिश वाले उष्णकटिबंधीय पहाड़ी इलाकों में सबसे अच्छे उगते हैं।",
                    "सबसे अधिक उगाई जाने वाली दो प्रजातियाँ अरेबिका और रोबस्टा हैं।",
                    "अरेबिका के बीजों का स्वाद हल्का होता है, जबकि रोबस्टा के बीजों में लगभग "
                    "दोगुना कैफ़ीन होता है।",
                    "ब्राज़ील 150 से अधिक वर्षों से दुनिया में कॉफ़ी का सबसे बड़ा उत्पादक है।",
                ],
                [
                    (
                        "कॉफ़ी की सबसे अधिक उगाई जाने वाली दो प्रजातियाँ कौन सी हैं?",
                        "अरेबिका और रोबस्टा",
                    ),
                    ("किन बीजों का स्वाद हल्का होता है?", "अरेबिका", 1),
                    (
                        "150 से अधिक वर्षों से कॉफ़ी का सबसे बड़ा उत्पादक कौन सा देश है?",
                        "ब्राज़ील",
                    ),
                ],
            ),
            "zh": (
                [
                    "咖啡树最适合生长在雨水充沛的热带高地。",
                    "种植最广的两个品种是阿拉比卡和罗布斯塔。",
                    "阿拉比卡咖啡豆口味较温和，而罗布斯塔咖啡豆的咖啡因含量几乎是前者的两倍。",
                    "一百五十多年来，巴西一直是世界上最大的咖啡生产国。",
                ],
                [
                    ("种植最广的两个咖啡品种是什么？", "阿拉比卡和罗布斯塔"),
                    ("哪种咖啡豆口味较温和？", "阿拉比卡咖啡豆"),
                    ("哪个国家一百五十多年来一直是最大的咖啡生产国？", "巴西"),
                ],
            ),
        },
    ),
]

# ----------------------------------------------------------------------------------------------
# TyDi QA-GoldP: NOT parallel; every language has its own two passages on its own topics, and
# its own questions, as in TyDi QA. {lang: [(title, sentences, questions)]}
# ----------------------------------------------------------------------------------------------

TYDIQA_PASSAGES: dict[str, list[tuple[str, list[str], list[tuple]]]] = {
    "en": [
        (
            "Mount Kilimanjaro",
            [
                "Mount Kilimanjaro is the highest mountain in Africa.",
                "It rises to 5,895 metres above sea level in north-eastern Tanzania.",
                "The mountain is a dormant volcano with three volcanic cones: Kibo, Mawenzi and "
                "Shira.",
            ],
            [
                ("What is the highest mountain in Africa?", "Mount Kilimanjaro"),
                ("How high is Mount Kilimanjaro?", "5,895 metres"),
                ("In which country is Kilimanjaro?", "Tanzania"),
            ],
        ),
        (
            "Emperor penguin",
            [
                "The emperor penguin is the tallest and heaviest of all living penguin species.",
                "Adults can reach a height of about 115 centimetres.",
                "The species breeds during the Antarctic winter, and the males keep the eggs "
                "warm on their feet for about two months.",
            ],
            [
                ("How tall can an emperor penguin grow?", "about 115 centimetres"),
                ("When do emperor penguins breed?", "during the Antarctic winter"),
                ("Which emperor penguins keep the eggs warm?", "the males"),
            ],
        ),
    ],
    "fi": [
        (
            "Saimaa",
            [
                "Saimaa on Suomen suurin järvi, ja sen pinta-ala on noin 4 400 neliökilometriä.",
                "Järvessä elää saimaannorppa, joka on yksi maailman uhanalaisimmista hylkeistä.",
                "Saimaannorppia on nykyään noin 400.",
            ],
            [
                ("Mikä on Suomen suurin järvi?", "Saimaa", 0),
                ("Kuinka suuri Saimaan pinta-ala on?", "noin 4 400 neliökilometriä"),
                ("Kuinka monta saimaannorppaa on nykyään?", "noin 400"),
            ],
        ),
        (
            "Jean Sibelius",
            [
                "Jean Sibelius oli suomalainen säveltäjä, joka syntyi Hämeenlinnassa vuonna 1865.",
                "Hänen tunnetuin teoksensa on sinfoninen runo Finlandia, joka valmistui vuonna "
                "1899.",
                "Sibelius vietti elämänsä viimeiset vuosikymmenet Ainolan kodissaan Järvenpäässä.",
            ],
            [
                ("Missä Jean Sibelius syntyi?", "Hämeenlinnassa"),
                ("Mikä on Sibeliuksen tunnetuin teos?", "sinfoninen runo Finlandia"),
                ("Milloin Finlandia valmistui?", "vuonna 1899"),
            ],
        ),
    ],
    "ko": [
        (
            "한글",
            [
                "한글은 조선의 세종대왕이 1443년에 창제하고 1446년에 훈민정음이라는 이름으로 "
                "반포한 문자이다.",
                "현대 한글은 자음 14개와 모음 10개로 이루어져 있다.",
                "대한민국에서는 매년 10월 9일을 한글날로 기념한다.",
            ],
            [
                ("한글을 창제한 사람은 누구인가?", "세종대왕"),
                ("현대 한글의 자음은 몇 개인가?", "14개"),
                ("한글날은 언제인가?", "10월 9일"),
            ],
        ),
        (
            "제주도",
            [
                "제주도는 대한민국에서 가장 큰 섬이다.",
                "섬 중앙에는 높이 1,947미터의 한라산이 있는데, 이는 남한에서 가장 높은 산이다.",
                "제주도의 화산섬과 용암 동굴은 2007년에 유네스코 세계자연유산으로 등재되었다.",
            ],
            [
                ("대한민국에서 가장 큰 섬은 어디인가?", "제주도", 0),
                ("한라산의 높이는 얼마인가?", "1,947미터"),
                ("제주도의 용암 동굴은 언제 세계자연유산으로 등재되었나?", "2007년"),
            ],
        ),
    ],
    "ru": [
        (
            "Байкал",
            [
                "Байкал — озеро на юге Восточной Сибири, самое глубокое озеро на планете.",
                "Его наибольшая глубина составляет 1642 метра.",
                "В Байкал впадает более 300 рек, а вытекает только одна — Ангара.",
            ],
            [
                ("Какова наибольшая глубина Байкала?", "1642 метра"),
                ("Сколько рек впадает в Байкал?", "более 300"),
                ("Какая река вытекает из Байкала?", "Ангара"),
            ],
        ),
        (
            "Эрмитаж",
            [
                "Государственный Эрмитаж в Санкт-Петербурге — один из крупнейших "
                "художественных музеев мира.",
                "Музей ведёт свою историю от коллекции, которую Екатерина II начала собирать в "
                "1764 году.",
                "Главный музейный комплекс включает Зимний дворец, бывшую резиденцию российских "
                "императоров.",
            ],
            [
                ("В каком городе находится Эрмитаж?", "Санкт-Петербурге"),
                ("Кто начал собирать коллекцию Эрмитажа?", "Екатерина II"),
                ("В каком году была начата коллекция?", "1764"),
            ],
        ),
    ],
}

# ----------------------------------------------------------------------------------------------
# Tatoeba: 20 sentence pairs, parallel across languages. Each row: English, then the target
# languages. The {lang}-en.{lang} file keeps this order; the {lang}-en.en file is sorted.
# ----------------------------------------------------------------------------------------------

TATOEBA_LANGS = ("de", "fr", "ru", "ar", "zh", "ja")

TATOEBA_PAIRS: list[dict[str, str]] = [
    {
        "en": "The blue umbrella is behind the kitchen door.",
        "de": "Der blaue Regenschirm steht hinter der Küchentür.",
        "fr": "Le parapluie bleu est derrière la porte de la cuisine.",
        "ru": "Синий зонт стоит за кухонной дверью.",
        "ar": "المظلة الزرقاء خلف باب المطبخ.",
        "zh": "蓝色的雨伞在厨房门后面。",
        "ja": "青い傘は台所のドアの後ろにあります。",
    },
    {
        "en": "My grandfather repairs old radios in his garage.",
        "de": "Mein Großvater repariert in seiner Garage alte Radios.",
        "fr": "Mon grand-père répare de vieilles radios dans son garage.",
        "ru": "Мой дедушка чинит старые радиоприёмники в своём гараже.",
        "ar": "يصلح جدي أجهزة الراديو القديمة في مرآبه.",
        "zh": "我爷爷在他的车库里修理旧收音机。",
        "ja": "祖父はガレージで古いラジオを修理しています。",
    },
    {
        "en": "We missed the last bus and walked home.",
        "de": "Wir haben den letzten Bus verpasst und sind nach Hause gelaufen.",
        "fr": "Nous avons raté le dernier bus et sommes rentrés à pied.",
        "ru": "Мы опоздали на последний автобус и пошли домой пешком.",
        "ar": "فاتتنا الحافلة الأخيرة فعدنا إلى البيت سيرا على الأقدام.",
        "zh": "我们错过了末班车，只好走路回家。",
        "ja": "私たちは最終バスに乗り遅れて、歩いて家に帰りました。",
    },
    {
        "en": "Could you close the window, please?",
        "de": "Könnten Sie bitte das Fenster schließen?",
        "fr": "Pourriez-vous fermer la fenêtre, s'il vous plaît ?",
        "ru": "Не могли бы вы закрыть окно?",
        "ar": "هل يمكنك إغلاق النافذة من فضلك؟",
        "zh": "请你把窗户关上好吗？",
        "ja": "窓を閉めていただけますか？",
    },
    {
        "en": "This soup needs a little more salt.",
        "de": "Diese Suppe braucht noch etwas Salz.",
        "fr": "Cette soupe a besoin d'un peu plus de sel.",
        "ru": "В этот суп нужно добавить немного соли.",
        "ar": "هذا الحساء يحتاج إلى قليل من الملح.",
        "zh": "这汤还需要再加一点盐。",
        "ja": "このスープはもう少し塩が必要です。",
    },
    {
        "en": "The library opens at nine on Saturdays.",
        "de": "Samstags öffnet die Bibliothek um neun.",
        "fr": "Le samedi, la bibliothèque ouvre à neuf heures.",
        "ru": "По субботам библиотека открывается в девять.",
        "ar": "تفتح المكتبة في التاسعة أيام السبت.",
        "zh": "图书馆周六九点开门。",
        "ja": "図書館は土曜日は九時に開きます。",
    },
    {
        "en": "She forgot her keys at the office again.",
        "de": "Sie hat ihre Schlüssel schon wieder im Büro vergessen.",
        "fr": "Elle a encore oublié ses clés au bureau.",
        "ru": "Она опять забыла ключи в офисе.",
        "ar": "نسيت مفاتيحها في المكتب مرة أخرى.",
        "zh": "她又把钥匙忘在办公室了。",
        "ja": "彼女はまた鍵を会社に忘れました。",
    },
    {
        "en": "Two cats are sleeping on the warm roof.",
        "de": "Zwei Katzen schlafen auf dem warmen Dach.",
        "fr": "Deux chats dorment sur le toit chaud.",
        "ru": "Две кошки спят на тёплой крыше.",
        "ar": "قطتان تنامان على السطح الدافئ.",
        "zh": "两只猫在温暖的屋顶上睡觉。",
        "ja": "二匹の猫が暖かい屋根の上で寝ています。",
    },
    {
        "en": "I have never seen so much snow in April.",
        "de": "Ich habe im April noch nie so viel Schnee gesehen.",
        "fr": "Je n'ai jamais vu autant de neige en avril.",
        "ru": "Я никогда не видел столько снега в апреле.",
        "ar": "لم أرَ قط هذا القدر من الثلج في أبريل.",
        "zh": "我从没在四月见过这么多雪。",
        "ja": "四月にこんなにたくさんの雪を見たことはありません。",
    },
    {
        "en": "Please write your name at the top of the page.",
        "de": "Bitte schreib deinen Namen oben auf die Seite.",
        "fr": "Écris ton nom en haut de la page, s'il te plaît.",
        "ru": "Пожалуйста, напиши своё имя вверху страницы.",
        "ar": "من فضلك اكتب اسمك في أعلى الصفحة.",
        "zh": "请在这一页的顶部写上你的名字。",
        "ja": "ページの一番上に名前を書いてください。",
    },
    {
        "en": "The train to the airport leaves every twenty minutes.",
        "de": "Der Zug zum Flughafen fährt alle zwanzig Minuten.",
        "fr": "Le train pour l'aéroport part toutes les vingt minutes.",
        "ru": "Поезд в аэропорт отправляется каждые двадцать минут.",
        "ar": "يغادر القطار المتجه إلى المطار كل عشرين دقيقة.",
        "zh": "去机场的火车每二十分钟一班。",
        "ja": "空港行きの電車は二十分おきに出ます。",
    },
    {
        "en": "He bought a yellow bicycle for his daughter.",
        "de": "Er hat seiner Tochter ein gelbes Fahrrad gekauft.",
        "fr": "Il a acheté un vélo jaune pour sa fille.",
        "ru": "Он купил дочери жёлтый велосипед.",
        "ar": "اشترى دراجة صفراء لابنته.",
        "zh": "他给女儿买了一辆黄色的自行车。",
        "ja": "彼は娘に黄色い自転車を買いました。",
    },
    {
        "en": "Our neighbours are painting their fence green.",
        "de": "Unsere Nachbarn streichen ihren Zaun grün.",
        "fr": "Nos voisins peignent leur clôture en vert.",
        "ru": "Наши соседи красят свой забор в зелёный цвет.",
        "ar": "جيراننا يطلون سياجهم باللون الأخضر.",
        "zh": "我们的邻居正在把篱笆漆成绿色。",
        "ja": "隣の人たちはフェンスを緑色に塗っています。",
    },
    {
        "en": "Where did you put the scissors?",
        "de": "Wo hast du die Schere hingelegt?",
        "fr": "Où as-tu mis les ciseaux ?",
        "ru": "Куда ты положил ножницы?",
        "ar": "أين وضعت المقص؟",
        "zh": "你把剪刀放在哪儿了？",
        "ja": "はさみをどこに置きましたか？",
    },
    {
        "en": "The children laughed at the clown's red shoes.",
        "de": "Die Kinder lachten über die roten Schuhe des Clowns.",
        "fr": "Les enfants ont ri des chaussures rouges du clown.",
        "ru": "Дети смеялись над красными ботинками клоуна.",
        "ar": "ضحك الأطفال من حذاء المهرج الأحمر.",
        "zh": "孩子们看着小丑的红鞋子哈哈大笑。",
        "ja": "子どもたちはピエロの赤い靴を見て笑いました。",
    },
    {
        "en": "It is too cold to swim in the lake today.",
        "de": "Heute ist es zu kalt, um im See zu schwimmen.",
        "fr": "Il fait trop froid pour nager dans le lac aujourd'hui.",
        "ru": "Сегодня слишком холодно, чтобы купаться в озере.",
        "ar": "الجو اليوم بارد جدا للسباحة في البحيرة.",
        "zh": "今天太冷了，不能在湖里游泳。",
        "ja": "今日は湖で泳ぐには寒すぎます。",
    },
    {
        "en": "My phone battery is almost empty.",
        "de": "Der Akku meines Handys ist fast leer.",
        "fr": "La batterie de mon téléphone est presque vide.",
        "ru": "У моего телефона почти села батарея.",
        "ar": "بطارية هاتفي شبه فارغة.",
        "zh": "我的手机快没电了。",
        "ja": "携帯の電池がもうすぐ切れそうです。",
    },
    {
        "en": "They planted tomatoes and beans in the garden.",
        "de": "Sie haben im Garten Tomaten und Bohnen gepflanzt.",
        "fr": "Ils ont planté des tomates et des haricots dans le jardin.",
        "ru": "Они посадили в огороде помидоры и фасоль.",
        "ar": "زرعوا الطماطم والفاصولياء في الحديقة.",
        "zh": "他们在园子里种了西红柿和豆子。",
        "ja": "彼らは庭にトマトと豆を植えました。",
    },
    {
        "en": "The museum is closed on Mondays.",
        "de": "Das Museum ist montags geschlossen.",
        "fr": "Le musée est fermé le lundi.",
        "ru": "По понедельникам музей закрыт.",
        "ar": "المتحف مغلق أيام الاثنين.",
        "zh": "博物馆周一闭馆。",
        "ja": "博物館は月曜日が休館です。",
    },
    {
        "en": "Tomorrow I will call the dentist.",
        "de": "Morgen rufe ich den Zahnarzt an.",
        "fr": "Demain, j'appellerai le dentiste.",
        "ru": "Завтра я позвоню зубному врачу.",
        "ar": "سأتصل بطبيب الأسنان غدا.",
        "zh": "我明天给牙医打电话。",
        "ja": "明日、歯医者に電話します。",
    },
]

# ----------------------------------------------------------------------------------------------
# Mewsli-X: 3 short news articles, translated into 4 languages, with 11 linked mentions each,
# and a candidate set of 30 entities whose descriptions are in assorted languages.
# An article per language: (title, sentences, [(mention text, entity id) or (text, id, occ)]).
# The first sentence starts with a dateline ended by a newline, as in WikiNews articles.
# ----------------------------------------------------------------------------------------------

MEWSLIX_LANGS = ("en", "es", "ar", "ja")

MEWSLIX_ARTICLES: list[dict[str, tuple[str, list[str], list[tuple]]]] = [
    {
        "en": (
            "New telescope to observe Mars from 2027",
            [
                "3 March 2025\nScientists from Germany and Japan announced on Monday that a new "
                "telescope will observe Mars from 2027.",
                "The instrument is being built near Tokyo.",
                "Researchers in Berlin will analyse the images.",
            ],
            [
                ("Germany", "Q183"),
                ("Japan", "Q17"),
                ("Mars", "Q111"),
                ("Tokyo", "Q1490"),
                ("Berlin", "Q64"),
            ],
        ),
        "es": (
            "Un nuevo telescopio observará Marte a partir de 2027",
            [
                "3 de marzo de 2025\nCientíficos de Alemania y Japón anunciaron el lunes que un "
                "nuevo telescopio observará Marte a partir de 2027.",
                "El instrumento se está construyendo cerca de Tokio.",
                "Investigadores en Berlín analizarán las imágenes.",
            ],
            [
                ("Alemania", "Q183"),
                ("Japón", "Q17"),
                ("Marte", "Q111"),
                ("Tokio", "Q1490"),
                ("Berlín", "Q64"),
            ],
        ),
        "ar": (
            "تلسكوب جديد يرصد المريخ ابتداء من عام 2027",
            [
                "3 مارس 2025\nأعلن علماء من ألمانيا واليابان يوم الاثنين أن تلسكوبا جديدا سيرصد "
                "المريخ ابتداء من عام 2027.",
                "يجري بناء الجهاز قرب طوكيو.",
                "سيحلل باحثون في برلين الصور.",
            ],
            [
                ("ألمانيا", "Q183"),
                ("اليابان", "Q17"),
                ("المريخ", "Q111"),
                ("طوكيو", "Q1490"),
                ("برلين", "Q64"),
            ],
        ),
        "ja": (
            "新しい望遠鏡、2027年から火星を観測へ",
            [
                "2025年3月3日\nドイツと日本の科学者たちは月曜日、新しい望遠鏡が2027年から"
                "火星を観測すると発表した。",
                "この装置は東京の近くで建設されている。",
                "ベルリンの研究者たちが画像を分析する。",
            ],
            [
                ("ドイツ", "Q183"),
                ("日本", "Q17"),
                ("火星", "Q111"),
                ("東京", "Q1490"),
                ("ベルリン", "Q64"),
            ],
        ),
    },
    {
        "en": (
            "Floods hit villages in Egypt",
            [
                "5 March 2025\nHeavy rain flooded several villages in Egypt.",
                "Officials in Cairo said that the United Nations had sent food and tents.",
            ],
            [("Egypt", "Q79"), ("Cairo", "Q85"), ("United Nations", "Q1065")],
        ),
        "es": (
            "Inundaciones afectan a aldeas de Egipto",
            [
                "5 de marzo de 2025\nLas fuertes lluvias inundaron varias aldeas de Egipto.",
                "Funcionarios en El Cairo dijeron que las Naciones Unidas habían enviado "
                "alimentos y tiendas de campaña.",
            ],
            [("Egipto", "Q79"), ("El Cairo", "Q85"), ("Naciones Unidas", "Q1065")],
        ),
        "ar": (
            "فيضانات تضرب قرى في مصر",
            [
                "5 مارس 2025\nأغرقت الأمطار الغزيرة عدة قرى في مصر.",
                "قال مسؤولون في القاهرة إن الأمم المتحدة أرسلت أغذية وخياما.",
            ],
            [("مصر", "Q79"), ("القاهرة", "Q85"), ("الأمم المتحدة", "Q1065")],
        ),
        "ja": (
            "エジプトで洪水、村が浸水",
            [
                "2025年3月5日\n大雨により、エジプトのいくつかの村が浸水した。",
                "カイロの当局者によると、国際連合が食料とテントを送った。",
            ],
            [("エジプト", "Q79"), ("カイロ", "Q85"), ("国際連合", "Q1065")],
        ),
    },
    {
        "en": (
            "Marie Curie exhibition opens in Madrid",
            [
                "7 March 2025\nAn exhibition about Marie Curie opened in Madrid on Friday.",
                "It shows letters that she wrote to Albert Einstein.",
            ],
            [("Marie Curie", "Q7186"), ("Madrid", "Q2807"), ("Albert Einstein", "Q937")],
        ),
        "es": (
            "Madrid inaugura una exposición sobre Marie Curie",
            [
                "7 de marzo de 2025\nEl viernes se inauguró en Madrid una exposición sobre Marie "
                "Curie.",
                "Muestra cartas que ella escribió a Albert Einstein.",
            ],
            [("Madrid", "Q2807"), ("Marie Curie", "Q7186"), ("Albert Einstein", "Q937")],
        ),
        "ar": (
            "افتتاح معرض عن ماري كوري في مدريد",
            [
                "7 مارس 2025\nافتتح يوم الجمعة في مدريد معرض عن ماري كوري.",
                "يعرض المعرض رسائل كتبتها إلى ألبرت أينشتاين.",
            ],
            [("مدريد", "Q2807"), ("ماري كوري", "Q7186"), ("ألبرت أينشتاين", "Q937")],
        ),
        "ja": (
            "マドリードでマリー・キュリー展が開幕",
            [
                "2025年3月7日\n金曜日、マドリードでマリー・キュリーに関する展覧会が始まった。",
                "会場では、彼女がアルベルト・アインシュタインに宛てた手紙が展示されている。",
            ],
            [
                ("マドリード", "Q2807"),
                ("マリー・キュリー", "Q7186"),
                ("アルベルト・アインシュタイン", "Q937"),
            ],
        ),
    },
]

# (entity id, description language, title, description sentences). The ids are the WikiData ids
# of these entities; the titles and descriptions were written for this project.
MEWSLIX_ENTITIES: list[tuple[str, str, str, list[str]]] = [
    (
        "Q2",
        "pt",
        "Terra",
        [
            "A Terra é o terceiro planeta a partir do Sol.",
            "É o único corpo celeste conhecido que abriga vida.",
        ],
    ),
    (
        "Q17",
        "en",
        "Japan",
        [
            "Japan is an island country in East Asia.",
            "It lies in the north-western Pacific Ocean, east of the Korean Peninsula.",
        ],
    ),
    (
        "Q29",
        "en",
        "Spain",
        [
            "Spain is a country in south-western Europe.",
            "Most of its territory lies on the Iberian Peninsula.",
        ],
    ),
    ("Q30", "zh", "美国", ["美利坚合众国是位于北美洲的联邦制国家。", "首都为华盛顿哥伦比亚特区。"]),
    ("Q38", "de", "Italien", ["Italien ist ein Staat in Südeuropa.", "Seine Hauptstadt ist Rom."]),
    (
        "Q64",
        "es",
        "Berlín",
        [
            "Berlín es la capital de Alemania y su ciudad más poblada.",
            "Está situada a orillas del río Spree.",
        ],
    ),
    ("Q79", "ar", "مصر", ["مصر دولة عربية تقع في شمال شرق أفريقيا.", "يمر بها نهر النيل."]),
    (
        "Q84",
        "es",
        "Londres",
        [
            "Londres es la capital del Reino Unido.",
            "La atraviesa el río Támesis.",
        ],
    ),
    (
        "Q85",
        "en",
        "Cairo",
        [
            "Cairo is the capital of Egypt and its largest city.",
            "It lies on the banks of the Nile.",
        ],
    ),
    ("Q90", "it", "Parigi", ["Parigi è la capitale della Francia.", "È attraversata dalla Senna."]),
    (
        "Q111",
        "fr",
        "Mars (planète)",
        [
            "Mars est la quatrième planète du Système solaire par ordre de distance au Soleil.",
            "Sa surface rougeâtre lui vaut le surnom de planète rouge.",
        ],
    ),
    (
        "Q142",
        "es",
        "Francia",
        [
            "Francia es un país de Europa occidental.",
            "Su capital es París.",
        ],
    ),
    (
        "Q145",
        "fr",
        "Royaume-Uni",
        [
            "Le Royaume-Uni est un État insulaire d'Europe du Nord-Ouest.",
            "Sa capitale est Londres.",
        ],
    ),
    (
        "Q148",
        "ja",
        "中華人民共和国",
        ["中華人民共和国は東アジアに位置する国家である。", "首都は北京。"],
    ),
    (
        "Q159",
        "en",
        "Russia",
        [
            "Russia is a country spanning Eastern Europe and North Asia.",
            "It is the largest country in the world by area.",
        ],
    ),
    (
        "Q183",
        "de",
        "Deutschland",
        [
            "Deutschland ist ein Bundesstaat in Mitteleuropa.",
            "Seine Hauptstadt und größte Stadt ist Berlin.",
        ],
    ),
    ("Q220", "en", "Rome", ["Rome is the capital city of Italy.", "It lies on the river Tiber."]),
    (
        "Q313",
        "en",
        "Venus",
        [
            "Venus is the second planet from the Sun.",
            "It is the hottest planet in the Solar System.",
        ],
    ),
    ("Q405", "de", "Mond", ["Der Mond ist der einzige natürliche Satellit der Erde."]),
    (
        "Q458",
        "fr",
        "Union européenne",
        [
            "L'Union européenne est une union politique et économique d'États européens.",
        ],
    ),
    ("Q525", "ar", "الشمس", ["الشمس هي النجم الذي يقع في مركز المجموعة الشمسية."]),
    (
        "Q649",
        "ru",
        "Москва",
        [
            "Москва — столица России и крупнейший по численности населения город страны.",
        ],
    ),
    (
        "Q935",
        "en",
        "Isaac Newton",
        [
            "Isaac Newton was an English mathematician and physicist.",
            "He formulated the laws of motion and of universal gravitation.",
        ],
    ),
    (
        "Q937",
        "de",
        "Albert Einstein",
        [
            "Albert Einstein war ein theoretischer Physiker.",
            "Er ist vor allem für die Relativitätstheorie bekannt.",
        ],
    ),
    ("Q956", "en", "Beijing", ["Beijing is the capital of the People's Republic of China."]),
    (
        "Q1035",
        "es",
        "Charles Darwin",
        [
            "Charles Darwin fue un naturalista inglés.",
            "Es conocido por su teoría de la evolución por selección natural.",
        ],
    ),
    (
        "Q1065",
        "ru",
        "Организация Объединённых Наций",
        [
            "Организация Объединённых Наций — международная организация, основанная в 1945 году.",
            "Её штаб-квартира находится в Нью-Йорке.",
        ],
    ),
    ("Q1490", "ja", "東京都", ["東京都は日本の首都であり、関東地方に位置する。"]),
    (
        "Q2807",
        "pt",
        "Madrid",
        [
            "Madrid é a capital e a maior cidade da Espanha.",
            "Situa-se no centro da Península Ibérica.",
        ],
    ),
    (
        "Q7186",
        "it",
        "Marie Curie",
        [
            "Marie Curie è stata una fisica e chimica polacca naturalizzata francese.",
            "Fu la prima persona a vincere due premi Nobel in due discipline scientifiche diverse.",
        ],
    ),
]

# ----------------------------------------------------------------------------------------------
# BUCC 2018: small comparable corpora. For each language pair and split, the xx side holds the
# translations of the PARALLEL sentences plus translations of XX_ONLY sentences (whose English
# never appears on the English side), and the English side holds the PARALLEL sentences plus
# EN_ONLY sentences (never translated). All sentences are short local-news items, so the two
# sides are on similar topics, as comparable corpora are.
# Each row: {"en": ..., "de": ..., "ru": ..., "zh": ...}; EN_ONLY rows are English only.
# ----------------------------------------------------------------------------------------------

BUCC_LANGS = ("de", "ru", "zh")
BUCC_SIZES = {"test": (15, 22), "dev": (6, 8)}  # (parallel pairs, non-parallel per side)

BUCC_PARALLEL: dict[str, list[dict[str, str]]] = {
    "test": [
        {
            "en": "The city council approved a new budget for public libraries.",
            "de": "Der Stadtrat hat ein neues Budget für die öffentlichen Bibliotheken genehmigt.",
            "ru": "Городской совет утвердил новый бюджет для публичных библиотек.",
            "zh": "市议会批准了公共图书馆的新预算。",
        },
        {
            "en": "A strong wind damaged several roofs in the northern districts.",
            "de": "Ein starker Wind hat in den nördlichen Stadtteilen mehrere Dächer beschädigt.",
            "ru": "Сильный ветер повредил несколько крыш в северных районах.",
            "zh": "一场大风损坏了北部城区的几处屋顶。",
        },
        {
            "en": "The museum will extend its opening hours during the summer.",
            "de": "Das Museum wird im Sommer seine Öffnungszeiten verlängern.",
            "ru": "Летом музей продлит часы работы.",
            "zh": "博物馆将在夏季延长开放时间。",
        },
        {
            "en": "Farmers expect a good harvest after the warm spring.",
            "de": "Die Landwirte erwarten nach dem warmen Frühling eine gute Ernte.",
            "ru": "После тёплой весны фермеры ожидают хорошего урожая.",
            "zh": "温暖的春天过后，农民们期待一个好收成。",
        },
        {
            "en": "The new bridge over the river will open next month.",
            "de": "Die neue Brücke über den Fluss wird nächsten Monat eröffnet.",
            "ru": "Новый мост через реку откроется в следующем месяце.",
            "zh": "这座横跨河流的新桥将于下个月通车。",
        },
        {
            "en": "Police closed the main road because of a traffic accident.",
            "de": "Die Polizei sperrte die Hauptstraße wegen eines Verkehrsunfalls.",
            "ru": "Полиция перекрыла главную дорогу из-за дорожной аварии.",
            "zh": "由于一起交通事故，警方封闭了主干道。",
        },
        {
            "en": "The school plans to offer free meals to all pupils.",
            "de": "Die Schule plant, allen Schülern kostenlose Mahlzeiten anzubieten.",
            "ru": "Школа планирует предлагать бесплатное питание всем ученикам.",
            "zh": "学校计划为所有学生提供免费餐食。",
        },
        {
            "en": "Several flights were cancelled because of heavy fog.",
            "de": "Wegen dichten Nebels wurden mehrere Flüge gestrichen.",
            "ru": "Из-за густого тумана были отменены несколько рейсов.",
            "zh": "由于大雾，多个航班被取消。",
        },
        {
            "en": "The local football club signed a young goalkeeper.",
            "de": "Der örtliche Fußballverein hat einen jungen Torwart verpflichtet.",
            "ru": "Местный футбольный клуб подписал контракт с молодым вратарём.",
            "zh": "当地足球俱乐部签下了一名年轻守门员。",
        },
        {
            "en": "Prices for fresh vegetables rose sharply in March.",
            "de": "Die Preise für frisches Gemüse sind im März stark gestiegen.",
            "ru": "В марте цены на свежие овощи резко выросли.",
            "zh": "三月份新鲜蔬菜价格大幅上涨。",
        },
        {
            "en": "The hospital opened a new department for children.",
            "de": "Das Krankenhaus hat eine neue Abteilung für Kinder eröffnet.",
            "ru": "Больница открыла новое детское отделение.",
            "zh": "医院开设了一个新的儿科。",
        },
        {
            "en": "Thousands of people attended the concert in the park.",
            "de": "Tausende Menschen besuchten das Konzert im Park.",
            "ru": "Тысячи людей пришли на концерт в парке.",
            "zh": "数千人参加了公园里的音乐会。",
        },
        {
            "en": "The company plans to build a factory near the harbour.",
            "de": "Das Unternehmen plant, eine Fabrik in der Nähe des Hafens zu bauen.",
            "ru": "Компания планирует построить завод недалеко от порта.",
            "zh": "该公司计划在港口附近建一座工厂。",
        },
        {
            "en": "Scientists discovered a new species of frog in the mountains.",
            "de": "Wissenschaftler haben in den Bergen eine neue Froschart entdeckt.",
            "ru": "Учёные обнаружили в горах новый вид лягушек.",
            "zh": "科学家在山区发现了一种新的青蛙。",
        },
        {
            "en": "The train line between the two cities will be modernised.",
            "de": "Die Bahnstrecke zwischen den beiden Städten wird modernisiert.",
            "ru": "Железнодорожную линию между двумя городами модернизируют.",
            "zh": "两座城市之间的铁路线将进行现代化改造。",
        },
    ],
    "dev": [
        {
            "en": "The orchestra performed a new symphony on Sunday evening.",
            "de": "Das Orchester spielte am Sonntagabend eine neue Sinfonie.",
            "ru": "В воскресенье вечером оркестр исполнил новую симфонию.",
            "zh": "乐团在周日晚上演奏了一首新的交响曲。",
        },
        {
            "en": "The government announced lower taxes for small businesses.",
            "de": "Die Regierung kündigte niedrigere Steuern für kleine Unternehmen an.",
            "ru": "Правительство объявило о снижении налогов для малого бизнеса.",
            "zh": "政府宣布为小企业减税。",
        },
        {
            "en": "A fire destroyed an old warehouse near the station.",
            "de": "Ein Feuer zerstörte ein altes Lagerhaus in der Nähe des Bahnhofs.",
            "ru": "Пожар уничтожил старый склад рядом с вокзалом.",
            "zh": "一场大火烧毁了车站附近的一座旧仓库。",
        },
        {
            "en": "The zoo welcomed two baby elephants this week.",
            "de": "Der Zoo begrüßte diese Woche zwei Elefantenbabys.",
            "ru": "На этой неделе в зоопарке появились два слонёнка.",
            "zh": "动物园本周迎来了两头小象。",
        },
        {
            "en": "Students protested against higher university fees.",
            "de": "Studierende protestierten gegen höhere Studiengebühren.",
            "ru": "Студенты протестовали против повышения платы за обучение.",
            "zh": "学生们抗议大学学费上涨。",
        },
        {
            "en": "The airport will build a second runway.",
            "de": "Der Flughafen wird eine zweite Start- und Landebahn bauen.",
            "ru": "В аэропорту построят вторую взлётно-посадочную полосу.",
            "zh": "机场将修建第二条跑道。",
        },
    ],
}

BUCC_EN_ONLY: dict[str, list[str]] = {
    "test": [
        "The mayor met representatives of the taxi drivers on Tuesday.",
        "Snow is expected in the hills later this week.",
        "The theatre festival attracted visitors from many countries.",
        "A new cycling path connects the university with the city centre.",
        "The price of bread has not changed for two years.",
        "The national team lost its last match of the season.",
        "Workers at the port went on strike for higher wages.",
        "The old cinema will be turned into a cultural centre.",
        "Researchers measured record temperatures in the desert.",
        "The library received a large donation of rare books.",
        "Fishermen reported fewer fish in the bay this year.",
        "The minister visited a school in a small village.",
        "A new bus line will serve the eastern suburbs.",
        "The city plans to plant a thousand trees along its streets.",
        "Heavy rain flooded the basement of the town hall.",
        "The festival of lights will take place in December.",
        "Engineers tested a new type of electric bus.",
        "The tennis tournament was postponed because of rain.",
        "A famous painter opened an exhibition in the old castle.",
        "Tourists crowded the beaches during the long weekend.",
        "The parliament debated a law on renewable energy.",
        "The bakery on the main square celebrated its hundredth anniversary.",
    ],
    "dev": [
        "The police are looking for witnesses of the robbery.",
        "The river reached its highest level in ten years.",
        "A new hotel opened near the old harbour.",
        "Volunteers cleaned the beach on Saturday morning.",
        "The region suffered a long drought last summer.",
        "The railway company ordered twenty new trains.",
        "An earthquake shook the coastal towns at night.",
        "The city celebrated the opening of a new swimming pool.",
    ],
}

# Sentences on the xx side only: their English (kept here for review) is on no English side.
BUCC_XX_ONLY: dict[str, list[dict[str, str]]] = {
    "test": [
        {
            "en": "The regional airline will start flights to the islands in May.",
            "de": "Die regionale Fluggesellschaft wird im Mai Flüge zu den Inseln aufnehmen.",
            "ru": "Региональная авиакомпания в мае начнёт полёты на острова.",
            "zh": "这家地区航空公司将于五月开通飞往群岛的航班。",
        },
        {
            "en": "A storm cut the power to thousands of homes.",
            "de": "Ein Sturm hat Tausende Haushalte von der Stromversorgung abgeschnitten.",
            "ru": "Из-за шторма тысячи домов остались без электричества.",
            "zh": "一场风暴导致数千户家庭停电。",
        },
        {
            "en": "The university opened a new laboratory for climate research.",
            "de": "Die Universität hat ein neues Labor für Klimaforschung eröffnet.",
            "ru": "Университет открыл новую лабораторию по изучению климата.",
            "zh": "这所大学开设了一个新的气候研究实验室。",
        },
        {
            "en": "The harbour was closed for two days because of high waves.",
            "de": "Der Hafen war wegen hoher Wellen zwei Tage lang geschlossen.",
            "ru": "Порт был закрыт на два дня из-за высоких волн.",
            "zh": "由于海浪过高，港口关闭了两天。",
        },
        {
            "en": "The city introduced free public transport on Sundays.",
            "de": "Die Stadt hat an Sonntagen kostenlosen Nahverkehr eingeführt.",
            "ru": "Город ввёл бесплатный общественный транспорт по воскресеньям.",
            "zh": "该市在周日推出了免费公共交通。",
        },
        {
            "en": "A famous writer presented her new novel at the book fair.",
            "de": "Eine bekannte Schriftstellerin stellte auf der Buchmesse ihren neuen Roman vor.",
            "ru": "Известная писательница представила свой новый роман на книжной ярмарке.",
            "zh": "一位著名女作家在书展上介绍了她的新小说。",
        },
        {
            "en": "The basketball team won the national cup for the first time.",
            "de": "Die Basketballmannschaft hat zum ersten Mal den nationalen Pokal gewonnen.",
            "ru": "Баскетбольная команда впервые выиграла национальный кубок.",
            "zh": "这支篮球队首次赢得了全国杯赛冠军。",
        },
        {
            "en": "The number of tourists grew by ten percent last year.",
            "de": "Die Zahl der Touristen ist im vergangenen Jahr um zehn Prozent gestiegen.",
            "ru": "В прошлом году число туристов выросло на десять процентов.",
            "zh": "去年游客人数增长了百分之十。",
        },
        {
            "en": "Doctors warned of a strong flu season.",
            "de": "Ärzte warnten vor einer starken Grippesaison.",
            "ru": "Врачи предупредили о тяжёлом сезоне гриппа.",
            "zh": "医生警告说今年的流感季将会很严重。",
        },
        {
            "en": "The old market hall will be renovated next year.",
            "de": "Die alte Markthalle wird im nächsten Jahr renoviert.",
            "ru": "В следующем году старый крытый рынок отремонтируют.",
            "zh": "旧市场大厅将于明年翻修。",
        },
        {
            "en": "Wolves have returned to the northern forests.",
            "de": "Wölfe sind in die nördlichen Wälder zurückgekehrt.",
            "ru": "Волки вернулись в северные леса.",
            "zh": "狼群重新回到了北部的森林。",
        },
        {
            "en": "The company reported higher profits in the first quarter.",
            "de": "Das Unternehmen meldete im ersten Quartal höhere Gewinne.",
            "ru": "Компания сообщила о росте прибыли в первом квартале.",
            "zh": "该公司报告第一季度利润增长。",
        },
        {
            "en": "Residents protested against the closure of the post office.",
            "de": "Anwohner protestierten gegen die Schließung der Post.",
            "ru": "Жители протестовали против закрытия почтового отделения.",
            "zh": "居民们抗议关闭邮局。",
        },
        {
            "en": "The government plans to build more cheap housing.",
            "de": "Die Regierung plant, mehr günstigen Wohnraum zu bauen.",
            "ru": "Правительство планирует строить больше доступного жилья.",
            "zh": "政府计划建造更多廉价住房。",
        },
        {
            "en": "A young pianist won the international competition.",
            "de": "Ein junger Pianist hat den internationalen Wettbewerb gewonnen.",
            "ru": "Молодой пианист победил на международном конкурсе.",
            "zh": "一位年轻钢琴家赢得了国际比赛。",
        },
        {
            "en": "The zoo is looking for a name for its new panda.",
            "de": "Der Zoo sucht einen Namen für seinen neuen Panda.",
            "ru": "Зоопарк ищет имя для своей новой панды.",
            "zh": "动物园正在为新来的大熊猫征集名字。",
        },
        {
            "en": "Strong rain caused landslides in the mountains.",
            "de": "Starker Regen löste in den Bergen Erdrutsche aus.",
            "ru": "Сильные дожди вызвали оползни в горах.",
            "zh": "强降雨在山区引发了山体滑坡。",
        },
        {
            "en": "The bus drivers' strike ended after three days.",
            "de": "Der Streik der Busfahrer endete nach drei Tagen.",
            "ru": "Забастовка водителей автобусов закончилась через три дня.",
            "zh": "公交司机的罢工在三天后结束。",
        },
        {
            "en": "The city library now lends electric bicycles.",
            "de": "Die Stadtbibliothek verleiht jetzt Elektrofahrräder.",
            "ru": "Городская библиотека теперь выдаёт электровелосипеды.",
            "zh": "市图书馆现在出借电动自行车。",
        },
        {
            "en": "A rare comet will be visible in the night sky next week.",
            "de": "Nächste Woche wird am Nachthimmel ein seltener Komet zu sehen sein.",
            "ru": "На следующей неделе в ночном небе можно будет увидеть редкую комету.",
            "zh": "下周夜空中将能看到一颗罕见的彗星。",
        },
        {
            "en": "The museum returned a stolen painting to its owner.",
            "de": "Das Museum gab ein gestohlenes Gemälde an seinen Besitzer zurück.",
            "ru": "Музей вернул владельцу украденную картину.",
            "zh": "博物馆把一幅被盗的画作归还给了主人。",
        },
        {
            "en": "The price of petrol fell for the third month in a row.",
            "de": "Der Benzinpreis ist den dritten Monat in Folge gesunken.",
            "ru": "Цена на бензин снижается третий месяц подряд.",
            "zh": "汽油价格连续第三个月下降。",
        },
    ],
    "dev": [
        {
            "en": "Thousands of runners took part in the city marathon.",
            "de": "Tausende Läufer nahmen am Stadtmarathon teil.",
            "ru": "Тысячи бегунов приняли участие в городском марафоне.",
            "zh": "数千名跑者参加了城市马拉松。",
        },
        {
            "en": "The hospital is looking for more nurses.",
            "de": "Das Krankenhaus sucht weitere Pflegekräfte.",
            "ru": "Больнице требуются ещё медсёстры.",
            "zh": "医院正在招聘更多护士。",
        },
        {
            "en": "A new ferry connects the two islands.",
            "de": "Eine neue Fähre verbindet die beiden Inseln.",
            "ru": "Новый паром соединяет два острова.",
            "zh": "一艘新渡轮连接了这两座岛屿。",
        },
        {
            "en": "The ski season started early because of heavy snowfall.",
            "de": "Wegen starker Schneefälle begann die Skisaison früh.",
            "ru": "Из-за сильных снегопадов горнолыжный сезон начался рано.",
            "zh": "由于大量降雪，滑雪季提前开始。",
        },
        {
            "en": "The farmers' market moved to the old railway station.",
            "de": "Der Bauernmarkt ist in den alten Bahnhof umgezogen.",
            "ru": "Фермерский рынок переехал в здание старого вокзала.",
            "zh": "农贸市场搬到了旧火车站。",
        },
        {
            "en": "A fire broke out in a chemical plant near the river.",
            "de": "In einer Chemiefabrik in der Nähe des Flusses brach ein Feuer aus.",
            "ru": "На химическом заводе у реки вспыхнул пожар.",
            "zh": "河边的一家化工厂发生火灾。",
        },
        {
            "en": "The orchestra will tour Asia in the autumn.",
            "de": "Das Orchester wird im Herbst durch Asien touren.",
            "ru": "Осенью оркестр отправится в турне по Азии.",
            "zh": "乐团将于秋季赴亚洲巡演。",
        },
        {
            "en": "The school won a prize for its vegetable garden.",
            "de": "Die Schule gewann einen Preis für ihren Gemüsegarten.",
            "ru": "Школа получила премию за свой огород.",
            "zh": "这所学校因其菜园获得了一个奖项。",
        },
    ],
}

# ----------------------------------------------------------------------------------------------
# The other six XQuAD / XQuAD-R languages of the two articles above. LAReQA's candidate pool is
# every card language's file, so all 11 languages are needed; XQuAD gets them too.
# ----------------------------------------------------------------------------------------------

_XQUAD_MORE: dict[str, dict[str, tuple[list[str], list[tuple]]]] = {
    "Honey_bee": {
        "es": (
            [
                "Las abejas melíferas viven en colonias que pueden contener más de 50.000 "
                "insectos.",
                "Cada colonia tiene una sola reina, cuya tarea principal es poner huevos.",
                "Las obreras recogen néctar de las flores y lo convierten en miel, de la que se "
                "alimenta la colonia durante el invierno.",
                "Una obrera que encuentra una buena fuente de alimento realiza una breve danza "
                "para mostrar a las demás abejas dónde está.",
            ],
            [
                ("¿Cuántos insectos pueden vivir en una colonia?", "más de 50.000"),
                ("¿Cuál es la tarea principal de la reina?", "poner huevos"),
                ("¿Cuándo se alimenta la colonia de la miel?", "durante el invierno"),
            ],
        ),
        "el": (
            [
                "Οι μέλισσες ζουν σε αποικίες που μπορεί να αριθμούν περισσότερα από 50.000 "
                "έντομα.",
                "Κάθε αποικία έχει μία μόνο βασίλισσα, της οποίας κύριο καθήκον είναι να γεννά "
                "αυγά.",
                "Οι εργάτριες συλλέγουν νέκταρ από τα λουλούδια και το μετατρέπουν σε μέλι, με "
                "το οποίο τρέφεται η αποικία κατά τη διάρκεια του χειμώνα.",
                "Μια εργάτρια που βρίσκει μια καλή πηγή τροφής εκτελεί έναν σύντομο χορό για να "
                "δείξει στις άλλες μέλισσες πού βρίσκεται.",
            ],
            [
                ("Πόσα έντομα μπορούν να ζουν σε μία αποικία;", "περισσότερα από 50.000"),
                ("Ποιο είναι το κύριο καθήκον της βασίλισσας;", "να γεννά αυγά"),
                ("Πότε τρέφεται η αποικία με το μέλι;", "κατά τη διάρκεια του χειμώνα"),
            ],
        ),
        "hi": (
            [
                "मधुमक्खियाँ ऐसी कॉलोनियों में रहती हैं जिनमें 50,000 से अधिक कीट हो सकते हैं।",
                "हर कॉलोनी में केवल एक रानी होती है, जिसका मुख्य काम अंडे देना है।",
                "श्रमिक मधुमक्खियाँ फूलों से मकरंद इकट्ठा करती हैं और उसे शहद में बदल देती हैं, "
                "जिसे कॉलोनी सर्दियों के दौरान खाती है।",
                "भोजन का अच्छा स्रोत खोजने वाली श्रमिक मधुमक्खी एक छोटा नृत्य करती है ताकि दूसरी "
                "मधुमक्खियों को उसकी जगह दिखा सके।",
            ],
            [
                ("एक कॉलोनी में कितने कीट रह सकते हैं?", "50,000 से अधिक"),
                ("रानी का मुख्य काम क्या है?", "अंडे देना"),
                ("कॉलोनी शहद कब खाती है?", "सर्दियों के दौरान"),
            ],
        ),
        "th": (
            [
                "ผึ้งอาศัยอยู่เป็นรังซึ่งอาจมีสมาชิกมากกว่า 50,000 ตัว",
                "แต่ละรังมีนางพญาเพียงตัวเดียว ซึ่งมีหน้าที่หลักคือวางไข่",
                "ผึ้งงานเก็บน้ำหวานจากดอกไม้แล้วเปลี่ยนให้เป็นน้ำผึ้ง ซึ่งรังจะใช้เป็นอาหารในช่วงฤดูหนาว",
                "ผึ้งงานที่พบแหล่งอาหารที่ดีจะเต้นรำสั้น ๆ เพื่อบอกผึ้งตัวอื่นว่าแหล่งอาหารอยู่ที่ไหน",
            ],
            [
                ("รังหนึ่งมีผึ้งได้กี่ตัว", "มากกว่า 50,000 ตัว"),
                ("หน้าที่หลักของนางพญาคืออะไร", "วางไข่"),
                ("รังกินน้ำผึ้งเมื่อใด", "ในช่วงฤดูหนาว"),
            ],
        ),
        "tr": (
            [
                "Bal arıları, 50.000'den fazla böcek barındırabilen koloniler halinde yaşar.",
                "Her kolonide tek bir kraliçe bulunur ve onun başlıca görevi yumurta bırakmaktır.",
                "İşçi arılar çiçeklerden nektar toplar ve onu, koloninin kış boyunca yediği "
                "bala dönüştürür.",
                "İyi bir besin kaynağı bulan işçi arı, diğer arılara kaynağın yerini göstermek "
                "için kısa bir dans yapar.",
            ],
            [
                ("Bir kolonide kaç böcek yaşayabilir?", "50.000'den fazla"),
                ("Kraliçenin başlıca görevi nedir?", "yumurta bırakmak"),
                ("Koloni balı ne zaman yer?", "kış boyunca"),
            ],
        ),
        "vi": (
            [
                "Ong mật sống thành đàn, mỗi đàn có thể có hơn 50.000 cá thể.",
                "Mỗi đàn chỉ có một ong chúa, với nhiệm vụ chính là đẻ trứng.",
                "Ong thợ thu thập mật hoa từ các bông hoa và biến nó thành mật ong, thứ mà cả "
                "đàn ăn trong mùa đông.",
                "Một con ong thợ tìm được nguồn thức ăn tốt sẽ thực hiện một điệu nhảy ngắn để "
                "chỉ cho những con ong khác biết nguồn thức ăn ở đâu.",
            ],
            [
                ("Một đàn ong có thể có bao nhiêu cá thể?", "hơn 50.000"),
                ("Nhiệm vụ chính của ong chúa là gì?", "đẻ trứng"),
                ("Cả đàn ăn mật ong khi nào?", "trong mùa đông"),
            ],
        ),
    },
    "Trans-Siberian_Railway": {
        "es": (
            [
                "El Ferrocarril Transiberiano une Moscú con Vladivostok, en la costa del Pacífico.",
                "Con una longitud de unos 9289 kilómetros, es la línea ferroviaria más larga del "
                "mundo.",
                "Su construcción comenzó en 1891 y la ruta principal se terminó en 1916.",
                "Un viaje por toda la línea dura unos siete días.",
            ],
            [
                ("¿A qué ciudad de la costa del Pacífico llega el ferrocarril?", "Vladivostok"),
                ("¿Qué longitud tiene el Ferrocarril Transiberiano?", "unos 9289 kilómetros"),
                ("¿En qué año comenzó la construcción?", "1891"),
            ],
        ),
        "el": (
            [
                "Ο Υπερσιβηρικός Σιδηρόδρομος συνδέει τη Μόσχα με το Βλαδιβοστόκ στην ακτή του "
                "Ειρηνικού.",
                "Με μήκος περίπου 9.289 χιλιομέτρων, είναι η μακρύτερη σιδηροδρομική γραμμή στον "
                "κόσμο.",
                "Η κατασκευή ξεκίνησε το 1891 και η κύρια διαδρομή ολοκληρώθηκε το 1916.",
                "Ένα ταξίδι σε όλη τη γραμμή διαρκεί περίπου επτά ημέρες.",
            ],
            [
                ("Σε ποια πόλη της ακτής του Ειρηνικού φτάνει ο σιδηρόδρομος;", "Βλαδιβοστόκ"),
                ("Πόσο μήκος έχει ο Υπερσιβηρικός Σιδηρόδρομος;", "περίπου 9.289 χιλιομέτρων"),
                ("Ποια χρονιά ξεκίνησε η κατασκευή;", "1891"),
            ],
        ),
        "hi": (
            [
                "ट्रांस-साइबेरियन रेलवे मॉस्को को प्रशांत तट पर स्थित व्लादिवोस्तोक से जोड़ती है।",
                "लगभग 9,289 किलोमीटर लंबी यह दुनिया की सबसे लंबी रेल लाइन है।",
                "इसका निर्माण 1891 में शुरू हुआ और मुख्य मार्ग 1916 में पूरा हुआ।",
                "पूरी लाइन की यात्रा में लगभग सात दिन लगते हैं।",
            ],
            [
                ("रेलवे प्रशांत तट के किस शहर तक पहुँचती है?", "व्लादिवोस्तोक"),
                ("ट्रांस-साइबेरियन रेलवे कितनी लंबी है?", "लगभग 9,289 किलोमीटर"),
                ("निर्माण किस वर्ष शुरू हुआ?", "1891"),
            ],
        ),
        "th": (
            [
                "ทางรถไฟสายทรานส์ไซบีเรียเชื่อมกรุงมอสโกกับเมืองวลาดีวอสตอคบนชายฝั่งมหาสมุทรแปซิฟิก",
                "ด้วยความยาวประมาณ 9,289 กิโลเมตร ทางรถไฟสายนี้จึงเป็นเส้นทางรถไฟที่ยาวที่สุดในโลก",
                "การก่อสร้างเริ่มขึ้นในปี 1891 และเส้นทางหลักสร้างเสร็จในปี 1916",
                "การเดินทางตลอดทั้งสายใช้เวลาประมาณเจ็ดวัน",
            ],
            [
                ("ทางรถไฟสายนี้ไปถึงเมืองใดบนชายฝั่งมหาสมุทรแปซิฟิก", "วลาดีวอสตอค"),
                ("ทางรถไฟสายทรานส์ไซบีเรียยาวเท่าใด", "ประมาณ 9,289 กิโลเมตร"),
                ("การก่อสร้างเริ่มขึ้นในปีใด", "1891"),
            ],
        ),
        "tr": (
            [
                "Trans-Sibirya Demiryolu, Moskova'yı Pasifik kıyısındaki Vladivostok'a bağlar.",
                "Yaklaşık 9.289 kilometrelik uzunluğuyla dünyanın en uzun demiryolu hattıdır.",
                "İnşaatına 1891'de başlanmış ve ana güzergâh 1916'da tamamlanmıştır.",
                "Hattın tamamı boyunca yapılan bir yolculuk yaklaşık yedi gün sürer.",
            ],
            [
                ("Demiryolu Pasifik kıyısındaki hangi şehre ulaşır?", "Vladivostok"),
                ("Trans-Sibirya Demiryolu ne kadar uzundur?", "Yaklaşık 9.289 kilometre"),
                ("İnşaata hangi yıl başlandı?", "1891"),
            ],
        ),
        "vi": (
            [
                "Đường sắt xuyên Siberia nối Moskva với Vladivostok trên bờ biển Thái Bình Dương.",
                "Với chiều dài khoảng 9.289 km, đây là tuyến đường sắt dài nhất thế giới.",
                "Việc xây dựng bắt đầu vào năm 1891 và tuyến chính được hoàn thành vào năm 1916.",
                "Một chuyến đi trên toàn tuyến mất khoảng bảy ngày.",
            ],
            [
                (
                    "Tuyến đường sắt đến thành phố nào trên bờ biển Thái Bình Dương?",
                    "Vladivostok",
                ),
                ("Đường sắt xuyên Siberia dài bao nhiêu?", "khoảng 9.289 km"),
                ("Việc xây dựng bắt đầu vào năm nào?", "1891"),
            ],
        ),
    },
}

for _title, _by_lang in XQUAD_ARTICLES:
    _by_lang.update(_XQUAD_MORE[_title])
