"""第七条(四) duplicate check: query time against 15,000 earlier projects.

Builds a throwaway SQLite database with 5 earlier campaigns × 3,000 synthetic applications
(stored fingerprints, as a submission stores them), then times ``find_similar`` for a new
application: the first query (loads the fingerprints and builds the in-memory index) and
warm queries (what every later submission and the 立项审核 page pay).

    .venv/bin/python benchmarks/similarity.py [--projects 15000]
"""

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PRODUCTS = ["轴承套圈", "层压板", "座椅骨架", "贴片电路板", "冻干制剂", "速冻水饺", "换热器", "热轧带钢", "配电网", "齿轮箱",
            "液压阀", "注塑件", "锂电池极片", "光纤预制棒", "不锈钢管", "铝合金轮毂", "混凝土预制件", "医用导管", "变压器", "纺织面料"]
DEFECTS = ["烧伤", "分层", "返修", "虚焊", "异物", "破损", "泄漏", "边裂", "停电", "异响", "渗漏", "缩痕", "毛刺", "气泡", "色差",
           "尺寸超差", "裂纹", "变形", "锈蚀", "断线"]
METHODS = ["鱼骨图", "排列图", "正交试验", "控制图", "5W1H", "头脑风暴", "关联图", "系统图", "FMEA", "散布图", "直方图", "PDPC法"]
CAUSES = ["工艺参数不合理", "设备精度下降", "检测方法不统一", "原材料批次波动", "操作人员技能不足", "环境温湿度变化", "工装夹具磨损",
          "作业指导书缺失", "来料检验不严", "保养周期过长", "模具设计缺陷", "冷却时间不足"]
# Each application also has words of its own (its product, equipment, people, places).
_CHARS = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所"
          "民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那"
          "社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并"
          "提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放"
          "决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再")
OWN_WORDS = [a + b for a, b in zip(_CHARS[::2], _CHARS[1::2])] + [a + b for a, b in zip(_CHARS[1::3], _CHARS[2::3])]
WORDS = ["质量", "效率", "成本", "稳定", "改进", "车间", "班组", "客户", "投诉", "标准", "数据", "统计", "分析", "确认", "验证",
         "实施", "培训", "巡检", "工序", "产线", "能耗", "交付", "合格率", "一次交检", "返工", "报废", "良品", "节拍", "产能", "点检"]


