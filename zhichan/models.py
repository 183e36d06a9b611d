"""Every domain's models, gathered for Alembic; only migrations and tests import this."""

from zhichan.accounts import models as accounts_models
from zhichan.db.base import Base
from zhichan.forensics import models as forensics_models
from zhichan.jobs import models as jobs_models
from zhichan.law import models as law_models
from zhichan.licensing import models as licensing_models
from zhichan.patents import models as patents_models
from zhichan.search import models as search_models
from zhichan.transfer import models as transfer_models

metadata = Base.metadata

__all__ = [
    "accounts_models",
    "forensics_models",
    "jobs_models",
    "law_models",
    "licensing_models",
    "metadata",
    "patents_models",
    "search_models",
    "transfer_models",
]
