"""Accounts on the web: sign up, sign in, sign out (`views`) and their forms (`forms`)."""
