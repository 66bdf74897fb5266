"""Certificates: render 350 award certificates (one bulk run, DESIGN.md §5) with WeasyPrint and
print the time per certificate and the PDF size.

Renders exactly what the Celery task renders (``apps.awards.certificates.render_pdf``: the
HTML template, the CJK font, the QR code) for 350 certificates with varied organisations,
titles and levels, one after another in this process (a worker process does the same).

    .venv/bin/python benchmarks/certificates.py [--count 350] [--out DIR]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=350)
    parser.add_argument("--out", help="keep the PDFs in this directory")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tjqa.settings")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.gettempdir()}/tjqa-bench-certificates.sqlite3")
    import django

    django.setup()
    from django.utils import timezone

    from apps.awards.certificates import render_pdf
    from apps.awards.models import Certificate
    from apps.campaigns.models import Campaign
    from apps.projects.demo import TOPICS

    campaign = Campaign(year=timezone.localdate().year, title="benchmark")
    districts = ["滨海", "和平", "河西", "南开", "河东", "河北", "红桥", "东丽", "西青", "津南", "北辰", "武清", "宝坻", "宁河", "静海", "蓟州"]
    trades = ["精密制造", "新材料", "汽车零部件", "电子科技", "生物医药", "食品", "钢铁制品", "石化装备", "供电服务", "软件服务"]
    levels = [("1", "一等奖")] * 50 + [("2", "二等奖")] * 100 + [("3", "三等奖")] * 200
    certs = []
    for i in range(args.count):
        digit, label = levels[i % len(levels)]
        cert = Certificate(
            campaign=campaign,
            kind=Certificate.Kind.PROJECT,
            serial=f"TJQA{campaign.year}-{digit}{i + 1:04d}",
            holder=f"天津{districts[i % 16]}{trades[i % 10]}{'集团股份' if i % 7 == 0 else ''}有限公司",
            title=TOPICS[i % len(TOPICS)][0] + ("（二期）" if i % 3 == 0 else ""),
            level_label=label,
        )
        cert.rendered_at = timezone.now()
        certs.append(cert)

    out = Path(args.out) if args.out else None
    if out:
        out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    render_pdf(certs[0])  # font loading and template compilation, paid once per worker process
    warmup = time.perf_counter() - t0
    times, sizes = [], []
    started = time.perf_counter()
    for cert in certs:
        t = time.perf_counter()
        data = render_pdf(cert)
        times.append(time.perf_counter() - t)
        sizes.append(len(data))
        if out:
            (out / f"{cert.serial}.pdf").write_bytes(data)
    total = time.perf_counter() - started

    ms = sorted(x * 1000 for x in times)
    print(f"certificates rendered: {len(certs)} (WeasyPrint, A4 landscape, CJK font, QR code)")
    print(f"first render (font loading, warm-up): {warmup * 1000:.0f} ms")
    print(f"total: {total:.2f} s")
    print(
        f"time per certificate: mean {statistics.mean(ms):.1f} ms, median {statistics.median(ms):.1f} ms, "
        f"p95 {ms[int(len(ms) * 0.95) - 1]:.1f} ms, max {ms[-1]:.1f} ms"
    )
    print(
        f"PDF size: mean {statistics.mean(sizes) / 1024:.1f} KiB, min {min(sizes) / 1024:.1f} KiB, "
        f"max {max(sizes) / 1024:.1f} KiB, all {sum(sizes) / 1024 / 1024:.1f} MiB"
    )
    for workers in (1, 2, 4):
        print(f"a run of {len(certs)} on {workers} worker process(es): about {total / workers:.0f} s")
    if out:
        print(f"PDFs written to {out}")


if __name__ == "__main__":
    main()
