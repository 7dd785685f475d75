"""Entry point: page config, navigation grouped like the article, app-wide sidebar."""

import streamlit as st

from ui.nav import groups
from ui.presenter import presenter_toggle

st.set_page_config(page_title="Test-Time Compute Lab", page_icon=":material/psychology:", layout="wide")

PAGES = {
    group: [
        st.Page(p.path, title=p.title, icon=p.icon, default=p.id == "home")
        for p in pages
    ]
    for group, pages in groups().items()
}

navigation = st.navigation(PAGES, expanded=True)
presenter_toggle()
st.sidebar.caption(
    "Every control is in the URL: copy the address bar to share exactly what you see. "
    "Your predictions stay for this browser session."
)
navigation.run()
