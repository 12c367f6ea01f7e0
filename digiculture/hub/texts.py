"""The words of the hub's sign-up page, in the kit's six languages.

Its labels, what it says after a sign-up (ready to log in, or waiting for a facilitator's
approval: whichever is true) and every refusal. The page speaks the language of the
invitation link (`lang=`, from the roster), else the browser's (Accept-Language), else
English. Drafts outside English: a native reviewer from the sector should check them.
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Sign up",
        "username": "Name on the hub:",
        "password": "Password (at least {length} characters):",
        "confirm": "Password again:",
        "submit": "Create my account",
        "have_account": "Already signed up? Log in",
        "ready": "Your account is ready: log in with your name and password.",
        "waiting": "Your account is made, but you are not on a course's list: a facilitator "
        "must approve it before you can log in. Ask your facilitator to approve '{name}'.",
        "taken": "The name '{name}' is already in use: if it is yours, log in; otherwise "
        "choose another name.",
        "mismatch": "The two passwords are not the same: type them again.",
        "weak": "This password cannot be used: choose one of at least {length} characters "
        "that is not a common password.",
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
        "title": "Registrieren",
        "username": "Name auf dem Hub:",
        "password": "Passwort (mindestens {length} Zeichen):",
        "confirm": "Passwort wiederholen:",
        "submit": "Mein Konto anlegen",
        "have_account": "Schon registriert? Anmelden",
        "ready": "Ihr Konto ist bereit: Melden Sie sich mit Ihrem Namen und Passwort an.",
        "waiting": "Ihr Konto ist angelegt, aber Sie stehen auf keiner Kursliste: Die "
        "Kursleitung muss es freigeben, bevor Sie sich anmelden können. Bitten Sie Ihre "
        "Kursleitung, „{name}“ freizugeben.",
        "taken": "Unter „{name}“ hat sich schon jemand registriert: Melden Sie sich an oder "
        "wählen Sie einen anderen Namen.",
        "mismatch": "Die beiden Passwörter stimmen nicht überein: Geben Sie sie erneut ein.",
        "weak": "Dieses Passwort ist nicht möglich: Wählen Sie eines mit mindestens {length} "
        "Zeichen, das kein gängiges Passwort ist.",
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
        "title": "Registrati",
        "username": "Nome sull'hub:",
        "password": "Password (almeno {length} caratteri):",
        "confirm": "Ripeti la password:",
        "submit": "Crea il mio account",
        "have_account": "Sei già registrato? Accedi",
        "ready": "Il tuo account è pronto: accedi con il tuo nome e la tua password.",
        "waiting": "Il tuo account è stato creato, ma non sei nell'elenco di un corso: un "
        "facilitatore deve approvarlo prima che tu possa accedere. Chiedi al tuo facilitatore "
        "di approvare «{name}».",
        "taken": "Qualcuno si è già registrato come «{name}»: accedi, oppure scegli un altro nome.",
        "mismatch": "Le due password non sono uguali: scrivile di nuovo.",
        "weak": "Questa password non può essere usata: scegline una di almeno {length} "
        "caratteri che non sia una password comune.",
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
        "title": "Registracija",
        "username": "Ime na hubu:",
        "password": "Lozinka (najmanje {length} znakova):",
        "confirm": "Ponovite lozinku:",
        "submit": "Izradi moj račun",
        "have_account": "Već ste registrirani? Prijavite se",
        "ready": "Vaš je račun spreman: prijavite se svojim imenom i lozinkom.",
        "waiting": "Vaš je račun izrađen, ali niste na popisu nijednog tečaja: voditelj ga "
        "mora odobriti prije nego što se možete prijaviti. Zamolite voditelja da odobri "
        "„{name}”.",
        "taken": "Netko se već registrirao kao „{name}”: prijavite se ili odaberite drugo ime.",
        "mismatch": "Dvije lozinke nisu iste: upišite ih ponovno.",
        "weak": "Ova se lozinka ne može koristiti: odaberite lozinku od najmanje {length} "
        "znakova koja nije uobičajena.",
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
        "title": "Εγγραφή",
        "username": "Όνομα στον κόμβο:",
        "password": "Κωδικός πρόσβασης (τουλάχιστον {length} χαρακτήρες):",
        "confirm": "Ξανά ο κωδικός πρόσβασης:",
        "submit": "Δημιουργία του λογαριασμού μου",
        "have_account": "Έχετε ήδη εγγραφεί; Συνδεθείτε",
        "ready": "Ο λογαριασμός σας είναι έτοιμος: συνδεθείτε με το όνομα και τον κωδικό σας.",
        "waiting": "Ο λογαριασμός σας δημιουργήθηκε, αλλά δεν είστε στη λίστα κάποιου "
        "μαθήματος: ένας εκπαιδευτής πρέπει να τον εγκρίνει πριν μπορέσετε να συνδεθείτε. "
        "Ζητήστε από τον εκπαιδευτή σας να εγκρίνει το «{name}».",
        "taken": "Κάποιος έχει ήδη εγγραφεί ως «{name}»: συνδεθείτε ή επιλέξτε άλλο όνομα.",
        "mismatch": "Οι δύο κωδικοί δεν είναι ίδιοι: πληκτρολογήστε τους ξανά.",
        "weak": "Αυτός ο κωδικός δεν μπορεί να χρησιμοποιηθεί: επιλέξτε έναν με τουλάχιστον "
        "{length} χαρακτήρες που δεν είναι συνηθισμένος κωδικός.",
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
        "title": "Registar",
        "username": "Nome no hub:",
        "password": "Palavra-passe (pelo menos {length} caracteres):",
        "confirm": "Repita a palavra-passe:",
        "submit": "Criar a minha conta",
        "have_account": "Já se registou? Inicie sessão",
        "ready": "A sua conta está pronta: inicie sessão com o seu nome e palavra-passe.",
        "waiting": "A sua conta foi criada, mas não está na lista de nenhum curso: um formador "
        "tem de a aprovar antes de poder iniciar sessão. Peça ao seu formador que aprove "
        "«{name}».",
        "taken": "Alguém já se registou como «{name}»: inicie sessão ou escolha outro nome.",
        "mismatch": "As duas palavras-passe não são iguais: escreva-as novamente.",
        "weak": "Esta palavra-passe não pode ser usada: escolha uma com pelo menos {length} "
        "caracteres que não seja uma palavra-passe comum.",
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


def say(lang: str, key: str, **values: object) -> str:
    return WORDS.get(lang, WORDS["en"])[key].format(**values)


def page_words(lang: str, length: int) -> dict[str, str]:
    """The sign-up page's labels in `lang` (the template's `words`)."""
    keys = ("title", "username", "password", "confirm", "submit", "have_account", "label")
    return {key: say(lang, key, length=length) for key in keys}
