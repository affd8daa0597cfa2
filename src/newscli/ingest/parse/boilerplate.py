"""Text around an article's body that is not the article: its headline again, trailing widgets.

Extractors keep the page's ``<h1>`` as the first line of the text, and the last
paragraphs are often sharing buttons, "read more" links, copyright lines and
newsletter sign-ups. Both are cut by small lists of patterns, in a few languages.
"""

from __future__ import annotations

import re
import unicodedata

# A trailing paragraph this long or longer is taken for article text whatever it says.
MAX_TAIL_CHARS = 300
# A line above the headline naming the section or topic ("News", "Corona-Pandemie").
MAX_KICKER_CHARS = 60
# A headline's first or last words on a line of their own ("30.11. | Buch der Woche").
MIN_PART_WORDS = 3
_TAIL = re.compile(
    "|".join(
        (
            r"(?:you (?:might|may) also (?:like|enjoy)|related(?: (?:articles?|stories|posts|"
            r"content|coverage|topics))?|more (?:from|on|stories|news)\b|recommended(?: for you)?"
            r"|read (?:more|next|also)\b|see also|also read|most (?:read|popular))\b.*",
            r"(?:share|tweet|pin|email)(?: (?:this|on|via|the)\b.*)?|share this:?.*",
            r"(?:follow|like) us\b.*|(?:click|tap) (?:here )?to share.*",
            r"(?:loading|load|show|view|read|leave|post|add) (?:\d+ )?(?:a )?comments?\b.*",
            r"(?:leave a reply|\d+ comments?|comments?|responses?|discussion)",
            r".*\b(?:in the comments|comments? below|comment section|comments section)\b.*",
            # Rights lines, wherever the sign stands: "From the book ... Copyright © 2019".
            r"(?:copyright|bildrechte)\b.*",
            r".*(?:©|\(c\) \d{4}|\bcopyright \d{4}|all rights reserved|alle rechte vorbehalten"
            r"|droits réservés|derechos reservados|prawem autorskim).*",
            r"(?:sign up|subscribe|join|get)\b.{0,100}\b(?:newsletter|updates|inbox)\b.*",
            # A newsletter named with a call to sign up for it, anywhere in the line.
            r"(?=.*\b(?:newsletter|bolet[ií]n))"
            r"(?=.*\b(?:sign up|subscribe|abonn|anmeld|melde dich|register|inscri|suscr)).*",
            r".*\bsign up (?:here|now|today)\b.*",
            r"(?:newsletter|never miss|don't miss|(?:first-time |new )?subscri\w*|advertise)\b.*",
            # A shop's link and a job board's box: "View it at Amazon", "20,000 dream jobs".
            r".*\b(?:bei|on|at) amazon (?:ansehen|kaufen|bestellen|anschauen)\b.*",
            r"(?:buy|view|shop|see) (?:it |this )?(?:on|at) amazon\b.*",
            r".*\b(?:jobbörse|traumjobs?|stellenmarkt|job board|jobs board)\b.*",
            # A paywall's note and an invitation to a messenger channel.
            r".*\balready an? (?:subscriber|member)\b.*",
            r"(?=.*\b(?:telegram|whatsapp)\b)(?=.*\b(?:channel|canal|kanal|chaîne)\b).*",
            r"(?:if you (?:enjoyed|liked|found)|did you (?:enjoy|like)|support (?:our|us)\b"
            r"|become a (?:member|subscriber|patron)|hazte (?:miembro|socio))\b.*",
            # Appeals for support and feedback, wherever they stand in the line.
            r"(?:.{0,20}\b(?:please|bitte|hilf mit und|help us and)\s+)?"
            r"(?:support|unterstütze|unterstützen sie)\s+(?:our|us|unser\w*)\b.*",
            r".*\b(?:we need|brauchen wir) (?:your|deine|ihre)"
            r" (?:support|unterstützung|help|hilfe)\b.*",
            r"(?:gefällt (?:dir|ihnen) (?:unser|dieser|der)"
            r"|do you (?:like|enjoy) (?:our|this))\b.*",
            r".*\b(?:freuen? (?:uns|mich)|freuen wir uns|freue ich mich)\b.{0,80}\b(?:kommentar\w*"
            r"|meinung|feedback|rückmeldung|erfahrungsberichte?|wenn (?:du|dir|ihr|euch))\b.*",
            r".*\b(?:we(?:'d| would)? (?:love|like|want) to hear"
            r"|look forward to (?:your|hearing))\b.*",
            r".*\b(?:leave|hinterlasse|hinterlassen sie)\b.{0,60}\b(?:comment|kommentar)\b.*",
            r".*\b(?:donate (?:now|here|today)|make a donation|jetzt spenden|spenden sie"
            r"|spendenbutton)\b.*",
            # A subscription offer: "Cancel anytime."
            r".*\b(?:cancel (?:anytime|any time)|cancela cuando quieras|jederzeit kündbar"
            r"|sans engagement)\b.*",
            r".*\b(?:gutscheincode|rabattcode|coupon code|promo code|discount code)\b.*",
            # "Read more about how we work here.", "All the results are HERE."
            r".{0,60}\b(?:lesen sie|liest du|findest du|finden sie|findet ihr|erfahren sie"
            r"|erfährst du|read|find|learn more|click|klicken sie)\b.{0,30}"
            r"\b(?:hier|here)[.!]?",
            # A sponsorship or affiliate note, and an advertisement's label in brackets.
            r"\*?(?:dieser (?:beitrag|artikel)|this (?:post|article))\b.{0,80}\b(?:kooperation"
            r"|partnership|sponsored|gesponsert|affiliate|werbung|provision|commission)\b.*",
            r"[\[(](?:werbung|anzeige|advertisement|ad|sponsored|reklama|publicidad)[\])].*",
            r"(?:follow|find)\b.{0,60}\bon (?:twitter|facebook|instagram|linkedin|x)\b.*",
            r".{0,60}\b(?:download|get) (?:the|our)\b.{0,40}\bapps?\b.*",
            r"(?:advertisement|sponsored|anzeige|werbung|publicité|publicidad|reklama)",
            # A site's own newsletter, named in any words: "Look into our music newsletter!"
            r".*\b(?:our|my|unseren?|unserem|meinen?|meinem|notre|mon|nuestro|mi)\s+(?:\w+\s+)?\w*(?:newsletter|boletín)\b.*",
            r"(?:tags?|topics?|filed under|categories|schlagworte|themen|temas|etiquetas)\s*:.*",
            r"(?:tags?|topics?|categories|schlagworte|themen|temas|etiquetas)",
            # Picture credits and source lines: "Titelbild: ...", "(Credit: ...)", "Quelle: dpa".
            r"\(?(?:[^\W\d_]+ )?(?:photos?|images?|pictures?|fotos?|bild|bildquelle|titelbild"
            r"|beitragsbild|headerbild|vorschaubild|rubriklistenbild|crédits? photos?"
            r"|image illustrative|credits?|photo source|source photo|quelle|source|fuente|fonte"
            r"|short-?url|kurz-?url|permalink"
            r"|źródło)\s*(?::|via\b).*",
            # An agency's or editors' initials: "aja/PAP", "(dpa/AFP)".
            r"\(?[^\W\d_]{1,10}(?:\s*/\s*[^\W\d_]{1,10})+\)?\.?",
            # A consent placeholder for an embedded widget.
            r".{0,40}\b(?:click|tap|klicken sie)\b.{0,40}\bbutton\b.*",
            # German, French, Spanish, Italian, Portuguese, Dutch, Czech, Polish
            r"(?:mehr zum thema|lesen sie (?:auch|mehr)|auch lesen|schon gelesen|weiterlesen"
            r"|weitere artikel|empfehlungen|empfohlene (?:beiträge|artikel)|das könnte sie "
            r"(?:auch )?interessieren|(?:jetzt |artikel )?teilen|kommentare?|zum thema"
            r"|lust auf mehr).*",
            r".*\b(?:kommentarfunktion|kommentarbereich)\b.*",
            r"(?:lire (?:aussi|la suite|plus)|à lire aussi|voir aussi|partager|sur le même "
            r"sujet).*",
            r"(?:leer más|lee también|(?:le|te) puede interesar|únete|¡?mira\b|compartir"
            r"|leggi anche|condividi|leia (?:também|mais)|lees ook|lees meer|delen|čtěte také"
            r"|sdílet|czytaj (?:też|także|również)|zobacz (?:też|także|również)"
            r"|zapraszamy (?:też |także )?do).*",
        )
    ),
    re.I | re.S,
)
# A reading-time badge, wherever it stands: "4 min read", "Lesezeit: 3 Minuten".
_READING_TIME = re.compile(
    r"(?:\d+\s*(?:-\s*)?min(?:ute)?s?\.?\s+(?:read|lesezeit|de lecture|de lectura)"
    r"|(?:reading time|lesezeit|temps de lecture|tiempo de lectura|czas czytania)\b.*"
    r"|ten tekst przeczytasz\b.*)",
    re.I,
)
MAX_READING_TIME_CHARS = 60
# A line this short, without a full stop, reads as a heading ("Schon gelesen?").
MAX_HEADING_WORDS = 8
# "Noch mehr?", "More?": a question this short heads something; a longer one asks the reader.
MAX_QUESTION_HEADING_WORDS = 3
# A link covering this share of a paragraph makes the paragraph a link.
MIN_LINK_SHARE = 0.6


