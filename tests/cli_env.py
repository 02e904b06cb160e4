"""Where the real CLI is and the environment tests run it in, shared by the end-to-end tests."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
BRIEFING = VENV_BIN / "briefing" if (VENV_BIN / "briefing").exists() else Path(sys.executable).parent / "briefing"
# Settings a developer's shell may carry; the tests pin every one of them by flags instead.
CLEAN_ENV = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFING_", "OPENAI_"))}
