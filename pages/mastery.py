import streamlit as st

st.title("mastery")
st.info("This page is being built.")
