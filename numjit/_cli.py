"""`numjitc`: runs the bundled compiler's debugging CLI (`numjitc tokens FILE`, `numjitc ast FILE`)."""
import os
import sys

from ._compiler import BUNDLE
from ._node import find_node


def main():
    node = find_node()
    os.execv(node, [node, BUNDLE] + sys.argv[1:])


if __name__ == "__main__":
    main()
