import csv
import io

from lms.people.parsing import COLUMNS


def people_csv(rows: list[dict], columns: list[str] = COLUMNS) -> bytes:
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in columns})
    return output.getvalue().encode()
