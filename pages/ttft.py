import streamlit as st

st.title("ttft")
st.info("This page is being built.")
