import sys

print("hello from", __spec__.name, "frozen" if getattr(sys, "frozen", False) else "not frozen")
print("args:", sys.argv[1:])
