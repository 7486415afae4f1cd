"""The Chinese words every output uses for a part's status and a finding's level, in one place."""
from __future__ import annotations

STATUS_CN = {"ok": "已具备", "weak": "较薄弱", "misplaced": "位置不当", "missing": "缺失", "absent": "未写（可选）"}
LEVEL_CN = {"error": "错误", "warning": "警告", "info": "提示"}
