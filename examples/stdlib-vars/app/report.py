import sys

print("optimization level:", sys.flags.optimize)
print("who:", sys._xoptions.get("frost_who"))
