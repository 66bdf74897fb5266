from tests.awards.conftest import announce_awards, make_reviewed, publish_list  # noqa: F401
