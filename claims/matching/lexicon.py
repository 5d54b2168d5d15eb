"""Word lists the extractors use, English and Arabic (Arabic in its `normalize_text` form).

Kept apart from the code so a reviewer can read and extend them. Arabic entries are folded the
way normalize_text folds claims: no hamza on alef, ta marbuta as ha, alef maqsura as ya.
"""

from __future__ import annotations

from claims.matching.normalize import normalize_text


def words(text: str) -> frozenset[str]:
    """A word list written as one string, for readability."""
    return frozenset(text.split())


def _ar(text: str) -> frozenset[str]:
    return frozenset(normalize_text(w) for w in text.split())


EN_STOPWORDS = words(
    """
    a an the of in on at to by for from with and or but nor is are was were be been being as it its
    this that these those there their they them he she his her him we our you your i me my who whom
    which what when where while how than then so such into onto over under after before during about
    against between through up down out off again further once here all any both each few more most
    other some own same too very can will just should now also has have had having do does did doing
    would could may might must shall said says say according reported reports report news via per
    amid since until upon within without near around across along toward towards among new one local
    sources source today yesterday latest update breaking video photo pic twitter com https http www
    rt amp mr ms not no
    """
)

AR_STOPWORDS = _ar(
    """في من على الى إلى عن مع هذا هذه ذلك تلك التي الذي الذين اللذين ان أن إن كان كانت يكون قد لقد
    ما ماذا كما او أو ثم حتى بعد قبل عند منذ خلال بين ضد حول دون غير كل بعض أي اي هو هي هم هن نحن
    انه أنه انها أنها وقال قال قالت وقالت وفق وفقا حسب بحسب مصادر مصدر اليوم امس أمس عبر لدى لها له
    وذلك وهذا وهو وهي ايضا أيضا فيما بينما كذلك الا إلا لا لم لن وقد ولم ان"""
)

# Denial: one side says the event did not happen, or calls the report false.
EN_DENIAL = (
    r"\b(?:denied|denies|deny|denying|denial|refuted|refutes|refute"
    r"|(?:rejected|dismissed) (?:the |such |these |those |all )?(?:\w+ )?(?:claims?|reports?|allegations?)"
    r"|not true|untrue|false (?:claims?|reports?|news)"
    r"|fabricat\w*|baseless|unfounded|fake news"
    r"|(?:did not|didnt|has not|hasnt|have not|havent|had not|was not|were not|never) (?:\w+ ){0,2}"
    r"(?:carr\w+|conduct\w*|launch\w*|strik\w+|struck|bomb\w*|target\w*|attack\w*|kill\w*|happen\w*"
    r"|occur\w*|take place|took place|enter\w*|captur\w+|seiz\w+|withdr\w+|shell\w*|fall|fell|die|died"
    r"|stop\w*|block\w*|reach\w*)"
    r"|(?:claims?|reports?|allegations?|news) (?:\w+ ){0,8}(?:are|is|were|was) (?:false|untrue|baseless|lies)"
    r"|foiled|thwarted|repelled|repulsed|failed attempt"
    r"|never (?:carried|took|happened|occurred)|no (?:\w+ ){0,2}(?:strikes?|raids?|attacks?|operations?)"
    r" (?:were|was|have been|had been) (?:carried|conducted|launched|made))\b"
)
# An attack foiled or repelled: it happened, told by the side that stopped it. Such a claim
# contradicts only a report that the attackers took something; it agrees with one of the attack.
EN_FOILED = r"\b(?:foiled|thwarted|repelled|repulsed|failed attempt)\b"
AR_FOILED = _ar("احبط احبطت افشل افشلت تصدت تصدى تصد")
# Where a side is hit: a denial naming "SDF positions" denies an attack on the SDF.
POSITION_WORDS = words("positions position sites points bases headquarters") | _ar("مواقع موقع نقاط مقرات")
AR_DENIAL = _ar(
    "نفى نفت ينفي تنفي نفي ونفى ونفت ونفي تكذيب كذب يكذب تكذب مزاعم ادعاءات الادعاءات المزاعم مفبرك "
    "مفبركة كاذب كاذبة كاذبه عار صحة صحه لم ينفي احبط احبطت افشل افشلت تصدت تصدى تصد تكذيبا"
)
# "لم تنفذ", "لم يقع": a negated verb denies the event only if the verb is about one.
AR_EVENT_ROOTS = tuple(sorted(_ar("نفذ شن حدث وقع قصف ستهدف قتل سقط دخل سيطر هاجم ضرب تعرض جر طلق غار")))
# Arabic denial needs more than "لم" alone to count: these pairs do ("لا صحة", "لم تنفذ").
AR_NEGATIONS = _ar("لم لن لا ليس ليست")

