"""A cluster's scoring year kept in the database, where its people do it: the members score
themselves, the khối trưởng reviews, the year is locked, the meeting recorded, the papers
drafted (``service.ClusterService``)."""
