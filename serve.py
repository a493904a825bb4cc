"""GapMap's web server: Streamlit serving `app.py`, with GapMap's security headers on
every response and the route that sets the HttpOnly session cookie
(`assessment/ui/server.py`). `make run` starts it: `streamlit run serve.py`."""

import streamlit as st

from assessment.ui import server

app = st.App("app.py", routes=server.ROUTES, middleware=server.MIDDLEWARE)
