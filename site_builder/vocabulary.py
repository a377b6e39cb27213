"""The shared vocabulary around names: honorifics, name particles, titles of office, role
labels, organisation words, months. Every reader and `extract/` module takes its words from
here, so that what counts as an honorific or an office is decided once.

Names themselves are never listed: they are found by shape, so the same code works for any
corpus. These are the words *around* names.
"""

from __future__ import annotations

ABBREVIATIONS = (
    "Rep", "Reps", "Sen", "Sens", "Gov", "Gen", "Adm", "Lt", "Col", "Maj", "Capt", "Cmdr", "Sgt",
    "Dr", "Mr", "Mrs", "Ms", "Mx", "Prof", "Amb", "Pres", "Sec", "Rev", "Hon", "St", "Jr", "Sr",
)
# Words that may sit between the capitalised words of one title or organisation.
CONNECTORS = {"of", "for", "and", "the", "on", "to", "&"}
# Words that may sit inside one person's name.
PARTICLES = {"de", "del", "della", "da", "di", "du", "van", "von", "der", "den", "la", "le", "bin", "ibn", "al", "el", "ter"}

HONORIFICS = {"dr", "mr", "mrs", "ms", "mx", "miss", "sir", "dame", "lord", "lady", "hon", "rev", "prof", "professor"}
SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"}
# Title words: a capitalised one ends the title part of "Ruritanian Foreign Minister Li Wei".
TITLE_WORDS = HONORIFICS | {
    "president", "vice", "minister", "secretary", "ambassador", "rep", "reps", "sen", "sens", "senator",
    "representative", "congressman", "congresswoman", "lawmaker", "spokesperson", "spokesman",
    "spokeswoman", "advisor", "adviser", "envoy", "leader", "chairman", "chairwoman", "chair",
    "premier", "chancellor", "governor", "gov", "mayor", "general", "gen", "admiral", "adm",
    "commander", "speaker", "commissioner", "councilor", "councillor", "counselor", "director",
    "administrator", "attorney", "judge", "lt", "col", "maj", "capt", "cmdr", "sgt", "amb", "pres", "sec", "deputy", "assistant",
    "undersecretary", "under", "chief", "consul", "negotiator", "coordinator", "czar",
    "tsar", "diplomat", "official", "former", "acting", "senior", "top", "prime", "state", "sheikh",
    "analyst", "scholar", "fellow", "expert", "researcher", "economist", "historian", "lecturer",
}
# Organisation and place words: a name never contains one ("Example Institute", "Coral Sea").
ORG_WORDS = {
    "institute", "institution", "center", "centre", "council", "committee", "commission", "department",
    "ministry", "office", "bureau", "agency", "university", "college", "school", "academy", "foundation",
    "fund", "endowment", "coalition", "initiative", "hub", "program", "programme", "project", "forum",
    "society", "association", "group", "party", "house", "senate", "congress", "parliament", "summit",
    "dialogue", "conference", "bank", "company", "corporation", "inc", "ltd", "times", "post", "journal",
    "news", "press", "studies", "affairs", "security", "defense", "defence", "foreign", "treasury",
    "commerce", "trade", "national", "administration", "government", "states", "nations", "union",
    "republic", "sea", "strait", "straits", "ocean", "island", "islands", "river", "street",
    "square", "guesthouse", "palace", "war", "campus", "cooperation", "economic", "working", "force",
    "army", "navy", "military", "communist", "central", "federal", "pentagon",
    "kremlin", "cabinet", "embassy", "consulate", "service", "review", "magazine", "twitter",
    "daily", "tribune", "herald", "gazette", "radio", "television", "tv", "broadcasting", "channel",
    "newspaper", "network",
}
MONTHS_DAYS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}
# Capitalised only because they start a sentence or clause.
STOPWORDS = {
    "a", "an", "the", "as", "at", "in", "on", "if", "but", "and", "or", "so", "yet", "when", "while",
    "after", "before", "since", "though", "although", "because", "meanwhile", "however", "still",
    "also", "even", "then", "this", "that", "these", "those", "it", "its", "he", "she", "his", "her",
    "they", "we", "i", "you", "our", "their", "here", "there", "now", "asked", "according", "last",
    "next", "earlier", "later", "like", "unlike", "with", "without", "for", "from", "by", "to", "of",
    "instead", "nonetheless", "nevertheless", "furthermore", "moreover", "indeed", "perhaps",
    "prior", "both", "neither", "either", "among", "during", "despite", "where", "what", "why", "how",
    "who", "which", "whether", "not", "no", "yes", "mr", "first", "second", "third", "finally",
}
# First words of place names, never of a person's: "South Korea said" is no one.
PLACE_STARTS = {
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "new", "saudi",
    "united", "hong", "sri", "costa", "puerto", "san", "santa", "los", "las", "saint", "upper", "lower",
}
PRONOUNS = {"he", "she"}

