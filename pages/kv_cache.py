import streamlit as st

st.title("kv_cache")
st.info("This page is being built.")
