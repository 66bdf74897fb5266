"""Compare a restored database and media folder with their source (CI backup check).

Every table's row count must match (the main ones must not be empty), and on the restored copy
a rendered certificate must verify at /verify/<code>/ with its PDF byte-identical."""

import argparse
import filecmp
import os
import subprocess
import sys
from pathlib import Path

import psycopg2

MAIN_TABLES = [
    "accounts_user",
    "organizations_organization",
    "campaigns_campaign",
    "projects_project",
    "projects_projecttransition",
    "experts_reviewauditevent",
    "awards_certificate",
    "notifications_notification",
]
ROOT = Path(__file__).resolve().parents[1]


def counts(url):
    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [r[0] for r in cur.fetchall()]
        result = {}
        for table in tables:
            cur.execute(f'SELECT count(*) FROM "{table}"')
            result[table] = cur.fetchone()[0]
    return result


VERIFY = """
from django.test import Client
from apps.awards.models import Certificate
cert = Certificate.objects.exclude(pdf="").filter(kind="project", project__state="awarded").order_by("serial").first()
assert cert is not None, "no rendered certificate in the restored database"
response = Client().get(f"/verify/{cert.code}/")
body = response.content.decode()
assert response.status_code == 200 and cert.serial in body, (response.status_code, body[:500])
print(cert.serial, cert.code, cert.pdf.name)
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", required=True)
    parser.add_argument("--restored", required=True)
    parser.add_argument("--media", required=True)
    parser.add_argument("--restored-media", required=True)
    args = parser.parse_args()

    before, after = counts(args.source), counts(args.restored)
    if before != after:
        diff = {t: (before.get(t), after.get(t)) for t in set(before) | set(after) if before.get(t) != after.get(t)}
        sys.exit(f"row counts differ after restore: {diff}")
    empty = [t for t in MAIN_TABLES if not after.get(t)]
    if empty:
        sys.exit(f"main tables empty in the demo data: {empty}")
    print("row counts equal in", len(after), "tables:", ", ".join(f"{t}={after[t]}" for t in MAIN_TABLES))

    env = dict(os.environ, DATABASE_URL=args.restored, TJQA_MEDIA_ROOT=args.restored_media, REDIS_URL="")
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", VERIFY], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if out.returncode != 0:
        sys.exit(f"verification on the restored database failed:\n{out.stdout}\n{out.stderr}")
    serial, code, pdf_name = out.stdout.split()[-3:]
    restored_pdf, original_pdf = Path(args.restored_media) / pdf_name, Path(args.media) / pdf_name
    if not restored_pdf.is_file() or not filecmp.cmp(restored_pdf, original_pdf, shallow=False):
        sys.exit(f"certificate file not restored identically: {pdf_name}")
    print(f"certificate {serial} verifies at /verify/{code}/ on the restored database; its PDF is restored")


if __name__ == "__main__":
    main()
