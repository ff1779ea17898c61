"""The HTTP face: the Flask application (``app.create_app``), its JSON API (``api``), the
clerks' pages (``web``), sign-in (``auth``), the operations routes and request logs
(``observability``), render slots and the servers (``serving``). It parses a request, calls
a service of ``docgen.services`` and answers; nothing below it imports Flask."""
