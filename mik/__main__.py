import sys

from mik.cli import main

sys.exit(main())