# Event concepts shared across languages, so an Arabic and an English claim meet on them.
CONCEPTS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # concept: (English stems, Arabic words)
    "kill": (
        words("kill dead death die died slain massacr execut behead martyr casualti toll"),
        _ar(
            "قتل قتلى قتيل قتيلا مقتل قتلت قتلوا شهيد شهداء استشهاد استشهد مصرع حتفهم مجزرة مجزره اعدام إعدام"
        ),
    ),
    "wound": (
        words("wound injur hurt"),
        _ar("جرحى جريح جرح اصابة إصابة اصابات إصابات مصاب مصابين الجرحى"),
    ),
    "strike": (
        words("strike airstrik air bomb bombard shell raid warplan jet aviat drone missil rocket"),
        _ar(
            "غارة غارات قصف طيران طائرات طائرة الطيران الحربي حربية صاروخ صواريخ مسيرة "
            "استهداف استهدف استهدفت ضربات"
        ),
    ),
    "explosion": (
        words("explos blast explod ied car-bomb detonat mine"),
        _ar("انفجار انفجارات تفجير عبوة ناسفة مفخخة لغم دوي"),
    ),
    "clash": (
        words("clash fight battl attack assault offens ambush"),
        _ar("اشتباكات اشتباك معارك معركة هجوم هجمات كمين"),
    ),
    "control": (
        words("control seiz captur liber took retook recaptur regain enter storm restor"),
        _ar("سيطرة سيطرت سيطر يسيطر تسيطر استعادة استعادت استعاد تحرير حررت حرر دخلت دخول بسط اقتحام"),
    ),
    "withdraw": (
        words("withdraw withdrew retreat evacu pull hand handov"),
        _ar("انسحاب انسحبت انسحب تسليم سلمت خروج اخلاء إخلاء"),
    ),
    "arrest": (
        words("arrest detain abduct kidnap captiv prison"),
        _ar("اعتقال اعتقلت اعتقل احتجاز خطف اختطاف اسر أسر معتقلين"),
    ),
    "displace": (
        words("displac flee fled refuge"),
        _ar("نزوح نازحين تهجير فرار لاجئين"),
    ),
    "oil": (
        words("oil gas field"),
        _ar("نفط النفط نفطي النفطي حقل غاز الغاز"),
    ),
    "civilian": (
        words("civilian"),
        _ar("مدنيين مدنيا مدني المدنيين"),
    ),
    "child": (
        words("child children kid"),
        _ar("اطفال أطفال طفل"),
    ),
}

