import streamlit as st

st.title("hidden_tokens")
st.info("This page is being built.")
