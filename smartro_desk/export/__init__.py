"""Excel and CSV exports an accountant accepts as they are (no Qt).

``sheet`` writes tables into workbooks (XlsxWriter, constant memory);
``transactions``, ``reports`` and ``settlement`` build the exports the app
and ``smartro-desk export`` offer; ``csvfile`` writes UTF-8-with-BOM CSV.
"""
