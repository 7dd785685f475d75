import streamlit as st

st.title("two_axes")
st.info("This page is being built.")
