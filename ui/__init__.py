"""Streamlit glue: the only code that imports both streamlit and mik."""
