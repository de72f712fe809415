"""English formats, in the same day-month-year order as the Indonesian ones:
7 October 2026 5:00 p.m. (the zone, WIB/WITA/WIT, is added by dewan/core/dates.py)."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y g:i a"
TIME_FORMAT = "g:i a"
# Pages use the long forms above; the short ones remain for Django's admin.
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y g:i a"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
USE_THOUSAND_SEPARATOR = True
FIRST_DAY_OF_WEEK = 1
