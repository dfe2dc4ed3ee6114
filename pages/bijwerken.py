"""Data bijwerken (admin): upload a file, check it on a copy, see what it changes, publish it while
everyone keeps working; readers see the new figures on their next click."""

import streamlit as st

from mik.ingest.run import IMPORT_KINDS
from mik.plan.i18n import t
from ui import auth, frame, importer

auth.require("admin")
view, lang, path = frame.page_start("update_data")
st.caption(t("update_how", lang))
kind = st.selectbox(
    t("import_kind", lang), IMPORT_KINDS, key="bijwerken_kind", format_func=lambda k: t(f"kind_{k}", lang)
)
upload = st.file_uploader(t("import_file", lang), key="bijwerken_file")
if upload is not None and st.button(t("check_import", lang), key="bijwerken_check"):
    importer.check(kind, upload, lang)
prepared = importer.preview(lang)
if prepared is not None:
    left, right = st.columns([1, 4])
    if left.button(t("publish", lang), key="bijwerken_publish", type="primary"):
        importer.publish(prepared, lang)
    if right.button(t("discard", lang), key="bijwerken_discard"):
        importer.drop()
        st.rerun()
importer.earlier_versions(lang)