def comparable(text: str) -> str:
    """TEXT as compared with a title: case folded, punctuation and spacing dropped."""
    text = unicodedata.normalize("NFKC", text).casefold()
    # Soft hyphens and other invisible format characters break no word.
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def headline_at_start(headlines: list[str], paragraphs: list[str]) -> int | None:
    """Where one of HEADLINES (or its first or last words) opens PARAGRAPHS: first, or
    second after a short kicker."""
    wanted = {comparable(h) for h in headlines if comparable(h)}
    for i, paragraph in enumerate(paragraphs[:2]):
        text = comparable(paragraph)
        if text in wanted or (
            len(text.split()) >= MIN_PART_WORDS
            and any(w.startswith(f"{text} ") or w.endswith(f" {text}") for w in wanted)
        ):
            return i
        if len(paragraph) > MAX_KICKER_CHARS:
            break
    return None


def drop_repeated_headline(headlines: list[str], paragraphs: list[str]) -> list[str]:
    """PARAGRAPHS without an opening one that repeats one of HEADLINES (and its kicker)."""
    rest = list(paragraphs)
    while (at := headline_at_start(headlines, rest)) is not None and len(rest) > at + 1:
        rest = rest[at + 1 :]
    return rest


def drop_reading_times(paragraphs: list[str]) -> list[str]:
    """PARAGRAPHS without the reading-time badges among them."""
    return [
        p
        for p in paragraphs
        if len(p) > MAX_READING_TIME_CHARS or not _READING_TIME.fullmatch(p.strip(" ·|•"))
    ] or paragraphs


