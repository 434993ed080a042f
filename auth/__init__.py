"""Sign-in, roles and the audit trail (the first workspace slice; every other one is born
behind it).

- :mod:`auth.roles`     the one table of roles and what they may do
- :mod:`auth.models`    accounts, API tokens, sessions, sign-in attempts, the audit log
- :mod:`auth.passwords` hashing (argon2id) and the password rule
- :mod:`auth.service`   accounts, tokens, sessions, lockout; every change audited
- :mod:`auth.audit`     the append-only audit log: record, query, CSV
- :mod:`auth.web`       Flask: who is asking, the route guard, page and callback permissions
- :mod:`auth.signin`    the sign-in, sign-out and account pages, with their CSRF protection
- :mod:`auth.api`       REST under ``/api``: me, users, tokens, audit
"""
