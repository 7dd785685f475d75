import streamlit as st

st.title("deepseek_r1")
st.info("This page is being built.")
