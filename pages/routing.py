import streamlit as st

st.title("routing")
st.info("This page is being built.")
