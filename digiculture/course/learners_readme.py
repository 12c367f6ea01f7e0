"""The README.md of a learners' branch (`digiculture course publish`): the first page a learner
sees of the repository on GitHub, or of the folder a hub link copies into their home.

The page's sentences, per language. Drafts outside English: a native speaker from the sector
should review them (as the start page's words in digiculture/course/start_page.py).
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "BoostDigiCulture: the course for learners",
        "intro": "Short units (10 to 20 minutes) about digital work in museums, libraries, "
        "archives and galleries. You learn by doing real tasks on small example data.",
        "start": "**Start here:** open `notebooks/start_here.ipynb`. It lists the units in the "
        "order to take them.",
        "where": "The units are in `notebooks/release/`, their example data in `notebooks/data/`.",
        "run": "In a unit, click into a grey code cell and press **Shift + Enter** to run it. "
        "The check cell under an exercise tells you whether your answer is right and what to "
        "try.",
        "binder": "On Binder nothing is kept after the session: to keep your work, download the "
        "notebook (File > Download).",
        "help": "Questions? Ask your facilitator.",
        "made": "This copy of the course was made for learners: it holds no answers.",
    },
    "de": {
        "title": "BoostDigiCulture: der Kurs für Teilnehmende",
        "intro": "Kurze Einheiten (10 bis 20 Minuten) über digitale Arbeit in Museen, "
        "Bibliotheken, Archiven und Galerien. Sie lernen an echten Aufgaben mit kleinen "
        "Beispieldaten.",
        "start": "**Hier beginnen:** Öffnen Sie `notebooks/start_here.ipynb`. Dort stehen die "
        "Einheiten in der Reihenfolge, in der Sie sie bearbeiten.",
        "where": "Die Einheiten liegen in `notebooks/release/`, ihre Beispieldaten in "
        "`notebooks/data/`.",
        "run": "Klicken Sie in einer Einheit in eine graue Code-Zelle und drücken Sie "
        "**Umschalt + Eingabe**, um sie auszuführen. Die Prüfzelle unter einer Übung sagt "
        "Ihnen, ob Ihre Antwort stimmt und was Sie versuchen können.",
        "binder": "Auf Binder bleibt nach der Sitzung nichts gespeichert: Laden Sie das "
        "Notebook herunter (File > Download), um Ihre Arbeit zu behalten.",
        "help": "Fragen? Wenden Sie sich an Ihre Kursleitung.",
        "made": "Diese Fassung des Kurses ist für Teilnehmende gemacht: Sie enthält keine "
        "Lösungen.",
    },
    "it": {
        "title": "BoostDigiCulture: il corso per chi partecipa",
        "intro": "Brevi unità (da 10 a 20 minuti) sul lavoro digitale in musei, biblioteche, "
        "archivi e gallerie. Si impara facendo compiti reali su piccoli dati di esempio.",
        "start": "**Cominciate da qui:** aprite `notebooks/start_here.ipynb`. Elenca le unità "
        "nell'ordine in cui seguirle.",
        "where": "Le unità sono in `notebooks/release/`, i loro dati di esempio in "
        "`notebooks/data/`.",
        "run": "In un'unità, fate clic in una cella di codice grigia e premete **Maiusc + "
        "Invio** per eseguirla. La cella di verifica sotto un esercizio vi dice se la risposta "
        "è giusta e che cosa provare.",
        "binder": "Su Binder non resta nulla dopo la sessione: per conservare il vostro lavoro, "
        "scaricate il notebook (File > Download).",
        "help": "Domande? Chiedete a chi conduce il corso.",
        "made": "Questa copia del corso è fatta per chi partecipa: non contiene le soluzioni.",
    },
    "hr": {
        "title": "BoostDigiCulture: tečaj za polaznike",
        "intro": "Kratke cjeline (10 do 20 minuta) o digitalnom radu u muzejima, knjižnicama, "
        "arhivima i galerijama. Učite rješavajući stvarne zadatke na malim primjerima podataka.",
        "start": "**Počnite ovdje:** otvorite `notebooks/start_here.ipynb`. U njoj su cjeline "
        "poredane redom kojim ih prolazite.",
        "where": "Cjeline su u `notebooks/release/`, a njihovi primjeri podataka u "
        "`notebooks/data/`.",
        "run": "U cjelini kliknite u sivu ćeliju s kodom i pritisnite **Shift + Enter** da je "
        "pokrenete. Ćelija za provjeru ispod vježbe kaže je li vaš odgovor točan i što "
        "pokušati.",
        "binder": "Na Binderu se nakon sesije ništa ne čuva: da sačuvate svoj rad, preuzmite "
        "bilježnicu (File > Download).",
        "help": "Imate pitanja? Obratite se voditelju ili voditeljici tečaja.",
        "made": "Ova je kopija tečaja napravljena za polaznike: u njoj nema rješenja.",
    },
    "el": {
        "title": "BoostDigiCulture: το μάθημα για τους συμμετέχοντες",
        "intro": "Σύντομες ενότητες (10 έως 20 λεπτά) για την ψηφιακή εργασία σε μουσεία, "
        "βιβλιοθήκες, αρχεία και γκαλερί. Μαθαίνετε κάνοντας πραγματικές εργασίες με μικρά "
        "δεδομένα παραδείγματος.",
        "start": "**Ξεκινήστε εδώ:** ανοίξτε το `notebooks/start_here.ipynb`. Εκεί θα βρείτε "
        "τις ενότητες με τη σειρά που προτείνεται να τις κάνετε.",
        "where": "Οι ενότητες βρίσκονται στο `notebooks/release/` και τα δεδομένα τους στο "
        "`notebooks/data/`.",
        "run": "Σε μια ενότητα, κάντε κλικ σε ένα γκρι κελί κώδικα και πατήστε **Shift + "
        "Enter** για να το εκτελέσετε. Το κελί ελέγχου κάτω από μια άσκηση σας λέει αν η "
        "απάντησή σας είναι σωστή και τι να δοκιμάσετε.",
        "binder": "Στο Binder δεν κρατιέται τίποτα μετά τη συνεδρία: για να κρατήσετε τη "
        "δουλειά σας, κατεβάστε το σημειωματάριο (File > Download).",
        "help": "Ερωτήσεις; Ρωτήστε τον συντονιστή ή τη συντονίστρια του μαθήματος.",
        "made": "Αυτό το αντίγραφο του μαθήματος φτιάχτηκε για τους συμμετέχοντες: δεν περιέχει "
        "λύσεις.",
    },
    "pt": {
        "title": "BoostDigiCulture: o curso para formandos",
        "intro": "Unidades curtas (10 a 20 minutos) sobre o trabalho digital em museus, "
        "bibliotecas, arquivos e galerias. Aprende fazendo tarefas reais com pequenos dados "
        "de exemplo.",
        "start": "**Comece aqui:** abra `notebooks/start_here.ipynb`. Mostra as unidades pela "
        "ordem em que as deve fazer.",
        "where": "As unidades estão em `notebooks/release/` e os seus dados de exemplo em "
        "`notebooks/data/`.",
        "run": "Numa unidade, clique numa célula de código cinzenta e carregue em **Shift + "
        "Enter** para a executar. A célula de verificação por baixo de um exercício diz-lhe se "
        "a sua resposta está certa e o que experimentar.",
        "binder": "No Binder nada fica guardado depois da sessão: para guardar o seu trabalho, "
        "descarregue o notebook (File > Download).",
        "help": "Dúvidas? Pergunte ao seu formador.",
        "made": "Esta cópia do curso foi feita para formandos: não contém as soluções.",
    },
}


def learners_readme(lang: str) -> str:
    """The README of a learners' branch in `lang` (English for a language it does not have)."""
    w = WORDS.get(lang, WORDS["en"])
    items = "\n".join(f"- {w[key]}" for key in ("start", "where", "run", "binder", "help"))
    return f"# {w['title']}\n\n{w['intro']}\n\n{items}\n\n{w['made']}\n"
