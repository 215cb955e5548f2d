"""English texts for the municipality's database: replicating a house's folder and the report across houses."""

MESSAGES: dict[str, str] = {
    # smtte replicate
    "replicate.cli.help": "copy the house's folder into the municipality's PostgreSQL database and bring changes made there back",
    "replicate.cli.help.to": "the database's address, e.g. postgresql://smtte@db.kommune.dk/smtte (the password in ~/.pgpass, not in the address)",
    "replicate.cli.help.once": "run once and stop (the default)",
    "replicate.cli.help.every": "run again every SECONDS seconds until stopped",
    "replicate.cli.help.house_name": "the house's name in the database (else house_name in config.toml)",
    "replicate.cli.help.full": "go through every file of the house now (else at the first run and once a day)",
    "replicate.cli.every_positive": "--every must be at least 1 second",
    "replicate.done": "House {house}: {lines} revisions read from {files} files, {inserted} new in the database; {pulled} brought back to the house ({seconds} s).",
    "replicate.note.problems": "{n} files hold records that cannot be read; run 'smtte check' on the house.",
    "replicate.note.unread": "{n} files could not be read from the folder now; they are tried again at the next run.",
    "replicate.note.refused": "{n} revisions in the database cannot be used and were not brought back (see the log file).",
    "replicate.note.unpublished": "What was brought back waits in the replicator's journal until the house's folder can be reached again.",
    "replicate.back": "The connection is back.",
    "replicate.retry": "Trying again in {seconds} seconds.",
    "replicate.error.no_psycopg": "smtte cannot talk to PostgreSQL on this machine. Install the extra with: pip install 'smtte[postgres]'.",
    "replicate.error.url": "The database's address cannot be used. Write it as postgresql://user@host/database.",
    "replicate.error.unreachable": "The database {where} cannot be reached right now. The house works on as always and nothing is lost: the next run takes everything along.",
    "replicate.error.lost": "The connection to the database {where} was lost on the way. What arrived is kept; the next run goes on from there. The house's folder is unchanged.",
    "replicate.error.refused": "The database {where} refused the replication ({detail}). The house's folder is unchanged. Ask IT whether the user may use smtte's tables; the log file has the details.",
    "replicate.error.schema_newer": "The database has smtte's schema version {found}, but this smtte knows only version {known}. Update smtte on this machine.",
    "replicate.error.busy": "The house {house} is being replicated by another run already. Try again when it has finished.",
    "replicate.error.not_house": "The folder is not an smtte data folder: {path}. Choose the house's data folder (the one with FORMAT.json).",
    "replicate.error.format": "The folder {path} has data format version {version}; replication reads version {known}. Open the folder with an updated smtte first.",
    "replicate.error.no_house_id": "The house's folder has no id in {path}, so the house cannot be known in the database. Open the folder once with smtte (it then gets an id) and try again.",
}
