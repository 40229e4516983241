"""Emulation and commendation councils (Hội đồng Thi đua - Khen thưởng): data/councils/*.yaml."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from docgen.data.models import Identifier, Name, Record, Text

CouncilRole = Literal["chair", "vice_chair", "member", "secretary"]


class CouncilMember(Record):
    name: Name
    position: Text  # "Phó Giám đốc Học viện", "Vụ trưởng Vụ Các trường chính trị"
    # chair: Chủ tịch; vice_chair: Phó Chủ tịch; member: Ủy viên; secretary: Ủy viên thư ký
    role: CouncilRole


class Council(Record):
    """A Hội đồng Thi đua - Khen thưởng: data/councils/<id>.yaml (the id is the file name)."""

    name: Text  # "Hội đồng Thi đua - Khen thưởng Học viện Chính trị quốc gia Hồ Chí Minh"
    established_by: Text  # the decision that set it up ("Quyết định số … về việc kiện toàn …")
    advises: Text  # whom it proposes awards to: "Giám đốc Học viện"
    members: dict[Identifier, CouncilMember] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_chair_one_secretary(self) -> Council:
        for role, title in (("chair", "chair (Chủ tịch)"), ("secretary", "secretary")):
            count = sum(1 for m in self.members.values() if m.role == role)
            if count != 1:
                raise ValueError(f"a council has one {title}; this one has {count}")
        return self
