"""English texts for sign-in security: new PINs, the house's security settings, lockout answers."""

MESSAGES: dict[str, str] = {
    # sign-in answers (see signin.py and lockout.py)
    "signin.initials_too_long": "Initials have at most {most} characters.",
    "signin.wrong_pin_leder": "Initials or PIN do not match. Tries left before the account is blocked until a manager unblocks it: {left}.",
    "signin.blocked_lifted": "The account is blocked after too many wrong PINs. A manager must unblock it.",
    "signin.until_lifted": "until a manager unblocks",
    "signin.new_pin_format": "A new PIN must be 6 to 8 digits.",
    "signin.new_pin_required": "Your PIN has fewer than {most} digits and must be changed. Sign in to smtte at a terminal and choose a new one; then the command works again.",
    # the lock screen's "choose a new PIN" (screens/signin/newpin.py)
    "newpin.title": "Choose a new PIN",
    "newpin.intro": "{navn}: your PIN has fewer than 6 digits. Choose a new one of 6 to 8 digits that only you know. It holds on every terminal from now on.",
    "newpin.pin": "New PIN",
    "newpin.again": "New PIN again",
    "newpin.key.cancel": "Cancel",
    # the house's security settings (administration, F5)
    "settings.title": "Security for the whole house",
    "settings.intro": "Holds on every terminal as soon as it has read the change (a few seconds). Enter moves on; Enter in the last field saves; Esc cancels.",
    "settings.label.max_failed_logins": "Wrong PINs before the account is blocked",
    "settings.label.failed_login_window_hours": "… within (hours)",
    "settings.label.block_hours": "The block lasts (hours)",
    "settings.label.lock_after_minutes": "The screen locks after (idle minutes)",
    "settings.error.number": "{navn}: type a whole number from {low} to {high}.",
    "settings.error.unchanged": "Nothing changed.",
    "settings.done": "The security settings are saved and hold on every terminal.",
    "staffadmin.action.settings": "change the house's security settings",
    "admin.key.settings": "Security",
    # the store and the audit log
    "store.kind.indstillinger": "the house's security settings",
    "audit.kind.indstillinger": "security settings",
    "audit.handling.login_forsoeg": "sign-in attempt without an answer",
    "audit.handling.login_afvist": "sign-in attempt refused (too many at once)",
    "audit.handling.skift_egen_pin": "chose a new PIN",
    "audit.handling.skift_indstillinger": "changed security settings",
}
