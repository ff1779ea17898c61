"""People of the office: accounts, roles, the agency each belongs to, API tokens, and the
one table of who may do what (``permissions``)."""
