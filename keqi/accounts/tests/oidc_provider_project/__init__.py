"""A real OpenID Connect provider (django-oidc-provider) for the 统一身份认证 tests.

It stands in for the province's legal-person identity provider: the test runs it as its own
process on 127.0.0.1 (`run.py`), with its own SQLite database, and Keqi talks to it over HTTP
exactly as it would to the real one. The people it knows come from the JSON file named by
OP_PEOPLE_FILE: [{"username", "password", "uscc", "org_name"}, ...].
"""