# More of the war's vocabulary, shared by both languages, so a translation meets its original on
# its wording and not only on names and numbers. English is written as words here (stemmed when
# the extractor loads them), Arabic as words in their normalize_text form with or without the
# article and a pronoun suffix. A word belongs to one concept only (checked by a test).
DOMAIN_CONCEPTS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "collapse": (words("collapse collapsed collapsing"), _ar("انهار انهيار ينهار تنهار")),
    "siege": (words("siege besieged besieging"), _ar("حصار محاصر محاصره المحاصره يحاصر")),
    "convoy": (words("convoy convoys buses"), _ar("قافله قوافل حافلات")),
    "deal": (
        words("deal agreement truce ceasefire accord"),
        _ar("اتفاق اتفاقيه صفقه هدنه تسويه"),
    ),
    "advance": (words("advance advanced advancing progress"), _ar("تقدم تقدمت يتقدم تتقدم")),
    "suicide": (words("suicide"), _ar("انتحاري انتحاريين انتحاريه")),
    "journalist": (
        words("journalist journalists reporter reporters activist activists"),
        _ar("صحفي صحفيين صحفيون صحافي ناشط ناشطين ناشطون مراسل مراسلين اعلامي اعلاميين"),
    ),
    "site": (
        words("headquarters depot depots warehouse warehouses position positions"),
        _ar("مقر مقرات مستودع مستودعات قاعده مواقع موقع نقاط"),
    ),
    "hospital": (words("hospital hospitals"), _ar("مستشفى مشفى مستشفيات")),
    "neighbourhood": (
        words("neighborhood neighborhoods neighbourhood neighbourhoods"),
        _ar("حي احياء"),
    ),
    "airport": (words("airport airbase"), _ar("مطار")),
    "bridge": (words("bridge bridges"), _ar("جسر جسور")),
    "border": (words("border borders frontier"), _ar("حدود الحدود حدودي الحدوديه")),
    "desert": (words("desert badia barrens"), _ar("باديه صحراء جرود")),
    "militia": (words("militia militias militiamen"), _ar("ميليشيا ميليشيات مليشيا مليشيات")),
    "mercenary": (words("mercenary mercenaries"), _ar("مرتزقه")),
    "terrorist": (words("terrorist terrorists terrorism"), _ar("ارهابي ارهابيين ارهاب ارهابيي")),
    "body": (words("body bodies remains corpse"), _ar("جثه جثث جثمان جثامين رفات")),
    "release": (words("release released freed"), _ar("افراج اطلاق سراح")),
    "announce": (
        words("announce announced announcement declare declared statement"),
        _ar("اعلن اعلنت يعلن اعلان بيان"),
    ),
    "campaign": (words("campaign operation operations"), _ar("حمله عمليه عمليات")),
    "security": (words("security stability destabilize"), _ar("امن استقرار زعزعه")),
    "pocket": (words("pocket enclave"), _ar("جيب")),
    "territory": (words("territory territories region regions"), _ar("اراضي مناطق منطقه")),
    "cell": (words("cell cells"), _ar("خلايا خليه")),
    "smuggle": (words("smuggle smuggling smugglers"), _ar("تهريب مهربين مهربون")),
    "infiltrate": (words("infiltrate infiltrating infiltration penetrate penetrating"), _ar("تسلل اختراق")),
    "counterattack": (words("counterattack counter-attack"), _ar("معاكس")),
    "wing": (words("wing wings"), _ar("اجنحه جناح")),
    "illusion": (words("fantasy illusion delusion"), _ar("وهم اوهام")),
    "expand": (words("expand expanding expansion"), _ar("تتمدد تمدد يتمدد توسع")),
}

# Kinds of event that one incident is not reported as: fighting and bombing (an air strike, a
# blast, clashes, a town taken or lost), arrests, displacement, a deal, smuggling.
# Two claims that each name some kind, and no kind in common, report two incidents, however
# close in place and time ("dozens of families displaced by SDF operations" / "the SDF detained
# four men in a security operation"). Within one kind reports differ freely: one outlet's
# "explosions" are another's "air strike", and a battle is clashes, advances and strikes.
EVENT_KINDS: dict[str, str] = {
    **dict.fromkeys(
        words("strike explosion clash control withdraw advance counterattack collapse siege infiltrate"),
        "fighting",
    ),
    "arrest": "arrests",
    "displace": "displacement",
    "deal": "a deal",  # not "release": "freed 3,468 km2" is territory taken
    "smuggle": "smuggling",
}

# The concepts that name a kind of event (what a denial can deny), as opposed to things and
# people (sites, militias, journalists).
EVENT_CONCEPTS = words(
    "kill wound strike explosion clash control withdraw arrest displace siege deal advance release "
    "counterattack collapse smuggle infiltrate"
)