def _is_link(paragraph: str, links: frozenset[str]) -> bool:
    """Whether PARAGRAPH is, for the most part, the text of one of LINKS."""
    text = comparable(paragraph)
    if not text:
        return False
    if text in links:
        return True
    return any(len(link) >= MIN_LINK_SHARE * len(text) and link in text for link in links)


def _is_heading(paragraph: str) -> bool:
    """A short line not ending a sentence: what heads a list of links."""
    text = paragraph.strip()
    return len(text.split()) <= MAX_HEADING_WORDS and not text.endswith((".", "!", '"', "”"))


def trim_tail(paragraphs: list[str], links: frozenset[str] = frozenset()) -> list[str]:
    """PARAGRAPHS without the trailing widgets and links; the first one always stays.

    Cut from the end: lines matching the widget patterns, lines ending in a colon
    (what they introduced is gone), paragraphs that are one of LINKS (the page's
    link texts, as ``comparable`` gives them: teasers of other articles), the
    short heading above such links, and a heading left alone after the last sentence.
    """
    end = len(paragraphs)
    while True:
        end = _widgets_end(paragraphs, end, links)
        if not (end > 2 and _heads_nothing(paragraphs[end - 1], paragraphs[end - 2])):
            return paragraphs[:end]
        end -= 1


def _widgets_end(paragraphs: list[str], end: int, links: frozenset[str]) -> int:
    """Where the run of widget lines, links and their headings before END starts."""
    after_links = False
    while end > 1 and len(paragraphs[end - 1]) < MAX_TAIL_CHARS:
        last = paragraphs[end - 1].strip()
        if _TAIL.fullmatch(last.strip(" |•·-–—:<>»«")) or last.endswith((":", "：")):
            after_links = False
        elif _is_link(last, links):
            after_links = True
        elif after_links and _is_heading(last):
            after_links = False
        else:
            break
        end -= 1
    return end


def _heads_nothing(last: str, before: str) -> bool:
    """Whether LAST is a lone heading after the text's last sentence: what it headed
    (a box of links, a widget) was not kept."""
    question = last.rstrip().endswith("?") and len(last.split()) > MAX_QUESTION_HEADING_WORDS
    return (
        len(last) <= MAX_KICKER_CHARS
        and _is_heading(last)
        and not question
        and not last.rstrip().endswith(("!", "»", ")"))
        and before.rstrip().endswith((".", "!", "?", '"', "”", "»", ")", ":"))
    )