# Role labels of transcripts and interviews: the label names a part someone plays, not a person.
HOST_WORDS = {"host", "co-host", "cohost", "anchor", "presenter"}
MODERATOR_WORDS = {"moderator", "presider", "chair", "facilitator", "emcee", "mc"}
INTERVIEWER_WORDS = {"interviewer", "q", "question", "questioner"}
AUDIENCE_WORDS = {
    "audience", "audience member", "participant", "questioner", "question", "q", "attendee", "caller",
    "unidentified", "unidentified speaker", "unknown speaker", "speaker", "voice", "reporter", "journalist",
    "male", "female", "man", "woman", "crowd", "multiple speakers", "all", "student",
}
ANSWER_WORDS = {"a", "answer"}
# Capitalised words that make a byline a job title or a house byline, not a person.
HOUSE_BYLINE_WORDS = {
    "the", "staff", "editors", "editor", "team", "desk", "experts", "contributors", "correspondent",
    "correspondents", "fellow", "director", "reporter", "writer", "analyst", "columnist", "president",
    "senior", "associate", "research", "scholar", "officer", "board", "news", "wire", "agencies",
    "editorial", "newsroom", "agency", "reuters", "staffers", "bureau",
}

MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")

# Word lists for role evidence, as regular-expression alternatives (see extract/roles.py).
EXPERT_NOUNS = (
    r"fellow|professor|prof|expert|analyst|scholar|researcher|lecturer|economist|historian|academic|"
    r"sinologist|specialist|commentator|strategist|think[- ]tank|research|authors? of (?:a|an|the)\b"
)
THINK_TANKS = (
    r"institute|institution|center|centre|council|foundation|fund|endowment|university|college|school|"
    r"coalition|initiative|hub|program|programme|forum|society|academy|studies|think[- ]tank|project|"
    r"consultancy|trust"
)
LEADERS = (
    r"director|president|chair|chairman|chairwoman|head|founder|co-founder|advisor|adviser|executive|"
    r"ceo|dean|partner|lead|principal|manager|assistant|associate"
)
OFFICIALS = (
    r"official|officials|spokesperson|spokesman|spokeswoman|minister|secretary|ambassador|rep|reps|sen|"
    r"senator|representative|congressman|congresswoman|lawmaker|legislator|democrat|republican|envoy|"
    r"diplomat|leader|president|premier|chancellor|governor|mayor|general|admiral|commander|advisor|"
    r"adviser|speaker|commissioner|councilor|councillor|chairman|king|queen|prince|deputy|"
    r"undersecretary|negotiator|consul|delegate|czar|tsar|coordinator|director|gov|gen|adm|amb"
)
FORMER_OFFICIAL = (
    r"official|officer|diplomat|ambassador|secretary|minister|adviser|advisor|negotiator|envoy|chairman|"
    r"chairwoman|chair|governor|senator|representative|president|general|admiral|spokesperson|spokesman|"
    r"chief|economist|director|head|staffer|aide"
)
# Organisations outside government: their presidents and directors speak for a union, a
# company or an association, not for a state.
NON_GOVERNMENT = (
    r"union|association|federation|chamber|company|corporation|firm|group|bank|fund|foundation|"
    r"institute|institution|university|college|school|society|coalition|alliance|league|network|"
    r"organization|organisation|campaign|party|committee for|consultancy|partners|advisors|advisers|"
    r"capital|holdings|inc|llc|ltd|center|centre|trust|project|initiative|forum|academy|endowment"
)
PRESS = r"reporter|journalist|correspondent|editor|editor-in-chief|columnist|writer|commentator|blogger"
# Organisations of states: their staff speak for them as officials do.
INTERGOVERNMENTAL = (
    r"IMF|International Monetary Fund|World Bank|United Nations|U\.N\.|UN|NATO|WTO|World Trade Organi[sz]ation|"
    r"European Commission|European Central Bank|ECB|OECD|World Health Organi[sz]ation|WHO|IAEA|"
    r"African Union|ASEAN Secretariat|Security Council"
)