# Figures: what was counted, by stem (English) or word (Arabic).
FIGURE_CATEGORIES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "killed": (
        words("kill dead death die slain martyr execut toll"),
        _ar("قتل قتلى قتيل قتيلا مقتل شهيد شهداء استشهاد مصرع حتفهم حياتهم ارواحهم"),
    ),
    "wounded": (
        words("wound injur"),
        _ar("جرحى جريح جريحا اصابة اصابات مصابين مصابا"),
    ),
    "detained": (
        words("arrest detain captur abduct prison"),
        _ar("اعتقال معتقلين معتقلا اسرى اسير محتجزين مختطفين"),
    ),
    "displaced": (
        words("displac flee fled refuge"),
        _ar("نازحين نازح مهجرين نزوح"),
    ),
    "casualties": (
        words("casualti"),
        _ar("ضحايا ضحية"),
    ),
    "strikes": (
        words("strike airstrik raid sorti"),
        _ar("غارة غارات ضربة ضربات"),
    ),
}
FIGURE_SUBJECTS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "civilians": (
        words("civilian resid villag children women"),
        _ar("مدنيين مدنيا مدني"),
    ),
    "fighters": (
        words("fighter member milit militiamen terrorist jihadist merceneri mercenari gunmen insurg"),
        _ar("عناصر عنصرا عنصر مقاتلين مقاتلا مسلحين ارهابيين ارهابيا مرتزقة مرتزقه مرتزق مرتزقا"),
    ),
    "media": (
        words("journalist report activist correspond photograph"),
        _ar("صحفيين صحفيا صحفي صحافيين ناشطين ناشطا ناشط اعلاميين اعلاميا مراسلين"),
    ),
    "soldiers": (
        words("soldier troop servicemen personnel offic"),
        _ar("جنود جنديا جندي عسكريين عسكريا ضباط"),
    ),
}
EN_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "a dozen": 12,
}
AR_NUMBER_WORDS = {
    normalize_text(k): v
    for k, v in {
        "واحد": 1,
        "اثنان": 2,
        "اثنين": 2,
        "ثلاثة": 3,
        "ثلاث": 3,
        "أربعة": 4,
        "أربع": 4,
        "خمسة": 5,
        "خمس": 5,
        "ستة": 6,
        "ست": 6,
        "سبعة": 7,
        "سبع": 7,
        "ثمانية": 8,
        "تسعة": 9,
        "عشرة": 10,
        "عشر": 10,
        "عشرين": 20,
        "ثلاثين": 30,
        "خمسين": 50,
        "مئة": 100,
        "مائة": 100,
    }.items()
}
# (low, high) for words that stand for a count.
VAGUE_COUNTS = {
    "several": (2, 12),
    "a few": (2, 9),
    "few": (2, 9),
    "dozens": (20, 120),
    "scores": (20, 120),
    "hundreds": (200, 999),
    "thousands": (2000, 9999),
    normalize_text("عدد من"): (2, 12),
    normalize_text("عشرات"): (20, 120),
    normalize_text("العشرات"): (20, 120),
    normalize_text("مئات"): (200, 999),
    normalize_text("المئات"): (200, 999),
    normalize_text("آلاف"): (2000, 9999),
    normalize_text("بضع مئات"): (200, 900),
    normalize_text("بضعة آلاف"): (2000, 9000),
}
# Words before a year: "in 2017", "since 2014", "عام 2013".
BEFORE_A_YEAR = words("in since from until till by during of early late mid year") | _ar("عام في منذ سنه حتى")
# Words a vague count can count in: "a few hundred" is 200 to 900, not "a few" and "hundred".
EN_SCALE_WORDS = {"hundred": 100, "hundreds": 100, "thousand": 1000, "thousands": 1000}
# Words before a number that widen it: at least 57 -> [57, inf).
QUALIFIERS_AT_LEAST = (
    "at least",
    "no fewer than",
    normalize_text("ما لا يقل عن"),
    normalize_text("لا يقل عن"),
)
# Arabic puts "at least" after the counted word: "18 مقاتلاً على الأقل".
QUALIFIERS_AT_LEAST_AFTER = (normalize_text("على الأقل"), normalize_text("علي الاقل"))
QUALIFIERS_MORE_THAN = (
    "more than",
    "over",
    "upwards of",
    normalize_text("أكثر من"),
    normalize_text("اكثر من"),
    normalize_text("ما يزيد عن"),
    normalize_text("ما يزيد على"),
)
QUALIFIERS_ABOUT = (
    "about",
    "around",
    "nearly",
    "almost",
    "approximately",
    "some",
    "roughly",
    "up to",
    normalize_text("نحو"),
    normalize_text("حوالي"),
    normalize_text("قرابة"),
    normalize_text("زهاء"),
    normalize_text("ما يقارب"),
)
QUALIFIERS_AT_MOST = ("at most", "fewer than", "less than", "under", normalize_text("أقل من"))
# "no soldiers were killed", "no casualties", "لم يسقط قتلى", "دون وقوع إصابات"
EN_ZERO = r"\b(?:no|zero|not a single|none of the|without any)\b"
AR_ZERO = _ar("دون بدون لا لم عدم")

