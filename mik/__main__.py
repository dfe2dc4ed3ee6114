import sys

from mik.cli.main import main

sys.exit(main())
