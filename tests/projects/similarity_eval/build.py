"""Writes ``pairs.json``, the labelled evaluation set of the duplicate check (第七条(四)), from
the hand-written projects of ``projects.py``.

    .venv/bin/python tests/projects/similarity_eval/build.py

Per industry (label 1 = 雷同, the commission must look at it; 0 = not a duplicate):
  verbatim      A copied word for word by another company                               1
  synonyms      A with words swapped for synonyms                                        1
  reordered     A with the sentences of every section in another order                   1
  retitled      A under another title, submitted by another company                      1
  partial       B with one section of A copied in (the rest is B's own)                  1
  reworded      synonyms, reordering and another title together                          1
  continuation  A against C, its company's next-year follow-up with new targets          0
  same_field    A against B, another project of the same field sharing its jargon       0
  same_field_c  B against C                                                              0
  reworded_b    A against B reworded (synonyms and reordering)                           0
  other_field   A against the A of another industry                                      0
The generation is deterministic (a seeded random generator); the file is committed and its
labels are the set's fixed data."""

import copy
import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from tests.projects.similarity_eval.projects import INDUSTRIES  # noqa: E402

FIELDS = [
    "plan_reason", "plan_current_state", "plan_goal", "plan_cause_analysis", "plan_countermeasures",
    "do_implementation", "check_method", "act_standardisation", "act_summary", "results_summary",
]

# Synonyms a copier would swap in (both directions are used).
SYNONYMS = [
    ("降低", "减少"), ("提高", "提升"), ("主要原因", "关键因素"), ("原因", "因素"), ("确认", "确定"), ("统计", "汇总"),
    ("分析", "剖析"), ("采用", "运用"), ("实施", "开展"), ("完成", "做完"), ("制定", "拟定"), ("修订", "修改"),
    ("严重影响", "极大影响"), ("影响", "波及"), ("问题", "难题"), ("明显", "显著"), ("下一步", "后续"), ("推广", "推行"),
    ("公司", "企业"), ("客户", "用户"), ("主要", "重点"), ("增加", "增设"), ("改为", "换成"), ("建立", "构建"),
    ("检查", "核查"), ("抽检", "抽查"), ("集中在", "主要出现在"), ("多发生在", "大多出现在"), ("改造", "改装"),
    ("培训", "培养"), ("缩短", "压缩"), ("控制", "管控"), ("记录", "登记"), ("调整", "调节"), ("试验", "实验"),
    ("优化", "改善"), ("定期", "按期"), ("每班", "每个班次"), ("每月", "每个月"), ("每周", "每个星期"),
    ("基本解决", "得到解决"), ("显示", "表明"), ("导致", "造成"), ("需要", "须要"), ("直接", "直接地"),
]

ALT_TITLES = {
    "机械制造": "精密轴承沟道磨削质量改进攻关",
    "汽车零部件": "座椅骨架机器人焊接质量提升",
    "电子信息": "主控电路板表面贴装焊接可靠性提升",
    "医药": "西林瓶冻干产品灯检合格率提升攻关",
    "食品": "速冻面点产品完整性提升项目",
    "冶金": "1580热轧线带钢边部质量改进",
    "电力": "城市配电网抢修效率提升攻关",
    "化工": "丙烯酸酯乳液聚合过程稳定性提升",
    "建筑建材": "装配式建筑叠合板质量提升攻关",
}
OTHER_COMPANIES = {
    "机械制造": "天津静海恒力轴承有限公司",
    "汽车零部件": "天津宝坻汽车零部件有限公司",
    "电子信息": "天津津南信息电子有限公司",
    "医药": "天津西青生物制药有限公司",
    "食品": "天津武清食品工业有限公司",
    "冶金": "天津大港钢铁有限公司",
    "电力": "天津滨海配电工程有限公司",
    "化工": "天津临港化学有限公司",
    "建筑建材": "天津蓟州装配式建筑有限公司",
}
PARTIAL_FIELD = ["plan_cause_analysis", "plan_countermeasures", "do_implementation", "plan_current_state"]


