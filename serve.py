"""GapMap's web server: Streamlit serving `app.py`, with GapMap's security headers on
every response, the route that sets the HttpOnly session cookie
(`assessment/ui/server.py`) and the workshop phone page (`assessment/ui/phone.py`, plain
HTML under `/w/CODE`, where the older phone page's links `/?w=CODE` now lead). `make run`
starts it: `streamlit run serve.py`."""

import streamlit as st

from assessment.ui import phone, server

app = st.App(
    "app.py",
    routes=[*server.ROUTES, *phone.ROUTES],
    middleware=[*server.MIDDLEWARE, *phone.MIDDLEWARE],
)
