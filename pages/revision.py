import streamlit as st

st.title("revision")
st.info("This page is being built.")
