from tests.awards.conftest import actors, announce_awards, make_reviewed, publish_list  # noqa: F401