# Words after a number that make it something other than a count of people.
NOT_PEOPLE = words(
    "percent per cent km km2 kilometr kilomet mile meter metr villag town vehicl car tank truck bodi "
    "day week month year hour minut second dollar barrel ton tonn hectar acr squar rocket missil shell "
    "raid strike airstrik sorti time point posit checkpoint %"
) | _ar(
    "بالمئة بالمائة كم كيلومتر قرية قرى بلدة سيارة سيارات عربة آلية آليات دبابة "
    "يوم أيام ساعة شهر عام صاروخ صواريخ"
)
# Counts of things, not people, by the unit that follows the number (English stems, Arabic
# words): "more than 40 villages" vs "24 villages", "about 2,000 square kilometres" vs "3,468
# km2", "only 8 raids" vs "more than 35 air raids" cannot both be right.
UNIT_COUNTS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "villages": (words("villag"), _ar("قريه قري قرى بلدات")),
    "area": (words("km2 sq"), _ar("كم2 كيلومتر كيلومترا")),
    "strikes": (words("raid airstrik strike sorti"), _ar("غاره غارات")),
}
# How long something lasted: "an 18-month siege", "the siege imposed for three years", "الحصار
# ... منذ ثلاث سنوات". Units in days (English stems, Arabic words), with the slack of a rounded
# figure: "three years" is 30 to 42 months, so it agrees with "nearly three years" and "two and a
# half years" rounded up, never with "18 months".
DURATION_UNITS: dict[str, tuple[int, int]] = {
    **{stem: (365, 182) for stem in words("year")},
    **{stem: (30, 15) for stem in words("month")},
    **{stem: (7, 3) for stem in words("week")},
    **{stem: (1, 0) for stem in words("day")},
    **{word: (365, 182) for word in _ar("سنوات سنة سنين سنه عام اعوام أعوام")},
    **{word: (30, 15) for word in _ar("أشهر اشهر شهر شهرا شهور")},
    **{word: (7, 3) for word in _ar("أسابيع اسابيع أسبوع اسبوع")},
    **{word: (1, 0) for word in _ar("يوم يوما أيام ايام")},
}
# Words before a number that make it a duration ("for three years", "منذ ثلاث سنوات"), and
# words after the unit that make it a point in time instead ("three years ago", "a week later").
DURATION_BEFORE = words("for lasting lasted") | _ar("منذ لمده طيله طوال")
NOT_DURATION_AFTER = words("ago old later earlier after before from") | _ar("بعد قبل")
# What a duration can be the length of, by concept: a siege, a side's hold on a place, a
# detention. Another duration ("a 10-day battle", "two years of talks") is not compared.
LASTING_CONCEPTS = words("siege control arrest")
# Words a unit may come after: "35 air raids", "2,000 square kilometres".
UNIT_LEAD = words("air square") | _ar("مربع")
SQUARE_KILOMETRES = words("kilometr km")

# "the death toll rose to 57"
TOLL_WORDS = words("toll") | _ar("حصيلة حصيله")
# An actor right after these is the one a place was taken from, not the one who took it.
NOT_DOER_BEFORE = words("from against of on") | _ar("من ضد على عن")

# Words that negate a sentence: with wording otherwise alike, one claim negated contradicts.
NEGATIONS = words("not no never cannot nor") | _ar("لم لن لا ليس ليست غير عدم")

# Control of a place: verbs that say who holds it now.
EN_CONTROL_GAIN = (
    r"\b(?:took|take|taken|taking|seized?|seizing|captured?|capturing|liberated?|liberating|liberation of"
    r"|took over|retook|retake|retakes|retaking|retaken|recaptured?|recapturing|regained?|regaining|regains"
    r"|restored (?:security|control|stability)"
    r"|stormed|in (?:full )?control of|controls|cleared|expelled|drove out|fell to"
    r"|handed over to|control of)\b"
)
EN_CONTROL_LOSS = (
    r"\b(?:withdrew|withdrawn|withdrawing|withdrawal|retreated|pulled out|lost|fled|evacuated)\b"
)
EN_PASSIVE_AGENT = r"\b(?:by|to)\b"  # "was captured by X", "fell to X", "handed over to X"
AR_CONTROL_GAIN = _ar(
    "سيطرت سيطر يسيطر تسيطر سيطرة السيطرة بسطت بسط تبسط يبسط "
    "استعادت استعاد استعادة يستعيد تستعيد حررت حرر تحرير "
    "اقتحمت اقتحم طردت طرد تسلمت تسلم"
)
AR_CONTROL_LOSS = _ar("انسحبت انسحب انسحاب خسرت خسر فقدت فقد فرار فرت")
# "تعيد الأمن إلى", "أعادت السيطرة على": a form of "restore" followed by security or control.
AR_RESTORE = _ar("اعاد اعادت يعيد تعيد اعاده اعادة")
AR_RESTORED = _ar("امن الامن سيطره السيطره")
# "retook the city", "استعادة السيطرة على المدينة": the place the claim is about, unnamed.
PLACE_ANAPHORS = words("city town village field area") | _ar(
    "المدينه مدينه البلده بلده القريه قريه الحقل حقل المنطقه"
)