def swap_synonyms(text, rng, share=0.8):
    """Replace most occurrences of the listed words by their synonym (longest first)."""
    pairs = sorted(SYNONYMS + [(b, a) for a, b in SYNONYMS], key=lambda p: -len(p[0]))
    pattern = re.compile("|".join(re.escape(a) for a, _ in pairs))
    table = dict(pairs)
    return pattern.sub(lambda m: table[m.group(0)] if rng.random() < share else m.group(0), text)


def reorder(text, rng):
    """The sentences (and the clauses of a one-sentence text) in another order."""
    sentences = [s for s in re.split(r"(?<=[。；])", text) if s.strip()]
    if len(sentences) < 2:
        clauses = [c for c in re.split(r"(?<=[，；])", text.rstrip("。")) if c.strip()]
        if len(clauses) < 2:
            return text
        rng.shuffle(clauses)
        return "，".join(c.rstrip("，；") for c in clauses) + "。"
    shuffled = sentences[:]
    for _ in range(5):
        rng.shuffle(shuffled)
        if shuffled != sentences:
            break
    return "".join(s if s.endswith(("。", "；")) else s + "。" for s in shuffled)


def project(spec, **changes):
    p = copy.deepcopy(spec)
    p["metrics"] = [list(m) for m in p["metrics"]]
    p.update(changes)
    return p


def map_text(p, fn):
    p = copy.deepcopy(p)
    for f in FIELDS:
        p[f] = fn(p[f])
    return p


def main():
    rng = random.Random(20260401)
    names = list(INDUSTRIES)
    pairs = []

    def add(industry, kind, label, a, b, note):
        pairs.append({"id": f"{names.index(industry) + 1:02d}-{kind}", "industry": industry, "kind": kind,
                      "label": label, "note": note, "a": a, "b": b})

    for i, (industry, specs) in enumerate(INDUSTRIES.items()):
        a, b, c = project(specs["A"]), project(specs["B"]), project(specs["C"])
        other = OTHER_COMPANIES[industry]
        add(industry, "verbatim", 1, a, project(a, company=other), "逐字照抄")
        add(industry, "synonyms", 1, a, project(map_text(a, lambda t: swap_synonyms(t, rng)), company=other,
                                                 title=swap_synonyms(a["title"], rng, 1.0)), "同义词替换")
        add(industry, "reordered", 1, a, project(map_text(a, lambda t: reorder(t, rng)), company=other), "句序调整")
        retitled = project(a, company=other, title=ALT_TITLES[industry])
        retitled["plan_reason"] = retitled["plan_reason"].replace("我公司", "我单位").replace("公司", "本单位")
        add(industry, "retitled", 1, a, retitled, "更换项目名称和申报单位")
        field = PARTIAL_FIELD[i % len(PARTIAL_FIELD)]
        partial = project(b)
        partial[field] = a[field]
        add(industry, "partial", 1, a, partial, f"其他项目照搬本项目的一个部分（{field}）")
        reworded = map_text(a, lambda t: reorder(swap_synonyms(t, rng), rng))
        reworded = project(reworded, company=other, title=ALT_TITLES[industry])
        add(industry, "reworded", 1, a, reworded, "同义词替换、句序调整并更换名称")
        add(industry, "continuation", 0, a, c, "同一企业次年的延续项目，目标更新")
        add(industry, "same_field", 0, a, b, "同行业不同项目，术语相近")
        add(industry, "same_field_c", 0, b, c, "同行业不同项目，术语相近")
        add(industry, "reworded_b", 0, a, map_text(b, lambda t: reorder(swap_synonyms(t, rng), rng)), "同行业不同项目（改写后）")
        add(industry, "other_field", 0, a, project(INDUSTRIES[names[(i + 1) % len(names)]]["A"]), "不同行业的项目")

    out = HERE / "pairs.json"
    out.write_text(json.dumps({"pairs": pairs}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(pairs)} pairs ({sum(p['label'] for p in pairs)} duplicates) in {len(names)} industries -> {out}")


if __name__ == "__main__":
    main()
