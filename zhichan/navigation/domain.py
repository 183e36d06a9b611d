"""What the navigation domain adds to the platform (read by ``zhichan/domains.py``)."""

from __future__ import annotations

from zhichan.domain import Command, Domain
from zhichan.navigation import commands, models, routes

DOMAIN = Domain(
    name="navigation",
    routers=(routes.api_router,),
    models=models,
    commands=(Command("navigation", commands.navigation_app),),
)
