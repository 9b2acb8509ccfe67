# Empty dependencies file for fuzz_sheet.
# This may be replaced when dependencies are built.
