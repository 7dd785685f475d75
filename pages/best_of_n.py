import streamlit as st

st.title("best_of_n")
st.info("This page is being built.")
