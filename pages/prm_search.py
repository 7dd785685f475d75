import streamlit as st

st.title("prm_search")
st.info("This page is being built.")
