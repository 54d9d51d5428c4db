from smartro_desk.cli import main

raise SystemExit(main())
