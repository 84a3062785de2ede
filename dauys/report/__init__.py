"""The report layer: the HTML report, charts (plotly and PNG), exports and the methods paragraph.

Only this package draws and writes documents; analyses return data and the CLI prints.

- :func:`dauys.report.html.build_report` — one self-contained HTML file per language (kk, ru, en)
- :func:`dauys.report.methods.methods_text` — a methods section written from the ledger
- :func:`dauys.report.exports.export_table`, :func:`~dauys.report.exports.export_project` — CSV/XLSX, zip
- :func:`dauys.report.png.save_chart_png` — publication figures with every Kazakh letter
- :data:`dauys.report.charts.CHARTS` and :func:`~dauys.report.charts.register_chart` — a chart per analysis
"""
