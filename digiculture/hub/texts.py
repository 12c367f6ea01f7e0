"""The words of the hub's sign-up page that the kit adds, in the kit's six languages.

The page speaks the language of the invitation link (`lang=`, from the roster), else the
browser's (Accept-Language), else English. Drafts outside English: a native reviewer from the
sector should check them.
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "label": "Invitation code (from your facilitator's link; leave empty if you have none):",
        "bad_name": "'{name}' cannot be a name here: use lower-case letters, digits, '.', '_' "
        "and '-', starting with a letter.",
        "reserved": "'{name}' is reserved on this hub (it is an account or group of this "
        "machine, or could pass for one): choose another name.",
        "need_invitation": "This name belongs to a learner or facilitator of the course: sign "
        "up with the personal invitation link your facilitator sent you.",
        "wrong_code": "This invitation code is not the one for this name: open the link from "
        "your invitation again (or copy the code exactly).",
        "expired": "This invitation has expired: ask your facilitator for a new one.",
    },
    "de": {
        "label": "Einladungscode (aus dem Link Ihrer Kursleitung; leer lassen, wenn Sie keinen "
        "haben):",
        "bad_name": "„{name}“ kann hier kein Name sein: Verwenden Sie Kleinbuchstaben, Ziffern, "
        "„.“, „_“ und „-“, beginnend mit einem Buchstaben.",
        "reserved": "„{name}“ ist auf diesem Hub reserviert (ein Konto oder eine Gruppe dieses "
        "Rechners, oder damit verwechselbar): Wählen Sie einen anderen Namen.",
        "need_invitation": "Dieser Name gehört einer teilnehmenden Person oder der Kursleitung: "
        "Registrieren Sie sich mit dem persönlichen Einladungslink, den Ihre Kursleitung Ihnen "
        "geschickt hat.",
        "wrong_code": "Dieser Einladungscode gehört nicht zu diesem Namen: Öffnen Sie den Link "
        "aus Ihrer Einladung erneut (oder kopieren Sie den Code genau).",
        "expired": "Diese Einladung ist abgelaufen: Bitten Sie Ihre Kursleitung um eine neue.",
    },
    "it": {
        "label": "Codice di invito (dal link del tuo facilitatore; lascia vuoto se non ne hai "
        "uno):",
        "bad_name": "«{name}» non può essere un nome qui: usa lettere minuscole, cifre, «.», «_» "
        "e «-», iniziando con una lettera.",
        "reserved": "«{name}» è riservato su questo hub (è un account o un gruppo di questa "
        "macchina, o potrebbe sembrarlo): scegli un altro nome.",
        "need_invitation": "Questo nome appartiene a un partecipante o a un facilitatore del "
        "corso: registrati con il link di invito personale che ti ha inviato il tuo "
        "facilitatore.",
        "wrong_code": "Questo codice di invito non corrisponde a questo nome: apri di nuovo il "
        "link del tuo invito (o copia il codice esattamente).",
        "expired": "Questo invito è scaduto: chiedine uno nuovo al tuo facilitatore.",
    },
    "hr": {
        "label": "Kôd pozivnice (iz poveznice vašeg voditelja; ostavite prazno ako ga nemate):",
        "bad_name": "„{name}” ovdje ne može biti ime: koristite mala slova, znamenke, „.”, „_” i "
        "„-”, s početnim slovom.",
        "reserved": "„{name}” je rezervirano na ovom hubu (račun ili grupa ovog računala, ili bi "
        "se s njima moglo zamijeniti): odaberite drugo ime.",
        "need_invitation": "Ovo ime pripada polazniku ili voditelju tečaja: registrirajte se "
        "osobnom poveznicom pozivnice koju vam je poslao voditelj.",
        "wrong_code": "Ovaj kôd pozivnice ne pripada ovom imenu: ponovno otvorite poveznicu iz "
        "pozivnice (ili točno kopirajte kôd).",
        "expired": "Ova je pozivnica istekla: zatražite novu od svojeg voditelja.",
    },
    "el": {
        "label": "Κωδικός πρόσκλησης (από τον σύνδεσμο του εκπαιδευτή σας· αφήστε το κενό αν "
        "δεν έχετε):",
        "bad_name": "Το «{name}» δεν μπορεί να είναι όνομα εδώ: χρησιμοποιήστε πεζά γράμματα, "
        "ψηφία, «.», «_» και «-», ξεκινώντας με γράμμα.",
        "reserved": "Το «{name}» είναι δεσμευμένο σε αυτόν τον κόμβο (λογαριασμός ή ομάδα αυτού "
        "του υπολογιστή, ή μοιάζει με αυτά): επιλέξτε άλλο όνομα.",
        "need_invitation": "Αυτό το όνομα ανήκει σε συμμετέχοντα ή εκπαιδευτή του μαθήματος: "
        "εγγραφείτε με τον προσωπικό σύνδεσμο πρόσκλησης που σας έστειλε ο εκπαιδευτής σας.",
        "wrong_code": "Αυτός ο κωδικός πρόσκλησης δεν αντιστοιχεί σε αυτό το όνομα: ανοίξτε "
        "ξανά τον σύνδεσμο της πρόσκλησής σας (ή αντιγράψτε τον κωδικό ακριβώς).",
        "expired": "Αυτή η πρόσκληση έχει λήξει: ζητήστε νέα από τον εκπαιδευτή σας.",
    },
    "pt": {
        "label": "Código de convite (da ligação do seu formador; deixe vazio se não tiver):",
        "bad_name": "«{name}» não pode ser um nome aqui: use letras minúsculas, algarismos, «.», "
        "«_» e «-», começando por uma letra.",
        "reserved": "«{name}» está reservado neste hub (é uma conta ou um grupo desta máquina, "
        "ou pode passar por um): escolha outro nome.",
        "need_invitation": "Este nome pertence a um formando ou formador do curso: registe-se "
        "com a ligação de convite pessoal que o seu formador lhe enviou.",
        "wrong_code": "Este código de convite não corresponde a este nome: abra novamente a "
        "ligação do seu convite (ou copie o código exatamente).",
        "expired": "Este convite expirou: peça um novo ao seu formador.",
    },
}


def language(asked: str, accept_language: str) -> str:
    """The page's language: `asked` (the link's lang=), else the browser's first known one."""
    if asked in WORDS:
        return asked
    for part in accept_language.split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in WORDS:
            return tag
    return "en"


def say(lang: str, key: str, **values: str) -> str:
    return WORDS.get(lang, WORDS["en"])[key].format(**values)
