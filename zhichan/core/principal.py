"""Who is acting: a user of an organisation with a role, or nobody (anonymous)."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class OrgKind(enum.StrEnum):
    IP_OFFICE = "ip_office"
    UNIVERSITY = "university"
    ENTERPRISE = "enterprise"
    BANK = "bank"
    COURT = "court"
    PLATFORM = "platform"

    @property
    def label(self) -> str:
        return ORG_KIND_LABELS[self]


ORG_KIND_LABELS: dict[OrgKind, str] = {
    OrgKind.IP_OFFICE: "知识产权局/运营中心",
    OrgKind.UNIVERSITY: "高校/科研院所",
    OrgKind.ENTERPRISE: "企业",
    OrgKind.BANK: "金融机构",
    OrgKind.COURT: "法院/技术调查",
    OrgKind.PLATFORM: "平台管理",
}


class Role(enum.StrEnum):
    """A user's role inside their own organisation, from most to least powerful."""

    ADMIN = "admin"
    EDITOR = "editor"
    VIEWER = "viewer"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.ADMIN: "机构管理员",
    Role.EDITOR: "业务人员",
    Role.VIEWER: "只读成员",
}


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: int
    username: str
    org_id: int
    org_kind: OrgKind
    role: Role
    via: str = "web"

    @classmethod
    def operator(cls, name: str, *, via: str = "cli") -> Principal:
        """Someone with shell access to the server, acting with platform-admin rights.

        ``user_id`` 0 marks the absence of a platform account; the audit log records the
        operating-system user name instead.
        """
        return cls(0, name, 0, OrgKind.PLATFORM, Role.ADMIN, via)

    @property
    def actor(self) -> str:
        """How a record names who made it (``core.labels.actor`` shows it in Chinese)."""
        return f"{self.via}:{self.username}"

    @property
    def is_operator(self) -> bool:
        return self.user_id == 0

    @property
    def is_platform_admin(self) -> bool:
        return self.org_kind is OrgKind.PLATFORM and self.role is Role.ADMIN

    @property
    def is_org_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def can_edit(self) -> bool:
        return self.role in (Role.ADMIN, Role.EDITOR)
