"""The leder's administration: staff accounts, borgere, and the audit log read back."""
