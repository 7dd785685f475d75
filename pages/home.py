"""Home: the learning path (the article's parts in order) and how to use the app."""

import streamlit as st

import ui
from ui.nav import groups

ctx = ui.page("home", "Test-Time Compute Lab")

st.subheader("The learning path")
ui.secondary("Follow the article's parts in order; each page is one section, with one key question.")
for group, pages in groups().items():
    if group == "Start":
        continue
    st.markdown(f"**{group}**")
    for info in pages:
        left, right = st.columns([2, 5], vertical_alignment="center")
        left.page_link(info.path, label=info.title, icon=info.icon)
        right.markdown(info.teaches)

st.subheader("How to use this lab")
st.markdown(ui.content("home_how_to"))

st.info(
    "Start with **Two axes of compute**, or open **Hidden reasoning tokens** for a worked example: "
    "its defaults reproduce the article's hidden-token example number for number.",
    icon=":material/flag:",
)
st.page_link("pages/two_axes.py", label="Begin: Two axes of compute", icon=":material/arrow_forward:")
