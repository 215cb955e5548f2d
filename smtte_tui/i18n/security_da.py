"""Danish texts for sign-in security: new PINs, the house's security settings, lockout answers."""

MESSAGES: dict[str, str] = {
    # sign-in answers (see signin.py and lockout.py)
    "signin.initials_too_long": "Initialer er højst {most} tegn.",
    "signin.wrong_pin_leder": "Initialer eller PIN-kode passer ikke. {left} forsøg tilbage, før kontoen spærres, indtil en leder låser den op.",
    "signin.blocked_lifted": "Kontoen er spærret efter for mange forkerte PIN-koder. En leder skal låse den op.",
    "signin.until_lifted": "til en leder låser op",
    "signin.new_pin_format": "En ny PIN-kode skal være 6 til 8 cifre.",
    "signin.new_pin_required": "Din PIN-kode har færre end {most} cifre og skal skiftes. Log ind i smtte på en terminal og vælg en ny; så virker kommandoen igen.",
    # the lock screen's "choose a new PIN" (screens/signin/newpin.py)
    "newpin.title": "Vælg en ny PIN-kode",
    "newpin.intro": "{navn}: din PIN-kode har færre end 6 cifre. Vælg en ny på 6 til 8 cifre, som kun du kender. Den gælder fra nu af på alle terminaler.",
    "newpin.pin": "Ny PIN-kode",
    "newpin.again": "Ny PIN-kode igen",
    "newpin.key.cancel": "Fortryd",
    # the house's security settings (administration, F5)
    "settings.title": "Sikkerhed for hele huset",
    "settings.intro": "Gælder på alle terminaler, så snart de har læst ændringen (et par sekunder). Enter går videre; Enter i sidste felt gemmer; Esc fortryder.",
    "settings.label.max_failed_logins": "Forkerte PIN-koder, før kontoen spærres",
    "settings.label.failed_login_window_hours": "… inden for (timer)",
    "settings.label.block_hours": "Spærringen varer (timer)",
    "settings.label.lock_after_minutes": "Skærmen låses efter (minutter uden tryk)",
    "settings.error.number": "{navn}: skriv et helt tal fra {low} til {high}.",
    "settings.error.unchanged": "Intet er ændret.",
    "settings.done": "Sikkerhedsindstillingerne er gemt og gælder på alle terminaler.",
    "staffadmin.action.settings": "ændre husets sikkerhedsindstillinger",
    "admin.key.settings": "Sikkerhed",
    # the store and the audit log
    "store.kind.indstillinger": "husets sikkerhedsindstillinger",
    "audit.kind.indstillinger": "sikkerhedsindstillinger",
    "audit.handling.login_forsoeg": "loginforsøg uden svar",
    "audit.handling.login_afvist": "loginforsøg afvist (for mange på én gang)",
    "audit.handling.skift_egen_pin": "valgte ny PIN-kode",
    "audit.handling.skift_indstillinger": "ændrede sikkerhedsindstillinger",
}
