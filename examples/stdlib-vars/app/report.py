import multiprocessing
import sys

print("optimization level:", sys.flags.optimize)
print("who:", sys._xoptions.get("frost_who"))
print("start method:", multiprocessing.get_start_method())
