"""Measurement instruments: accuracy on annotated news (`evaluate`) and speed (`bench`)."""
