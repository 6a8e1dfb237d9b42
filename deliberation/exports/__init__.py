"""A session's whole record for its facilitators and organisers: CSV files in a zip, or a workbook.

``tables`` and ``activity_tables`` read the rows (one table per part of the session),
``files`` writes them out with every cell formula-neutralised, and ``services`` logs each
export in the access log. The view (``views``) only checks the role and sends the file.
"""
