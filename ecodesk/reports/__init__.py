"""Reports and archives: Excel workbooks, evidence archives, templates (openpyxl, no Qt)."""
