import argparse
import sys


def main(argv=None):
    parser = argparse.ArgumentParser(prog="greet", description="Greet someone.")
    parser.add_argument("name", help="who to greet")
    parser.add_argument("--shout", action="store_true", help="greet loudly")
    args = parser.parse_args(argv)
    text = f"Hello, {args.name}!"
    print(text.upper() if args.shout else text)
    return 0


sys.exit(main())
