"""Where the settings come from: the project's folders and the environment (with a `.env`
file at the project's root read first, never overriding what the environment already says).
Every settings module reads `env` from here."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Local state of the embedded runtime: SQLite files, the generated secret key, media.
VAR_DIR = Path(environ.Env().str("LMS_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
