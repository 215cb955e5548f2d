"""Danish texts of the store's format 2: limits, damaged and forged files, the folder's format."""

MESSAGES = {
    "store.reason.line_too_long": "en linje er for lang ({size} byte); den er ikke læst",
    "store.reason.too_deep": "en post er indlejret mere end {limit} niveauer",
    "store.reason.too_large": "filen er større end {limit} MB og læses ikke; 'smtte check --repair' lægger den urørt i quarantine/, så en person kan se den igennem",
    "store.reason.link": "filen er et link; links i datamappen følges aldrig",
    "store.reason.bad_manifest": "manifestet kan ikke bruges ({detail})",
    "store.reason.duplicate_id": "{n} poster har samme id som en anden post, men andet indhold",
    "store.reason.cut_short": "filen slutter midt i en post",
    "store.reason.future_stamp": "{n} poster er tidsstemplet langt ude i fremtiden (en pc med forkert ur)",
    "store.error.format_unreadable": "Filen {path} kan ikke læses, så datamappens format er ukendt. Intet er ændret. Læg filen tilbage fra en sikkerhedskopi, eller kontakt IT.",
    "cli.check.look_at_quarantine": "Filerne er flyttet til {path} med en begrundelse ved hver; alle poster, der kunne læses, er reddet. Se filerne igennem, før mappen kaldes i orden.",
    "cli.check.clock": "Forkert ur: {path} – {reason}. Posterne er bevaret; ret uret på den pc, der skrev dem.",
    "cli.bench.share": "Måler igen gennem et langsomt delt drev ({ms} ms pr. filkald) ...",
    "sync.rewritten": "{n} poster skrevet igen efter en gendannelse",
    "sync.rewritten.one": "1 post skrevet igen efter en gendannelse",
    "sync.rewritten.long": "{n} poster skrevet igen efter en gendannelse: det delte drev manglede poster, som denne pc havde skrevet (fx efter en gendannelse fra en sikkerhedskopi). De er lagt tilbage; intet er gået tabt.",
    "sync.rewritten.long.one": "1 post skrevet igen efter en gendannelse: det delte drev manglede en post, som denne pc havde skrevet (fx efter en gendannelse fra en sikkerhedskopi). Den er lagt tilbage; intet er gået tabt.",
    "cli.check.behind": "Drevet mangler {missing} af de {published} poster, som {navn} ({writer}) har delt (fx efter en gendannelse). Pc'en skriver dem igen, næste gang smtte kører på den.",
    # Windows PCs (issue W)
    "store.quarantine.from": "Oprindelig placering i datamappen: {path}",
    "store.unlistable": 'Denne pc må ikke se indholdet af {folders} i datamappen, så posterne derfra mangler her: IT skal give personalegruppen ændre-rettigheder til hele datamappen med nedarvning (README, "Windows PCs"), og derefter skal smtte startes igen.',
    "store.error.journal_unreadable": "Denne pc's journal ({path}) kan ikke læses lige nu – måske er filen optaget af antivirus. Intet er tabt: start smtte igen om lidt.",
    "store.error.format_busy": "Filen {path} kan ikke læses lige nu (den er optaget, eller OneDrive kører ikke). Intet er ændret: prøv igen om lidt, og tjek at drevet eller OneDrive er tilgængeligt.",
}
