"""Danske tekster til kommunens database: replikering af husets mappe og rapporten på tværs af huse."""

MESSAGES: dict[str, str] = {
    # smtte replicate
    "replicate.cli.help": "kopiér husets mappe til kommunens PostgreSQL-database og hent ændringer derfra tilbage",
    "replicate.cli.help.to": "databasens adresse, fx postgresql://smtte@db.kommune.dk/smtte (adgangskoden i ~/.pgpass, ikke i adressen)",
    "replicate.cli.help.once": "kør én gang og stop (standard)",
    "replicate.cli.help.every": "kør igen hvert SEKUNDER sekund, til den stoppes",
    "replicate.cli.help.house_name": "husets navn i databasen (ellers house_name i config.toml)",
    "replicate.cli.help.full": "gennemgå alle husets filer nu (ellers ved første kørsel og én gang i døgnet)",
    "replicate.cli.every_positive": "--every skal være mindst 1 sekund",
    "replicate.done": "Hus {house}: {lines} revisioner læst fra {files} filer, {inserted} nye i databasen; {pulled} hentet tilbage til huset ({seconds} s).",
    "replicate.note.problems": "{n} filer har poster, der ikke kan læses; kør 'smtte check' på huset.",
    "replicate.note.unread": "{n} filer kunne ikke læses fra mappen nu; de prøves igen ved næste kørsel.",
    "replicate.note.refused": "{n} revisioner i databasen kan ikke bruges og blev ikke hentet tilbage (se logfilen).",
    "replicate.note.unpublished": "Det hentede ligger i replikeringens journal, til husets mappe kan nås igen.",
    "replicate.back": "Forbindelsen er tilbage.",
    "replicate.retry": "Der prøves igen om {seconds} sekunder.",
    "replicate.error.no_psycopg": "smtte kan ikke tale med PostgreSQL på denne maskine. Installér tilføjelsen med: pip install 'smtte[postgres]'.",
    "replicate.error.url": "Databasens adresse kan ikke bruges. Skriv den som postgresql://bruger@vært/database.",
    "replicate.error.unreachable": "Databasen {where} kan ikke nås lige nu. Huset arbejder videre som altid, og intet går tabt: næste kørsel tager det hele med.",
    "replicate.error.lost": "Forbindelsen til databasen {where} gik tabt undervejs. Det, der nåede frem, er gemt; næste kørsel fortsætter derfra. Husets mappe er uændret.",
    "replicate.error.refused": "Databasen {where} afviste replikeringen ({detail}). Husets mappe er uændret. Spørg IT, om brugeren har ret til smttes tabeller; detaljer står i logfilen.",
    "replicate.error.schema_newer": "Databasen har smttes skema version {found}, men denne smtte kender kun version {known}. Opdatér smtte på denne maskine.",
    "replicate.error.busy": "Huset {house} replikeres allerede af en anden kørsel. Prøv igen, når den er færdig.",
    "replicate.error.not_house": "Mappen er ikke en smtte-datamappe: {path}. Vælg husets datamappe (den med FORMAT.json).",
    "replicate.error.format": "Mappen {path} har dataformat version {version}; replikeringen læser version {known}. Åbn mappen med en opdateret smtte først.",
    "replicate.error.no_house_id": "Husets mappe har intet id i {path}, så huset kan ikke kendes i databasen. Åbn mappen én gang med smtte (så får den et id), og prøv igen.",
}
