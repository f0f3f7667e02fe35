# Hindi dates as people write them: "30 नवम्बर 2026", "30 नवम्बर 2026, 14:30" (month names
# from Django's Hindi catalog; 24-hour time reads without an English "a.m.").
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
MONTH_DAY_FORMAT = "j F"
TIME_FORMAT = "H:i"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = (3, 2, 0)  # 1,00,000: Indian grouping wherever Django formats numbers
