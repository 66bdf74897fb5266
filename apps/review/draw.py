"""Reproducible random draws (统一标准、管用分离、随机抽取).

A draw is a pure function of its seed, its candidates and (for assignments) the candidates'
current load, so anyone can re-run a recorded :class:`~apps.review.models.PanelDraw`."""

import random
import secrets


def new_seed() -> str:
    return secrets.token_hex(8)


def seeded_order(seed: str, candidate_ids) -> list[int]:
    """The candidates (sorted by id first, so input order never matters) shuffled by ``seed``."""
    ids = sorted(set(candidate_ids))
    random.Random(f"tjqa:{seed}").shuffle(ids)
    return ids


def draw(seed: str, candidates, n: int) -> list[int]:
    """Pick ``n`` experts. ``candidates`` is a list of ``{"id": …, "load": …}``: the least
    loaded experts first (load balancing); among equal load the seeded order decides."""
    order = {cid: i for i, cid in enumerate(seeded_order(seed, [c["id"] for c in candidates]))}
    ranked = sorted(candidates, key=lambda c: (c.get("load", 0), order[c["id"]]))
    return [c["id"] for c in ranked[:n]]


def replay(record) -> list[int]:
    """Re-run a recorded draw; equals ``record.result`` if nothing was tampered with."""
    return draw(record.seed, record.candidates, record.requested)
