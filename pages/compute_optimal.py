import streamlit as st

st.title("compute_optimal")
st.info("This page is being built.")
