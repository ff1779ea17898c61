"""The JSON API under ``/api/v1``: thin views that parse, call a service, respond."""
