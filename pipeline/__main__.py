from __future__ import annotations

from pipeline.main import main

raise SystemExit(main())
