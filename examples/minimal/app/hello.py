import sys

print("hello from", sys.argv[0].rsplit("/", 1)[-1], "frozen" if getattr(sys, "frozen", False) else "not frozen")
print("args:", sys.argv[1:])
