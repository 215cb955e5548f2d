"""English texts of the store's format 2: limits, damaged and forged files, the folder's format."""

MESSAGES = {
    "store.reason.line_too_long": "a line is too long ({size} bytes); it is not read",
    "store.reason.too_deep": "a record nests more than {limit} levels",
    "store.reason.too_large": "the file is larger than {limit} MB and is not read; 'smtte check --repair' sets it aside untouched in quarantine/ for a person to look through",
    "store.reason.link": "the file is a link; links in the data folder are never followed",
    "store.reason.bad_manifest": "the manifest cannot be used ({detail})",
    "store.reason.duplicate_id": "{n} records have the same id as another record but other content",
    "store.reason.cut_short": "the file ends in the middle of a record",
    "store.reason.future_stamp": "{n} records are stamped far in the future (a PC with a wrong clock)",
    "store.error.format_unreadable": "The file {path} cannot be read, so the data folder's format is unknown. Nothing was changed. Put the file back from a backup, or contact IT.",
    "cli.check.look_at_quarantine": "The files were moved to {path} with a reason beside each; every record that could be read was rescued. Look through them before calling the folder in order.",
    "cli.check.clock": "Wrong clock: {path} – {reason}. The records are kept; correct the clock of the PC that wrote them.",
    "cli.bench.share": "Measuring again through a slow share ({ms} ms a file call) ...",
    "sync.rewritten": "{n} records written again after a restore",
    "sync.rewritten.one": "1 record written again after a restore",
    "sync.rewritten.long": "{n} records written again after a restore: the share lacked records this PC had written (for example after a restore from a backup). They are back; nothing was lost.",
    "sync.rewritten.long.one": "1 record written again after a restore: the share lacked a record this PC had written (for example after a restore from a backup). It is back; nothing was lost.",
    "cli.check.behind": "The share lacks {missing} of the {published} records {navn} ({writer}) has shared (for example after a restore). That PC writes them again the next time smtte runs on it.",
    # Windows PCs (issue W)
    "store.quarantine.from": "Original place in the data folder: {path}",
    "store.unlistable": 'This PC may not see what is in {folders} in the data folder, so the records there are missing here: IT must give the staff group modify rights on the whole data folder, with inheritance (README, "Windows PCs"), and then smtte must be started again.',
    "store.error.journal_unreadable": "This PC's journal ({path}) cannot be read right now – the file may be busy with the antivirus. Nothing is lost: start smtte again in a moment.",
    "store.error.format_busy": "The file {path} cannot be read right now (it is busy, or OneDrive is not running). Nothing was changed: try again in a moment, and check that the drive or OneDrive is available.",
}
