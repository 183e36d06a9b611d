"""Every domain's models, gathered for Alembic; only migrations and tests import this."""

from zhichan.accounts import models as accounts_models
from zhichan.db.base import Base

metadata = Base.metadata

__all__ = ["accounts_models", "metadata"]
