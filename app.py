"""Entry point: page config, navigation grouped like the article, app-wide sidebar."""

import streamlit as st

st.set_page_config(page_title="Test-Time Compute Lab", page_icon=":material/psychology:", layout="wide")

PAGES = {
    "Start": [
        st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
    ],
    "Why think longer": [
        st.Page("pages/two_axes.py", title="Two axes of compute", icon=":material/show_chart:"),
        st.Page("pages/hidden_tokens.py", title="Hidden reasoning tokens", icon=":material/visibility_off:"),
    ],
    "Strategies": [
        st.Page("pages/best_of_n.py", title="Best-of-N and voting", icon=":material/casino:"),
        st.Page("pages/revision.py", title="Sequential revision", icon=":material/edit_note:"),
        st.Page("pages/prm_search.py", title="ORM vs PRM tree search", icon=":material/account_tree:"),
    ],
    "Training reasoners": [
        st.Page("pages/deepseek_r1.py", title="DeepSeek-R1 and distillation", icon=":material/school:"),
    ],
    "Spending compute well": [
        st.Page("pages/compute_optimal.py", title="Small model + search", icon=":material/balance:"),
        st.Page("pages/routing.py", title="Routing", icon=":material/alt_route:"),
    ],
    "Serving": [
        st.Page("pages/kv_cache.py", title="KV cache and prefix sharing", icon=":material/memory:"),
        st.Page("pages/ttft.py", title="TTFT vs thinking budget", icon=":material/timer:"),
    ],
    "Check yourself": [
        st.Page("pages/mastery.py", title="Mastery check", icon=":material/quiz:"),
        st.Page("pages/live_lab.py", title="Live lab", icon=":material/science:"),
    ],
}

st.navigation(PAGES).run()
