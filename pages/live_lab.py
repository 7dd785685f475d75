import streamlit as st

st.title("live_lab")
st.info("This page is being built.")