def synthetic_text(rng):
    product, defect = rng.choice(PRODUCTS), rng.choice(DEFECTS)
    title = f"降低{product}{defect}不合格率" if rng.random() < 0.7 else f"提高{product}{rng.choice(WORDS)}水平"
    sections = []
    for _ in range(9):
        sentence = []
        for _ in range(rng.randint(3, 6)):
            sentence.append(
                f"{rng.choice(WORDS)}{rng.choice(WORDS)}方面，运用{rng.choice(METHODS)}发现{rng.choice(CAUSES)}，"
                f"{product}{defect}比例为{rng.randint(1, 99)}.{rng.randint(0, 9)}%，{rng.choice(WORDS)}{rng.choice(WORDS)}"
            )
        own = "".join(rng.choice(OWN_WORDS) for _ in range(rng.randint(20, 40)))
        sections.append("；".join(sentence) + "。" + own + "。")
    return title, sections


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=15000)
    parser.add_argument("--queries", type=int, default=20)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="tjqa-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tjqa.settings")
    os.environ["TJQA_MEDIA_ROOT"] = f"{tmp}/media"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from apps.accounts.models import User
    from apps.campaigns.models import Campaign
    from apps.organizations.credit_code import make_credit_code
    from apps.organizations.models import Organization
    from apps.projects import similarity
    from apps.projects.models import Project, ProjectFingerprint
    from tests.factories import open_dates

    rng = random.Random(7)
    this_year = 2026
    campaigns = {}
    for year in range(this_year - 5, this_year + 1):
        campaigns[year] = Campaign.objects.create(year=year, title=f"{year}年工作方案", published=True, **open_dates())
    orgs = [
        Organization.objects.create(name=f"天津基准企业{i}有限公司", credit_code=make_credit_code("91", "120116", f"{30000000 + i}"),
                                    district="binhai", industry="equipment", contact_name="联系人", contact_phone="022-1")
        for i in range(200)
    ]
    user = User.objects.create(username="bench")

    t0 = time.perf_counter()
    batch, texts = [], []
    per_year = args.projects // 5
    for n in range(args.projects):
        year = this_year - 5 + n // per_year if n // per_year < 5 else this_year - 1
        title, sections = synthetic_text(rng)
        p = Project(campaign=campaigns[year], organization=orgs[n % len(orgs)], created_by=user, title=title,
                    **dict(zip(Project.PDCA_FIELDS, sections)))
        batch.append(p)
    Project.objects.bulk_create(batch, batch_size=1000)
    fps = []
    for p in Project.objects.select_related("campaign").iterator(chunk_size=2000):
        text = similarity.comparable_text(p)
        ids, counts = similarity.features(text)
        fps.append(ProjectFingerprint(project=p, year=p.campaign.year, text_hash=similarity.text_hash(text),
                                      features=ids.tobytes(), counts=counts.tobytes()))
        texts.append(p)
    ProjectFingerprint.objects.bulk_create(fps, batch_size=1000)
    # They were fingerprinted when submitted in their own years.
    from datetime import timedelta

    from django.utils import timezone

    ProjectFingerprint.objects.update(updated_at=timezone.now() - timedelta(days=200))
    build = time.perf_counter() - t0
    avg_features = sum(len(f.features) // 4 for f in fps) / len(fps)
    print(f"{len(fps)} earlier projects with fingerprints stored in {build:.1f}s "
          f"(≈{avg_features:.0f} distinct bigrams per project)")

    # A new application for this year: a near-copy of an earlier one, lightly reworded.
    source = rng.choice(texts)
    new = Project.objects.create(
        campaign=campaigns[this_year], organization=orgs[0], created_by=user, title=source.title + "（第二期）",
        **{f: getattr(source, f).replace("运用", "采用") + "并持续改进。" for f in Project.PDCA_FIELDS},
    )

    t = time.perf_counter()
    matches = similarity.find_similar(new)
    cold = time.perf_counter() - t
    print(f"first query (loads {similarity._index.size()} fingerprints, builds the index): {cold * 1000:.0f} ms")
    idx = similarity._index
    index_bytes = idx.post_docs.nbytes + idx.post_w.nbytes + idx.ptr.nbytes + idx.base_df.nbytes * 2
    print(f"  in-memory index: {index_bytes / 2**20:.0f} MiB")
    assert matches and matches[0].project.pk == source.pk, "the near-copy must be found"
    print(f"  best match: {matches[0].project.title} score={matches[0].score:.3f} "
          f"(warning threshold {similarity.WARNING_THRESHOLD}); next: {[round(m.score, 3) for m in matches[1:]]}")

    timings = []
    for i in range(args.queries):
        title, sections = synthetic_text(rng)
        q = Project(campaign=campaigns[this_year], organization=orgs[0], title=title, **dict(zip(Project.PDCA_FIELDS, sections)))
        t = time.perf_counter()
        similarity.find_similar(q)
        timings.append(time.perf_counter() - t)
    timings.sort()
    print(f"warm find_similar over {args.queries} new applications: median {timings[len(timings) // 2] * 1000:.1f} ms, "
          f"max {timings[-1] * 1000:.1f} ms (includes the sync query and fetching the matched projects)")

    # A submission adds a fingerprint; the next query picks it up through the delta.
    t = time.perf_counter()
    similarity.check_on_submit(new)
    print(f"check_on_submit (store fingerprint + query + keep the result): {(time.perf_counter() - t) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
