"""Finding a row by the id a client sent, which may be any JSON value."""


def row_by_id(queryset, pk):
    """The row with id ``pk`` in ``queryset``, or None. ``True`` is an int in Python and a
    string is not an id, so only a real integer is looked up."""
    if isinstance(pk, int) and not isinstance(pk, bool):
        return queryset.filter(pk=pk).first()
    return None
