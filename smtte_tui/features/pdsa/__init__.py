"""Prøvehandlinger (PDSA cycles): start, Do notes, Study, Act."""
