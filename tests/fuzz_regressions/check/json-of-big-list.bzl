def make_exe():
    x = json.encode(["x" * 1000000] * 10000)
    return 1

register_target("exe", make_exe)
