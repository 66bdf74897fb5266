"""The public pages of a year (the announced award list, 第十九条; the published plan, 第十一条)
rendered once per change of what they show, not once per visitor.

After an announcement everyone looks at the same list, which changes only when the commission
acts. So the body of such a page (everything below the navigation: no user, no form token) is
kept as HTML, with the *tokens* it was rendered under:

* a token for the campaign, replaced whenever one of its projects is saved or deleted;
* a token for everything else the pages show — organisations, units, campaigns, award lists,
  best-organisation awards — replaced whenever one of those is saved or deleted.

A kept body is served only while both tokens are still the ones it was rendered under. The
tokens are read *before* the data, so a change committed while a body is being rendered leaves
that body with an outdated token: it is never served. Tokens live in the database cache, which
every process shares and which does not forget them when Redis restarts or fails over (a token
that is gone is replaced by a new one, which only costs a render). Bodies live in the default
cache (Redis in production) for at most ``TIMEOUT`` seconds.

Only the common addresses are kept: a query with anything but the page's own filters and page
number is rendered as usual."""

import uuid

from django.core.cache import caches
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.utils.safestring import mark_safe

TOKENS = "database"
BODIES = "default"
TIMEOUT = 600
_OTHERS = "public:token:others"


def _campaign_key(campaign_id) -> str:
    return f"public:token:campaign:{campaign_id}"


def _tokens(campaign_id):
    store = caches[TOKENS]
    keys = (_OTHERS, _campaign_key(campaign_id))
    found = store.get_many(keys)
    missing = {key: uuid.uuid4().hex for key in keys if key not in found}
    if missing:
        store.set_many(missing, timeout=None)
        found.update(missing)
    return tuple(found[key] for key in keys)


class _Replacement:
    """Replaces one token when the transaction commits. The replacements queued for the same
    token by one transaction share a ``batch``: the first to run replaces it, the others see it
    done (announcing a list saves hundreds of projects, and pays for one replacement)."""

    def __init__(self, key, batch):
        self.key, self.batch = key, batch

    def __call__(self):
        if not self.batch["done"]:
            self.batch["done"] = True
            caches[TOKENS].set(self.key, uuid.uuid4().hex, timeout=None)


def _replace(key):
    # The batch of a replacement still queued in this transaction, if any (one dropped with a
    # rolled-back savepoint is no longer queued, so its batch is not reused).
    queued = getattr(connection, "run_on_commit", ())
    batch = next((func.batch for _, func, _ in reversed(queued) if isinstance(func, _Replacement) and func.key == key), None)
    if batch is None or batch["done"]:
        batch = {"done": False}
    transaction.on_commit(_Replacement(key, batch))


def body(request, *, name, campaign, allowed, render):
    """The page body ``name`` of ``campaign`` for this request: kept HTML while nothing it shows
    has changed, otherwise ``render()`` (which returns the HTML) — kept for the next visitor
    when the query holds only the ``allowed`` parameters (each at most once)."""
    params = request.GET
    if any(key not in allowed or len(params.getlist(key)) > 1 for key in params):
        return render()
    tokens = _tokens(campaign.pk)
    key = "public:body:{}:{}:{}".format(name, campaign.pk, "&".join(f"{k}={params[k]}" for k in sorted(params)))
    kept = caches[BODIES].get(key)
    if kept is not None and kept[0] == tokens:
        return mark_safe(kept[1])
    html = render()
    caches[BODIES].set(key, (tokens, str(html)), TIMEOUT)
    return html


def forget_all():
    """Serve no kept body again: for data written straight into the tables (bulk inserts of the
    design-scale generator, a restore), which no receiver sees. Takes effect at once."""
    caches[TOKENS].set(_OTHERS, uuid.uuid4().hex, timeout=None)


def _project_changed(sender, instance, **kwargs):
    if instance.campaign_id is not None:
        _replace(_campaign_key(instance.campaign_id))


def _other_changed(sender, instance, **kwargs):
    _replace(_OTHERS)


def connect():
    """Called once from the app's ``ready()``."""
    from django.apps import apps

    project = apps.get_model("projects", "Project")
    post_save.connect(_project_changed, sender=project, dispatch_uid="public-cache-project-save")
    post_delete.connect(_project_changed, sender=project, dispatch_uid="public-cache-project-delete")
    for label in (
        "organizations.Organization",
        "recommenders.RecommenderUnit",
        "campaigns.Campaign",
        "awards.AwardList",
        "awards.BestOrganizationAward",
    ):
        model = apps.get_model(label)
        post_save.connect(_other_changed, sender=model, dispatch_uid=f"public-cache-{label}-save")
        post_delete.connect(_other_changed, sender=model, dispatch_uid=f"public-cache-{label}-delete")
