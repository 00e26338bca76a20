import sys

print("dev mode:", sys.flags.dev_mode)
print("frozen:", getattr(sys, "frozen", False))
