"""The features: one folder per part of the method, each with its services (no Textual).

A feature imports the core (models, store, analysis, lookup, followup, the catalog) and never another
feature; the screens of a feature live in ``screens/<feature>/`` (docs/architecture.md)."""
