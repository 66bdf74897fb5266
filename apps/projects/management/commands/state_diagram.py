from django.core.management.base import BaseCommand, CommandError

from apps.projects import workflow


class Command(BaseCommand):
    help = "输出项目生命周期状态图（由代码中的 django-fsm 转换生成）：--format dot|svg|table"

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["dot", "svg", "table"], default="dot")
        parser.add_argument("-o", "--output", help="写入文件而非标准输出")

    def handle(self, *args, format, output, **options):
        if format == "dot":
            text = workflow.dot()
        elif format == "svg":
            text = workflow.svg()
            if text is None:
                raise CommandError("未安装 Graphviz（dot），无法生成 SVG；请运行 make system-deps。")
        else:
            text = "\n".join(f"{e.source:24} --{e.name}({e.article})--> {e.target}" for e in workflow.edges())
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
            self.stdout.write(f"已写入 {output}")
        else:
            self.stdout.write(text)