EN_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
AR_WEEKDAYS = tuple(
    normalize_text(w) for w in ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
)
EN_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
AR_MONTHS = {
    normalize_text(name): month
    for name, month in {
        "كانون الثاني": 1,
        "يناير": 1,
        "شباط": 2,
        "فبراير": 2,
        "آذار": 3,
        "مارس": 3,
        "نيسان": 4,
        "أبريل": 4,
        "ابريل": 4,
        "أيار": 5,
        "مايو": 5,
        "حزيران": 6,
        "يونيو": 6,
        "تموز": 7,
        "يوليو": 7,
        "آب": 8,
        "أغسطس": 8,
        "اغسطس": 8,
        "أيلول": 9,
        "سبتمبر": 9,
        "تشرين الأول": 10,
        "أكتوبر": 10,
        "اكتوبر": 10,
        "تشرين الثاني": 11,
        "نوفمبر": 11,
        "كانون الأول": 12,
        "ديسمبر": 12,
    }.items()
}


def stem_en(word: str) -> str:
    from claims.matching.extract import stem

    return stem(word)


def stem_ar(word: str) -> str:
    from claims.matching.extract import stem

    return stem(normalize_text(word))


# Opposites: a claim with a word of one side and another claim with a word of the other side
# (and wording otherwise alike) contradict each other. Each line: English | Arabic, then the
# same for the opposite side.
OPPOSITES = (
    (
        "rise rose risen increase increased jump jumped surge surged climb climbed soar higher up",
        "ارتفاع ارتفع يرتفع ترتفع صعود صعد يصعد تصعد قفزة قفز يقفز تقفز "
        "زيادة زاد يزيد تزيد رفع يرفع ترفع أعلى",
        "fall fell drop dropped decrease decreased decline declined plunge plunged slump lower down",
        "انخفاض انخفض ينخفض تنخفض هبوط هبط يهبط تهبط تراجع يتراجع تتراجع تهوي هوى يهوي "
        "تخفيض خفض يخفض تخفض أدنى",
    ),
    ("win won victory", "فوز فاز يفوز تفوز انتصار", "lose lost defeat", "خسارة خسر يخسر تخسر هزيمة"),
    (
        "accept accepted approve approved agree agreed",
        "قبول قبل يقبل تقبل موافقة وافق يوافق توافق اتفاق",
        "reject rejected refuse refused disagree",
        "رفض يرفض ترفض خلاف",
    ),
    (
        "allow allowed grant granted permit",
        "سمح يسمح تسمح منح يمنح تمنح",
        "ban banned prevent prevented deny",
        "منع يمنع تمنع حظر يحظر",
    ),
    ("open opened reopen", "فتح يفتح تفتح افتتاح", "close closed shut", "إغلاق أغلق يغلق تغلق"),
    (
        "start started begin began launch launched resume resumed",
        "بدء بدأ يبدأ تبدأ انطلاق انطلق استئناف استأنف",
        "end ended stop stopped suspend suspended postpone postponed",
        "انتهاء انتهى ينتهي توقف يتوقف تعليق علق تأجيل أجل",
    ),
    ("success succeeded", "نجاح نجح ينجح تنجح", "failure failed fail", "فشل يفشل تفشل"),
    ("convicted sentenced", "إعدام إدانة أدان", "acquitted", "براءة برأ"),
    ("support supported", "دعم يدعم تدعم تأييد يؤيد", "oppose opposed", "معارضة يعارض تعارض"),
    (
        "recover recovered improve improved",
        "تعافي يتعافى تحسن يتحسن",
        "crisis worsen worsened",
        "أزمة تدهور يتدهور تفاقم",
    ),
)


def opposite_table() -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """The opposites as pairs of stem sets (stems come from extract, imported late)."""
    table = []
    for en_a, ar_a, en_b, ar_b in OPPOSITES:
        side_a = {stem_en(w) for w in en_a.split()} | {stem_ar(w) for w in ar_a.split()}
        side_b = {stem_en(w) for w in en_b.split()} | {stem_ar(w) for w in ar_b.split()}
        table.append((frozenset(side_a - side_b), frozenset(side_b - side_a)))
    return tuple(table)
